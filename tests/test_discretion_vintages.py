"""Discretion per (month, vintage): each vintage's figures read the pattern stored for that
vintage, revisions and the revision triangle use the stored patterns, and a month whose audit
fails is kept, withheld and reported. Hand-made extracts, values worked out by hand."""

import os
import subprocess
import sys

import polars as pl

from extract_factory import cash_weeks, person, week, write_extract
from monitor.core import figures, pattern_store, published_cells, store, vintages
from monitor.core.disclosure_audit import verify
from monitor.core.suppression import Pattern


def _people(ids_by_municipality):
    persons = [person(p, int(m)) for m, ids in ids_by_municipality.items() for p in ids]
    benefits = [row for ids in ids_by_municipality.values() for p in ids for row in cash_weeks(p, -300, 9)]
    return {"persons": persons, "benefits": benefits}


def _target_group(con, month, unit_type, vintage=None):
    frame = figures.indicators(con, month=month, unit_type=unit_type, indicator="target_group", vintage=vintage)
    return {r["unit_code"]: (r["numerator"], r["suppression"]) for r in frame.iter_rows(named=True)}


def _two_vintages(tmp_path):
    # 2017-08: Copenhagen (101) 3 persons, Frederiksberg (147) 3, office OEST 6. The September
    # extract restates 5 weeks around R-100 of A3 as without benefit (the spell breaks), so as
    # of 2017-09 month 2017-08 has 101 = 2, 147 = 3, OEST = 5.
    everybody = _people({"101": ["A1", "A2", "A3"], "147": ["B1", "B2", "B3"]})
    aug = write_extract(tmp_path / "x", "2017-08", **everybody)
    restated = [{"person_id": "A3", "week": week(o), "benefit": "NO", "match_category": None} for o in range(-100, -95)]
    sep = write_extract(tmp_path / "x", "2017-09", persons=everybody["persons"], benefits=restated)
    db = tmp_path / "monitor.duckdb"
    result = store.ingest(db, [aug, sep])
    assert result.ok, result.report
    return db


def test_each_vintage_shows_the_pattern_chosen_on_its_own_counts_and_keeps_it(tmp_path):
    db = _two_vintages(tmp_path)
    con = store.connect(db)
    # as first published nothing of it is small: both shown
    assert _target_group(con, "2017-08", "municipality", "2017-08") == {"101": (3, None), "147": (3, None)}
    assert _target_group(con, "2017-08", "star_office", "2017-08")["OEST"] == (6, None)
    # as of 2017-09: 101's 2 is primary, and 147's 3 is hidden too (OEST 5 - 3 would give 2)
    assert _target_group(con, "2017-08", "municipality") == {"101": (None, "primary"), "147": (None, "secondary")}
    stored = pattern_store.months(con, all_vintages=True).filter(pl.col("month") == "2017-08")
    assert stored["vintage"].to_list() == ["2017-08", "2017-09"] and stored["published"].all()
    before = figures.indicators(con, month="2017-08", vintage="2017-09")
    before_pattern = pattern_store.pattern(con, vintage="2017-09")
    con.close()
    # a later load changes neither the earlier vintage's pattern nor its figures
    oct_ = write_extract(tmp_path / "x", "2017-10", **_people({"147": ["B4"]}))
    assert store.ingest(db, [oct_]).ok
    con = store.connect(db)
    assert figures.indicators(con, month="2017-08", vintage="2017-09").equals(before)
    assert pattern_store.pattern(con, vintage="2017-09").equals(before_pattern)
    # the auditor checks an earlier vintage's stored pattern against that vintage's counts
    rows, ok = pattern_store.audit_month(con, "2017-08", vintage="2017-09")
    tg = rows.filter((pl.col("cell") == "target_group") & (pl.col("unit_type") == "municipality"))
    assert ok and tg.select("unit_code", "value", "min", "max").sort("unit_code").rows() == [("101", 2, 0, 5), ("147", 3, 0, 5)]


def test_revisions_and_the_triangle_use_the_stored_patterns(tmp_path):
    con = store.connect(_two_vintages(tmp_path))
    rev = vintages.revisions(con, "2017-08").filter(pl.col("indicator") == "target_group")
    shown = {(r["unit_type"], r["unit_code"]): (r["first_numerator"], r["latest_numerator"])
             for r in rev.iter_rows(named=True)}
    # first published 3 and 3 (the latest hides them: 2 is primary, 147 protects it); OEST and the
    # country were published as 6, but 6 -> 5 is a revision of 1 person: with the latest 5 shown,
    # the first value is not
    assert shown[("municipality", "101")] == (3, None)
    assert shown[("municipality", "147")] == (3, None)
    assert shown[("star_office", "OEST")] == (None, 5)
    assert shown[("country", "DK")] == (None, 5)
    raw = vintages.revisions(con, "2017-08", raw=True).filter(
        (pl.col("indicator") == "target_group") & (pl.col("unit_code") == "OEST"))
    assert raw.select("first_numerator", "latest_numerator").row(0) == (6, 5)
    tri = vintages.triangle(con, "municipality", "147", "target_group")
    assert tri.select("vintage", "month", "numerator", "suppression").rows() == [
        ("2017-08", "2017-08", 3, None), ("2017-09", "2017-08", None, "secondary"),
        ("2017-09", "2017-09", None, "secondary")]


def test_audit_discretion_prints_the_ranges_of_a_vintage_as_csv(tmp_path):
    db = _two_vintages(tmp_path)
    run = subprocess.run([sys.executable, "-m", "monitor", "audit-discretion", "--month", "2017-08", "--as-of", "2017-09",
                          "--db", str(db)], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "unit_type,unit_code,indicator,field,min,max"
    # as of 2017-09, 101 and 147 share the published OEST 5: each lies between 0 and 5
    assert "municipality,101,target_group,numerator,0,5" in lines and "municipality,147,target_group,numerator,0,5" in lines
    assert "municipality,147,visited,denominator,0,5" in lines
    late = subprocess.run([sys.executable, "-m", "monitor", "audit-discretion", "--month", "2017-09", "--as-of", "2017-08",
                           "--db", str(db)], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert late.returncode == 2 and "måned 2017-09 er ikke i udtræk 2017-08" in late.stderr


def _hide_only_small_counts(model, neighbourhoods=(), hidden_first=None, start=None, changed=None):
    """A second suppression that hides nothing beyond the counts of 1-2 (the real auditor judges it)."""
    primary = model.primary()
    return Pattern(hidden=primary.copy(), primary=primary, audit=verify(model, primary))


def test_a_month_whose_audit_fails_is_kept_withheld_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(published_cells, "protect", _hide_only_small_counts)
    folder = write_extract(tmp_path / "x", "2017-08", **_people({"101": ["A1", "A2"], "147": ["B1", "B2", "B3"]}))
    db = tmp_path / "monitor.duckdb"
    result = store.ingest(db, [folder])
    assert result.ok and result.loaded == ["2017-08"]
    assert result.withheld and result.withheld[0].startswith("Tallene for 2017-08 offentliggøres ikke")
    assert result.withheld[0] in result.report
    con = store.connect(db)
    assert figures.withheld_months(con) == ["2017-08"]
    assert _target_group(con, "2017-08", "star_office")["OEST"] == (None, "withheld")
    raw = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="target_group", raw=True)
    assert sorted(raw["numerator"].to_list()) == [2, 3]
    assert figures.discretion_summary(con, "2017-08")["published"] is False
    tri = vintages.triangle(con, "star_office", "OEST", "target_group")
    assert tri["numerator"].to_list() == [None] and tri["suppression"].to_list() == ["withheld"]
