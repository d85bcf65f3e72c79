"""Funnel limits, overdispersion and better/worse by polarity (monitor.core.stats)."""

import math

import polars as pl
import pytest

from monitor.core import stats
from monitor.core.settings import load as load_settings


def test_normal_quantiles():
    assert stats.z_for(0.95) == pytest.approx(1.95996, abs=1e-4)
    assert stats.z_for(0.998) == pytest.approx(3.0902, abs=1e-4)
    assert stats.chi2_quantile(85, 0.95) == pytest.approx(107.52, rel=0.01)


def test_control_limits_narrow_with_the_denominator_and_widen_with_phi():
    lo100, hi100 = stats.control_limits(0.23, 100, 0.95)
    lo1000, hi1000 = stats.control_limits(0.23, 1000, 0.95)
    assert hi100 - lo100 > hi1000 - lo1000
    assert hi100 == pytest.approx(0.23 + 1.96 * math.sqrt(0.23 * 0.77 / 100), abs=1e-4)
    lo, hi = stats.control_limits(0.23, 100, 0.95, phi=4.0)
    assert hi - lo == pytest.approx(2 * (hi100 - lo100), rel=1e-6)
    assert stats.control_limits(0.01, 3, 0.998)[0] == 0.0  # clipped


def test_overdispersion_is_detected_only_when_present():
    n = [200] * 30
    even = [0.23 + (0.002 if i % 2 else -0.002) for i in range(30)]
    assert stats.overdispersion(even, n, 0.23) == 1.0
    spread = [0.10 + 0.26 * i / 29 for i in range(30)]
    phi = stats.overdispersion(spread, n, 0.23)
    assert phi > 2


def _frame(shares, indicator="company_offer", n=400):
    rows = [("2018-12", "country", "DK", indicator, int(0.23 * n * len(shares)), n * len(shares))]
    rows += [("2018-12", "jobcentre", str(i), indicator, round(s * n), n) for i, s in enumerate(shares)]
    return pl.DataFrame(rows, schema=["month", "unit_type", "unit_code", "indicator", "numerator", "denominator"], orient="row")


def test_compare_marks_worse_by_polarity():
    frame = _frame([0.23, 0.10, 0.40])
    out = stats.compare(frame, {"company_offer": "high"}, 0.95, 0.998, 3, 10, 0.1)
    by = dict(zip(out["unit_code"], out["comparison"]))
    assert by == {"DK": None, "0": "similar", "1": "worse", "2": "better"}
    low = stats.compare(frame.with_columns(pl.lit("passive").alias("indicator")), {"passive": "low"}, 0.95, 0.998, 3, 10, 0.1)
    by_low = dict(zip(low["unit_code"], low["comparison"]))
    assert by_low["1"] == "better" and by_low["2"] == "worse"
    assert out.filter(pl.col("unit_code") == "1")["alarm"][0]


def test_no_comparison_without_polarity_or_below_the_threshold():
    frame = _frame([0.10, 0.40], indicator="group_1")
    out = stats.compare(frame, {"group_1": "none"}, 0.95, 0.998, 3, 10, 0.1)
    assert out["comparison"].null_count() == 3
    small = _frame([0.5], n=2)
    out = stats.compare(small, {"company_offer": "high"}, 0.95, 0.998, 3, 10, 0.1)
    assert out.filter(pl.col("unit_type") == "jobcentre")["comparison"][0] is None


def test_laggard_after_three_months_in_a_row_worse():
    rows = []
    for month, worse in (("2018-09", False), ("2018-10", True), ("2018-11", True), ("2018-12", True)):
        rows.append({"month": month, "unit_type": "jobcentre", "unit_code": "1", "indicator": "x",
                     "alarm": False, "_worse95": worse})
    out = stats.runs_of_worse(pl.DataFrame(rows), 3).sort("month")
    assert out["months_worse"].to_list() == [0, 1, 2, 3]
    assert out["laggard"].to_list() == [False, False, False, True]


def test_the_programme_makes_a_laggard_after_three_months_worse_in_a_row():
    # the rule of the programme: worse than the country at the alert limit three months in a
    # row (not at the alarm limit) makes a laggard; the settings must say so
    rows = [{"month": m, "unit_type": "jobcentre", "unit_code": "1", "indicator": "x", "alarm": False,
             "_worse95": worse}
            for m, worse in (("2018-09", True), ("2018-10", True), ("2018-11", True), ("2018-12", False))]
    out = stats.runs_of_worse(pl.DataFrame(rows), load_settings().laggard_alert_months).sort("month")
    assert out["laggard"].to_list() == [False, False, True, False]
