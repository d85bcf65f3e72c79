"""Sammenlign: all job centres for one indicator and month - ranking, funnel plot, map, table."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import api, shared_charts, state as ps, tables
from monitor.present import charts, comparison_charts as cc, danish, table_view as tv, wording

st.title("Sammenlign jobcentre")
ps.require_data()
ps.freshness_stamp()
c1, c2, c3 = st.columns(3)
with c1:
    choices = [i for i, m in metadata.load().items() if m["kind"] == "share" and m["polarity"] != "none"]
    ind = ps.select("indikator", "Indikator", {i: metadata.name(i) for i in choices}, "company_offer")
with c2:
    month = ps.month()
with c3:
    office = ps.star_office()
own = ps.home_jobcentre()
rows = api.indicators(month=month, unit_type="jobcentre", indicator=ind)
municipal = api.indicators(month=month, unit_type="municipality", indicator=ind)
if office:
    rows = rows.filter(pl.col("star_office") == office)
    municipal = municipal.filter(pl.col("star_office") == office)
left_out = rows.filter(pl.col("share").is_null())
worse, better = (rows.filter(pl.col("comparison") == k).height for k in ("worse", "better"))
national = rows["national_share"].drop_nulls()
st.markdown(f"{ps.indicator_link(ind)} i {danish.month_name(month)}. Hele landet: "
            f"**{danish.percent(national[0]) if national.len() else 'ingen tal'}**; {worse} "
            f"{'jobcenter er' if worse == 1 else 'jobcentre er'} dårligere end landet ({wording.alert_limit('%')}), "
            f"{better} bedre.")
phi = rows["overdispersion"].max() if rows.height else 1.0
if phi and phi > 1:
    st.info(f"Jobcentrene varierer mere end tilfældigheder kan forklare (overdispersion {danish.decimal(phi, 2)}); "
            "kontrolgrænserne er udvidet tilsvarende (Spiegelhalter 2005).")
tabs = st.tabs(["Rangering", "Tragtdiagram", "Kort", "Tabel"])
with tabs[0]:
    shared_charts.draw(("ranking", ind, month, office, own), lambda: cc.ranking(rows, ind, own),
                       note="Dit jobcenter er markeret med ▶." if own else "")
with tabs[1]:
    shared_charts.draw(("funnel", ind, month, office), lambda: cc.funnel(rows, ind))
with tabs[2]:
    shared_charts.draw(("municipality_map", ind, month, office), lambda: cc.municipality_map(municipal, ind),
                       note="Kortet viser kommuner; jobcentre med to kommuner vises pr. kommune.")
with tabs[3]:
    table = rows.sort("share", descending=metadata.polarity(ind) != "low", nulls_last=True).select(
        pl.col("unit_name").alias("Jobcenter"),
        pl.col("numerator").alias("Antal"), pl.col("denominator").alias("Nævner"),
        (pl.col("share") * 100).alias("Andel (pct.)"),
        pl.col("comparison").replace_strict(charts.COMPARISON_LABELS, default="").alias("Mod landet"),
        pl.col("months_worse").alias("Måneder i træk dårligere"),
        tv.count_mark().alias("_a"), tv.denominator_mark().alias("_n"), tv.share_mark().alias("_s"),
    )
    view = tv.view(table, {"Antal": "count", "Nævner": "count", "Andel (pct.)": "percent", "Måneder i træk dårligere": "months"},
                   {"Antal": "_a", "Nævner": "_n", "Andel (pct.)": "_s"})
    tables.show(view, f"sammenlign_{ind}_{month}", f"{metadata.name(ind)}, alle jobcentre, {danish.month_name(month)}")
if left_out.height:
    st.caption(f"Uden for diagrammer og kort af diskretionshensyn (få personer eller skjult andel): "
               f"{', '.join(left_out['unit_name'].to_list())}.")
ps.discretion_note()
