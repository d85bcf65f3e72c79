"""Comparison charts on hand-made frames: every name, legends, own unit, log funnel axis, a
map without any base map or outside request, the regional matrix order."""

import json

import polars as pl

from monitor.dashboard import shared_charts
from monitor.present import charts, comparison_charts as cc


def _units(shares, comparisons, indicator="passive", laggard=None):
    n = len(shares)
    return pl.DataFrame({
        "unit_code": [str(100 + i) for i in range(n)], "unit_name": [f"Jobcenter J{i}" for i in range(n)],
        "indicator": [indicator] * n, "numerator": [round(s * 200) for s in shares], "denominator": [200 * (i + 1) for i in range(n)],
        "share": shares, "national_share": [0.25] * n, "overdispersion": [1.0] * n, "comparison": comparisons,
        "laggard": laggard or [False] * n,
    })


def test_ranking_names_every_job_centre_best_first_with_a_legend_and_the_own_unit_marked():
    frame = _units([0.10, 0.50, 0.30, 0.20], ["better", "worse", "similar", "similar"])
    fig = cc.ranking(frame, "passive", own_code="103")  # lower is better: J0 (10 %) at the top
    order = list(fig.layout.yaxis.categoryarray)[::-1]
    assert order == ["J0", "<b>▶ Jobcenter J3</b>", "J2", "J1"]
    assert [t.name for t in fig.data if t.showlegend is not False] == [
        "Bedre end landet", "Som landet", "Dårligere end landet", "Hele landet 25,0 pct."]
    worse = next(t for t in fig.data if t.name == "Dårligere end landet")
    assert list(worse.y) == ["J1"] and worse.marker.color == charts.VERMILLION
    assert fig.layout.height >= 20 * 4 and fig.layout.legend.yref == "container"


def test_funnel_axis_is_logarithmic_so_small_and_large_job_centres_spread():
    fig = cc.funnel(_units([0.2, 0.3, 0.6], ["similar", "similar", "worse"]), "passive")
    assert fig.layout.xaxis.type == "log"
    limits = [t for t in fig.data if t.name == "99,8 %-grænser"]
    assert limits[0].x[0] <= 200 * 0.8 + 1 and limits[0].x[-1] >= 600


def test_map_draws_every_municipality_from_the_shipped_shapes_without_a_base_map():
    frame = pl.DataFrame({"unit_code": ["101", "851"], "unit_name": ["København", "Aalborg"], "share": [0.3, None],
                          "comparison": ["worse", None]})
    fig = cc.municipality_map(frame, "company_offer")
    assert {t.type for t in fig.data} == {"scatter"}  # no geo / map traces: nothing fetched from a CDN
    assert "geo" not in json.loads(fig.to_json())["layout"]
    hover = fig.data[-1].text
    assert len(hover) == len(charts.municipality_geojson()["features"])
    assert "København: 30,0 pct." in hover and "Aalborg: ingen tal vist" in hover
    assert [t.name for t in fig.data[:4]] == ["Dårligere end landet", "Som landet", "Bedre end landet", "Ingen tal vist"]


def test_matrix_puts_the_job_centres_lagging_on_most_indicators_first():
    rows = pl.concat([
        _units([0.3, 0.1, 0.4], ["similar", "better", "worse"], "passive", [False, False, True]),
        _units([0.3, 0.1, 0.4], ["similar", "worse", "worse"], "company_offer", [False, True, True]),
    ])
    fig = cc.comparison_matrix(rows, ["company_offer", "passive"])
    heat = fig.data[0]
    assert list(heat.y) == ["J2", "J1", "J0"]
    assert [list(r) for r in heat.z] == [[-1, -1], [-1, 1], [0, 0]]
    assert [list(r) for r in heat.text] == [["▼!", "▼!"], ["▼!", "▲"], ["", ""]]


def test_the_numbers_under_a_chart_are_its_values_not_its_drawing():
    frame = pl.DataFrame({"unit_code": ["101", "851"], "unit_name": ["København", "Aalborg"], "share": [0.3, None],
                          "comparison": ["worse", None]})
    assert shared_charts.numbers(cc.municipality_map(frame, "company_offer")).rows() == [
        ("Dårligere end landet", "København", "30,0 pct.")]  # one row per municipality with a figure
    rows = pl.concat([
        _units([0.3, 0.1], ["similar", "better"], "passive"),
        _units([0.3, 0.1], ["similar", "worse"], "company_offer", [False, True]),
    ])
    matrix = shared_charts.numbers(cc.comparison_matrix(rows, ["company_offer", "passive"]))
    assert matrix.rows() == [("Virks. tilbud", "J1", "▼!"), ("Passive", "J1", "▲"),
                             ("Virks. tilbud", "J0", ""), ("Passive", "J0", "")]
    funnel = shared_charts.numbers(cc.funnel(_units([0.2, 0.6], ["similar", "worse"]), "passive"))
    assert ("Dårligere end landet", "Jobcenter J1", "60,0 pct.") in funnel.rows()  # the share axis is in percent
    assert ("Som landet", "Jobcenter J0", "20,0 pct.") in funnel.rows()
