"""Runs the SQL files in queries/ (one query per file) with bound parameters.

The files sit in folders by layer: queries/load (writing loaded data: extracts, documents, the
follow-up log), queries/build (the derived tables rebuilt after a load) and queries/read (what
figures, documents and the follow-up log return). A query is named by its file name alone,
which is unique across the folders.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from monitor import QUERIES_DIR

LAYERS = ("load", "build", "read")


@lru_cache(maxsize=1)
def files() -> dict[str, Path]:
    """Every query file by name (file name without .sql); a name used twice is an error."""
    found: dict[str, Path] = {}
    for path in sorted(QUERIES_DIR.rglob("*.sql")):
        if path.stem in found:
            raise ValueError(f"queries/: {path.stem}.sql findes to steder ({found[path.stem]} og {path})")
        found[path.stem] = path
    return found


@lru_cache(maxsize=None)
def text(name: str) -> str:
    return files()[name].read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    """Executes a statement file (DDL, merge, insert, create table as); a file may hold several
    statements, each gets the parameters it names."""
    params = params or {}
    for statement in con.extract_statements(text(name)):
        wanted = statement.named_parameters
        con.execute(statement, {k: v for k, v in params.items() if k in wanted})


def frame(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pl.DataFrame:
    """Runs a select file and returns its result as a Polars frame."""
    return con.sql(text(name), params=params or {}).pl()
