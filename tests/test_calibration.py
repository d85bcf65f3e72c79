"""The demonstration data reproduces the published national figures for December 2018
(table at the end of indicators.md) as the extract of December 2018 showed them (vintage
2018-12: later extracts correct them), computed through the core's own queries, and tells a
believable story across municipalities; its corrections make revisions and a flagged
instalment decision."""

from __future__ import annotations

import polars as pl
import pytest

from monitor.core import figures, store

MONTH = "2018-12"


@pytest.fixture(scope="module")
def con(demo_db):
    connection = store.connect(demo_db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def country(con) -> dict[str, dict]:
    frame = figures.indicators(con, month=MONTH, unit_type="country", raw=True, vintage=MONTH)
    return {row["indicator"]: row for row in frame.iter_rows(named=True)}


# (indicator, field, low, high): the published figure's tolerance
TABLE = [
    ("target_group", "numerator", 24_000, 27_500),
    ("effort_group", "numerator", 12_000, 14_000),
    ("company_offer", "share", 0.22, 0.24),
    ("ordinary_hours", "share", 0.10, 0.12),
    ("employed_off_benefits", "share", 0.05, 0.07),
    ("g2_ever", "numerator", 7_800, 8_800),
    ("g2_waiting", "numerator", 2_200, 2_600),  # W: group 2 still on cash-system benefit
    ("g2_no_active_offer", "share", 0.57, 0.63),
]


@pytest.mark.parametrize("indicator,field,low,high", TABLE, ids=[row[0] for row in TABLE])
def test_published_figure_within_tolerance(country, indicator, field, low, high):
    value = country[indicator][field]
    assert value is not None and low <= value <= high, f"{indicator} = {value}"


def test_nearly_all_still_waiting_have_been_in_group_2_over_9_months(country):
    assert country["g2_waiting_over_9"]["share"] > 0.90
    assert country["g2_waiting_over_9"]["denominator"] == country["g2_waiting"]["numerator"]


def test_employed_off_benefits_is_a_share_of_the_ever_effort_group(country):
    assert country["employed_off_benefits"]["denominator"] == country["ever_effort_group"]["numerator"]


def test_88_participating_municipalities(con):
    assert figures.units(con, "municipality").height == 88


def test_some_municipalities_are_clear_laggards_most_are_within_the_limits(con):
    frame = figures.indicators(con, month=MONTH, unit_type="municipality", raw=True)
    for indicator in ("company_offer", "g2_waiting", "job_broker"):
        rows = frame.filter(pl.col("indicator") == indicator)
        alarms = rows["alarm"].sum()
        similar = (rows["comparison"] == "similar").sum()
        assert 1 <= alarms <= 10, indicator
        assert similar >= 0.75 * rows.height, indicator


def test_visitation_finishes_early_in_some_municipalities_and_never_in_others(con):
    visitation = figures.instalments(con, raw=True).filter(pl.col("instalment") == 2)
    met = visitation["condition_month"].drop_nulls()
    assert (met <= "2018-01").sum() >= 3
    assert (visitation["state"] == "not_met").sum() >= 3
    assert met.len() >= 44  # most municipalities do finish


def test_a_few_reach_the_activity_instalment_early_some_never(con):
    activity = figures.instalments(con, raw=True).filter(pl.col("instalment") == 3)
    met = activity["condition_month"].drop_nulls()
    assert 1 <= (met <= "2019-01").sum() <= 20
    assert (activity["state"] == "not_met").sum() >= 10


def test_visitation_starts_in_august_2017_and_mostly_ends_by_spring_2018(con):
    visited = figures.indicators(con, unit_type="country", indicator="visited", raw=True).sort("month")
    share = dict(zip(visited["month"], visited["share"]))
    assert 0 < share["2017-08"] < 0.3
    assert share["2018-05"] > 0.95


def test_later_extracts_revise_earlier_months_and_flag_a_decision(con):
    from monitor.core import vintages

    revised = vintages.revisions(con, MONTH, "country", raw=True)
    changed = revised.filter(pl.col("first_numerator") != pl.col("latest_numerator"))["indicator"].to_list()
    assert {"visited", "target_group", "company_offer", "ordinary_hours"} <= set(changed)
    flags = figures.instalments(con, raw=True)["flag"]
    assert (flags.str.starts_with("later_")).sum() >= 1
