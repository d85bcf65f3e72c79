"""Chart builders on small hand-made frames: traces, limits, colours by polarity."""

import polars as pl
import plotly.graph_objects as go
import pytest

from monitor.present import charts, revision_charts


def _rows(indicator="company_offer"):
    rows = []
    for i, (month, share, comparison) in enumerate([("2018-10", 0.10, "worse"), ("2018-11", 0.22, "similar"), ("2018-12", 0.40, "better")]):
        rows += [
            {"month": month, "unit_type": "country", "unit_code": "DK", "unit_name": "Hele landet", "indicator": indicator,
             "share": 0.23, "comparison": None},
            {"month": month, "unit_type": "star_office", "unit_code": "SYD", "unit_name": "Arbejdsmarkedskontor Syd",
             "indicator": indicator, "share": 0.25, "comparison": None},
            {"month": month, "unit_type": "jobcentre", "unit_code": "461", "unit_name": "Jobcenter Odense",
             "indicator": indicator, "share": share, "comparison": comparison},
        ]
    return pl.DataFrame(rows)


def test_trend_marks_months_by_comparison_with_colour_and_shape():
    fig = charts.indicator_trend(_rows(), "company_offer", "461")
    names = [t.name for t in fig.data]
    assert names[:3] == ["Hele landet", "Arbejdsmarkedskontor Syd", "Jobcenter Odense"]
    worse = next(t for t in fig.data if t.name == "Dårligere end landet")
    better = next(t for t in fig.data if t.name == "Bedre end landet")
    assert worse.marker.color == charts.VERMILLION and worse.marker.symbol == "triangle-down"
    assert better.marker.color == charts.BLUE and list(better.y) == [0.40]
    assert "Virksomhedsrettet tilbud" in fig.layout.title.text
    assert fig.layout.yaxis.title.text == "Andel (pct.)" and fig.layout.yaxis.tickformat == ".0%"
    assert "1 måneder dårligere" in charts.alt_text(fig)


def test_trend_grid_puts_each_indicator_in_its_own_panel_with_one_legend():
    frame = pl.concat([_rows("company_offer"), _rows("activity")])
    spec = charts.indicator_trend_grid(frame, ["company_offer", "activity"], "461")
    fig = go.Figure(spec)  # a valid Plotly figure
    axes = [(t.xaxis, t.yaxis) for t in fig.data]
    assert axes[:6] == [("x", "y")] * 6 and axes[6:] == [("x2", "y2")] * 6
    shown = [t.name for t in fig.data if t.showlegend]
    assert shown == ["Hele landet", "Arbejdsmarkedskontor Syd", "Jobcenter Odense", "Bedre end landet",
                     "Som landet", "Dårligere end landet"]
    assert [a.text for a in fig.layout.annotations] == ["Virksomhedsrettet tilbud", "Virksomhedsrettet eller ordinære timer (rate 3)"]
    assert fig.layout.yaxis2.tickformat == ".0%"
    assert charts.alt_text(spec).count("1 måneder dårligere") == 2


def _units(shares, denominators, comparisons, indicator="passive"):
    n = len(shares)
    return pl.DataFrame({
        "unit_code": [str(i) for i in range(n)], "unit_name": [f"Jobcenter {i}" for i in range(n)],
        "indicator": [indicator] * n, "numerator": [round(s * d) for s, d in zip(shares, denominators)],
        "denominator": denominators, "share": shares, "national_share": [0.25] * n,
        "overdispersion": [1.0] * n, "comparison": comparisons,
    })


def test_ranked_bars_sort_by_polarity_and_draw_the_country_line():
    frame = _units([0.1, 0.5, 0.3], [100, 100, 100], ["better", "worse", "similar"])
    fig = charts.ranked_bars(frame, "passive")  # lower is better: best first
    assert list(fig.data[0].y) == [0.1, 0.3, 0.5]
    assert list(fig.data[0].marker.color) == [charts.BLUE, charts.GREY, charts.VERMILLION]
    assert fig.layout.shapes[0].y0 == 0.25


def test_funnel_limits_narrow_with_the_denominator():
    frame = _units([0.2, 0.3, 0.6], [50, 400, 1000], ["similar", "similar", "worse"])
    fig = charts.funnel_plot(frame, "passive")
    upper998 = [t for t in fig.data if t.name == "99,8 %-grænser"]
    assert len(upper998) == 2
    lower, upper = (list(t.y) for t in upper998)
    assert upper[0] > upper[-1] and lower[0] < lower[-1]  # a funnel
    worse = next(t for t in fig.data if t.name == "Dårligere end landet")
    assert list(worse.text) == ["Jobcenter 2"]


def test_waiting_bars_leave_out_suppressed_units():
    frame = pl.DataFrame({
        "unit_name": ["A", "B"], "waiting_0_3": [1, None], "waiting_3_6": [4, None], "waiting_6_9": [5, 3],
        "waiting_over_9": [20, 10], "waiting_total": [30, 15], "suppressed_any": [False, True],
    })
    fig = charts.group2_waiting_bars(frame)
    assert [t.name for t in fig.data] == ["Op til 3 mdr.", "3-6 mdr.", "6-9 mdr.", "Over 9 mdr."]
    assert all(list(t.x) == ["A"] for t in fig.data)
    assert fig.layout.barmode == "stack"


def test_map_uses_the_municipality_geojson():
    frame = pl.DataFrame({"unit_code": ["101", "851"], "unit_name": ["København", "Aalborg"], "share": [0.2, None]})
    fig = charts.municipality_map(frame, "company_offer")
    assert list(fig.data[0].locations) == [101]
    assert fig.data[0].featureidkey == "properties.kommunekode"
    assert len(charts.municipality_geojson()["features"]) == 98


def test_triangle_chart_cells_worked_out_by_hand():
    frame = pl.DataFrame({
        "vintage": ["2017-08", "2017-09", "2017-09"], "month": ["2017-08", "2017-08", "2017-09"],
        "numerator": [4, 5, None], "denominator": [10, 10, None], "share": [0.4, 0.5, None],
    })
    fig = revision_charts.revision_triangle(frame, "visited", "Testby")
    heat = fig.data[0]
    assert [list(row) for row in heat.z] == [[40.0, 50.0], [None, None]]
    assert [list(row) for row in heat.text] == [["40,0 pct.", "50,0 pct."], ["", "<3"]]
    assert "1 måneder er revideret" in fig.layout.meta["alt"]
