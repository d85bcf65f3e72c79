"""Jobcenter: one job centre's status at the top (lagging, against the country, next
instalment), then all indicators, one indicator over time, group 2 and the statement."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import administration, api, shared_charts, state as ps, status_box, tables
from monitor.present import charts, comparison_charts as cc, danish, table_view as tv
from monitor.reports import statement
from monitor.reports.statement_data import Source

ps.require_data()
left, right = st.columns(2)
with left:
    code = ps.jobcentre()  # the Kommune role chooses its job centre in the sidebar
with right if ps.home_jobcentre() is None else left:
    month = ps.month()
unit = api.units("jobcentre").filter(pl.col("unit_code") == code).row(0, named=True)
latest = api.indicators(month=month, unit_type="jobcentre", unit_code=code)
st.title(unit["unit_name"])
ps.freshness_stamp()
status_box.show(code, month)

counts = dict(zip(latest["indicator"], latest["numerator"]))
st.write(f"Bruttomålgruppe: **{danish.integer(counts.get('target_group')) or 'skjult'}**, indsatsgruppe: "
         f"**{danish.integer(counts.get('effort_group')) or 'skjult'}**. Sammenlignelige jobcentre (samme størrelse): "
         + ", ".join(api.similar_units(month, code)["unit_name"].to_list()))
shared_charts.draw(("unit_profile", code, month), lambda: cc.unit_profile(latest, unit["unit_name"]))

choices = [i for i, m in metadata.load().items() if m["kind"] == "share" and m["polarity"] != "none"]
table = latest.filter(pl.col("indicator").is_in(choices)).select(
    pl.col("indicator").replace_strict(choices, [metadata.name(i) for i in choices]).alias("Indikator"),
    pl.col("numerator").alias("Antal"), pl.col("denominator").alias("Nævner"),
    (pl.col("share") * 100).alias("Andel (pct.)"), (pl.col("national_share") * 100).alias("Landet (pct.)"),
    pl.col("comparison").replace_strict(charts.COMPARISON_LABELS, default="").alias("Mod landet"),
    pl.col("months_worse").alias("Måneder i træk dårligere"),
    tv.count_mark().alias("_a"), tv.denominator_mark().alias("_n"), tv.share_mark().alias("_s"),
)
view = tv.view(table, {"Antal": "count", "Nævner": "count", "Andel (pct.)": "percent", "Landet (pct.)": "percent",
                       "Måneder i træk dårligere": "months"}, {"Antal": "_a", "Nævner": "_n", "Andel (pct.)": "_s"})
tables.show(view, f"jobcenter-{code}_{month}", f"{unit['unit_name']}, {danish.month_name(month)}")

st.subheader("Udvikling pr. indikator")
ind = ps.select("indikator", "Indikator", {i: metadata.name(i) for i in choices}, "company_offer")
history = pl.concat([
    api.indicators(unit_type="jobcentre", unit_code=code, indicator=ind),
    api.indicators(unit_type="star_office", unit_code=unit["star_office"], indicator=ind),
    api.indicators(unit_type="country", indicator=ind),
])
shared_charts.draw(("indicator_trend", code, ind, "readable"),
                   lambda: cc.readable(charts.indicator_trend(history, ind, code), top=170), note=ps.indicator_link(ind))

st.subheader("Gruppe 2: ventetid")
waiting = api.group2_waiting(month, "jobcentre").filter(pl.col("unit_code") == code).row(0, named=True)
cols = st.columns(5)
for col, (key, label, _) in zip(cols, [*charts.WAITING_BANDS, ("waiting_total", "Ventende i alt", None)]):
    kind = waiting[f"{key}_suppression"]
    col.metric(label, tv.SMALL if kind == "primary" else (tv.HIDDEN if kind else danish.integer(waiting[key])))

administration.followup_section(code, unit["star_office"], api.municipalities_of(code))

st.subheader("Månedsopgørelse")
if st.button(f"Lav månedsopgørelse for {unit['unit_name']}, {danish.month_name(month)} (PDF)"):
    try:
        with st.spinner("Danner PDF"):
            unreleased = api.holds_unreleased(month)
            pdf = statement.render_pdf(api.cursor(), month, code,
                                       source=Source(api.cursor(), api.vintage(), unreleased))
    except Exception:
        st.error("Månedsopgørelsen kunne ikke dannes. Prøv igen, eller hent tabellerne ovenfor som CSV eller Excel.")
    else:
        marked = "ikke-offentliggjort_" if unreleased else ""
        ps.record("report", "månedsopgørelse (pdf)", unit=code, month=month)
        st.download_button("Hent månedsopgørelse (PDF)", pdf, f"{marked}maanedsopgoerelse_{code}_{month}.pdf",
                           "application/pdf")
ps.discretion_note()
