"""Charts that compare job centres with each other and with the country, built to be read on
a desk and on a phone: every name shown, legends above the plot, the user's own unit
highlighted, a funnel axis that spreads the points, a map drawn from the shapes in data/ only
(no base map, no request outside the server)."""

from __future__ import annotations

import math
from functools import lru_cache

import plotly.graph_objects as go
import polars as pl

from monitor.core import metadata, stats
from monitor.core.settings import load as load_settings
from monitor.present import charts, danish, wording
from monitor.present.status_wording import MIRRORS

TITLE_CHARS = 40                 # a title longer than this goes on two lines
BAR_PX = 20                      # one job centre per 20 px: every name readable
MAP_LATITUDE = 56.0              # Denmark: 1 degree of latitude is 1/cos(56°) longer than 1 of longitude
NO_FIGURE = "#F2F2F2"
MAP_STEP = 3                     # every third point of a municipality's outline (about 100 m apart)


def _finish(fig: go.Figure, title: str, alt: str, top: int = 90) -> go.Figure:
    charts._finish(fig, title, alt)
    return readable(fig, top)


def _limits(limit) -> str:
    """'95 %-grænser' from wording.alert_limit (or alarm_limit): the limits named as the settings have them."""
    return f"{limit('%')}-grænser"


def _comparison_traces(fig: go.Figure, rows: pl.DataFrame, x: str, y: str, **marker) -> None:
    for comparison, colour in charts.COMPARISON_COLOURS.items():
        part = rows.filter(pl.col("comparison") == comparison)
        fig.add_trace(go.Scatter(
            x=part[x].to_list(), y=part[y].to_list(), mode="markers", name=charts.COMPARISON_LABELS[comparison],
            marker=dict(color=colour, symbol=charts.COMPARISON_SYMBOLS[comparison], **marker),
            text=part["unit_name"].to_list(), visible=True if part.height else "legendonly"))


def ranking(frame: pl.DataFrame, indicator: str, own_code: str | None = None) -> go.Figure:
    """Every job centre as a horizontal bar, best at the top, coloured (and named in the
    legend) better / similar / worse than the country; the own unit's name in bold with an
    arrow; the country as a dashed line."""
    high = metadata.polarity(indicator) != "low"
    rows = frame.filter(pl.col("share").is_not_null()).sort("share", descending=high)
    names = [f"<b>▶ {n}</b>" if c == own_code else n.removeprefix("Jobcenter ")
             for n, c in zip(rows["unit_name"], rows["unit_code"])]
    fig = go.Figure()
    for comparison, colour in charts.COMPARISON_COLOURS.items():
        mask = [c == comparison for c in rows["comparison"].fill_null("similar")]
        fig.add_trace(go.Bar(
            y=[n for n, m in zip(names, mask) if m], x=[s for s, m in zip(rows["share"], mask) if m],
            orientation="h", name=charts.COMPARISON_LABELS[comparison], marker_color=colour,
            marker_line=dict(color=[charts.BLACK if c == own_code else colour
                                    for c, m in zip(rows["unit_code"], mask) if m], width=2),
            hovertemplate="%{y}: %{x:.1%}<extra></extra>"))
    if rows.height:
        p0 = rows["national_share"][0]
        fig.add_vline(x=p0, line=dict(color=charts.BLACK, dash="dash", width=1.5))
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"Hele landet {danish.percent(p0)}",
                                 line=dict(color=charts.BLACK, dash="dash")))
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], tickfont=dict(size=11))
    charts._percent_axis(fig, "x")
    fig.update_xaxes(side="top", title_text="")
    fig.update_layout(height=130 + BAR_PX * rows.height, barmode="overlay", bargap=0.25)
    return _finish(fig, f"{metadata.name(indicator)}: {rows.height} jobcentre", (
        f"Vandret søjlediagram: {metadata.name(indicator).lower()} for {rows.height} jobcentre, "
        f"{'højeste' if high else 'laveste'} øverst, farvet efter sammenligning med landet."), top=170)


def funnel(frame: pl.DataFrame, indicator: str) -> go.Figure:
    """Share against the number of persons on a logarithmic axis (the job centres range from
    tens to thousands of persons), with the 95 % and 99,8 % limits around the country."""
    rows = frame.filter(pl.col("share").is_not_null() & pl.col("denominator").is_not_null()).sort("denominator")
    fig = go.Figure()
    if rows.height:
        p0, phi = rows["national_share"][0], rows["overdispersion"].max() or 1.0
        low, high = max(3, int(rows["denominator"].min() * 0.8)), int(rows["denominator"].max() * 1.25) + 1
        grid = sorted({int(round(math.exp(math.log(low) + i * (math.log(high) - math.log(low)) / 120))) for i in range(121)})
        s = load_settings()
        for level, dash, label in ((s.alert_level, "dash", _limits(wording.alert_limit)),
                                   (s.alarm_level, "solid", _limits(wording.alarm_limit))):
            limits = [stats.control_limits(p0, n, level, phi) for n in grid]
            for i in (0, 1):
                fig.add_trace(go.Scatter(x=grid, y=[lim[i] for lim in limits], mode="lines", name=label,
                                         line=dict(color=charts.GREY, dash=dash, width=1.5), showlegend=i == 0,
                                         legendgroup=label, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=[low, high], y=[p0, p0], mode="lines", name=f"Hele landet {danish.percent(p0)}",
                                 line=dict(color=charts.BLACK, width=2), hoverinfo="skip"))
        _comparison_traces(fig, rows, "denominator", "share", size=9)
        for trace in fig.data[-3:]:
            trace.hovertemplate = "%{text}: %{y:.1%} af %{x:,} personer<extra></extra>"
    charts._percent_axis(fig)
    fig.update_yaxes(rangemode="normal")
    fig.update_xaxes(type="log", title_text="Personer i nævneren (logaritmisk akse)")
    fig.update_layout(height=520)
    return _finish(fig, f"{metadata.name(indicator)}: tragtdiagram", (
        "Tragtdiagram: hvert jobcenters andel mod antal personer i nævneren (logaritmisk akse), med "
        f"{wording.alert_limit('%')}- og {wording.alarm_limit('%')}-kontrolgrænser omkring landets andel."), top=150)


@lru_cache(maxsize=1)
def _outlines() -> dict[int, tuple[list, list, float, float, str]]:
    """Per municipality code: outline x, y (None between rings), a label point, the name."""
    out = {}
    for feature in charts.municipality_geojson()["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        xs, ys = [], []
        for polygon in polygons:
            ring = polygon[0]
            ring = ring[::MAP_STEP] + [ring[0]] if len(ring) > 4 * MAP_STEP else ring  # a phone needs no more detail
            xs += [round(p[0], 3) for p in ring] + [None]
            ys += [round(p[1], 3) for p in ring] + [None]
        biggest = max((p[0] for p in polygons), key=len)
        cx = sum(p[0] for p in biggest) / len(biggest)
        cy = sum(p[1] for p in biggest) / len(biggest)
        out[int(feature["properties"]["kommunekode"])] = (xs, ys, cx, cy, feature["properties"]["navn"])
    return out


def municipality_map(frame: pl.DataFrame, indicator: str) -> go.Figure:
    """The municipalities coloured better / similar / worse than the country (grey: no figure
    shown), drawn as plain shapes from data/reference/municipalities.geojson."""
    outlines = _outlines()
    rows = frame.filter(pl.col("share").is_not_null())
    status = {int(c): (cmp or "similar", s) for c, cmp, s in zip(rows["unit_code"], rows["comparison"], rows["share"])}
    fig = go.Figure()
    groups = [(k, charts.COMPARISON_LABELS[k], charts.COMPARISON_COLOURS[k]) for k in ("worse", "similar", "better")]
    for key, label, colour in [*groups, (None, "Ingen tal vist", NO_FIGURE)]:
        codes = [c for c in outlines if (status[c][0] if c in status else None) == key]
        xs = [x for c in codes for x in outlines[c][0]]
        ys = [y for c in codes for y in outlines[c][1]]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines", name=label,
                                 line=dict(color="white", width=0.6), hoverinfo="skip"))
    points = list(outlines.items())
    fig.add_trace(go.Scatter(
        x=[o[2] for _, o in points], y=[o[3] for _, o in points], mode="markers", showlegend=False,
        marker=dict(size=6, color="rgba(0,0,0,0)"),
        text=[f"{o[4]}: {danish.percent(status[c][1]) if c in status else 'ingen tal vist'}" for c, o in points],
        hovertemplate="%{text}<extra></extra>"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(MAP_LATITUDE)))
    fig.update_layout(height=560, dragmode=False, plot_bgcolor="white")
    fig = _finish(fig, f"{metadata.name(indicator)} pr. kommune", (
        "Danmarkskort: kommunerne farvet efter sammenligning med landet (dårligere, som landet, bedre); "
        "grå: ingen tal vist."), top=110)
    # the table under the chart: each municipality's share and comparison, not outline points
    numbers = sorted((charts.COMPARISON_LABELS.get(status[c][0], ""), o[4], danish.percent(status[c][1]))
                     for c, o in points if c in status)
    return fig.update_layout(meta={"alt": charts.alt_text(fig), "numbers": [list(n) for n in numbers]})


# short column heads for the matrix (the full names are in the hover and on Data og definitioner)
SHORT_NAMES = {
    "visited": "Visiteret", "job_broker": "Jobformidler", "company_offer": "Virks. tilbud",
    "ordinary_hours": "Ord. timer", "hours_30": "30+ timer", "passive": "Passive", "activity": "Rate 3-mål",
    "job_education_flexjob": "Job/udd./flex", "employed_off_benefits": "Selvforsørg.",
    "g2_changed_benefit": "G2 skiftet", "g2_waiting_over_9": "G2 over 9 mdr.", "g2_no_active_offer": "G2 u. tilbud",
}
MATRIX_VALUES = {"worse": -1, "similar": 0, "better": 1}


def comparison_matrix(frame: pl.DataFrame, indicators: list[str], own_code: str | None = None) -> go.Figure:
    """Job centres (rows) x indicators (columns), each cell worse / similar / better than the
    country (colour and symbol); the job centres lagging on most indicators at the top."""
    rows = frame.filter(pl.col("indicator").is_in(indicators))
    compared = set(rows.filter(pl.col("comparison").is_not_null())["indicator"].to_list())
    indicators = [i for i in indicators if i in compared]  # a column with no comparison at all says nothing
    order = (rows.group_by("unit_code", "unit_name")
             .agg(pl.col("laggard").sum().alias("lag"), (pl.col("comparison") == "worse").sum().alias("worse"),
                  (pl.col("comparison") == "better").sum().alias("better"))
             .sort(["lag", "worse", "better", "unit_name"], descending=[True, True, False, False]))
    cell = {(r["unit_code"], r["indicator"]): r for r in rows.iter_rows(named=True)}
    codes = order["unit_code"].to_list()
    z, text, hover = [], [], []
    for code in codes:
        line_z, line_t, line_h = [], [], []
        for ind in indicators:
            r = cell.get((code, ind))
            comparison = r["comparison"] if r else None
            line_z.append(MATRIX_VALUES.get(comparison))
            line_t.append({"worse": "▼", "better": "▲"}.get(comparison, "") + ("!" if r and r["laggard"] else ""))
            share = danish.percent(r["share"]) if r and r["share"] is not None else "ingen tal vist"
            label = charts.COMPARISON_LABELS.get(comparison, "ikke sammenlignet")
            line_h.append(f"{r['unit_name'] if r else code} · {metadata.name(ind)}: {share} ({label.lower()})")
        z.append(line_z)
        text.append(line_t)
        hover.append(line_h)
    names = [f"<b>▶ {n}</b>" if c == own_code else n.removeprefix("Jobcenter ") for n, c in zip(order["unit_name"], codes)]
    scale = [[0, charts.VERMILLION], [0.33, charts.VERMILLION], [0.34, "#E5E5E5"], [0.66, "#E5E5E5"],
             [0.67, charts.BLUE], [1, charts.BLUE]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[SHORT_NAMES.get(i, metadata.name(i)) for i in indicators], y=names, text=text,
        texttemplate="%{text}", textfont=dict(color="white", size=12), customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", colorscale=scale, zmin=-1, zmax=1, showscale=False,
        xgap=2, ygap=2))
    for label, colour in ((charts.COMPARISON_LABELS["worse"], charts.VERMILLION),
                          (charts.COMPARISON_LABELS["similar"], "#E5E5E5"), (charts.COMPARISON_LABELS["better"], charts.BLUE),
                          ("Ikke sammenlignet (få personer eller skjult)", "white")):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label,
                                 marker=dict(symbol="square", size=12, color=colour, line=dict(color=charts.GREY, width=1))))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11))
    fig.update_xaxes(side="top", tickangle=-90, tickfont=dict(size=11))
    fig.update_layout(height=260 + 22 * len(codes), plot_bgcolor="white")
    return _finish(fig, "Jobcentre x indikatorer: sammenlignet med landet", (
        f"Matrix: {len(codes)} jobcentre (rækker) og {len(indicators)} indikatorer (kolonner), hver celle dårligere "
        "(▼), som landet eller bedre (▲) end landet; ! = halter. Flest haltende indikatorer øverst."), top=210)


def readable(fig: go.Figure, top: int = 100) -> go.Figure:
    """Title at the top left (on two lines when long: a phone is 390 px wide), the legend right
    under it and above the plot area (`top` px hold both, also when the legend wraps), small
    side margins: nothing overlaps the axis titles or names, on a desk or at 390 px."""
    height = fig.layout.height or 450
    title = fig.layout.title.text or ""
    if "<br>" not in title:
        title = _wrap(title, TITLE_CHARS)
    extra = 18 * title.count("<br>")
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", xref="container", yref="container", y=1,
                   yanchor="top", pad=dict(l=8, t=10), font=dict(size=15)),
        legend=dict(orientation="h", xref="container", x=0, xanchor="left", yref="container",
                    y=1 - (36 + extra) / height, yanchor="top", title_text="", font=dict(size=12)),
        margin=dict(l=10, r=10, t=top + extra, b=40), height=height + extra)
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(automargin=True)
    return fig


def unit_profile(frame: pl.DataFrame, unit_name: str) -> go.Figure:
    """All indicators of one unit in one month against the country: per indicator its name on
    a line of its own (readable on a phone), the 95 % limits as a dark band inside the 99,8 %
    limits as a light band (the marker's colour follows the 95 % limits), the country as a
    black tick and the unit as a marker."""
    wanted = [i for i, m in metadata.load().items() if m["polarity"] != "none" and m["kind"] == "share" and i not in MIRRORS]
    rows = frame.filter(pl.col("indicator").is_in(wanted) & pl.col("national_share").is_not_null())
    rows = rows.with_columns(pl.col("indicator").replace_strict(wanted, list(range(len(wanted)))).alias("_o")).sort("_o")
    y = list(range(rows.height))
    fig = go.Figure()
    for low, high, colour, label in (("lower998", "upper998", "#EDEDED", _limits(wording.alarm_limit)),
                                     ("lower95", "upper95", "#CFCFCF", _limits(wording.alert_limit))):
        fig.add_trace(go.Bar(y=y, x=(rows[high] - rows[low]).to_list(), base=rows[low].to_list(), orientation="h",
                             marker_color=colour, name=label, hoverinfo="skip", width=0.4))
    fig.add_trace(go.Scatter(y=y, x=rows["national_share"].to_list(), mode="markers", name="Hele landet",
                             marker=dict(symbol="line-ns-open", size=16, color=charts.BLACK, line=dict(width=3)),
                             hovertemplate="Hele landet: %{x:.1%}<extra></extra>"))
    indexed = rows.with_columns(pl.Series("_y", y))
    for comparison, colour in charts.COMPARISON_COLOURS.items():
        part = indexed.filter(pl.col("comparison") == comparison)
        fig.add_trace(go.Scatter(
            y=part["_y"].to_list(), x=part["share"].to_list(), mode="markers", name=charts.COMPARISON_LABELS[comparison],
            marker=dict(color=colour, size=12, symbol=charts.COMPARISON_SYMBOLS[comparison], line=dict(color="white", width=1)),
            hovertemplate=f"{unit_name}: %{{x:.1%}}<extra></extra>", visible=True if part.height else "legendonly"))
    for i, r in enumerate(rows.iter_rows(named=True)):
        value = danish.percent(r["share"]) if r["share"] is not None else "skjult"
        fig.add_annotation(x=0, xref="paper", y=i - 0.22, yref="y", xanchor="left", yanchor="bottom", showarrow=False, align="left",
                           text=f"<b>{value}</b> {_wrap(metadata.name(r['indicator']))}", font=dict(size=12))
    fig.update_yaxes(visible=False, autorange="reversed", range=[rows.height - 0.4, -0.9])
    charts._percent_axis(fig, "x", "")
    fig.update_xaxes(range=[0, 1.02], side="top")
    fig.update_layout(height=190 + 52 * rows.height, barmode="overlay", bargap=0.5)
    fig = _finish(fig, f"{unit_name}: alle indikatorer mod landet", (
        f"Prikdiagram: enhedens andel for hver indikator med landets værdi og kontrolgrænserne ({wording.alert_limit('%')} "
        f"mørkegrå, {wording.alarm_limit('%')} lysegrå); markeringen er dårligere eller bedre end landet uden for "
        f"{_limits(wording.alert_limit)}ne."), top=160)
    # the table under the chart: the unit's and the country's share per indicator (the y axis is positions)
    numbers = [row for r in rows.iter_rows(named=True) for row in (
        [unit_name, metadata.name(r["indicator"]), danish.percent(r["share"]) if r["share"] is not None else "skjult"],
        ["Hele landet", metadata.name(r["indicator"]), danish.percent(r["national_share"])])]
    return fig.update_layout(meta={"alt": charts.alt_text(fig), "numbers": numbers})


def _wrap(text: str, width: int = 34) -> str:
    """A long name on two lines (Plotly annotations do not wrap by themselves)."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[:cut] + "<br>" + text[cut + 1:] if cut > 0 else text



def waiting_bars(frame: pl.DataFrame, own_code: str | None = None) -> go.Figure:
    """Per job centre (every name, most waiting at the top) the waiting group-2 citizens split
    by time in group 2, stacked horizontally; job centres with a hidden part are left out
    (the page names them)."""
    rows = frame.filter(~pl.col("suppressed_any") & (pl.col("waiting_total").fill_null(0) > 0)).sort("waiting_total", descending=True)
    names = [f"<b>▶ {n}</b>" if c == own_code else n.removeprefix("Jobcenter ") for n, c in zip(rows["unit_name"], rows["unit_code"])]
    fig = go.Figure()
    for column, label, colour in charts.WAITING_BANDS:
        fig.add_trace(go.Bar(y=names, x=rows[column].to_list(), name=label, marker_color=colour, orientation="h",
                             hovertemplate="%{y}: %{x} personer<extra>" + label + "</extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], tickfont=dict(size=11))
    fig.update_xaxes(title_text="Personer", side="top")
    fig.update_layout(barmode="stack", height=150 + BAR_PX * rows.height)
    return _finish(fig, "Gruppe 2: ventende på kontanthjælpssystemet, fordelt på tid i gruppe 2", (
        f"Stablede vandrette søjler for {rows.height} jobcentre: ventende borgere fordelt på op til 3, 3-6, 6-9 og over 9 "
        "måneder i gruppe 2, flest øverst."), top=160)
