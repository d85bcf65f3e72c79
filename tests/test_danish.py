import datetime as dt

from monitor import danish


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
    assert danish.share_or_note(None, 0) == "ingen i gruppen"
    assert danish.share_or_note(0.5, 10, suppressed=True) == "<3"


def test_month_names():
    assert danish.month_name("2018-12") == "december 2018"
    assert danish.month_name("2017-08", short=True) == "aug. 2017"
    assert danish.date(dt.date(2019, 5, 7)) == "7. maj 2019"
def test_tiny_change_is_plus_minus_zero():
    from monitor import danish
    assert danish.percent_points(-0.00001) == "±0,0 pct.-point"
