"""Vintages (docs/vintages.md): every version kept, figures as of an earlier vintage, revisions,
re-delivery with --replace, frozen instalment decisions. Values worked out by hand."""

import csv
import io
import os
import subprocess
import sys

import polars as pl
import pytest

from extract_factory import account, cash_weeks, person, week, write_extract
from monitor.core import figures, store, vintages
from monitor.reports import laggards, statement

DATA_TABLES = ("persons", "benefits", "markings", "offers", "hours")


def _value(con, month, indicator, vintage=None, unit_type="country"):
    row = figures.indicators(con, month=month, unit_type=unit_type, indicator=indicator, raw=True,
                             vintage=vintage).row(0, named=True)
    return row["numerator"], row["denominator"]


def _ingest(db, *folders, replace=False):
    result = store.ingest(db, list(folders), replace=replace)
    assert result.ok, result.report
    return result


def _snapshot(db):
    con = store.connect(db)
    try:
        return {t: con.sql(f"select * from {t} order by all").fetchall() for t in DATA_TABLES}
    finally:
        con.close()


def test_a_late_marking_is_a_revision_of_the_month_it_belongs_to(tmp_path):
    # L is in G; visited on 2017-08-15, but the job centre registers it only in September's extract
    aug = write_extract(tmp_path / "x", "2017-08", persons=[person("L")], benefits=cash_weeks("L", -300, 9))
    sep = write_extract(tmp_path / "x", "2017-09", persons=[person("L")],
                        markings=[{"person_id": "L", "marking": "FSM1", "from_date": "2017-08-15"}])
    db = tmp_path / "monitor.duckdb"
    _ingest(db, aug, sep)
    con = store.connect(db)
    assert _value(con, "2017-08", "visited", vintage="2017-08") == (0, 1)  # as first published
    assert _value(con, "2017-08", "visited") == (1, 1)                      # latest
    rev = vintages.revisions(con, "2017-08", "country", raw=True).filter(pl.col("indicator") == "visited")
    assert rev.select("first_vintage", "first_numerator", "first_denominator", "first_share",
                      "latest_vintage", "latest_numerator", "latest_denominator", "latest_share").row(0) == (
        "2017-08", 0, 1, 0.0, "2017-09", 1, 1, 1.0)
    # the month's revision triangle for the country: 2017-08 in both vintages, 2017-09 only in the later
    tri = vintages.triangle(con, "country", "DK", "visited", raw=True)
    assert tri.select("vintage", "month", "numerator").rows() == [
        ("2017-08", "2017-08", 0), ("2017-09", "2017-08", 1), ("2017-09", "2017-09", 1)]
    # published with each vintage's pattern: counts of 1 are hidden in both vintages (the first
    # vintage's 0 visited reveals nothing small and stays; its denominator, 1, does not)
    published = vintages.revisions(con, "2017-08", "country").filter(pl.col("indicator") == "visited")
    assert published.select("first_numerator", "first_denominator", "first_share", "latest_numerator",
                            "latest_denominator").row(0) == (0, None, None, None, None)


def test_a_restated_week_moves_a_person_out_of_the_target_group_in_the_later_vintage(tmp_path):
    # S has 300 cash weeks up to R+9; September's extract restates 5 weeks around R-100 as without
    # benefit: a gap of 5 weeks ends the spell, which then lasts only 96 weeks at R
    stay = cash_weeks("T", -300, 9)
    aug = write_extract(tmp_path / "x", "2017-08", persons=[person("S"), person("T")],
                        benefits=cash_weeks("S", -300, 9) + stay)
    restated = [{"person_id": "S", "week": week(o), "benefit": "NO", "match_category": None} for o in range(-100, -95)]
    sep = write_extract(tmp_path / "x", "2017-09", persons=[person("S"), person("T")], benefits=restated)
    db = tmp_path / "monitor.duckdb"
    _ingest(db, aug, sep)
    con = store.connect(db)
    assert _value(con, "2017-08", "target_group", vintage="2017-08") == (2, None)
    assert _value(con, "2017-08", "target_group") == (1, None)
    assert _value(con, "2017-09", "target_group") == (1, None)
    assert {r[0] for r in con.sql("select person_id from target_group").fetchall()} == {"T"}
    # the grant basis follows the vintage: 2 members at R in 2017-08, 1 in 2017-09
    assert con.sql("select vintage, persons from vintage_grants where municipality_code = 101 order by 1").fetchall() == [
        ("2017-08", 2), ("2017-09", 1)]


def _decision_extracts(root):
    """Municipality 147: D (in G) visited in August -> visited 100 % in 2017-08. September's
    extract restates U's five missing weeks as cash weeks: U joins G, never visited."""
    persons = [person("D", 147), person("U", 147)]
    aug = write_extract(root, "2017-08", persons=persons,
                        benefits=cash_weeks("D", -300, 9) + cash_weeks("U", -300, 9, skip=range(-100, -95)),
                        markings=[{"person_id": "D", "marking": "FSM1", "from_date": "2017-08-10"}])
    sep = write_extract(root, "2017-09", persons=persons, benefits=[
        {"person_id": "U", "week": week(o), "benefit": "KH", "match_category": "A"} for o in range(-100, -95)])
    return aug, sep


def _instalment_2(con, vintage=None):
    frame = figures.instalments(con, raw=True, vintage=vintage)
    row = frame.filter((pl.col("municipality_code") == 147) & (pl.col("instalment") == 2)).row(0, named=True)
    return row["state"], row["condition_month"], row["due_month"], row["decided_vintage"], row["flag"]


def test_a_decision_stands_when_a_later_correction_would_undo_it(tmp_path):
    aug, sep = _decision_extracts(tmp_path / "x")
    db = tmp_path / "monitor.duckdb"
    account(db, 147)
    _ingest(db, aug)
    con = store.connect(db)
    # vintage 2017-08: D alone is G of 147 and visited -> met in 2017-08, due 2018-01 (not before)
    assert _instalment_2(con) == ("met_waiting", "2017-08", "2018-01", "2017-08", "")
    decided_at = con.sql("select decided_at from instalment_decisions where instalment = 2").fetchall()
    con.close()
    _ingest(db, sep)
    con = store.connect(db)
    # vintage 2017-09: U joins G unvisited, so 147 is at 1 of 2 in both months: the decision
    # stands, flagged
    assert _value(con, "2017-08", "visited", unit_type="municipality") == (1, 2)
    assert _instalment_2(con) == ("met_waiting", "2017-08", "2018-01", "2017-08", "later_not_met")
    assert con.sql("select decided_at from instalment_decisions where instalment = 2").fetchall() == decided_at
    # as of the vintage it stood on, the decision carries no flag
    assert _instalment_2(con, vintage="2017-08") == ("met_waiting", "2017-08", "2018-01", "2017-08", "")


def test_reverse_load_order_gives_the_same_vintages(tmp_path):
    aug, sep = _decision_extracts(tmp_path / "x")
    forward, backward = tmp_path / "f.duckdb", tmp_path / "b.duckdb"
    _ingest(forward, aug)
    _ingest(forward, sep)
    _ingest(backward, sep)
    _ingest(backward, aug)
    assert _snapshot(forward) == _snapshot(backward)
    counts = {}
    for db in (forward, backward):
        con = store.connect(db)
        counts[db] = con.sql("select * from vintage_counts order by all").fetchall()
        assert _value(con, "2017-08", "visited", vintage="2017-08", unit_type="municipality") == (1, 1)
        assert _value(con, "2017-08", "visited", unit_type="municipality") == (1, 2)
        con.close()
    assert counts[forward] == counts[backward] and counts[forward]


def test_reports_as_of_an_earlier_vintage_are_identical_after_a_correction(tmp_path):
    aug, sep = _decision_extracts(tmp_path / "x")
    db = tmp_path / "monitor.duckdb"

    def reports():
        con = store.connect(db)
        try:
            made = statement.statement_data(statement.Source(con, "2017-08"), "2017-08", "147")
            made["history"] = made["history"].to_dicts()
            made["peers"] = made["peers"].to_dicts()
            return (figures.indicators(con, month="2017-08", vintage="2017-08").to_dicts(),
                    figures.instalments(con, vintage="2017-08").to_dicts(),
                    laggards.report_data(con, "2017-08", "2017-08"), made)
        finally:
            con.close()

    _ingest(db, aug, sep)
    before = reports()
    later = write_extract(tmp_path / "y", "2017-10", persons=[person("D", 147), person("U", 147)],
                          markings=[{"person_id": "U", "marking": "FSM2", "from_date": "2017-08-20"}])
    _ingest(db, later)
    after = reports()
    assert after == before
    assert after[3]["vintage_line"].startswith("Udtræk: august 2017 - tallene, som de stod")
    # the latest figures did change: U is now visited (group 2)
    con = store.connect(db)
    assert _value(con, "2017-08", "visited", unit_type="municipality") == (2, 2)


def test_a_month_after_the_vintage_is_an_error(tmp_path):
    aug, sep = _decision_extracts(tmp_path / "x")
    db = tmp_path / "monitor.duckdb"
    _ingest(db, aug, sep)
    con = store.connect(db)
    with pytest.raises(vintages.VintageError, match="måned 2017-09 er ikke i udtræk 2017-08"):
        figures.indicators(con, month="2017-09", vintage="2017-08")


def test_redelivery_is_rejected_unless_replaced_and_a_replacement_can_be_undone(tmp_path):
    a = write_extract(tmp_path / "a", "2017-08", persons=[person("R")], benefits=cash_weeks("R", -300, 9))
    b = write_extract(tmp_path / "b", "2017-08", persons=[person("R", 147)], benefits=cash_weeks("R", -300, 9))
    db = tmp_path / "monitor.duckdb"
    _ingest(db, a)
    state_a = _snapshot(db)
    assert store.ingest(db, [a]).unchanged == ["2017-08"]       # the same extract again: nothing changes
    result = store.ingest(db, [b])                              # other content, no --replace
    assert not result.ok and "allerede indlæst" in result.report and "--replace" in result.report
    assert _snapshot(db) == state_a
    assert _ingest(db, b, replace=True).loaded == ["2017-08"]
    assert _snapshot(db)["persons"][0][1] == 147
    _ingest(db, a, replace=True)                                 # A again restores A
    assert _snapshot(db) == state_a
    con = store.connect(db)
    log = con.sql("select outcome, files, replaced_files from load_log where outcome = 'replaced' order by rowid").fetchall()
    assert len(log) == 2
    assert log[0][2] == log[1][1] and log[0][1] == log[1][2]     # both checksums kept, each way
    assert _value(con, "2017-08", "target_group", unit_type="municipality") == (1, None)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})


def test_command_line_as_of_and_revisions(tmp_path):
    aug, sep = _decision_extracts(tmp_path / "x")
    db = tmp_path / "monitor.duckdb"
    account(db, 147)
    _ingest(db, aug, sep)
    first = _cli("indicators", "--month", "2017-08", "--unit", "municipality", "--raw", "--as-of", "2017-08", "--db", str(db))
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(first.stdout)) if r["unit_code"] == "147"}
    assert (rows["visited"]["numerator"], rows["visited"]["denominator"], rows["visited"]["share"]) == ("1", "1", "1.000000")
    too_early = _cli("indicators", "--month", "2017-09", "--as-of", "2017-08", "--db", str(db))
    assert too_early.returncode == 2 and "måned 2017-09 er ikke i udtræk 2017-08" in too_early.stderr
    inst = list(csv.DictReader(io.StringIO(_cli("instalments", "--db", str(db)).stdout)))
    second = [r for r in inst if r["municipality_code"] == "147" and r["instalment"] == "2"][0]
    assert (second["state"], second["due_month"], second["decided_vintage"], second["flag"]) == (
        "met_waiting", "2018-01", "2017-08", "later_not_met")
    out = _cli("revisions", "--month", "2017-08", "--unit", "municipality", "--raw", "--db", str(db))
    assert out.stdout.splitlines()[0] == (
        "month,unit_type,unit_code,unit_name,indicator,first_vintage,first_numerator,first_denominator,first_share,"
        "latest_vintage,latest_numerator,latest_denominator,latest_share")
    visited = [r for r in csv.DictReader(io.StringIO(out.stdout)) if r["indicator"] == "visited" and r["unit_code"] == "147"][0]
    assert [visited[c] for c in ("first_vintage", "first_numerator", "first_denominator", "first_share", "latest_vintage",
                                 "latest_numerator", "latest_denominator", "latest_share")] == [
        "2017-08", "1", "1", "1.000000", "2017-09", "1", "2", "0.500000"]
