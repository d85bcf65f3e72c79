"""Sammenlign: all job centres for one indicator and month."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import api, shared_charts, state as ps
from monitor.present import charts, danish, wording

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
rows = api.indicators(month=month, unit_type="jobcentre", indicator=ind)
municipal = api.indicators(month=month, unit_type="municipality", indicator=ind)
if office:
    rows = rows.filter(pl.col("star_office") == office)
    municipal = municipal.filter(pl.col("star_office") == office)
left_out = rows.filter(pl.col("share").is_null())
st.markdown(f"{ps.indicator_link(ind)} i {danish.month_name(month)}. Landet: "
            f"**{danish.percent(rows['national_share'].drop_nulls().first() if rows.height else None)}**; "
            f"{rows.filter(pl.col('comparison') == 'worse').height} jobcentre er dårligere end landet ({wording.alert_limit('%')}), "
            f"{rows.filter(pl.col('comparison') == 'better').height} bedre.")
phi = rows["overdispersion"].max() if rows.height else 1.0
if phi and phi > 1:
    st.info(f"Jobcentrene varierer mere end tilfældigheder kan forklare (overdispersion {danish.decimal(phi, 2)}); "
            "kontrolgrænserne er udvidet tilsvarende (Spiegelhalter 2005).")
tabs = st.tabs(["Rangering", "Tragtdiagram", "Kort", "Tabel"])
with tabs[0]:
    shared_charts.draw(("ranked_bars", ind, month, office), lambda: charts.ranked_bars(rows, ind))
with tabs[1]:
    shared_charts.draw(("funnel_plot", ind, month, office), lambda: charts.funnel_plot(rows, ind))
with tabs[2]:
    shared_charts.draw(("municipality_map", ind, month, office), lambda: charts.municipality_map(municipal, ind),
                       note="Kortet viser kommuner; jobcentre med to kommuner vises pr. kommune.")
with tabs[3]:
    table = rows.sort("share", descending=True, nulls_last=True).select(
        pl.col("unit_name").alias("Jobcenter"),
        pl.when(pl.col("suppressed")).then(pl.lit(danish.SUPPRESSED)).otherwise(pl.col("numerator").cast(pl.String)).alias("Antal"),
        pl.col("denominator").alias("Nævner"),
        (pl.col("share") * 100).round(1).alias("Andel (pct.)"),
        pl.col("comparison").replace_strict(charts.COMPARISON_LABELS, default="").alias("Sammenlignet med landet"),
        pl.col("months_worse").alias("Måneder i træk dårligere"),
    )
    st.dataframe(table, hide_index=True, width="stretch")
    ps.downloads(table, f"sammenlign_{ind}_{month}", f"{metadata.name(ind)}, alle jobcentre, {danish.month_name(month)}")
if left_out.height:
    st.caption(f"Udeladt af diagrammer og kort af diskretionshensyn ({wording.fewer_than()} personer): "
               f"{', '.join(left_out['unit_name'].to_list())}.")
ps.discretion_note()
