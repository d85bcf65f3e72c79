"""Overblik: the country (or one STAR office) this month, with what each role asks first: the
minister's office and the regional offices who lags, a municipality its own job centre."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import administration, api, laggard_section, shared_charts, state as ps, status_box
from monitor.present import charts, comparison_charts as cc, danish
from monitor.present.deltas import share_change

ps.require_data()
role = ps.role_value()
title = st.empty()  # the title names the office chosen below
month, office = ps.side_by_side(ps.month, ps.star_office)
months = api.months()
unit_type, unit_code = ("star_office", office) if office else ("country", None)
figures_now = api.indicators(unit_type=unit_type, unit_code=unit_code)
place = f"Arbejdsmarkedskontor {ps.STAR_OFFICES[office]}" if office else "hele landet"
title.title(f"Flere skal med: {place}")
ps.freshness_stamp()

if role == "kommune":
    home = ps.home_jobcentre()
    if home:
        status_box.show(home, month)
        st.page_link("pages/jobcentre.py", label="Mere om jobcentret", icon=":material/arrow_forward:",
                     query_params={"jobcenter": home, "maaned": month})
    else:
        st.info("Vælg dit jobcenter i sidepanelet (på en telefon: ›› øverst til venstre), så står dets status her.")
elif role in ("ministeriet", "star", "arbejdsmarkedskontor"):
    laggard_section.show(month, office, None)

now = figures_now.filter(pl.col("month") == month)
before_month = months[months.index(month) - 1] if months.index(month) > 0 else None
previous = figures_now.filter(pl.col("month") == before_month)
before = dict(zip(previous["indicator"], previous["share"]))
counts = dict(zip(now["indicator"], now["numerator"]))
st.subheader(f"{danish.month_name(month).capitalize()}: {danish.integer(counts.get('target_group'))} i bruttomålgruppen, "
             f"{danish.integer(counts.get('effort_group'))} i indsatsgruppen")


def tiles(ids):
    for col, ind in zip(st.columns(len(ids)), ids):
        row = now.filter(pl.col("indicator") == ind).row(0, named=True)
        change = share_change(row["share"], before.get(ind), metadata.polarity(ind), before_month) if before_month else None
        col.metric(metadata.name(ind), danish.percent(row["share"]) or "skjult",
                   change.text if change else None, delta_color=change.colour if change else "off",
                   delta_arrow=change.arrow if change else "off", delta_description=change.since if change else None,
                   help=f"{danish.integer(row['numerator'])} af {danish.integer(row['denominator'])} personer"
                   if row["numerator"] is not None else None)


tiles(["visited", "job_broker", "company_offer", "ordinary_hours"])
tiles(["hours_30", "passive", "activity", "employed_off_benefits"])
if office:
    country = api.indicators(month=month, unit_type="country")
    st.caption("Hele landet: " + " · ".join(f"{metadata.name(i)} {danish.percent(s)}" for i, s in zip(country["indicator"], country["share"])
                                            if i in ("company_offer", "ordinary_hours", "passive", "activity")))
st.markdown("Definitioner: " + " · ".join(ps.indicator_link(i) for i in ["visited", "company_offer", "ordinary_hours", "passive", "employed_off_benefits"]))
left, right = st.columns(2)
with left:
    shared_charts.draw(("visitation_funnel", month, office),
                       lambda: cc.readable(charts.visitation_funnel(counts)).update_xaxes(tickformat=",d"))
with right:
    inst = api.instalments()
    if office:
        inst = inst.filter(pl.col("star_office") == office)
    for number in (2, 3):
        part = inst.filter(pl.col("instalment") == number)
        earned = part.filter(pl.col("state") != "not_met").height
        paid = part.filter(pl.col("state") == "paid").height
        st.metric(f"Kommuner, der har opfyldt rate {number}", f"{earned} af {part.height}",
                  help=f"{paid} er udbetalt pr. {danish.month_name(months[-1])}")
for ids, heading in ((("job_broker", "company_offer", "ordinary_hours", "hours_30", "passive", "activity"),
                     "Indsatsgruppen: udvikling"),
                    (("visited", "job_education_flexjob", "employed_off_benefits", "g2_changed_benefit", "g2_waiting_over_9",
                      "g2_no_active_offer"), "Visitation, resultater og gruppe 2: udvikling")):
    shared_charts.draw(("national_trends", unit_type, unit_code, ids, heading),
                       lambda: cc.readable(charts.national_trends(figures_now, list(ids), f"{heading}, {place}"), top=190))
if role == "kommune":
    laggard_section.show(month, office, ps.home_jobcentre())
administration.meeting_pack_section(month)
ps.discretion_note()
