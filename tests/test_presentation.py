"""What pages show, on small hand-made frames: deltas by polarity, discretion marks, Danish
table formats and downloads, laggards one row per job centre, instalment progress."""

import io

import polars as pl
from openpyxl import load_workbook

from monitor.core import discretion
from monitor.present import status_wording as sw, table_view as tv
from monitor.present.deltas import share_change
from monitor.core.settings import load as load_settings


def test_a_fall_in_passive_is_a_green_arrow_down_and_a_fall_in_job_broker_a_red_one():
    passive = share_change(0.244, 0.247, "low", "2019-07")
    assert (passive.arrow, passive.colour, passive.text, passive.since) == ("down", "green", "−0,3 pct.-point", "siden juli 2019")
    broker = share_change(0.602, 0.604, "high", "2019-07")
    assert (broker.arrow, broker.colour, broker.points) == ("down", "red", -0.2)
    rise = share_change(0.146, 0.140, "high", "2019-07")
    assert (rise.arrow, rise.colour, rise.text) == ("up", "green", "+0,6 pct.-point")
    flat = share_change(0.991, 0.9912, "high", "2019-07")
    assert (flat.arrow, flat.colour, flat.text) == ("off", "gray", "±0,0 pct.-point")
    assert share_change(None, 0.2, "high", "2019-07") is None


def _suppressed(rows, hidden):
    """Rows with the month's stored pattern applied (`hidden`: unit_code, cell, suppression)."""
    frame = pl.DataFrame(rows, schema={"month": pl.String, "unit_type": pl.String, "unit_code": pl.String,
                                       "indicator": pl.String, "numerator": pl.Int64, "denominator": pl.Int64,
                                       "share": pl.Float64}, orient="row")
    pattern = pl.DataFrame([("2019-08", "jobcentre", code, cell, why) for code, cell, why in hidden],
                           schema={"month": pl.String, "unit_type": pl.String, "unit_code": pl.String,
                                   "cell": pl.String, "suppression": pl.String}, orient="row")
    return discretion.apply_pattern(frame, pattern, withheld=[])


def _marked(frame):
    shown = frame.select(pl.col("unit_code").alias("Kode"), pl.col("numerator").alias("Antal"),
                         pl.col("denominator").alias("Nævner"), (pl.col("share") * 100).alias("Andel (pct.)"),
                         tv.count_mark().alias("_a"), tv.denominator_mark().alias("_n"), tv.share_mark().alias("_s"))
    return tv.view(shown, {"Antal": "count", "Nævner": "count", "Andel (pct.)": "percent"},
                   {"Antal": "_a", "Nævner": "_n", "Andel (pct.)": "_s"})


def test_a_count_hidden_because_its_complement_is_small_reads_skjult_not_below_three():
    # Lemvig's case: 20 of 21 changed benefit; 20 is hidden because 21 - 20 = 1 would show
    table = _marked(_suppressed([
        ("2019-08", "jobcentre", "665", "g2_changed_benefit", 20, 21, 20 / 21),
        ("2019-08", "jobcentre", "101", "g2_changed_benefit", 2, 40, 0.05),
        ("2019-08", "jobcentre", "147", "g2_changed_benefit", 30, 40, 0.75),
    ], [("665", "g2_changed_benefit", "secondary"), ("101", "g2_changed_benefit", "primary")]))
    assert [table.cell_text(0, c) for c in ("Antal", "Nævner", "Andel (pct.)")] == ["skjult", "21", "skjult"]
    assert [table.cell_text(1, c) for c in ("Antal", "Nævner", "Andel (pct.)")] == ["<3", "40", "skjult"]
    assert [table.cell_text(2, c) for c in ("Antal", "Nævner", "Andel (pct.)")] == ["30", "40", "75,0"]
    assert table.has_hidden
    styled = tv.styler(table)
    # Streamlit draws a null as its placeholder whatever the Styler says: marked cells carry a number
    assert styled.data["Antal"].tolist()[:2] == [tv.MARKED_SORT_VALUE] * 2 and styled.data["Antal"][2] == 30
    shown = styled.to_html()
    assert "None" not in shown and "nan" not in shown and "skjult" in shown and ">skjult<" in shown and "><3<" in shown


def test_tables_keep_numbers_numeric_and_show_them_in_danish():
    table = tv.view(pl.DataFrame({"Jobcenter": ["A", None], "Personer": [13012, 7], "Andel (pct.)": [43.25, None]}),
                    {"Personer": "count", "Andel (pct.)": "percent"})
    assert table.frame["Personer"].dtype == pl.Int64 and table.frame["Andel (pct.)"].dtype == pl.Float64
    assert [table.cell_text(0, "Personer"), table.cell_text(1, "Andel (pct.)"), table.cell_text(1, "Jobcenter")] == ["13.012", "", ""]
    html = tv.styler(table).to_html()
    assert "13.012" in html and "None" not in html and "nan" not in html


def test_csv_is_semicolon_separated_with_decimal_comma_and_marks():
    table = _marked(_suppressed([
        ("2019-08", "jobcentre", "665", "passive", 20, 21, 20 / 21),
        ("2019-08", "jobcentre", "147", "passive", 4550, 10000, 0.455),
    ], [("665", "passive", "secondary")]))
    lines = tv.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert lines == ["Kode;Antal;Nævner;Andel (pct.)", "665;skjult;21;skjult", "147;4550;10000;45,5"]


def test_excel_holds_real_numbers_with_danish_number_formats():
    table = _marked(_suppressed([("2019-08", "jobcentre", "147", "passive", 4550, 10000, 0.455),
                                 ("2019-08", "jobcentre", "665", "passive", 20, 21, 20 / 21)],
                                [("665", "passive", "secondary")]))
    sheet = load_workbook(io.BytesIO(tv.excel_bytes(table, "Passive, august 2019"))).active
    assert sheet["A1"].value == "Passive, august 2019" and sheet["A2"].value == tv.HIDDEN_NOTE
    assert [c.value for c in sheet[4]] == ["Kode", "Antal", "Nævner", "Andel (pct.)"]
    assert sheet["B5"].value == 4550 and sheet["B5"].number_format == "#,##0"
    assert sheet["D5"].value == 45.5 and sheet["D5"].number_format == "0.0"
    assert sheet["B6"].value == "skjult" and sheet["C6"].value == 21


def _lag(rows):
    return pl.DataFrame(rows, schema={"unit_code": pl.String, "unit_name": pl.String, "star_office": pl.String,
                                      "indicator": pl.String, "level": pl.String, "months_worse": pl.Int64}, orient="row")


def test_laggards_are_one_row_per_job_centre_with_mirrors_merged_most_severe_first():
    lag = _lag([
        ("101", "Jobcenter København", "OEST", "passive", "alert_run", 3),
        ("665", "Jobcenter Lemvig", "MIDTNORD", "visited", "alert_run", 5),
        ("665", "Jobcenter Lemvig", "MIDTNORD", "not_visited", "alarm", 21),
        ("665", "Jobcenter Lemvig", "MIDTNORD", "passive", "alert_run", 4),
        ("147", "Jobcenter Frederiksberg", "OEST", "g2_waiting", "alarm", 0),
    ])
    table = sw.laggards_by_jobcentre(lag)
    assert table["unit_name"].to_list() == ["Jobcenter Lemvig", "Jobcenter København", "Jobcenter Frederiksberg"]
    lemvig = table.row(0, named=True)
    assert lemvig["indicators"] == "Visiteret (21 måneder), Passive (4 måneder)"
    assert (lemvig["n_indicators"], lemvig["longest_run"], lemvig["alarm"], lemvig["star_office"]) == (2, 21, True, "MIDTNORD")
    assert table.row(2, named=True)["indicators"] == "Gruppe 2: skiftet ydelse (0 måneder)"


def test_singular_and_plural():
    assert [sw.jobcentres_text(n) for n in (0, 1, 2)] == ["Ingen jobcentre halter", "1 jobcenter halter", "2 jobcentre halter"]
    assert [sw.months_text(n) for n in (1, 21)] == ["1 måned", "21 måneder"]


def test_instalment_three_progress_says_months_still_needed_and_the_earliest_month():
    settings = load_settings()
    row = {"instalment": 3, "state": "not_met", "run_months": 1, "due_month": None}
    assert sw.instalment_progress(row, 0.411, "2019-08", settings) == \
        "Rate 3: 41,1 pct. (krav 40 pct.), 1 af 3 måneder - tidligst oktober 2019."
    early = sw.instalment_progress({**row, "run_months": 0}, 0.35, "2018-06", settings)
    assert early == "Rate 3: 35,0 pct. (krav 40 pct.), 0 af 3 måneder - tidligst januar 2019."
    paid = {"instalment": 2, "state": "paid", "due_month": "2018-03"}
    assert sw.instalment_progress(paid, None, "2019-08", settings) == "Rate 2: udbetalt i marts 2018."
    missing = {"instalment": 2, "state": "not_met", "not_visited": 12, "not_visited_suppressed": False}
    assert sw.instalment_progress(missing, None, "2019-08", settings) == \
        "Rate 2: ikke opfyldt, 12 personer mangler at blive visiteret - tidligst september 2019."
