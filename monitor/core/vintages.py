"""Figures as they stood: the vintages loaded, indicator figures and instalment states as of a
vintage, revisions between the first published and the latest value (docs/vintages.md).

The latest vintage's figures are precomputed tables (monitor.figures reads them); an earlier
vintage's figures are computed on request from its stored counts (`vintage_counts`).
"""

from __future__ import annotations

import duckdb
import polars as pl

from monitor.core import calendar, derive, discretion, queries
from monitor.core.settings import load as load_settings

FIGURE_KEYS = ["month", "unit_type", "unit_code", "indicator"]


class VintageError(ValueError):
    """A vintage that cannot answer the request (message in Danish)."""


def vintages(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The loaded extract months (vintages), ascending."""
    return derive.loaded_vintages(con)


def latest(con: duckdb.DuckDBPyConnection) -> str | None:
    loaded = vintages(con)
    return loaded[-1] if loaded else None


def check(con: duckdb.DuckDBPyConnection, vintage: str, month: str | None = None) -> None:
    """VintageError unless `vintage` is a loaded extract month that holds `month`."""
    if not calendar.is_month(vintage or ""):
        raise VintageError(f"Ugyldigt udtræk {vintage!r}: skriv udtrækkets måned som ÅÅÅÅ-MM, fx 2018-12.")
    if month is not None and vintage < month:
        raise VintageError(f"måned {month} er ikke i udtræk {vintage}: et udtræk kan kun vise måneder til og med "
                           "sin egen måned.")
    loaded = vintages(con)
    if vintage not in loaded:
        span = f"; indlæste udtræk: {loaded[0]} til {loaded[-1]}" if loaded else ""
        raise VintageError(f"udtræk {vintage} er ikke indlæst{span}.")


def is_latest(con: duckdb.DuckDBPyConnection, vintage: str | None) -> bool:
    return vintage is None or vintage == latest(con)


def figures_as_of(con: duckdb.DuckDBPyConnection, vintage: str, last_month: str | None = None) -> pl.DataFrame:
    """Raw indicator figures of every month up to `last_month` (default: all) as vintage
    `vintage` shows them: the same columns as the latest figures."""
    s = load_settings()
    counts = queries.frame(con, "vintage_counts", {"vintage": vintage, "last_month": last_month or vintage})
    return derive.compute_figures(counts, s)


def instalments_as_of(con: duckdb.DuckDBPyConnection, vintage: str) -> pl.DataFrame:
    """Raw grants and instalment states as of a vintage, with each decision, its vintage and flag."""
    return derive.instalment_states(con, load_settings(), vintage)


def first_vintage(con: duckdb.DuckDBPyConnection, month: str) -> str:
    """The vintage that first published month M: M itself, or the first loaded one after it."""
    later = [v for v in vintages(con) if v >= month]
    if not later:
        raise VintageError(f"Ingen indlæste udtræk indeholder måned {month}.")
    return later[0]


def revisions(con: duckdb.DuckDBPyConnection, month: str, unit_type: str | None = None,
              raw: bool = False) -> pl.DataFrame:
    """First published and latest value of every unit and indicator of a month. Unless raw,
    discretion holds for both vintages and for the revision between them: a cell whose value
    is hidden in its vintage stays hidden, and where a numerator or denominator changed by 1 or
    2 persons the first published values are hidden too (the change would reveal them)."""
    frame = queries.frame(con, "revisions", {
        "month": month, "first_vintage": first_vintage(con, month), "latest_vintage": latest(con),
        "unit_type": unit_type,
    })
    if raw:
        return frame
    threshold = load_settings().discretion_threshold
    first = _suppressed(frame, "first", threshold)
    last = _suppressed(frame, "latest", threshold)
    small_change = pl.lit(False)
    for part in ("numerator", "denominator"):
        change = (pl.col(f"latest_{part}") - pl.col(f"first_{part}")).abs()
        small_change = small_change | change.is_between(1, threshold - 1).fill_null(False)
    out = frame.with_columns(first.alias("_first_hidden"), last.alias("_latest_hidden"),
                             small_change.alias("_revision_hidden"))
    hide_first = pl.col("_first_hidden") | pl.col("_revision_hidden")
    hide_latest = pl.col("_latest_hidden")
    out = out.with_columns(
        *[pl.when(hide_first).then(None).otherwise(pl.col(f"first_{c}")).alias(f"first_{c}")
          for c in ("numerator", "denominator", "share")],
        *[pl.when(hide_latest).then(None).otherwise(pl.col(f"latest_{c}")).alias(f"latest_{c}")
          for c in ("numerator", "denominator", "share")],
    )
    return out.drop("_first_hidden", "_latest_hidden", "_revision_hidden")


def _suppressed(frame: pl.DataFrame, side: str, threshold: int) -> pl.Series:
    """Which rows discretion hides in one vintage (primary and second suppression)."""
    one = frame.select(
        "month", "unit_type", "unit_code", "indicator",
        pl.col(f"{side}_numerator").alias("numerator"), pl.col(f"{side}_denominator").alias("denominator"),
        pl.col(f"{side}_share").alias("share"),
    )
    return discretion.suppress_indicators(one, threshold)["suppressed"]


def largest_revisions(con: duckdb.DuckDBPyConnection, month: str, unit_type: str = "jobcentre",
                      n: int = 10) -> pl.DataFrame:
    """The month's largest total revisions of a share (in percentage points), discretion applied."""
    frame = revisions(con, month, unit_type)
    return (
        frame.filter(pl.col("first_share").is_not_null() & pl.col("latest_share").is_not_null())
        .with_columns(((pl.col("latest_share") - pl.col("first_share")) * 100).alias("revision_points"))
        .filter(pl.col("revision_points") != 0)
        .sort(pl.col("revision_points").abs(), "unit_name", descending=[True, False])
        .head(n)
    )


def triangle(con: duckdb.DuckDBPyConnection, unit_type: str, unit_code: str, indicator: str,
             raw: bool = False) -> pl.DataFrame:
    """The revision triangle of an indicator for a unit, long: vintage, month, numerator,
    denominator, share (discretion applied to each cell unless raw)."""
    frame = queries.frame(con, "revision_triangle",
                          {"unit_type": unit_type, "unit_code": unit_code, "indicator": indicator})
    if raw:
        return frame
    threshold = load_settings().discretion_threshold
    small = pl.lit(False)
    for part in ("numerator", "denominator"):
        small = small | pl.col(part).is_between(1, threshold - 1).fill_null(False)
    small = small | (pl.col("denominator") - pl.col("numerator")).is_between(1, threshold - 1).fill_null(False)
    return frame.with_columns(
        *[pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in ("numerator", "denominator", "share")],
        small.alias("suppressed"),
    )
