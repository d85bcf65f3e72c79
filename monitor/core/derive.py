"""Rebuilds the small derived tables after each successful load, so pages read precomputed
results: municipalities/units, the gross target group, person-month status, indicator counts,
indicator figures with the comparison against the country, and instalments."""

from __future__ import annotations

import duckdb

from monitor.core import calendar, metadata, queries, reference, stats
from monitor.core.settings import Settings, load as load_settings


def rebuild(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    s = settings or load_settings()
    con.register("reference_municipalities", reference.municipalities())
    try:
        queries.run(con, "build_municipalities", {"non_participating": list(s.non_participating)})
    finally:
        con.unregister("reference_municipalities")
    build_target_group(con, s)
    last_month = _last_month(con, s)
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
    build_indicator_figures(con, s)
    rebuild_instalments(con, s)


def rebuild_instalments(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    """The grants and instalment states (also after a documents load: instalment 2 waits for
    the account of instalment 1)."""
    s = settings or load_settings()
    queries.run(con, "build_instalments", {
        "pool": s.pool_dkk,
        "grant_month": s.grant_month,
        "numbers": [i.number for i in s.instalments],
        "percents": [i.percent for i in s.instalments],
        "conditions": [i.condition for i in s.instalments],
        "not_before": [i.not_before for i in s.instalments],
        "threshold": s.activity_threshold,
        "consecutive": s.activity_consecutive_months,
    })


def build_target_group(con: duckdb.DuckDBPyConnection, s: Settings) -> None:
    queries.run(con, "build_target_group", target_group_params(s))


def target_group_params(s: Settings) -> dict:
    return {
        "reference_week": s.reference_week_index,
        "reference_month": calendar.week_month(s.reference_week_index),
        "min_weeks": s.minimum_spell_weeks,
        "max_gap": s.max_gap_weeks,
        "cash": list(s.cash_benefits),
        "match_category": s.required_match_category,
        "non_participating": list(s.non_participating),
    }


def _last_month(con: duckdb.DuckDBPyConnection, s: Settings) -> str:
    latest = queries.frame(con, "latest_extract_month")["latest_month"][0]
    if latest is None:  # nothing loaded yet: no monitored month
        return calendar.add_months(s.first_month, -1)
    return min(latest, s.last_month)


def build_indicator_figures(con: duckdb.DuckDBPyConnection, s: Settings) -> None:
    counts = queries.frame(con, "indicator_counts")
    polarity = {ind: meta["polarity"] for ind, meta in metadata.load().items() if meta["kind"] == "share"}
    compared = stats.compare(
        counts, polarity,
        alert_level=s.alert_level, alarm_level=s.alarm_level, threshold=s.discretion_threshold,
        min_units=s.overdispersion_min_units, winsorize=s.winsorize,
    )
    figures = stats.runs_of_worse(compared, s.laggard_alert_months).sort(
        "month", "unit_type", "unit_code", "indicator"
    )
    con.register("computed_figures", figures)
    try:
        queries.run(con, "build_indicator_figures")
    finally:
        con.unregister("computed_figures")
