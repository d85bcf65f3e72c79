"""Gruppe 2: citizens waiting for the rehabilitation team, per job centre and nationally."""

import polars as pl
import streamlit as st

from monitor.dashboard import api, shared_charts, state as ps, tables
from monitor.present import charts, comparison_charts as cc, danish, table_view as tv, wording

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
cols = st.columns(2)
cols[0].metric("Ventende på kontanthjælpssystemet", danish.integer(country["waiting_total"]))
cols[1].metric(f"Heraf over {wording.longest_wait()} i gruppe 2", danish.integer(country["waiting_over_9"]),
               danish.percent(country["over_9_share"]), delta_color="off", delta_arrow="off")
cols = st.columns(2)
cols[0].metric("Ventende uden aktivt tilbud", danish.percent(share["g2_no_active_offer"]))
cols[1].metric("Gruppe 2, der har skiftet ydelse", danish.percent(share["g2_changed_benefit"]))
st.markdown(" · ".join(ps.indicator_link(i) for i in ["g2_waiting", "g2_waiting_over_9", "g2_no_active_offer", "g2_changed_benefit"]))
home = ps.home_jobcentre()
shared_charts.draw(("waiting_bars", month, office, home), lambda: cc.waiting_bars(waiting, home))
left_out = waiting.filter(pl.col("suppressed_any") & (pl.col("waiting_total").fill_null(1) > 0))
if left_out.height:
    st.caption(f"Jobcentre med {wording.fewer_than()} borgere i en af grupperne er udeladt af diskretionshensyn "
               f"({left_out.height}: {', '.join(left_out['unit_name'].to_list())}).")
columns = [*charts.WAITING_BANDS, ("waiting_total", "Ventende i alt", None)]
kind = {label: "count" for _, label, _ in columns}
table = waiting.sort("waiting_over_9", descending=True, nulls_last=True).select(
    pl.col("unit_name").alias("Jobcenter"), *[pl.col(key).alias(label) for key, label, _ in columns],
    *[tv.count_mark(f"{key}_suppression").alias(f"_{key}") for key, _, _ in columns])
view = tv.view(table, kind, {label: f"_{key}" for key, label, _ in columns})
tables.show(view, f"gruppe2-ventetid_{month}", f"Gruppe 2: ventende fordelt på tid i gruppe 2, {danish.month_name(month)}")
trend_ids = ["g2_waiting", "g2_waiting_over_9", "g2_no_active_offer", "g2_changed_benefit"]
trend_title = "Gruppe 2 på landsplan: udvikling"
shared_charts.draw(("national_trends", tuple(trend_ids), trend_title, "readable"),
                   lambda: cc.readable(charts.national_trends(api.indicators(unit_type="country"), trend_ids, trend_title),
                                       top=150))
ps.discretion_note()
