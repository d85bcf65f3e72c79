"""Plotly charts shared by every session: built once per data version, drawn per session.

A chart is built the first time any session asks for it (per data version and key) and kept
as its JSON text with its text alternative and its numbers table. A page run hands Streamlit
the figure's finished dictionary, parsed from that text for this run (`Prebuilt`): no Plotly
figure object is built again, none is shared between script threads, and the run costs
milliseconds instead of the 50-500 ms of a build (for the map, validating and copying a
figure made from the text took 0.4 s of interpreter time per run). Every chart gets its text
alternative (the figure's alt text, also the chart's accessible name) and its numbers as a
table under the chart.

    shared_charts.draw(("national_trends", month, ids), lambda: charts.national_trends(country, ids, title))

The key must name everything the figure is built from besides the data version, the vintage
chosen on the page and the latest month the user may see (added here): selections, indicator
ids, titles.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from monitor.dashboard import api, plain
from monitor.present import charts, danish

NUMBERS_LABEL = "Tal i diagrammet"


@st.cache_data(max_entries=1024, show_spinner=False)
def _chart(version: tuple | None, key: tuple, _build: Callable[[], go.Figure]) -> tuple[str, str, pl.DataFrame]:
    # `_build` is left out of the cache key (Streamlit cannot hash a closure); `key` stands for it
    fig = _build()
    return fig.to_json(), charts.alt_text(fig), numbers(fig)


def _cached(key: tuple, build: Callable[[], go.Figure]) -> tuple[str, str, pl.DataFrame]:
    shown = api.months()  # users who may not see unreleased months get figures without them
    return _chart(api.data_version(), (*key, shown[-1] if shown else None, api.vintage()), build)


def figure(key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """A fresh figure for this run, built once per data version and key."""
    return go.Figure(json.loads(_cached(key, build)[0]), _validate=False)


class Prebuilt(go.Figure):
    """A built figure as st.plotly_chart takes it: Streamlit only asks a figure for to_dict(),
    so this one holds that dictionary and builds none of Plotly's objects (nor their copies).
    Only for st.plotly_chart; use figure() for anything that reads the figure's parts."""

    def __init__(self, spec: dict):  # deliberately not go.Figure.__init__: nothing to validate or build
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        return self._spec


def numbers(fig: go.Figure) -> pl.DataFrame:
    """The numbers a chart shows, one row per point: series, category and value (as text so
    that every chart kind fits one table; the downloads carry the typed values)."""
    rows: list[tuple[str, str, str]] = []
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if meta.get("numbers"):  # a chart whose points are not its numbers (the map) lists them itself
        rows = [tuple(str(part) for part in row) for row in meta["numbers"]]
        return pl.DataFrame(rows, schema={"Serie": pl.String, "Kategori": pl.String, "Værdi": pl.String}, orient="row")
    for trace in fig.data:
        if getattr(trace, "hoverinfo", None) == "skip" and trace.type != "bar":
            continue  # control-limit curves: drawn from the figures, listed on the page's table
        if trace.type != "heatmap" and all(x is None for x in (trace.x or ())):
            continue  # a legend entry without points
        name = trace.name or ""
        if trace.type == "choropleth":
            rows.extend((name, str(place), _number(value))
                        for place, value in zip(trace.text or trace.locations or (), trace.z or ()))
            continue
        if trace.type == "heatmap":  # one row per cell: column, row, the cell's text (else its value)
            cells = trace.text if trace.text is not None else trace.z
            rows.extend((str(column), str(row), _number(value)) for row, line in zip(trace.y or (), cells or ())
                        for column, value in zip(trace.x or (), line))
            continue
        horizontal = getattr(trace, "orientation", None) == "h" or isinstance((trace.y or [None])[0], str)
        if trace.type == "scatter" and trace.mode == "markers" and trace.text is not None \
                and not isinstance(trace.text, str) and not horizontal:
            pairs = list(zip(trace.text, trace.y or ()))  # points named by their text (the funnel's job centres)
        else:
            pairs = list(zip(trace.x or (), trace.y or ()))
            if horizontal:
                pairs = [(value, category) for category, value in pairs]  # categories on the y axis
        percent = _percent_axis(fig, (trace.xaxis or "x") if horizontal else (trace.yaxis or "y"))
        rows.extend((name, str(category), _number(value, percent)) for category, value in pairs)
    return pl.DataFrame(rows, schema={"Serie": pl.String, "Kategori": pl.String, "Værdi": pl.String}, orient="row")


def _percent_axis(fig: go.Figure, axis: str) -> bool:
    """True when the axis ("x", "y2", ...) shows shares as percentages."""
    return "%" in (fig.layout[f"{axis[0]}axis{axis[1:]}"].tickformat or "")


def _number(value, percent: bool = False) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return danish.percent(value) if percent else f"{value:.4g}".replace(".", ",")
    return "" if value is None else str(value)


def draw(key: tuple, build: Callable[[], go.Figure], note: str = "") -> None:
    """Draws a shared chart, its text alternative and (folded) its numbers; `note` is Markdown
    written by the page (never a value from outside)."""
    spec, alt, table = _cached(key, build)
    # no mode bar: its buttons cover titles and legends on a phone; the numbers are in the table below
    st.plotly_chart(Prebuilt(json.loads(spec)), width="stretch", alt=alt or None, config={"displayModeBar": False})
    st.caption(" ".join(part for part in (plain.markdown(alt), note) if part))
    with st.expander(NUMBERS_LABEL):
        st.dataframe(table, hide_index=True, width="stretch")
