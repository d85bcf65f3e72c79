"""Instalment 2 as the pool call states it (spec administration.md): the whole gross target
group visited AND the account for instalment 1 received; due in the latest of the first month
with 100 % visited, the month the account was received, and 2018-01."""

import datetime as dt

import polars as pl

from extract_factory import cash_weeks, load, person, write_extract
from monitor.core import calendar, figures, store
from monitor.present import wording
from monitor.core import documents

PEOPLE = [f"I{i}" for i in range(5)]  # 147 Frederiksberg: all five visited in September 2017
TODAY = dt.date(2020, 1, 1)


def _series(tmp_path, last_month):
    persons = [person(p, 147) for p in PEOPLE] + [person("OTHER", 101)]  # 101: one person, never visited
    history = [row for p in [*PEOPLE, "OTHER"] for row in cash_weeks(p, -300, 9)]
    markings = [{"person_id": p, "marking": "FSM1", "from_date": "2017-09-05"} for p in PEOPLE]
    folders = [write_extract(tmp_path / "x", month, persons=persons,
                             benefits=history if month == "2017-08" else [],
                             markings=markings if month == "2017-09" else [])
               for month in calendar.month_range("2017-08", last_month)]
    result, con = load(tmp_path, *folders)
    con.close()
    assert result.ok, result.report
    return tmp_path / "monitor.duckdb"


def _account(db, tmp_path, *rows):
    path = tmp_path / "accounts.csv"
    path.write_text("municipality_code,document,received_date,endorsement\n"
                    + "".join(f"{code},rate1_account,{date},ledelse\n" for code, date in rows), encoding="utf-8")
    result = documents.load_file(db, path, "test", TODAY)
    assert result.ok, result.report


def _second(db, code=147):
    frame = figures.instalments(store.connect(db)).filter(
        (pl.col("municipality_code") == code) & (pl.col("instalment") == 2))
    return frame.row(0, named=True)


def test_without_the_account_visitation_alone_is_not_enough(tmp_path):
    db = _series(tmp_path, "2018-03")
    row = _second(db)
    assert (row["state"], row["due_month"], row["awaiting_account"]) == ("not_met", None, True)
    assert wording.instalment_distance(row) == "afventer regnskab for rate 1"


def test_account_received_before_visitation_was_complete(tmp_path):
    db = _series(tmp_path, "2017-12")
    _account(db, tmp_path, (147, "2017-08-20"))
    row = _second(db)
    # latest of 2017-09 (visited), 2017-08 (account), 2018-01 (not before) = 2018-01
    assert (row["state"], row["due_month"], row["account_date"]) == ("met_waiting", "2018-01", dt.date(2017, 8, 20))
    assert row["awaiting_account"] is False


def test_account_received_after_visitation_moves_the_due_month(tmp_path):
    db = _series(tmp_path, "2018-04")
    _account(db, tmp_path, (147, "2018-03-10"))
    row = _second(db)
    # latest of 2017-09, 2018-03, 2018-01 = 2018-03, paid by April 2018
    assert (row["state"], row["due_month"], row["condition_month"]) == ("paid", "2018-03", "2018-03")
    assert wording.instalment_distance(row) == ""


def test_account_without_visitation_still_waits_for_visitation(tmp_path):
    db = _series(tmp_path, "2018-03")
    _account(db, tmp_path, (101, "2018-01-15"))
    row = _second(db, 101)
    assert (row["state"], row["awaiting_account"]) == ("not_met", False)
    assert wording.instalment_distance(row) == "mangler at visitere <3 personer"
