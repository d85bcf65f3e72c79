"""The service's small SQLite file beside the DuckDB database: the audit log and the release
times set by STAR.

Why a separate file: the dashboard opens the database read-only and every load replaces that
file with a new copy, so nothing written by a session could live there. SQLite in WAL mode
takes appends from many threads and processes at once (the dashboard's sessions, the command
line) with its own locking, and a reader sees each committed row at once, without a restart.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

from monitor.core import queries


def path(db_path: Path | str) -> Path:
    """`data/monitor.duckdb` -> `data/monitor.service.sqlite`."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.service.sqlite")


@contextmanager
def connect(db_path: Path | str):
    """A short-lived connection (one per call: sqlite3 connections are not shared between
    threads); commits on success."""
    with closing(sqlite3.connect(path(db_path), timeout=30)) as con:
        con.execute("pragma journal_mode=wal")
        con.executescript(queries.text("service_tables"))
        with con:
            yield con


def rows(db_path: Path | str, name: str, params: dict | None = None) -> list[dict]:
    """A select file's rows as dicts (an empty list when the file does not exist yet)."""
    target = path(db_path)
    if not target.exists():
        return []
    # read-only: no schema statements, so readers never queue for SQLite's write lock
    with closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, timeout=30)) as con:
        try:
            cur = con.execute(queries.text(name), params or {})
        except sqlite3.OperationalError:  # the file exists but its tables are not there yet
            return []
        columns = [c[0] for c in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def execute(db_path: Path | str, name: str, params: dict) -> None:
    with connect(db_path) as con:
        con.execute(queries.text(name), params)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
