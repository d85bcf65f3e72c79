"""Figures as they stood: the vintages loaded, indicator figures and instalment states as of a
vintage, revisions between the first published and the latest value (docs/vintages.md).

The latest vintage's figures are precomputed tables (monitor.figures reads them); an earlier
vintage's figures are computed on request from its stored counts (`vintage_counts`).
"""

from __future__ import annotations

import duckdb
import polars as pl

from monitor.core import calendar, derive, discretion, pattern_store, published_cells, queries
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
    discretion holds for both vintages and for the revision between them (vintages.md rule
    4): each side shows what its vintage's stored pattern publishes, and a revision the
    revision pattern hides (1 or 2 persons either way, or one from which such a revision could
    be worked out; `published_cells.revision_pattern`) is not shown: its first published
    value is hidden where the latest is shown."""
    first, last = first_vintage(con, month), latest(con)
    frame = queries.frame(con, "revisions", {
        "month": month, "first_vintage": first, "latest_vintage": last, "unit_type": unit_type,
    })
    if raw:
        return frame
    revision, revision_ok = revision_cells(con, month, first, last)
    latest_pattern = pattern_store.pattern(con, month, last)
    latest_withheld = pattern_store.withheld(con, last)
    # a hidden revision cell is kept from view by hiding its first value where its latest is shown
    keep = revision.join(latest_pattern, on=["unit_type", "unit_code", "cell"], how="anti")
    if month in latest_withheld:
        keep = keep.clear()
    first_pattern = pl.concat([pattern_store.pattern(con, month, first),
                               keep.select(pl.lit(month).alias("month"), pl.lit(first).alias("vintage"),
                                           *published_cells.PATTERN_SCHEMA)])
    withheld_first = pattern_store.withheld(con, first) + ([] if revision_ok else [month])
    first_side = _side(frame, "first", first_pattern, withheld_first)
    latest_side = _side(frame, "latest", latest_pattern, latest_withheld)
    out = frame.drop([f"{side}_{c}" for side in ("first", "latest") for c in SIDE_VALUES])
    for side, values in (("first", first_side), ("latest", latest_side)):
        out = out.join(values.select(*SIDE_KEYS, *[pl.col(c).alias(f"{side}_{c}") for c in SIDE_VALUES]),
                       on=SIDE_KEYS, how="left", maintain_order="left")
    return out.select(frame.columns)


SIDE_KEYS = ["unit_type", "unit_code", "indicator"]
SIDE_VALUES = ("numerator", "denominator", "share")


def _side(frame: pl.DataFrame, side: str, pattern: pl.DataFrame, withheld: list[str]) -> pl.DataFrame:
    """One vintage's values of a revisions frame with that vintage's pattern applied."""
    one = frame.select("month", *SIDE_KEYS, *[pl.col(f"{side}_{c}").alias(c) for c in SIDE_VALUES])
    return discretion.apply_pattern(one, pattern, withheld)


def revision_cells(con: duckdb.DuckDBPyConnection, month: str, first: str, last: str) -> tuple[pl.DataFrame, bool]:
    """The hidden revision cells of a month between two vintages (unit_type, unit_code, cell,
    value = the revision, suppression) and whether the revision pattern passed its audit."""
    empty = pl.DataFrame(schema=published_cells.PATTERN_SCHEMA)
    if first == last:
        return empty, True
    s = load_settings()
    before, after = (queries.frame(con, "vintage_counts", {"vintage": v, "last_month": month})
                     .filter(pl.col("month") == month) for v in (first, last))
    rows, pattern = published_cells.revision_pattern(
        before, after, pattern_store.published_units(con, s), pattern_store.pattern(con, month, first),
        pattern_store.pattern(con, month, last), s.discretion_threshold)
    return rows, pattern.audit.ok


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
    denominator, share; unless raw each cell as its vintage's stored pattern publishes it
    (with `suppression` and `suppressed`; a month withheld in a vintage is hidden there)."""
    frame = queries.frame(con, "revision_triangle",
                          {"unit_type": unit_type, "unit_code": unit_code, "indicator": indicator})
    if raw:
        return frame
    rows = frame.with_columns(pl.lit(unit_type).alias("unit_type"), pl.lit(unit_code).alias("unit_code"),
                              pl.lit(indicator).alias("indicator"))
    pattern = pattern_store.pattern(con, unit_type=unit_type, unit_code=unit_code, all_vintages=True)
    out = discretion.apply_pattern(rows, pattern, [])
    withheld = (pattern_store.months(con, all_vintages=True).filter(~pl.col("published"))
                .select("month", "vintage", pl.lit(True).alias("_withheld")))
    out = out.join(withheld, on=["month", "vintage"], how="left", maintain_order="left")
    gone = pl.col("_withheld").fill_null(False)
    return out.select(
        "vintage", "month",
        *[pl.when(gone).then(None).otherwise(pl.col(c)).alias(c) for c in SIDE_VALUES],
        pl.when(gone).then(pl.lit("withheld")).otherwise(pl.col("suppression")).alias("suppression"),
        (pl.col("suppressed") | gone).alias("suppressed"),
    )
