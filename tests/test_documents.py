"""The documents register (spec administration.md, 1): checks, all-or-nothing loads, corrections."""

import datetime as dt

import polars as pl
import pytest

from extract_factory import cash_weeks, load, person, write_extract
from monitor.core import calendar, documents, figures, store

TODAY = dt.date(2020, 7, 15)
HEADER = "municipality_code,document,received_date,endorsement\n"


@pytest.fixture
def db(tmp_path):
    """101 has 2 and 147 has 5 of the 7 persons in the gross target group: grants 73,428,571 and
    183,571,429 kr. (both over 500,000)."""
    people = {101: ["A1", "A2"], 147: ["B1", "B2", "B3", "B4", "B5"]}
    persons = [person(p, m) for m, ps in people.items() for p in ps]
    benefits = [row for ps in people.values() for p in ps for row in cash_weeks(p, -300, 9)]
    folder = write_extract(tmp_path / "x", "2017-08", persons=persons, benefits=benefits)
    result, con = load(tmp_path, folder)
    con.close()
    assert result.ok, result.report
    return tmp_path / "monitor.duckdb"


def _file(tmp_path, name, *rows):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _rows(frame):
    return frame.select("municipality_code", "document", "received_date", "endorsement").rows()


def test_endorsement_at_exactly_the_limit_is_management():
    assert documents.required_endorsement("final_account", 500_000, 500_000) == "ledelse"
    assert documents.required_endorsement("final_account", 500_001, 500_000) == "revisor"
    assert documents.required_endorsement("rate1_account", 9_000_000, 500_000) == "ledelse"
    assert documents.required_endorsement("final_report", 9_000_000, 500_000) is None


def test_check_against_a_grant_of_exactly_500000():
    frame = pl.DataFrame({"_row": [1, 2], "municipality_code": ["101", "147"], "document": ["final_account"] * 2,
                          "received_date": ["2020-06-01"] * 2, "endorsement": ["revisor", "revisor"]})
    typed, problems = documents.check(frame, "f.csv", {101: 500_000, 147: 500_001}, TODAY, 500_000)
    assert [str(p) for p in problems] == [
        "f.csv, række 1, kolonne endorsement, værdi 'revisor': påtegningen skal være ledelse: "
        "tilskuddet er 500.000 kr., ikke over 500.000 kr."
    ]
    assert typed["received_date"].to_list() == [dt.date(2020, 6, 1)] * 2


def test_a_correction_keeps_the_history_and_the_latest_holds(db, tmp_path):
    first = documents.load_file(db, _file(tmp_path, "a.csv", "101,rate1_account,2018-02-14,ledelse"), "test", TODAY)
    assert first.ok and first.stored == 1, first.report
    second = documents.load_file(db, _file(tmp_path, "b.csv", "101,rate1_account,2018-03-01,ledelse"), "test", TODAY)
    assert second.ok, second.report
    con = store.connect(db)
    assert _rows(documents.current(con)) == [(101, "rate1_account", dt.date(2018, 3, 1), "ledelse")]
    assert documents.current(con)["entries"].to_list() == [2]
    history = documents.history(con, 101)
    assert history.select("received_date", "holds", "source").rows() == [
        (dt.date(2018, 3, 1), True, "b.csv"), (dt.date(2018, 2, 14), False, "a.csv")]


def test_a_bad_file_is_rejected_whole_with_a_report(db, tmp_path):
    version = store.data_version(db)
    path = _file(tmp_path, "bad.csv",
                 "147,rate1_account,2018-02-14,ledelse",      # fine, but the file is rejected whole
                 "999,final_report,2020-01-01,",               # unknown municipality
                 "155,final_report,2020-01-01,",               # not participating
                 "101,annual_report,2020-01-01,",              # unknown document code
                 "101,final_report,2020-08-01,",               # after TODAY
                 "147,final_account,2020-05-01,ledelse",       # grant over 500,000: revisor
                 "147,rate1_account,2018-02-15,ledelse")       # same key twice
    result = documents.load_file(db, path, "test", TODAY)
    assert not result.ok
    lines = result.report.splitlines()
    assert lines[0] == "Dokumentfilen bad.csv er afvist: 6 fejl fundet. Intet er indlæst."
    assert "  - bad.csv, række 2, kolonne municipality_code, værdi '999': ukendt kommunekode" in lines
    assert "  - bad.csv, række 3, kolonne municipality_code, værdi '155': kommunen deltager ikke i Flere skal med" in lines
    assert any(line.startswith("  - bad.csv, række 4, kolonne document, værdi 'annual_report': ukendt dokumentkode") for line in lines)
    # a date is 10 characters of digits and dashes: never echoed (the id rule of extracts.md 1.1)
    assert "  - bad.csv, række 5, kolonne received_date, værdi '(ikke vist)': datoen ligger i fremtiden (i dag er 2020-07-15)" in lines
    assert ("  - bad.csv, række 6, kolonne endorsement, værdi 'ledelse': påtegningen skal være revisor: "
            "tilskuddet er 183.571.429 kr., over 500.000 kr.") in lines
    assert any("række 7" in line and "står også i række 1" in line for line in lines)
    assert store.data_version(db) == version  # the database file was not touched
    assert documents.current(store.connect(db)).height == 0


def test_a_bad_header_is_reported(db, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("municipality_code,document,received\n101,final_report,2020-01-01\n", encoding="utf-8")
    result = documents.load_file(db, path, "test", TODAY)
    assert not result.ok
    assert "h.csv, række 0, kolonne received_date: kolonnen mangler i overskriften" in result.report
    assert "værdi 'received': ukendt kolonne" in result.report


def test_documents_survive_an_extract_load_and_deadlines(db, tmp_path):
    path = _file(tmp_path, "d.csv", "101,final_report,2020-07-01,", "147,final_account,2020-06-30,revisor")
    assert documents.load_file(db, path, "test", TODAY).ok
    later = write_extract(tmp_path / "y", "2017-09", persons=[person("A1", 101)])
    assert store.ingest(db, [later]).ok
    con = store.connect(db)
    assert len(documents.current(con)) == 2
    status = documents.status(con, TODAY).filter(pl.col("municipality_code").is_in([101, 147]))
    states = {(r["municipality_code"], r["document"]): r["state"] for r in status.iter_rows(named=True)}
    assert states == {
        (101, "final_report"): "received_late",     # deadline 2020-06-30 (settings)
        (101, "final_account"): "overdue",
        (101, "rate1_account"): "missing",          # no deadline of its own
        (147, "final_report"): "overdue",
        (147, "final_account"): "received",          # on the deadline day
        (147, "rate1_account"): "missing",
    }


def test_demonstration_documents(demo_con):
    status = documents.status(demo_con, TODAY)
    accounts = status.filter(pl.col("document") == "rate1_account")
    assert accounts["state"].unique().to_list() == ["received"]  # every participating municipality
    finals = status.filter(pl.col("document") != "rate1_account")["state"].value_counts()
    by_state = dict(finals.iter_rows())
    assert by_state == {"received": 2 * (88 - 7), "received_late": 2 * 5, "overdue": 2 * 2}
    # one account arrives months after visitation was complete: instalment 2 is due (paid) then
    visited = figures.indicators(demo_con, unit_type="municipality", indicator="visited", raw=True)
    first_full = dict(visited.filter((pl.col("denominator") > 0) & (pl.col("numerator") == pl.col("denominator")))
                      .group_by("unit_code").agg(pl.col("month").min()).iter_rows())
    second = figures.instalments(demo_con).filter(pl.col("instalment") == 2)
    late = [r for r in second.iter_rows(named=True) if str(r["municipality_code"]) in first_full
            and r["account_date"].strftime("%Y-%m") > max(first_full[str(r["municipality_code"])], "2018-01")]
    assert len(late) == 1
    row = late[0]
    visited_month = max(first_full[str(row["municipality_code"])], "2018-01")
    assert row["account_date"].strftime("%Y-%m") == calendar.add_months(visited_month, 5)
    assert (row["state"], row["due_month"]) == ("paid", calendar.add_months(visited_month, 5))
