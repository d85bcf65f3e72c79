"""Gruppe 2: citizens waiting for the rehabilitation team, per job centre and nationally."""

import polars as pl
import streamlit as st

from monitor.dashboard import api, shared_charts, state as ps
from monitor.present import charts, danish, wording

st.title("Gruppe 2: ventetid til rehabiliteringsteamet")
ps.require_data()
ps.freshness_stamp()
month, office = ps.side_by_side(ps.month, ps.star_office)
waiting = api.group2_waiting(month, "jobcentre")
if office:
    waiting = waiting.filter(pl.col("star_office") == office)
country = api.group2_waiting(month, "country").row(0, named=True)
national = api.indicators(month=month, unit_type="country")
share = dict(zip(national["indicator"], national["share"]))
cols = st.columns(4)
cols[0].metric("Ventende på kontanthjælpssystemet", danish.integer(country["waiting_total"]))
cols[1].metric(f"Heraf over {wording.longest_wait()} i gruppe 2", danish.integer(country["waiting_over_9"]),
               danish.percent(country["over_9_share"]), delta_color="off")
cols[2].metric("Ventende uden aktivt tilbud", danish.percent(share["g2_no_active_offer"]))
cols[3].metric("Gruppe 2, der har skiftet ydelse", danish.percent(share["g2_changed_benefit"]))
st.markdown(" · ".join(ps.indicator_link(i) for i in ["g2_waiting", "g2_waiting_over_9", "g2_no_active_offer", "g2_changed_benefit"]))
shared_charts.draw(("group2_waiting_bars", month, office), lambda: charts.group2_waiting_bars(waiting))
left_out = waiting.filter(pl.col("suppressed_any") & (pl.col("waiting_total").fill_null(1) > 0))
if left_out.height:
    st.caption(f"Jobcentre med {wording.fewer_than()} borgere i en af grupperne er udeladt af diskretionshensyn "
               f"({left_out.height}: {', '.join(left_out['unit_name'].to_list())}).")
table = waiting.sort("waiting_over_9", descending=True, nulls_last=True).select(
    pl.col("unit_name").alias("Jobcenter"),
    *[pl.when(pl.col(f"{k}_suppressed")).then(pl.lit(danish.SUPPRESSED)).otherwise(pl.col(k).cast(pl.String)).alias(label)
      for k, label, _ in charts.WAITING_BANDS],
    pl.when(pl.col("waiting_total_suppressed")).then(pl.lit(danish.SUPPRESSED)).otherwise(pl.col("waiting_total").cast(pl.String)).alias("Ventende i alt"),
)
st.dataframe(table, hide_index=True, width="stretch")
ps.downloads(table, f"gruppe2-ventetid_{month}", f"Gruppe 2: ventende fordelt på tid i gruppe 2, {danish.month_name(month)}")
trend_ids = ["g2_waiting", "g2_waiting_over_9", "g2_no_active_offer", "g2_changed_benefit"]
trend_title = f"Gruppe 2 på landsplan: udvikling siden {wording.programme_start()}"
shared_charts.draw(("national_trends", tuple(trend_ids), trend_title),
                   lambda: charts.national_trends(api.indicators(unit_type="country"), trend_ids, trend_title))
ps.discretion_note()
