"""Runs the SQL files in queries/ (one query per file) with bound parameters."""

from __future__ import annotations

from functools import lru_cache

import duckdb
import polars as pl

from monitor import QUERIES_DIR


@lru_cache(maxsize=None)
def text(name: str) -> str:
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


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
