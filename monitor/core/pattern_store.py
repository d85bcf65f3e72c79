"""One suppression pattern per month and vintage, chosen at load time and stored; everything reads it.

`build(con, built=...)` runs after the indicator counts of the vintages are rebuilt: for every
month of each such vintage it chooses the hidden cells (`published_cells.pattern_for`: primary
= 1 or 2 persons, secondary = hidden so that nothing can be recovered from everything
published that month), audits them by linear programming, and stores the pattern
(`discretion_pattern`) and a summary (`discretion_months`), both keyed by (month, vintage). A
month whose counts did not change from the previous vintage keeps that vintage's pattern; one
whose counts changed starts from it (a warm start: stable patterns, few LPs); the first vintage
of a month starts from scratch. So the pattern of (month, vintage) depends only on the data
of the vintages up to it, and a report remade as of a vintage reads the very pattern stored
for it. A month whose audit fails is kept but not published in that vintage: its figures are
withheld everywhere and the summary's message says why. Pages, downloads, statements, the
laggard report, revisions and the command line read figures through `monitor.core.figures`
and `monitor.core.vintages`, which apply the stored pattern, so a cell hidden in one place is
hidden everywhere.
"""

from __future__ import annotations

import hashlib

import duckdb
import polars as pl

from monitor.core import published_cells, queries, reference
from monitor.core.settings import Settings, load as load_settings

MONTH_SCHEMA = {"month": pl.String, "vintage": pl.String, "published": pl.Boolean, "primary_cells": pl.Int64,
                "secondary_cells": pl.Int64, "secondary_persons": pl.Int64, "message": pl.String,
                "input_hash": pl.String}
PATTERN_COLUMNS = {"month": pl.String, "vintage": pl.String, **published_cells.PATTERN_SCHEMA}


def build(con: duckdb.DuckDBPyConnection, settings: Settings | None = None, built: list[str] = ()) -> list[str]:
    """Chooses, audits and stores the pattern of every month of the vintages in `built` (and
    of every loaded vintage without a stored pattern), in vintage order; returns the Danish
    messages of the months withheld in the latest vintage and of those whose audit failed now
    in an earlier vintage (empty when every month may be published)."""
    s = settings or load_settings()
    members = published_units(con, s)
    loaded = queries.frame(con, "loaded_vintages")["vintage"].to_list()
    stored = months(con, all_vintages=True)
    hashes = {(m, v): h for m, v, h in stored.select("month", "vintage", "input_hash").iter_rows()}
    todo = sorted(set(built) | (set(loaded) - set(stored["vintage"].to_list())))
    messages = []
    for vintage in todo:
        counts = queries.frame(con, "vintage_counts", {"vintage": vintage, "last_month": vintage})
        earlier = [v for v in loaded if v < vintage]
        patterns, summaries = [], []
        for (month,), rows in counts.group_by("month", maintain_order=True):
            digest = input_digest(rows, members, s.discretion_threshold)
            if hashes.get((month, vintage)) == digest:
                continue  # stored on these very counts
            previous = next((v for v in reversed(earlier) if (month, v) in hashes), None)
            before = None if previous is None else pattern(con, month, previous)
            stood = None if previous is None else months(con, month, previous).row(0, named=True)
            if previous is not None and hashes[(month, previous)] == digest:  # unchanged since: same pattern
                frame = before.drop("month", "vintage")
                summaries.append({**stood, "vintage": vintage})
            else:
                counts_before = None if previous is None or not stood["published"] else queries.frame(
                    con, "vintage_counts", {"vintage": previous, "last_month": month}).filter(pl.col("month") == month)
                frame, chosen = published_cells.pattern_for(rows, members, s.discretion_threshold, previous=before,
                                                            previous_counts=counts_before)
                summaries.append({**summary(month, vintage, frame, chosen.audit.ok, int(chosen.audit.violations.sum())),
                                  "input_hash": digest})
            patterns.append(frame.select(*published_cells.PATTERN_SCHEMA)
                            .with_columns(pl.lit(month).alias("month"), pl.lit(vintage).alias("vintage")))
            hashes[(month, vintage)] = digest
        _store(con, patterns, summaries)
        if vintage != loaded[-1]:
            messages += [f"Udtræk {vintage}: {r['message']}" for r in summaries if not r["published"]]
    latest = months(con, vintage=loaded[-1]) if loaded else pl.DataFrame(schema=MONTH_SCHEMA)
    return messages + latest.filter(~pl.col("published"))["message"].to_list()


def _store(con: duckdb.DuckDBPyConnection, patterns: list[pl.DataFrame], summaries: list[dict]) -> None:
    if not summaries:
        return
    pattern_rows = pl.concat(patterns).select(*PATTERN_COLUMNS) if patterns else pl.DataFrame(schema=PATTERN_COLUMNS)
    con.register("computed_pattern", pattern_rows)
    con.register("computed_discretion_months", pl.DataFrame(summaries, schema=MONTH_SCHEMA))
    try:
        queries.run(con, "store_discretion_pattern")
    finally:
        con.unregister("computed_pattern")
        con.unregister("computed_discretion_months")


def input_digest(counts: pl.DataFrame, members: pl.DataFrame, threshold: int) -> str:
    """A fingerprint of everything a month's pattern depends on."""
    text = (counts.select("unit_type", "unit_code", "indicator", "numerator", "denominator")
            .sort("unit_type", "unit_code", "indicator").write_csv()
            + members.sort(members.columns).write_csv() + str(threshold))
    return hashlib.sha256(text.encode()).hexdigest()


def published_units(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> pl.DataFrame:
    """Every unit whose figures are published and its municipalities (unit_type, unit_code,
    municipality_code): the units of `unit_members` and the five regions, which the meeting
    pack publishes pooled over their participating municipalities (monitor.core.areas)."""
    s = settings or load_settings()
    regions = (reference.municipalities()
               .filter(~pl.col("municipality_code").is_in(list(s.non_participating)))
               .select(pl.lit("region").alias("unit_type"), pl.col("region_code").cast(pl.String).alias("unit_code"),
                       pl.col("municipality_code").cast(pl.Int64)))
    units = queries.frame(con, "unit_members").with_columns(pl.col("municipality_code").cast(pl.Int64))
    return pl.concat([units, regions])


def summary(month: str, vintage: str, frame: pl.DataFrame, ok: bool, violations: int) -> dict:
    """The (month, vintage) row of `discretion_months` (cells over all units and indicators)."""
    secondary = frame.filter(pl.col("suppression") == "secondary")
    message = None if ok else (
        f"Tallene for {month} offentliggøres ikke: diskretionsrevisionen fandt {violations} skjulte tal, "
        "der kan regnes ud af de øvrige offentliggjorte tal. Måneden er gemt; kontakt en udvikler."
        if violations else
        f"Tallene for {month} offentliggøres ikke: diskretionsrevisionen godkendte dem ikke. "
        "Måneden er gemt; kontakt en udvikler."
    )
    return {
        "month": month, "vintage": vintage, "published": ok,
        "primary_cells": frame.filter(pl.col("suppression") == "primary").height,
        "secondary_cells": secondary.height,
        "secondary_persons": int(secondary["value"].sum() or 0),
        "message": message, "input_hash": None,
    }


def pattern(con: duckdb.DuckDBPyConnection, month: str | None = None, vintage: str | None = None,
            unit_type: str | None = None, unit_code: str | None = None, all_vintages: bool = False) -> pl.DataFrame:
    """Stored hidden cells of a vintage (None: the latest; `all_vintages`: every vintage):
    month, vintage, unit_type, unit_code, cell, value, suppression."""
    return queries.frame(con, "discretion_pattern", {"month": month, "vintage": _vintage(con, vintage, all_vintages),
                                                     "unit_type": unit_type, "unit_code": unit_code})


def months(con: duckdb.DuckDBPyConnection, month: str | None = None, vintage: str | None = None,
           all_vintages: bool = False) -> pl.DataFrame:
    """Per month of a vintage (None: the latest; `all_vintages`: every vintage): published,
    primary_cells, secondary_cells, secondary_persons, message, input_hash."""
    return queries.frame(con, "discretion_months", {"month": month, "vintage": _vintage(con, vintage, all_vintages)})


def _vintage(con: duckdb.DuckDBPyConnection, vintage: str | None, all_vintages: bool) -> str | None:
    """The vintage to read: the one asked for, else the latest loaded; None for every vintage."""
    if all_vintages or vintage is not None:
        return None if all_vintages else vintage
    loaded = queries.frame(con, "loaded_vintages")["vintage"].to_list()
    return loaded[-1] if loaded else ""


def withheld(con: duckdb.DuckDBPyConnection, vintage: str | None = None) -> list[str]:
    """Months of a vintage (None: the latest) kept but not published: their audit failed."""
    return months(con, vintage=vintage).filter(~pl.col("published"))["month"].to_list()


def audit_month(con: duckdb.DuckDBPyConnection, month: str, settings: Settings | None = None,
                vintage: str | None = None) -> tuple[pl.DataFrame, bool]:
    """Audits the stored pattern of a month as of a vintage (None: the latest) against that
    vintage's raw counts, independently of how it was chosen: one row per unit and hidden
    count cell (unit_type, unit_code, cell, value, min, max, violation; max null = no upper
    limit) and whether the month passes."""
    s = settings or load_settings()
    chosen = vintage or months(con, month)["vintage"][0]
    counts = queries.frame(con, "vintage_counts", {"vintage": chosen, "last_month": month}).filter(pl.col("month") == month)
    members = published_units(con, s)
    return published_cells.audit_pattern(counts, members, pattern(con, month, chosen), s.discretion_threshold)
