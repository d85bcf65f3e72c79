import datetime as dt

import polars as pl

from monitor.present import danish


def test_numbers_in_danish_format():
    assert danish.integer(13012) == "13.012"
    assert danish.integer(735) == "735"
    assert danish.percent(0.234) == "23,4 pct."
    assert danish.percent(0.1129, 1) == "11,3 pct."
    assert danish.kroner(257000000) == "257.000.000 kr."
    assert danish.decimal(1234.5) == "1.234,5"
    assert danish.percent_points(-0.012) == "−1,2 pct.-point"


def test_missing_and_suppressed():
    assert danish.integer(None) == ""
    assert danish.count(2, suppressed=True) == "<3"


def test_month_names():
    assert danish.month_name("2018-12") == "december 2018"
    assert danish.month_name("2017-08", short=True) == "aug. 2017"
    assert danish.date(dt.date(2019, 5, 7)) == "7. maj 2019"
def test_tiny_change_is_plus_minus_zero():
    assert danish.percent_points(-0.00001) == "±0,0 pct.-point"


def test_vectorised_formats_match_the_python_ones():
    """Pages format columns with Polars expressions (no Python callback per row)."""
    counts = [None, 0, 7, 999, 1000, 13012, 1234567, -4567]
    shares = [None, float("nan"), 0.0, 0.234, 0.05, 0.99999, 1.0, -0.0123]
    frame = pl.DataFrame({"n": counts, "s": shares, "m": ["2018-12", "2017-08", None, "2019-01", None, None, None, None],
                          "hidden": [False, True, False, None, False, False, False, False]})
    out = frame.select(danish.integer_expr(pl.col("n")).alias("n"), danish.percent_expr(pl.col("s")).alias("s"),
                       danish.month_name_expr(pl.col("m")).alias("m"),
                       danish.count_expr(pl.col("n"), pl.col("hidden")).alias("c"))
    assert out["n"].to_list() == ["", "0", "7", "999", "1.000", "13.012", "1.234.567", "-4.567"]
    assert out["s"].to_list() == ["", "", "0,0 pct.", "23,4 pct.", "5,0 pct.", "100,0 pct.", "100,0 pct.", "-1,2 pct."]
    assert out["m"].to_list()[:4] == ["december 2018", "august 2017", "", "januar 2019"]
    assert out["c"].to_list()[:3] == ["", "<3", "7"]


def test_vectorised_date_matches_the_python_one():
    """Dates on the administration blocks: '1. marts 2018' from a date or a timestamp column (null stays null)."""
    dates = [dt.date(2018, 3, 1), dt.date(2019, 12, 31), None]
    stamps = [dt.datetime(2017, 8, 9, 23, 59), None, dt.datetime(2019, 1, 31, 0, 0)]
    out = pl.DataFrame({"d": dates, "t": stamps}).select(danish.date_expr(pl.col("d")).alias("d"),
                                                          danish.date_expr(pl.col("t")).alias("t"))
    assert out["d"].to_list() == ["1. marts 2018", "31. december 2019", None]
    assert out["t"].to_list() == ["9. august 2017", None, "31. januar 2019"]
    assert out["d"][0] == danish.date(dates[0]) and out["t"][2] == danish.date(stamps[2])
