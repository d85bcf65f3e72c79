"""Jobcenter: one job centre over time against the country and its STAR office."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import administration, api, shared_charts, state as ps
from monitor.present import charts, danish, wording
from monitor.reports.statement import render_pdf

st.title("Jobcenter")
ps.require_data()
ps.freshness_stamp()
code, month = ps.side_by_side(ps.jobcentre, ps.month)
units = api.units("jobcentre")
unit = units.filter(pl.col("unit_code") == code).row(0, named=True)
latest = api.indicators(month=month, unit_type="jobcentre", unit_code=code)
counts = dict(zip(latest["indicator"], latest["numerator"]))
st.subheader(f"{unit['unit_name']}, {danish.month_name(month)}")
st.write(f"Bruttomålgruppe: **{danish.count(counts.get('target_group'), counts.get('target_group') is None)}**, "
         f"indsatsgruppe: **{danish.count(counts.get('effort_group'), counts.get('effort_group') is None)}**. "
         f"Sammenlignelige jobcentre (samme størrelse): "
         + ", ".join(api.similar_units(month, code)["unit_name"].to_list()))

shared_charts.draw(("spine_chart", code, month), lambda: charts.spine_chart(latest, unit["unit_name"]))

st.subheader("Udvikling pr. indikator")
choices = [i for i, m in metadata.load().items() if m["kind"] == "share" and m["polarity"] != "none"]
ind = ps.select("indikator", "Indikator", {i: metadata.name(i) for i in choices}, "company_offer")
history = pl.concat([
    api.indicators(unit_type="jobcentre", unit_code=code, indicator=ind),
    api.indicators(unit_type="star_office", unit_code=unit["star_office"], indicator=ind),
    api.indicators(unit_type="country", indicator=ind),
])
shared_charts.draw(("indicator_trend", code, ind), lambda: charts.indicator_trend(history, ind, code),
                   note=ps.indicator_link(ind))

table = latest.filter(pl.col("indicator").is_in(choices)).select(
    pl.col("indicator").replace_strict(choices, [metadata.name(i) for i in choices]).alias("Indikator"),
    pl.when(pl.col("suppressed")).then(pl.lit(danish.SUPPRESSED)).otherwise(pl.col("numerator").cast(pl.String)).alias("Antal"),
    pl.col("denominator").alias("Nævner"),
    danish.percent_expr(pl.col("share")).alias("Andel"),
    danish.percent_expr(pl.col("national_share")).alias("Landet"),
    pl.col("comparison").replace_strict(charts.COMPARISON_LABELS, default="").alias("Sammenlignet med landet"),
)
st.dataframe(table, hide_index=True, width="stretch")
ps.downloads(table, f"jobcenter-{code}_{month}", f"{unit['unit_name']}, {danish.month_name(month)}")

st.subheader("Gruppe 2: ventetid")
waiting = api.group2_waiting(month, "jobcentre").filter(pl.col("unit_code") == code).row(0, named=True)
cols = st.columns(5)
for col, (key, label, _) in zip(cols, charts.WAITING_BANDS):
    col.metric(label, danish.count(waiting[key], waiting[f"{key}_suppressed"]))
cols[4].metric("Ventende i alt", danish.count(waiting["waiting_total"], waiting["waiting_total_suppressed"]))

st.subheader("Tilskud og rater")
mine = api.instalments().filter(pl.col("municipality_code").is_in(api.municipalities_of(code)))
for row in mine.iter_rows(named=True):
    distance = wording.instalment_distance(row)
    st.write(f"**{row['municipality_name']}**, tilskud {danish.kroner(row['grant_dkk'])}: rate {row['instalment']} "
             f"({row['percent']} pct., {danish.kroner(row['amount_dkk'])}) {wording.instalment_state(row)}"
             + (f" - {distance}" if distance else ""))

administration.followup_section(code, unit["star_office"], api.municipalities_of(code))

st.subheader("Månedsopgørelse")
if st.button(f"Lav månedsopgørelse for {unit['unit_name']}, {danish.month_name(month)} (PDF)"):
    try:
        with st.spinner("Danner PDF"):
            pdf = render_pdf(api.cursor(), month, code)
    except Exception:
        st.error("Månedsopgørelsen kunne ikke dannes. Prøv igen, eller hent tabellerne ovenfor som CSV eller Excel.")
    else:
        marked = "ikke-offentliggjort_" if month in api.unreleased_months() else ""
        ps.record("report", "månedsopgørelse (pdf)", unit=code, month=month)
        st.download_button("Hent månedsopgørelse (PDF)", pdf, f"{marked}maanedsopgoerelse_{code}_{month}.pdf",
                           "application/pdf")
ps.discretion_note()
