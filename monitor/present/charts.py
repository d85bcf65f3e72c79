"""Plotly chart builders: plain functions from frames of monitor.core.figures to figures.

Colours are Okabe-Ito (colour-blind safe); better / worse are also told by marker shape.
Every figure has a title saying what it shows and labelled axes with units; the alt text
for a chart is `alt_text(fig)`.
"""

from __future__ import annotations

import json
from functools import lru_cache

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from monitor import DATA_DIR
from monitor.core import metadata, stats
from monitor.core.settings import load as load_settings
from monitor.present import danish, wording

BLUE, ORANGE, SKY, GREEN, YELLOW, NAVY, VERMILLION, PURPLE = (
    "#0072B2", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
GREY, BLACK = "#999999", "#000000"
COMPARISON_COLOURS = {"better": BLUE, "similar": GREY, "worse": VERMILLION}
COMPARISON_SYMBOLS = {"better": "triangle-up", "similar": "circle", "worse": "triangle-down"}
COMPARISON_LABELS = {"better": "Bedre end landet", "similar": "Som landet", "worse": "Dårligere end landet"}
WAITING_BANDS = list(zip(("waiting_0_3", "waiting_3_6", "waiting_6_9", "waiting_over_9"), wording.waiting_bands(short=True),
                         (SKY, YELLOW, ORANGE, VERMILLION)))
LAYOUT = dict(template="plotly_white", font=dict(family="DejaVu Sans, Arial, sans-serif", size=13),
              separators=",.", margin=dict(l=60, r=20, t=60, b=50), legend=dict(orientation="h", y=-0.2))


def _percent_axis(fig: go.Figure, axis: str = "y", title: str = "Andel (pct.)") -> None:
    getattr(fig, f"update_{axis}axes")(tickformat=".0%", title_text=title, rangemode="tozero")


def _month_labels(months: list[str]) -> list[str]:
    return [danish.month_name(m, short=True) for m in months]


def alt_text(fig: go.Figure | dict) -> str:
    """A one-line description of a chart for screen readers and captions."""
    meta = fig["layout"].get("meta") if isinstance(fig, dict) else fig.layout.meta
    return meta.get("alt", "") if isinstance(meta, dict) else ""


def _finish(fig: go.Figure, title: str, alt: str) -> go.Figure:
    fig.update_layout(title=dict(text=title), meta={"alt": alt}, **LAYOUT)
    return fig


def _trend_traces(frame: pl.DataFrame, indicator: str, unit_code: str) -> tuple[list[dict], str, int]:
    """The traces of one indicator's trend as plain dicts (cheap to build: a report draws many),
    the unit's name and its number of months worse than the country."""
    rows = frame.filter(pl.col("indicator") == indicator).sort("month")
    country = rows.filter(pl.col("unit_type") == "country")
    unit = rows.filter(pl.col("unit_code") == unit_code)
    region = rows.filter(pl.col("unit_type") == "star_office")
    unit_name = unit["unit_name"][0] if unit.height else unit_code

    def line(part: pl.DataFrame, name: str, **style) -> dict:
        return dict(type="scatter", x=_month_labels(part["month"].to_list()), y=part["share"].to_list(),
                    name=name, **style)

    traces = [line(country, "Hele landet", mode="lines", line=dict(color=BLACK, width=2, dash="dash"))]
    if region.height:
        traces.append(line(region, region["unit_name"][0], mode="lines", line=dict(color=ORANGE, width=2)))
    traces.append(line(unit, unit_name, mode="lines", line=dict(color=BLUE, width=3)))
    for comparison, colour in COMPARISON_COLOURS.items():
        marked = unit.filter(pl.col("comparison") == comparison)
        if marked.height:
            traces.append(line(marked, COMPARISON_LABELS[comparison], mode="markers", marker=dict(
                color=colour, size=10, symbol=COMPARISON_SYMBOLS[comparison], line=dict(color="white", width=1))))
    return traces, unit_name, unit.filter(pl.col("comparison") == "worse").height


def _trend_alt(indicator: str, unit_name: str, worse: int) -> str:
    name = metadata.name(indicator)
    return (f"Linjediagram over {name.lower()} pr. måned for {unit_name}, landet og arbejdsmarkedskontoret; "
            f"{worse} måneder dårligere end landet.")


def indicator_trend(frame: pl.DataFrame, indicator: str, unit_code: str) -> go.Figure:
    """One indicator over months for a unit, its STAR office and the country; the unit's
    months are marked better / similar / worse than the country by colour and shape."""
    traces, unit_name, worse = _trend_traces(frame, indicator, unit_code)
    fig = go.Figure(traces)
    _percent_axis(fig)
    fig.update_xaxes(title_text="Måned")
    return _finish(fig, f"{metadata.name(indicator)}: {unit_name} mod landet og arbejdsmarkedskontoret",
                   _trend_alt(indicator, unit_name, worse))


@lru_cache(maxsize=8)
def _grid_layout(indicators: tuple[str, ...], columns: int) -> dict:
    """The panels' layout (axes, titles, template) for a set of indicators, built once."""
    rows = (len(indicators) + columns - 1) // columns
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[metadata.name(i) for i in indicators],
                        vertical_spacing=0.16, horizontal_spacing=0.08)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_layout(**(LAYOUT | {"margin": dict(l=50, r=20, t=40, b=40), "legend": dict(orientation="h", y=-0.12)}))
    return fig.to_dict()["layout"]


def indicator_trend_grid(frame: pl.DataFrame, indicators: list[str], unit_code: str, columns: int = 2) -> dict:
    """indicator_trend for several indicators as one figure of small panels and one legend, so a
    report renders one image instead of one per indicator. A figure as a plain dict (Plotly's
    figure format, for kaleido and go.Figure) to keep building it cheap."""
    data, alts, named = [], [], set()
    for k, indicator in enumerate(indicators):
        traces, unit_name, worse = _trend_traces(frame, indicator, unit_code)
        axis = "" if k == 0 else str(k + 1)
        for trace in traces:
            trace.update(xaxis=f"x{axis}", yaxis=f"y{axis}", showlegend=trace["name"] not in named)
            named.add(trace["name"])
        data += traces
        alts.append(_trend_alt(indicator, unit_name, worse))
    layout = _grid_layout(tuple(indicators), columns) | {"meta": {"alt": " ".join(alts)}}
    return {"data": data, "layout": layout}


def national_trends(frame: pl.DataFrame, indicators: list[str], title: str) -> go.Figure:
    """Several indicators over months for the country (one line each)."""
    fig = go.Figure()
    palette = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, YELLOW]
    for colour, ind in zip(palette, indicators):
        rows = frame.filter(pl.col("indicator") == ind).sort("month")
        fig.add_trace(go.Scatter(x=_month_labels(rows["month"].to_list()), y=rows["share"].to_list(),
                                 name=metadata.name(ind), mode="lines+markers", line=dict(color=colour, width=2),
                                 marker=dict(size=5)))
    _percent_axis(fig)
    fig.update_xaxes(title_text="Måned")
    return _finish(fig, title, f"Linjediagram: {title.lower()} for hele landet pr. måned.")


def visitation_funnel(row: dict) -> go.Figure:
    """Gross target group, visited, groups 1/2/3 and not visited (counts, latest month)."""
    labels = ["Bruttomålgruppen", "Visiteret", "Gruppe 1", "Gruppe 2", "Gruppe 3", "Ikke i en gruppe"]
    keys = ["target_group", "visited", "group_1", "group_2", "group_3", "not_visited"]
    values = [row.get(k) for k in keys]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=[BLACK, BLUE, SKY, ORANGE, PURPLE, GREY],
        text=[danish.integer(v) if v is not None else danish.SUPPRESSED for v in values], textposition="auto",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="Personer")
    return _finish(fig, "Visitation: bruttomålgruppen fordelt på grupper",
                   "Vandret søjlediagram: bruttomålgruppen, visiterede og personer i gruppe 1, 2 og 3 samt ikke visiterede.")


def spine_chart(frame: pl.DataFrame, unit_name: str) -> go.Figure:
    """All share indicators of one unit in one month against the country's range: the grey
    bar spans the 99.8 % limits for the unit's denominator, the black tick is the country."""
    rows = frame.filter(pl.col("share").is_not_null() & pl.col("national_share").is_not_null())
    rows = rows.filter(pl.col("indicator").is_in([i for i, m in metadata.load().items() if m["polarity"] != "none"]))
    names = [metadata.name(i) for i in rows["indicator"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=names, x=(rows["upper998"] - rows["lower998"]).to_list(), base=rows["lower998"].to_list(),
        orientation="h", marker_color="#E5E5E5", name=f"{wording.alarm_limit('%')}-grænser", hoverinfo="skip",
    ))
    fig.add_trace(go.Scatter(y=names, x=rows["national_share"].to_list(), mode="markers", name="Hele landet",
                             marker=dict(symbol="line-ns-open", size=18, color=BLACK, line=dict(width=3))))
    for comparison, colour in COMPARISON_COLOURS.items():
        part = rows.filter(pl.col("comparison") == comparison)
        if part.height:
            fig.add_trace(go.Scatter(
                y=[metadata.name(i) for i in part["indicator"]], x=part["share"].to_list(), mode="markers",
                name=COMPARISON_LABELS[comparison],
                marker=dict(color=colour, size=12, symbol=COMPARISON_SYMBOLS[comparison])))
    _percent_axis(fig, "x")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=120 + 32 * len(names))
    return _finish(fig, f"{unit_name}: alle indikatorer mod landet", "Prikdiagram: enhedens andel for hver indikator "
                   f"med landets værdi og {wording.alarm_limit('%')}-kontrolgrænserne.")


def ranked_bars(frame: pl.DataFrame, indicator: str) -> go.Figure:
    """All units for one indicator and month, ranked, with the country line."""
    rows = frame.filter(pl.col("share").is_not_null()).sort("share", descending=metadata.polarity(indicator) != "low")
    colours = [COMPARISON_COLOURS.get(c, GREY) for c in rows["comparison"].fill_null("similar")]
    fig = go.Figure(go.Bar(
        x=rows["unit_name"].to_list(), y=rows["share"].to_list(), marker_color=colours, name=metadata.name(indicator),
        customdata=list(zip(rows["numerator"].to_list(), rows["denominator"].to_list())),
        hovertemplate="%{x}: %{y:.1%} (%{customdata[0]} af %{customdata[1]})<extra></extra>",
    ))
    if rows.height:
        fig.add_hline(y=rows["national_share"][0], line=dict(color=BLACK, dash="dash"),
                      annotation_text=f"Hele landet {danish.percent(rows['national_share'][0])}")
    _percent_axis(fig)
    fig.update_xaxes(title_text="Jobcenter", tickangle=-60)
    fig.update_layout(height=520)
    return _finish(fig, f"{metadata.name(indicator)}: jobcentrene rangeret",
                   f"Søjlediagram over {metadata.name(indicator).lower()} for {rows.height} jobcentre, farvet efter "
                   "sammenligning med landet.")


def funnel_plot(frame: pl.DataFrame, indicator: str) -> go.Figure:
    """Share against denominator with 95 % and 99.8 % control limits around the country."""
    rows = frame.filter(pl.col("share").is_not_null() & pl.col("denominator").is_not_null()).sort("denominator")
    fig = go.Figure()
    if rows.height:
        p0 = rows["national_share"][0]
        phi = rows["overdispersion"].max() or 1.0

        s = load_settings()
        grid = sorted(set(int(x) for x in range(s.discretion_threshold, int(rows["denominator"].max() * 1.05) + 2, max(1, int(rows["denominator"].max()) // 200))))
        for level, dash, label in ((s.alert_level, "dash", f"{wording.alert_limit('%')}-grænser"),
                                   (s.alarm_level, "solid", f"{wording.alarm_limit('%')}-grænser")):
            lims = [stats.control_limits(p0, n, level, phi) for n in grid]
            for i, side in enumerate(("nedre", "øvre")):
                fig.add_trace(go.Scatter(x=grid, y=[lim[i] for lim in lims], mode="lines", line=dict(color=GREY, dash=dash, width=1.5),
                                         name=label, showlegend=i == 0, legendgroup=label, hoverinfo="skip"))
        fig.add_hline(y=p0, line=dict(color=BLACK, width=2), annotation_text=f"Hele landet {danish.percent(p0)}")
        for comparison, colour in COMPARISON_COLOURS.items():
            part = rows.filter(pl.col("comparison") == comparison)
            if part.height:
                fig.add_trace(go.Scatter(
                    x=part["denominator"].to_list(), y=part["share"].to_list(), mode="markers", name=COMPARISON_LABELS[comparison],
                    text=part["unit_name"].to_list(), marker=dict(color=colour, size=9, symbol=COMPARISON_SYMBOLS[comparison]),
                    hovertemplate="%{text}: %{y:.1%} af %{x} personer<extra></extra>"))
    _percent_axis(fig)
    fig.update_xaxes(title_text="Personer i nævneren")
    return _finish(fig, f"{metadata.name(indicator)}: tragtdiagram mod landet",
                   "Tragtdiagram: hvert jobcenters andel mod antal personer i nævneren, med "
                   f"{wording.alert_limit('%')}- og {wording.alarm_limit('%')}-kontrolgrænser "
                   "omkring landets andel.")


@lru_cache(maxsize=1)
def municipality_geojson() -> dict:
    with open(DATA_DIR / "reference" / "municipalities.geojson", encoding="utf-8") as fh:
        return json.load(fh)


def municipality_map(frame: pl.DataFrame, indicator: str) -> go.Figure:
    """Choropleth of the municipalities' shares (municipality units; suppressed left blank)."""
    rows = frame.filter(pl.col("share").is_not_null())
    fig = go.Figure(go.Choropleth(
        geojson=municipality_geojson(), featureidkey="properties.kommunekode",
        locations=[int(c) for c in rows["unit_code"]], z=(rows["share"] * 100).to_list(),
        text=rows["unit_name"].to_list(), colorscale="Cividis", reversescale=metadata.polarity(indicator) == "low",
        marker_line_color="white", marker_line_width=0.5,
        colorbar=dict(title="pct."), hovertemplate="%{text}: %{z:.1f} pct.<extra></extra>",
    ))
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(height=560)
    return _finish(fig, f"{metadata.name(indicator)} pr. kommune",
                   "Danmarkskort: kommunerne farvet efter andel; kommuner uden viste tal er hvide.")


def group2_waiting_bars(frame: pl.DataFrame) -> go.Figure:
    """Per unit the waiting group-2 citizens split by time in group 2 (stacked bars);
    units with a suppressed part are left out (see the page's footnote)."""
    rows = frame.filter(~pl.col("suppressed_any") & (pl.col("waiting_total").fill_null(0) > 0)).sort("waiting_total", descending=True)
    fig = go.Figure()
    for column, label, colour in WAITING_BANDS:
        fig.add_trace(go.Bar(x=rows["unit_name"].to_list(), y=rows[column].to_list(), name=label, marker_color=colour))
    fig.update_layout(barmode="stack", height=520)
    fig.update_yaxes(title_text="Personer")
    fig.update_xaxes(title_text="Jobcenter", tickangle=-60)
    return _finish(fig, "Gruppe 2: borgere stadig på kontanthjælpssystemet, fordelt på tid i gruppe 2",
                   f"Stablede søjler for {rows.height} jobcentre: ventende borgere fordelt på op til 3, 3-6, 6-9 og over 9 "
                   "måneder i gruppe 2.")


def payments_by_month(frame: pl.DataFrame) -> go.Figure:
    """Instalment amounts per due month, paid and met-but-waiting, all municipalities."""
    rows = (frame.filter(pl.col("due_month").is_not_null())
            .group_by("due_month", "state").agg(pl.col("amount_dkk").sum()).sort("due_month"))
    fig = go.Figure()
    for state, label, colour in (("paid", "Udbetalt", BLUE), ("met_waiting", "Opfyldt, venter", ORANGE)):
        part = rows.filter(pl.col("state") == state)
        fig.add_trace(go.Bar(x=_month_labels(part["due_month"].to_list()), y=(part["amount_dkk"] / 1e6).to_list(),
                             name=label, marker_color=colour))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="Mio. kr.")
    fig.update_xaxes(title_text="Forfaldsmåned")
    return _finish(fig, "Rater udbetalt og forfaldne pr. måned, alle kommuner",
                   "Stablede søjler: beløb i millioner kroner pr. forfaldsmåned, udbetalt og opfyldt men ventende.")
