"""Discretion as published: the stored pattern applied to figures (primary, secondary, withheld)."""

import polars as pl

from extract_factory import cash_weeks, load, person, write_extract
from monitor.core import discretion, figures


def _frame(rows):
    return pl.DataFrame(rows, schema={"month": pl.String, "unit_type": pl.String, "unit_code": pl.String,
                                      "indicator": pl.String, "numerator": pl.Int64, "denominator": pl.Int64,
                                      "share": pl.Float64, "national_share": pl.Float64, "comparison": pl.String},
                        orient="row")


def _pattern(rows):
    return pl.DataFrame(rows, schema={"month": pl.String, "unit_type": pl.String, "unit_code": pl.String,
                                      "cell": pl.String, "suppression": pl.String}, orient="row")


def test_two_persons_are_suppressed_and_their_only_sibling_too(tmp_path):
    # office OEST = 101 + 147 = 5 is published; showing 147's 3 would give 101's 2 by subtraction
    people = {"101": ["A1", "A2"], "147": ["B1", "B2", "B3"]}
    persons = [person(p, int(m)) for m, ps in people.items() for p in ps]
    benefits = [row for ps in people.values() for p in ps for row in cash_weeks(p, -300, 9)]
    folder = write_extract(tmp_path / "x", "2017-08", persons=persons, benefits=benefits)
    result, con = load(tmp_path, folder)
    g = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="target_group")
    by_code = {r["unit_code"]: r for r in g.iter_rows(named=True)}
    assert by_code["101"]["numerator"] is None and by_code["101"]["suppression"] == "primary"
    assert by_code["147"]["numerator"] is None and by_code["147"]["suppression"] == "secondary"
    office = figures.indicators(con, month="2017-08", unit_type="star_office", indicator="target_group")
    assert office["numerator"].to_list() == [5]
    visited = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="not_visited")
    row101 = visited.filter(pl.col("unit_code") == "101").row(0, named=True)
    assert row101["denominator"] is None and row101["share"] is None and row101["comparison"] is None
    raw = figures.indicators(con, month="2017-08", unit_type="municipality", indicator="target_group", raw=True)
    assert raw.filter(pl.col("unit_code") == "101")["numerator"][0] == 2
    summary = figures.discretion_summary(con, "2017-08")
    assert summary["published"] and summary["secondary_cells"] > 0


def test_the_stored_pattern_hides_numerators_denominators_and_what_depends_on_them():
    rows = [
        ("2018-12", "jobcentre", "101", "g2_waiting_0_3", 2, 40, 0.05, 0.1, "similar"),
        ("2018-12", "jobcentre", "101", "g2_waiting_3_6", 5, 40, 0.125, 0.1, "worse"),
        ("2018-12", "jobcentre", "101", "g2_waiting", 40, 60, 0.667, 0.5, "worse"),
        ("2018-12", "jobcentre", "147", "g2_waiting_3_6", 4, 12, 0.33, 0.1, "worse"),
        ("2018-12", "jobcentre", "147", "g2_count", 20, None, None, None, None),
    ]
    pattern = _pattern([
        ("2018-12", "jobcentre", "101", "g2_waiting_0_3", "primary"),
        ("2018-12", "jobcentre", "101", "g2_waiting_3_6", "secondary"),
        ("2018-12", "jobcentre", "147", "g2_waiting", "secondary"),
        ("2018-12", "jobcentre", "147", "group_2", "secondary"),
    ])
    out = discretion.apply_pattern(_frame(rows), pattern, withheld=[])
    assert out["suppression"].to_list() == ["primary", "secondary", None, "secondary", "secondary"]
    assert out["numerator"].to_list() == [None, None, 40, 4, None]
    # 147's waiting band: numerator shown, denominator (waiting, hidden) not, nor the share
    assert out["denominator"].to_list() == [40, 40, 60, None, None]
    assert out["share"].to_list() == [None, None, 0.667, None, None]
    assert out["comparison"].to_list() == [None, None, "worse", None, None]
    assert out["suppressed"].to_list() == [True, True, False, True, True]


def test_a_withheld_month_publishes_nothing_and_a_hidden_country_cell_hides_the_national_share():
    rows = [("2018-12", "jobcentre", "101", "hours_30", 40, 100, 0.4, 0.3, "better"),
            ("2019-01", "jobcentre", "101", "hours_30", 41, 100, 0.41, 0.3, "better")]
    pattern = _pattern([("2019-01", "country", "DK", "effort_group", "secondary")])
    out = discretion.apply_pattern(_frame(rows), pattern, withheld=["2018-12"])
    first, second = out.iter_rows(named=True)
    assert first["suppression"] == "withheld" and first["numerator"] is None and first["national_share"] is None
    assert second["suppression"] is None and second["numerator"] == 41 and second["national_share"] is None


def test_counts_of_one_or_two_in_other_tables_are_suppressed():
    frame = pl.DataFrame({"unit_code": ["1"], "waiting_total": [2]})
    out = discretion.suppress_counts(frame, ["waiting_total"], threshold=3)
    assert out.row(0, named=True) == {"unit_code": "1", "waiting_total": None, "waiting_total_suppressed": True}
