"""The DuckDB database: opening it, loading extracts all-or-nothing, rebuilding derived tables.

A load never writes the live database file in place. It copies the file, loads into the copy
and, when everything is done (data merged, derived tables rebuilt, checkpointed), renames the
copy over the live file. A dashboard that has the old file open keeps reading the previous data
until it notices the new version (`data_version`) and reopens; a rejected extract leaves the
stored data exactly as before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import polars as pl

from monitor.core import calendar, derive, extracts, queries, work_copy
from monitor.core.privacy import redact_text

Progress = Callable[[str], None]
ATTACHED_AS = "monitor"  # catalog name of a read-only connection's database file


@dataclass
class IngestResult:
    ok: bool = True
    loaded: list[str] = field(default_factory=list)      # extract months loaded (or replaced)
    unchanged: list[str] = field(default_factory=list)   # identical extracts loaded before
    rejected: list[str] = field(default_factory=list)    # folders rejected
    report: str = ""
    withheld: list[str] = field(default_factory=list)    # months kept but not published (audit failed)


def connect(db_path: Path | str, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the database file. Read-only connections attach the file to a fresh
    in-memory instance, so that each one sees the file as it is when opened (DuckDB would
    otherwise reuse a cached instance of an earlier version of the same path)."""
    if read_only:
        if not Path(db_path).exists():
            raise FileNotFoundError(f"databasen {db_path} findes ikke")
        con = duckdb.connect()
        con.execute(f"attach ? as {ATTACHED_AS} (read_only)", [str(db_path)])
        con.execute(f"use {ATTACHED_AS}")
    else:
        con = duckdb.connect(str(db_path))
    # DuckDB 2.0's partitioned_execution rewrite re-reads the input per branch of a large
    # GROUP BY; without it the target-group query is several times faster (benchmarks/).
    con.execute("set disabled_optimizers = 'partitioned_execution'")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one query or page run (a connection is not thread-safe), reading the same
    attached database file as `con`."""
    cur = con.cursor()
    try:
        cur.execute(f"use {ATTACHED_AS}")
    except duckdb.BinderException:  # a read-write connection: the file is the default database
        pass
    except duckdb.CatalogException:
        pass
    cur.execute("set disabled_optimizers = 'partitioned_execution'")
    return cur


def data_version(db_path: Path | str) -> tuple | None:
    """Changes whenever a load has swapped in a new database file; None when it is missing."""
    try:
        st = os.stat(db_path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def extract_folders(paths: list[Path]) -> list[Path]:
    """Each path is an extract folder `YYYY-MM` or a folder holding such folders."""
    folders: list[Path] = []
    for path in map(Path, paths):
        try:
            children = sorted(p for p in path.iterdir() if p.is_dir() and calendar.is_month(p.name)) if path.is_dir() else []
        except OSError:  # unreadable: reported when the folder is read as an extract
            children = []
        if path.is_dir() and not calendar.is_month(path.name) and children:
            folders.extend(children)
        else:
            folders.append(path)
    # month order (precedence does not depend on it, but the log reads naturally)
    return sorted(folders, key=lambda p: (p.name if calendar.is_month(p.name) else "", str(p)))


@contextmanager
def write_copy(db_path: Path | str, schema: str = "create_tables", wait: bool = True,
               say: Progress | None = None, incoming_bytes: int = 0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Every write (extract loads, documents, the follow-up log): under the writer lock, on
    a work copy of the file, swapped in when the block ends without an exception (a running
    dashboard sees the new file through `data_version`); on an exception nothing changes and
    no work file is left (monitor.core.work_copy: mode kept, symlinks followed, free space
    checked; `work_copy.LoadRefused` with a Danish message when the write cannot be done).
    Yields a read-write connection to the copy, with the tables of the `schema` query created."""
    with work_copy.work_copy(db_path, wait=wait, say=say or (lambda message: None),
                             incoming_bytes=incoming_bytes) as work:
        con = connect(work, read_only=False)
        try:
            queries.run(con, schema)
            yield con
            con.execute("checkpoint")
        finally:
            con.close()


def ingest(db_path: Path | str, paths: list[Path], progress: Progress | None = None, wait: bool = True,
           replace: bool = False) -> IngestResult:
    """Loads extract folders into the database. A load that cannot start or finish (busy with
    `wait=False`, no disk space) returns ok=False with a Danish report; the database is then
    as before. Every load adds versions; a month already loaded with other content is rejected
    unless `replace` (then its earlier content is replaced; the log keeps both checksums and
    row counts)."""
    say = progress or (lambda message: None)
    result = IngestResult()
    reports: list[str] = []
    folders = extract_folders(paths)
    try:
        created = not work_copy.target_of(db_path).exists()
        with write_copy(db_path, wait=wait, say=say, incoming_bytes=_size_of(folders)) as con:
            changed: list[str] = []
            for folder in folders:
                shown = redact_text(str(folder))
                say(f"Læser {shown}")
                outcome = _load_one(con, folder, replace)
                if outcome.rejected:
                    result.ok = False
                    result.rejected.append(str(folder))
                    reports.append(outcome.report)
                    say(f"Afvist: {shown}")
                elif outcome.unchanged:
                    result.unchanged.append(outcome.month)
                    say(f"Uændret (indlæst før): {outcome.month}")
                else:
                    changed.append(outcome.month)
                    result.loaded.append(outcome.month)
                    say(f"Erstattet: {outcome.month}" if outcome.replaced else f"Indlæst: {outcome.month}")
            if changed or created:
                say("Beregner månedens tal")
                result.withheld = derive.rebuild(con, changed=changed)  # months whose disclosure audit failed
                reports.extend(result.withheld)
    except work_copy.LoadRefused as refusal:
        return IngestResult(ok=False, rejected=[str(f) for f in folders], report=str(refusal))
    result.report = "\n\n".join(reports)
    return result


def _size_of(folders: list[Path]) -> int:
    """Bytes in the regular files of the extract folders (to check free space before copying)."""
    total = 0
    for folder in folders:
        try:
            total += sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        except OSError:  # unreadable folder: reported when it is read
            pass
    return total
    result.report = "\n\n".join(reports)
    return result


@dataclass
class _Outcome:
    month: str | None = None
    rejected: bool = False
    unchanged: bool = False
    replaced: bool = False
    report: str = ""


def _load_one(con: duckdb.DuckDBPyConnection, folder: Path, replace: bool = False) -> _Outcome:
    extract = extracts.read_extract(folder)
    now = dt.datetime.now().replace(microsecond=0)
    files = json.dumps(extract.checksums, sort_keys=True)
    counts = json.dumps(extract.row_counts, sort_keys=True)
    log = {"extract_month": extract.month, "folder": folder.name, "loaded_at": now, "files": files,
           "row_counts": counts, "replaced_files": None, "replaced_row_counts": None}
    if not extract.ok:
        report = extract.report()
        queries.run(con, "insert_load_log", log | {"outcome": "rejected", "message": report})
        return _Outcome(month=extract.month, rejected=True, report=report)
    current = queries.frame(con, "current_load", {"extract_month": extract.month})
    unchanged = current.height > 0 and current["files"][0] == files
    if current.height > 0 and not unchanged and not replace:
        report = _redelivery_report(folder, extract.month, current.row(0, named=True), extract.row_counts)
        queries.run(con, "insert_load_log", log | {"outcome": "rejected", "message": report})
        return _Outcome(month=extract.month, rejected=True, report=report)
    replaced = current.height > 0 and not unchanged
    con.execute("begin transaction")
    try:
        if not unchanged:
            _store_versions(con, extract)
            _store_warnings(con, extract)
        if replaced:
            log |= {"replaced_files": current["files"][0], "replaced_row_counts": current["row_counts"][0]}
        message = f"{sum(extract.row_counts.values())} rækker, {len(extract.warnings)} advarsler"
        if replaced:
            message += f"; erstatter indlæsningen fra {current['loaded_at'][0]:%Y-%m-%d %H:%M:%S}"
        outcome = "unchanged" if unchanged else ("replaced" if replaced else "loaded")
        queries.run(con, "insert_load_log", log | {"outcome": outcome, "message": message})
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return _Outcome(month=extract.month, unchanged=unchanged, replaced=replaced)


def _redelivery_report(folder: Path, month: str, current: dict, row_counts: dict) -> str:
    def rows(counts: dict) -> str:
        return ", ".join(f"{table} {n}" for table, n in sorted(counts.items()))

    return (
        f"Udtrækket {redact_text(str(folder))} er afvist: udtrækket for {month} er allerede indlæst "
        f"({current['loaded_at']:%Y-%m-%d %H:%M:%S}; rækker: {rows(json.loads(current['row_counts']))}) "
        f"med andet indhold (rækker nu: {rows(row_counts)}). Intet er indlæst. Et rettet udtræk skal komme "
        f"som en senere måned; brug --replace for at erstatte det indlæste udtræk for {month}."
    )


def _store_versions(con: duckdb.DuckDBPyConnection, extract) -> None:
    """Adds the extract's rows as versions of its month and sets valid_to of every key touched."""
    others = [v for v in derive.loaded_vintages(con) if v != extract.month]
    for table in extracts.TABLES:
        con.register(f"staged_{table}", extract.tables[table])
    try:
        queries.run(con, "store_extract", {"extract_month": extract.month})
        if others:  # a first extract has no other versions to link to
            queries.run(con, "revalidate_versions", {"extract_month": extract.month})
    finally:
        for table in extracts.TABLES:
            con.unregister(f"staged_{table}")


def _store_warnings(con: duckdb.DuckDBPyConnection, extract) -> None:
    warnings = pl.DataFrame(
        {
            "extract_month": [extract.month] * len(extract.warnings),
            "table_name": [w.file for w in extract.warnings],
            "row_number": [w.row for w in extract.warnings],
            "column_name": [w.column for w in extract.warnings],
            "rule": [w.rule for w in extract.warnings],
        },
        schema={"extract_month": pl.String, "table_name": pl.String, "row_number": pl.Int32,
                "column_name": pl.String, "rule": pl.String},
    )
    con.register("staged_warnings", warnings)
    try:
        queries.run(con, "replace_quality_warnings", {"extract_month": extract.month})
    finally:
        con.unregister("staged_warnings")
