"""Rebuilds the derived tables after each successful load, so pages read precomputed results:
municipalities/units, the gross target group, person-month status, indicator counts,
indicator figures with the comparison against the country, and instalments.

Every loaded extract month is a vintage (docs/vintages.md). The latest vintage gets the full
set of derived tables; every vintage gets its indicator counts and grant basis stored
(`vintage_counts`, `vintage_grants`), from which figures as of a vintage and revisions are
read. A load rebuilds the vintages it can have changed: those at or after the earliest
extract month it loaded. Instalment decisions are recorded per vintage and never changed.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import polars as pl

from monitor.core import calendar, metadata, pattern_store, queries, reference, stats
from monitor.core.settings import Settings, load as load_settings


def rebuild(con: duckdb.DuckDBPyConnection, settings: Settings | None = None,
            changed: list[str] | None = None) -> list[str]:
    """`changed`: the extract months loaded or replaced since the last rebuild; vintages from
    the earliest of them on are rebuilt (None: only vintages not built yet, and the latest).
    Returns the Danish messages of months whose disclosure audit failed (kept, withheld)."""
    s = settings or load_settings()
    con.register("reference_municipalities", reference.municipalities())
    try:
        queries.run(con, "build_municipalities", {"non_participating": list(s.non_participating)})
    finally:
        con.unregister("reference_municipalities")
    refresh_spells(con, s, changed)
    vintages = loaded_vintages(con)
    stored = set(queries.frame(con, "stored_vintages")["vintage"].to_list())
    latest = vintages[-1] if vintages else None
    earliest_changed = min(changed) if changed else None
    built = [v for v in vintages[:-1]
             if v not in stored or (earliest_changed is not None and v >= earliest_changed)]
    for vintage in built:
        build_vintage(con, s, vintage)
    build_vintage(con, s, latest)  # last, so the derived tables are the latest vintage's
    build_indicator_figures(con, s)
    withheld = pattern_store.build(con, s, built=[*built, latest] if latest else built)
    if latest is None:
        return withheld
    newer = [v for v in vintages if v > max(stored, default="")]
    for vintage in sorted(set(newer) | {latest}):
        record_decisions(con, s, vintage)
    build_instalments(con, s, latest)
    return withheld


def loaded_vintages(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The extract months loaded, ascending: each is a vintage."""
    return queries.frame(con, "loaded_vintages")["vintage"].to_list()


def build_vintage(con: duckdb.DuckDBPyConnection, s: Settings, vintage: str | None) -> None:
    """Builds target_group, person_month and indicator_counts on the data of one vintage and
    stores its counts (an empty database: vintage None, empty tables)."""
    queries.run(con, "set_vintage", {"vintage": vintage})
    build_target_group(con, s)
    last_month = calendar.add_months(s.first_month, -1) if vintage is None else min(vintage, s.last_month)
    queries.run(con, "build_person_month", {
        "first_month": s.first_month,
        "last_month": last_month,
        "cash": list(s.cash_benefits),
        "counts_as_benefit": reference.benefit_codes_where("counts_as_benefit"),
        "job_education_flexjob": reference.benefit_codes_where("job_education_flexjob"),
        "company_offers": reference.company_directed_offer_codes(),
        "active_offers": reference.active_offer_codes(),
        "bands": list(s.waiting_bands_months),
    })
    queries.run(con, "build_indicator_counts")
    if vintage is not None:
        queries.run(con, "store_vintage", {"vintage": vintage})


def build_target_group(con: duckdb.DuckDBPyConnection, s: Settings, vintage: str | None = None) -> None:
    """The gross target group of a vintage (None: the vintage already set by set_vintage), from
    the stored spell versions (built first if they were built with other settings)."""
    refresh_spells(con, s)
    if vintage is not None:
        queries.run(con, "set_vintage", {"vintage": vintage})
    queries.run(con, "build_target_group", target_group_params(s))


def refresh_spells(con: duckdb.DuckDBPyConnection, s: Settings, changed: list[str] | None = None) -> None:
    """Brings `spell_versions` (each person's cash-system weeks in the target-group window, per
    vintage) up to date: for the persons whose window rows the extract months `changed` delivered
    or replaced, or for everyone when the versions were built with other settings (or never)."""
    rule = spell_rule(s)
    parameters = json.dumps(rule, sort_keys=True)
    everyone = queries.frame(con, "spell_parameters")["parameters"].to_list() != [parameters]
    if everyone or changed:
        queries.run(con, "build_spell_versions",
                    rule | {"everyone": everyone, "changed": list(changed or []), "parameters": parameters})


def spell_rule(s: Settings) -> dict:
    """The settings the spell versions depend on."""
    return {
        "reference_week": s.reference_week_index,
        "min_weeks": s.minimum_spell_weeks,
        "max_gap": s.max_gap_weeks,
        "cash": list(s.cash_benefits),
        "match_category": s.required_match_category,
    }


def target_group_params(s: Settings) -> dict:
    return spell_rule(s) | {
        "reference_month": calendar.week_month(s.reference_week_index),
        "non_participating": list(s.non_participating),
    }


def compute_figures(counts: pl.DataFrame, s: Settings) -> pl.DataFrame:
    """Indicator counts -> figures with share, national share, limits, comparison, laggards."""
    polarity = {ind: meta["polarity"] for ind, meta in metadata.load().items() if meta["kind"] == "share"}
    compared = stats.compare(
        counts, polarity,
        alert_level=s.alert_level, alarm_level=s.alarm_level, threshold=s.discretion_threshold,
        min_units=s.overdispersion_min_units, winsorize=s.winsorize,
    )
    return stats.runs_of_worse(compared, s.laggard_alert_months).sort(
        "month", "unit_type", "unit_code", "indicator"
    )


def build_indicator_figures(con: duckdb.DuckDBPyConnection, s: Settings) -> None:
    figures = compute_figures(queries.frame(con, "indicator_counts"), s)
    con.register("computed_figures", figures)
    try:
        queries.run(con, "build_indicator_figures")
    finally:
        con.unregister("computed_figures")


def instalment_rules(s: Settings) -> dict:
    return {
        "grant_month": s.grant_month,
        "numbers": [i.number for i in s.instalments],
        "conditions": [i.condition for i in s.instalments],
        "not_before": [i.not_before for i in s.instalments],
        "documents": [i.requires_document for i in s.instalments],
        "threshold": s.activity_threshold,
        "consecutive": s.activity_consecutive_months,
    }


def evaluate_instalments(con: duckdb.DuckDBPyConnection, s: Settings, vintage: str,
                         documents_until: dt.date | None = None) -> pl.DataFrame:
    """Each municipality's instalment conditions as vintage `vintage` shows them (with the
    documents received by `documents_until`; None: every document registered)."""
    return queries.frame(con, "instalment_conditions",
                         instalment_rules(s) | {"vintage": vintage, "documents_until": documents_until})


def record_decisions(con: duckdb.DuckDBPyConnection, s: Settings, vintage: str,
                     documents_until: dt.date | None = None) -> None:
    """Records the decisions vintage `vintage` makes (conditions met for the first time)."""
    con.register("evaluated", evaluate_instalments(con, s, vintage, documents_until))
    try:
        queries.run(con, "record_decisions", {
            "vintage": vintage, "decided_at": dt.datetime.now().replace(microsecond=0),
        })
    finally:
        con.unregister("evaluated")


def instalment_states(con: duckdb.DuckDBPyConnection, s: Settings, vintage: str) -> pl.DataFrame:
    """Grants and instalment states as of a vintage, from the decisions recorded by it."""
    con.register("evaluated", evaluate_instalments(con, s, vintage))
    try:
        return queries.frame(con, "instalment_states", {
            "vintage": vintage, "pool": s.pool_dkk,
            "numbers": [i.number for i in s.instalments], "percents": [i.percent for i in s.instalments],
        })
    finally:
        con.unregister("evaluated")


def build_instalments(con: duckdb.DuckDBPyConnection, s: Settings, latest: str) -> None:
    con.register("computed_instalments", instalment_states(con, s, latest))
    try:
        queries.run(con, "build_instalments")
    finally:
        con.unregister("computed_instalments")


def rebuild_instalments(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    """After a change that needs no new vintage (e.g. documents): decide on the latest vintage
    and rebuild the instalment states."""
    s = settings or load_settings()
    vintages = loaded_vintages(con)
    if vintages:
        record_decisions(con, s, vintages[-1])
        build_instalments(con, s, vintages[-1])
