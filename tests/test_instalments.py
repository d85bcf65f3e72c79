"""Grants and instalment states (indicators.md, 'Money')."""

import polars as pl

from extract_factory import account, cash_weeks, load, person, write_extract
from monitor.core import calendar, figures

PEOPLE = [f"I{i}" for i in range(5)]
# months in which 2 of 5 in the effort group (40 %) have ordinary hours; December breaks the run
ACTIVE_MONTHS = {"2017-10", "2017-11", "2018-01", "2018-02", "2018-03"}


def _series(tmp_path, last_month):
    persons = [person(p, 147) for p in PEOPLE] + [person("OTHER", 101)]
    history = [row for p in [*PEOPLE, "OTHER"] for row in cash_weeks(p, -300, 9)]
    markings = [{"person_id": p, "marking": "FSM1", "from_date": "2017-09-05"} for p in PEOPLE]
    folders = []
    for month in calendar.month_range("2017-08", last_month):
        hours = [{"person_id": p, "month": month, "ordinary_hours": "40"} for p in PEOPLE[:2]] if month in ACTIVE_MONTHS else []
        folders.append(write_extract(
            tmp_path / "x", month, persons=persons,
            benefits=history if month == "2017-08" else [],
            markings=markings if month == "2017-09" else [],
            hours=hours,
        ))
    account(tmp_path / "monitor.duckdb", 147)  # the account for instalment 1, before the grant month
    return load(tmp_path, *folders)


def _states(con, code=147):
    frame = figures.instalments(con).filter(pl.col("municipality_code") == code).sort("instalment")
    return frame.select("instalment", "state", "due_month", "condition_month").rows()


def test_instalment_2_met_before_january_2018_is_due_in_january(tmp_path):
    result, con = _series(tmp_path, "2017-12")
    assert result.ok, result.report
    assert _states(con) == [
        (1, "paid", "2017-06", "2017-06"),
        (2, "met_waiting", "2018-01", "2017-09"),
        (3, "not_met", None, None),
    ]
    other = figures.instalments(con, raw=True).filter((pl.col("municipality_code") == 101) & (pl.col("instalment") == 2))
    assert other["not_visited"][0] == 1  # the distance: persons not yet visited


def test_instalment_3_after_a_broken_run(tmp_path):
    result, con = _series(tmp_path, "2018-03")
    assert result.ok, result.report
    states = _states(con)
    assert states[1] == (2, "paid", "2018-01", "2017-09")
    # Oct, Nov at 40 %, December not: the run restarts; Jan, Feb, Mar -> condition met in March,
    # due in January 2019 at the earliest
    assert states[2] == (3, "met_waiting", "2019-01", "2018-03")
    row = figures.instalments(con).filter((pl.col("municipality_code") == 147) & (pl.col("instalment") == 3)).row(0, named=True)
    assert row["run_months"] == 3


def test_grants_add_up_to_the_pool_and_split_by_target_group(tmp_path):
    result, con = _series(tmp_path, "2017-09")
    grants = figures.instalments(con).filter(pl.col("instalment") == 1)
    assert grants["grant_dkk"].sum() == 257_000_000
    by_code = dict(zip(grants["municipality_code"], grants["grant_dkk"]))
    assert by_code[147] == round(257_000_000 * 5 / 6)
    assert by_code[101] == 257_000_000 - by_code[147]
    amounts = figures.instalments(con).filter(pl.col("municipality_code") == 147)["amount_dkk"].to_list()
    assert sum(amounts) == by_code[147] and amounts[0] == round(by_code[147] * 0.3)
    assert len(grants) == 88
