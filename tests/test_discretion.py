"""Discretion: counts of 1-2 never leave the core, second suppression in parts-and-total tables."""

import polars as pl

from extract_factory import cash_weeks, load, person, write_extract
from monitor.core import discretion, figures


def _frame(rows):
    return pl.DataFrame(rows, schema={"month": pl.String, "unit_type": pl.String, "unit_code": pl.String,
                                      "indicator": pl.String, "numerator": pl.Int64, "denominator": pl.Int64,
                                      "share": pl.Float64}, orient="row")


def test_two_persons_are_suppressed_and_three_are_shown(tmp_path):
    people = {"101": ["A1", "A2"], "147": ["B1", "B2", "B3"]}
    persons = [person(p, int(m)) for m, ps in people.items() for p in ps]
    benefits = [row for ps in people.values() for p in ps for row in cash_weeks(p, -300, 9)]
    folder = write_extract(tmp_path / "x", "2017-08", persons=persons, benefits=benefits)
    result, con = load(tmp_path, folder)
    g = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="target_group")
    by_code = {r["unit_code"]: r for r in g.iter_rows(named=True)}
    assert by_code["101"]["numerator"] is None and by_code["101"]["suppressed"]
    assert by_code["147"]["numerator"] == 3 and not by_code["147"]["suppressed"]
    visited = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="not_visited")
    row101 = visited.filter(pl.col("unit_code") == "101").row(0, named=True)
    assert row101["denominator"] is None and row101["share"] is None and row101["comparison"] is None
    raw = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="target_group", raw=True)
    assert raw.filter(pl.col("unit_code") == "101")["numerator"][0] == 2


def test_second_suppression_hides_a_second_part():
    rows = [
        ("2018-12", "jobcentre", "101", "g2_waiting_0_3", 2, 40, 0.05),
        ("2018-12", "jobcentre", "101", "g2_waiting_3_6", 5, 40, 0.125),
        ("2018-12", "jobcentre", "101", "g2_waiting_6_9", 3, 40, 0.075),
        ("2018-12", "jobcentre", "101", "g2_waiting_over_9", 30, 40, 0.75),
        ("2018-12", "jobcentre", "101", "g2_waiting", 40, 60, 0.667),
        ("2018-12", "jobcentre", "147", "g2_waiting_0_3", 0, 12, 0.0),
        ("2018-12", "jobcentre", "147", "g2_waiting_3_6", 4, 12, 0.33),
        ("2018-12", "jobcentre", "147", "g2_waiting_6_9", 4, 12, 0.33),
        ("2018-12", "jobcentre", "147", "g2_waiting_over_9", 4, 12, 0.33),
        ("2018-12", "jobcentre", "147", "g2_waiting", 12, 20, 0.6),
    ]
    out = discretion.suppress_indicators(_frame(rows), threshold=3)
    hidden = {(r["unit_code"], r["indicator"]) for r in out.iter_rows(named=True) if r["suppressed"]}
    # 101: 2 is suppressed, so the smallest other part (3, the 6-9 band) is suppressed too
    assert hidden == {("101", "g2_waiting_0_3"), ("101", "g2_waiting_6_9")}
    assert out.filter(pl.col("suppressed"))["numerator"].null_count() == 2
    # the total minus the shown parts no longer gives a hidden part
    shown = out.filter((pl.col("unit_code") == "101") & ~pl.col("suppressed") & (pl.col("indicator") != "g2_waiting"))
    assert 40 - shown["numerator"].sum() == 5  # = 2 + 3, not one of them


def test_no_second_suppression_when_none_or_two_parts_are_hidden():
    rows = [("2018-12", "jobcentre", "101", ind, n, 9, n / 9)
            for ind, n in (("g2_waiting_0_3", 1), ("g2_waiting_3_6", 2), ("g2_waiting_6_9", 3), ("g2_waiting_over_9", 3))]
    out = discretion.suppress_indicators(_frame(rows), threshold=3)
    assert out["suppressed"].to_list() == [True, True, False, False]


def test_group2_waiting_table_applies_both_suppressions(tmp_path):
    frame = pl.DataFrame({"unit_code": ["1"], "waiting_total": [2]})
    out = discretion.suppress_counts(frame, ["waiting_total"], threshold=3)
    assert out.row(0, named=True) == {"unit_code": "1", "waiting_total": None, "waiting_total_suppressed": True}


def test_a_share_whose_complement_is_small_is_suppressed():
    rows = [("2019-08", "municipality", "492", "g2_changed_benefit", 8, 10, 0.8),
            ("2019-08", "municipality", "492", "g2_waiting", 2, 10, 0.2),
            ("2019-08", "municipality", "101", "g2_changed_benefit", 7, 10, 0.7)]
    out = discretion.suppress_indicators(_frame(rows), threshold=3)
    assert out["suppressed"].to_list() == [True, True, False]
    assert out["numerator"].to_list() == [None, None, 7]
