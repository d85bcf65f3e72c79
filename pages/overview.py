"""Overblik: the country this month, trends, visitation, laggards and instalments."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import administration, api, shared_charts, state as ps
from monitor.present import charts, danish, wording

st.title("Flere skal med: landet")
ps.require_data()
ps.freshness_stamp()
month = ps.month()
months = api.months()
country = api.indicators(unit_type="country")
now = country.filter(pl.col("month") == month)
previous = country.filter(pl.col("month") == months[max(0, months.index(month) - 1)])
prev = dict(zip(previous["indicator"], previous["share"]))


def tiles(ids):
    for col, ind in zip(st.columns(len(ids)), ids):
        row = now.filter(pl.col("indicator") == ind).row(0, named=True)
        delta = None if prev.get(ind) is None or row["share"] is None or month == months[0] else row["share"] - prev[ind]
        col.metric(metadata.name(ind), danish.percent(row["share"]),
                   danish.percent_points(delta) if delta is not None else None,
                   delta_color="normal" if metadata.polarity(ind) == "high" else "inverse",
                   help=f"{danish.integer(row['numerator'])} af {danish.integer(row['denominator'])} personer")


def laggard_list():
    st.subheader("Haltende jobcentre")
    lag = api.laggards(month, "jobcentre")
    shown = lag.select(
        pl.col("unit_name").alias("Jobcenter"),
        pl.col("indicator").replace_strict(metadata.ids(), [metadata.name(i) for i in metadata.ids()]).alias("Indikator"),
        danish.percent_expr(pl.col("share")).alias("Andel"),
        danish.percent_expr(pl.col("national_share")).alias("Landet"),
        pl.col("months_worse").alias("Måneder i træk dårligere"),
        pl.col("level").replace_strict(wording.laggard_levels('%', short=True)).alias("Niveau"),
    )
    st.caption(f"{lag['unit_code'].n_unique()} jobcentre halter på mindst én indikator i {danish.month_name(month)}: "
               f"{wording.laggard_rule('%').replace(' ved ', ' uden for ')}.")
    st.dataframe(shown, hide_index=True, width="stretch")
    ps.downloads(shown, f"haltende-jobcentre_{month}", f"Haltende jobcentre, {danish.month_name(month)}")


if ps.role_value() == "ministeriet":
    laggard_list()
counts = dict(zip(now["indicator"], now["numerator"]))
st.subheader(f"{danish.month_name(month).capitalize()}: {danish.integer(counts['target_group'])} i bruttomålgruppen, "
             f"{danish.integer(counts['effort_group'])} i indsatsgruppen")
tiles(["visited", "job_broker", "company_offer", "ordinary_hours"])
tiles(["hours_30", "passive", "activity", "employed_off_benefits"])
st.markdown("Definitioner: " + " · ".join(ps.indicator_link(i) for i in ["visited", "company_offer", "ordinary_hours", "passive", "employed_off_benefits"]))
left, right = st.columns(2)
with left:
    shared_charts.draw(("visitation_funnel", month), lambda: charts.visitation_funnel(counts))
with right:
    inst = api.instalments()
    latest = months[-1]
    for number in (2, 3):
        part = inst.filter(pl.col("instalment") == number)
        earned = part.filter(pl.col("state") != "not_met").height
        paid = part.filter(pl.col("state") == "paid").height
        st.metric(f"Kommuner, der har opfyldt rate {number}", f"{earned} af {part.height}", help=f"{paid} er udbetalt pr. {danish.month_name(latest)}")
for ids, title in (
    (("job_broker", "company_offer", "ordinary_hours", "hours_30", "passive", "activity"),
     f"Indsatsgruppen: udvikling siden {wording.programme_start()}"),
    (("visited", "job_education_flexjob", "employed_off_benefits", "g2_changed_benefit", "g2_waiting_over_9",
      "g2_no_active_offer"), f"Visitation, resultater og gruppe 2: udvikling siden {wording.programme_start()}"),
):
    shared_charts.draw(("national_trends", ids, title), lambda: charts.national_trends(country, list(ids), title))
if ps.role_value() != "ministeriet":
    laggard_list()
administration.meeting_pack_section(month)
ps.discretion_note()
