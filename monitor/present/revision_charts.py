"""Plotly builders for revisions: the revision triangle of an indicator for a unit (reference
months down, vintages across) as a heat map of each vintage's value."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from monitor.core import metadata
from monitor.present import danish
from monitor.present.charts import LAYOUT


def revision_triangle(frame: pl.DataFrame, indicator: str, unit_name: str) -> go.Figure:
    """`frame`: vintages.triangle (vintage, month, numerator, denominator, share). Cells hold the
    share in percent for share indicators, else the count; hidden cells stay empty."""
    kind = metadata.kind(indicator)
    value = "share" if kind == "share" else "numerator"
    months = sorted(set(frame["month"].to_list()))
    vintages = sorted(set(frame["vintage"].to_list()))
    cells = {(r["month"], r["vintage"]): r[value] for r in frame.iter_rows(named=True)}
    # a hidden cell reads "<3" for a count of 1 or 2, "skjult" when hidden to protect another
    marks = {(r["month"], r["vintage"]): "skjult" if r.get("suppression") in ("secondary", "withheld") else "<3"
             for r in frame.iter_rows(named=True)}
    z = [[(cells.get((m, v)) * 100 if kind == "share" else cells.get((m, v)))
          if cells.get((m, v)) is not None else None for v in vintages] for m in months]
    text = [[(danish.percent(cells[(m, v)]) if kind == "share" else danish.integer(cells[(m, v)]))
             if cells.get((m, v)) is not None else marks.get((m, v), "") for v in vintages] for m in months]
    fig = go.Figure(go.Heatmap(
        z=z, x=[danish.month_name(v, short=True) for v in vintages], y=[danish.month_name(m, short=True) for m in months],
        text=text, texttemplate="%{text}", colorscale="Blues", showscale=False, hoverongaps=False,
        hovertemplate="Måned %{y}, udtræk %{x}: %{text}<extra></extra>",
    ))
    name = metadata.name(indicator)
    fig.update_layout(**LAYOUT)
    fig.update_layout(title=f"{name}: {unit_name}, værdien i hvert udtræk", height=max(360, 22 * len(months) + 140))
    fig.update_xaxes(title_text="Udtræk (vintage)", side="top")
    fig.update_yaxes(title_text="Måned", autorange="reversed")
    changed = sum(1 for row in z if len({x for x in row if x is not None}) > 1)
    fig.layout.meta = {"alt": (f"Revisionstrekant for {name.lower()} i {unit_name}: {len(months)} måneder i "
                               f"{len(vintages)} udtræk; {changed} måneder er revideret i senere udtræk.")}
    return fig
