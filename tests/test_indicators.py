"""Monthly indicators computed by the core, on hand-made extracts worked out by hand."""

import polars as pl
import pytest

from extract_factory import cash_weeks, load, person, week, write_extract
from monitor.core import calendar, figures


def _qualifying(pid, municipality=101):
    return person(pid, municipality=municipality), cash_weeks(pid, -300, 9)


def _month_weeks(pid, month, benefit="KH", match="A"):
    """Benefit rows for every week that belongs to `month`."""
    first = calendar.iso_week_to_index("2017-W26")
    rows = []
    for i in range(first, first + 200):
        if calendar.week_month(i) == month:
            rows.append({"person_id": pid, "week": calendar.index_to_iso_week(i), "benefit": benefit,
                         "match_category": match if benefit in ("KH", "UH", "IY") else None})
    return rows


def _value(con, indicator, month="2017-08", unit_type="country", unit_code="DK", raw=True):
    frame = figures.indicators(con, month=month, unit_type=unit_type, unit_code=unit_code, indicator=indicator, raw=raw)
    assert frame.height == 1, frame
    return frame.row(0, named=True)


def test_effort_group_indicators_and_hours_threshold(tmp_path):
    people = [f"E{i}" for i in range(5)]
    persons, benefits = zip(*[_qualifying(p) for p in people])
    benefits = [row for rows in benefits for row in rows]
    markings = [{"person_id": p, "marking": "FSM1", "from_date": "2017-08-07"} for p in people]
    markings += [{"person_id": "E0", "marking": "PJF", "from_date": "2017-08-07"},
                 {"person_id": "E4", "marking": "FRI", "from_date": "2017-08-20"}]  # E4 exempt: not in E
    offers = [{"person_id": "E1", "offer_type": "LTP", "from_date": "2017-07-01", "to_date": "2017-08-01"},
              {"person_id": "E2", "offer_type": "ME", "from_date": "2017-08-01"}]  # mentor: not company-directed
    hours = [{"person_id": "E2", "month": "2017-08", "ordinary_hours": "29.9"},
             {"person_id": "E3", "month": "2017-08", "ordinary_hours": "30"}]
    folder = write_extract(tmp_path / "x", "2017-08", persons=list(persons), benefits=benefits,
                           markings=markings, offers=offers, hours=hours)
    result, con = load(tmp_path, folder)
    assert result.ok, result.report
    assert _value(con, "effort_group")["numerator"] == 4
    assert _value(con, "ever_effort_group")["numerator"] == 5
    assert (_value(con, "job_broker")["numerator"], _value(con, "job_broker")["denominator"]) == (1, 4)
    assert _value(con, "company_offer")["numerator"] == 1  # offer ending on the month's first day counts
    assert _value(con, "ordinary_hours")["numerator"] == 2
    assert _value(con, "hours_30")["numerator"] == 1       # 29.9 does not count, 30 does
    assert _value(con, "activity")["numerator"] == 3       # E1 (offer), E2 and E3 (hours)
    assert _value(con, "passive")["numerator"] == 0        # E0 job broker, E1 offer, E2/E3 hours
    assert _value(con, "group_1")["numerator"] == 5 and _value(con, "visited")["numerator"] == 5


def test_mover_and_person_missing_from_a_snapshot(tmp_path):
    persons, benefits = zip(*[_qualifying(p) for p in ("M1", "M2", "M3")])
    benefits = [row for rows in benefits for row in rows]
    aug = write_extract(tmp_path / "x", "2017-08", persons=list(persons), benefits=benefits)
    # September: M1 moved from København (101) to Aarhus (751); M3 is not in the snapshot (emigrated)
    sep = write_extract(tmp_path / "x", "2017-09", persons=[person("M1", 751), person("M2")])
    result, con = load(tmp_path, aug, sep)
    assert result.ok, result.report
    assert _value(con, "target_group", "2017-08", "municipality", "101")["numerator"] == 3
    assert _value(con, "target_group", "2017-09", "municipality", "101")["numerator"] == 1
    assert _value(con, "target_group", "2017-09", "municipality", "751")["numerator"] == 1
    assert _value(con, "target_group", "2017-09")["numerator"] == 2
    # the grant follows the municipality at the reference week
    grants = figures.instalments(con, raw=True).filter(pl.col("instalment") == 1)
    assert grants.filter(pl.col("municipality_code") == 101)["grant_dkk"][0] == 257_000_000
    assert grants["grant_dkk"].sum() == 257_000_000


def test_re_visitation_latest_from_date_is_the_current_group(tmp_path):
    p, b = _qualifying("V1")
    markings = [{"person_id": "V1", "marking": "FSM3", "from_date": "2017-08-01"},
                {"person_id": "V1", "marking": "FSM1", "from_date": "2017-08-15"}]
    folder = write_extract(tmp_path / "x", "2017-08", persons=[p], benefits=b, markings=markings)
    result, con = load(tmp_path, folder)
    assert result.ok
    assert _value(con, "group_1")["numerator"] == 1 and _value(con, "group_3")["numerator"] == 0
    assert con.sql("select count(*) from quality_warnings where rule like 'overlappende%'").fetchall() == [(1,)]


def test_group_2_waiting_bands_exactly_9_months_and_no_active_offer(tmp_path):
    # d1(2018-12) = 2018-12-31; minus 9 months = 2018-03-31: from that day = exactly 9 months (6-9 band)
    starts = {"W9": "2018-03-31", "W9PLUS": "2018-03-30", "W2": "2018-11-01", "W4": "2018-08-15", "CHANGED": "2018-01-01"}
    persons, benefits = zip(*[_qualifying(p) for p in starts])
    benefits = [row for rows in benefits for row in rows]
    markings = [{"person_id": p, "marking": "FSM2", "from_date": d} for p, d in starts.items()]
    first = write_extract(tmp_path / "x", "2017-08", persons=list(persons), benefits=benefits)
    later = []
    for month in calendar.month_range("2017-09", "2018-12"):
        rows = []
        for p in starts:
            rows += _month_weeks(p, month, benefit="FP" if p == "CHANGED" and month >= "2018-06" else "KH")
        later.append(write_extract(tmp_path / "x", month, persons=list(persons), benefits=rows,
                                   markings=markings if month == "2018-12" else [],
                                   offers=[{"person_id": "W2", "offer_type": "NY", "from_date": "2018-12-01"}] if month == "2018-12" else []))
    result, con = load(tmp_path, first, *later)
    assert result.ok, result.report
    v = lambda ind: _value(con, ind, "2018-12")
    assert v("g2_count")["numerator"] == 5
    assert (v("g2_waiting")["numerator"], v("g2_waiting")["denominator"]) == (4, 5)
    assert v("g2_changed_benefit")["numerator"] == 1
    assert v("g2_waiting_over_9")["numerator"] == 1   # only W9PLUS
    assert v("g2_waiting_6_9")["numerator"] == 1      # W9: exactly 9 months
    assert v("g2_waiting_3_6")["numerator"] == 1      # W4
    assert v("g2_waiting_0_3")["numerator"] == 1      # W2
    assert (v("g2_no_active_offer")["numerator"], v("g2_no_active_offer")["denominator"]) == (3, 4)
    assert v("g2_ever")["numerator"] == 5


def test_job_education_flexjob_and_employed_off_benefits(tmp_path):
    people = ["J1", "J2", "J3"]
    persons, benefits = zip(*[_qualifying(p) for p in people])
    benefits = [row for rows in benefits for row in rows]
    markings = [{"person_id": p, "marking": "FSM1", "from_date": "2017-08-01"} for p in people]
    first = write_extract(tmp_path / "x", "2017-08", persons=list(persons), benefits=benefits, markings=markings)
    sep_benefits = _month_weeks("J1", "2017-09", benefit="FJ") + _month_weeks("J3", "2017-09")
    hours = [{"person_id": "J2", "month": "2017-09", "ordinary_hours": "80"},
             {"person_id": "J3", "month": "2017-09", "ordinary_hours": "20"}]
    sep = write_extract(tmp_path / "x", "2017-09", persons=list(persons), benefits=sep_benefits, hours=hours)
    result, con = load(tmp_path, first, sep)
    assert result.ok, result.report
    jef = _value(con, "job_education_flexjob", "2017-09")
    assert (jef["numerator"], jef["denominator"]) == (2, 3)   # J1 flex job, J2 hours without cash; J3 still on cash
    eob = _value(con, "employed_off_benefits", "2017-09")
    assert eob["numerator"] == 1                               # J2 only: J1 has a flex-job benefit week


def test_a_zero_denominator_gives_no_share_and_no_error(tmp_path):
    p, b = _qualifying("Z1")
    folder = write_extract(tmp_path / "x", "2017-08", persons=[p], benefits=b)
    result, con = load(tmp_path, folder)
    row = _value(con, "job_broker")
    assert (row["numerator"], row["denominator"], row["share"]) == (0, 0, None)


def test_every_indicator_of_the_definitions_is_computed(tmp_path):
    p, b = _qualifying("A1")
    folder = write_extract(tmp_path / "x", "2017-08", persons=[p], benefits=b)
    result, con = load(tmp_path, folder)
    computed = set(figures.indicators(con, month="2017-08", unit_type="country", raw=True)["indicator"])
    from monitor.core import metadata
    assert computed == set(metadata.ids())


def test_stored_figures_make_laggards_after_three_months_worse_in_a_row(demo_con):
    # the demonstration data as derived with the programme's settings: a unit three months in a
    # row worse at the alert limit is a laggard, two months are not enough (unless the alarm)
    rows = figures.indicators(demo_con, unit_type="jobcentre", raw=True).filter(~pl.col("alarm"))
    three = rows.filter(pl.col("months_worse") == 3)
    two = rows.filter(pl.col("months_worse") == 2)
    assert three.height > 0 and two.height > 0, "the demonstration data must have runs of two and three months"
    assert three["laggard"].all()
    assert not two["laggard"].any()
