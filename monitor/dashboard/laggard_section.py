"""Who lags, for the minister's office and the regional offices: one row per lagging job
centre (indicators with their runs, longest run, office), the job centres x indicators
matrix, and the sentences for letters to mayors with the laggard report as downloads."""

from __future__ import annotations

import polars as pl
import streamlit as st

from monitor.dashboard import api, shared_charts, state, tables
from monitor.dashboard.state import STAR_OFFICES
from monitor.present import comparison_charts as cc, danish, status_wording as sw, table_view as tv, wording
from monitor.reports import laggards as report

PDF, XLSX = "application/pdf", tables.XLSX


@st.cache_data(max_entries=8, show_spinner=False)
def _report_data(version: tuple, month: str, vintage: str | None) -> dict:
    return report.report_data(api.cursor(), month, vintage=vintage)


def show(month: str, office: str | None, own_code: str | None = None) -> None:
    lag = api.laggards(month, "jobcentre")
    if office:
        lag = lag.filter(pl.col("star_office") == office)
    per_unit = sw.laggards_by_jobcentre(lag)
    where = f"under Arbejdsmarkedskontor {STAR_OFFICES[office]}" if office else "i hele landet"
    st.subheader(f"{sw.jobcentres_text(per_unit.height)} {where} i {danish.month_name(month)}")
    st.caption(f"Et jobcenter halter, når det er {wording.laggard_rule('%').replace(' ved ', ' uden for ')}. "
               "Indikatorer, der er hinandens spejlbillede, står som én.")
    tab_list, tab_matrix, tab_letters = st.tabs(["Haltende jobcentre", "Matrix", "Sætninger til breve"])
    with tab_list:
        table = per_unit.select(
            pl.col("unit_name").alias("Jobcenter"),
            pl.col("indicators").alias("Indikatorer (måneder i træk dårligere)"),
            pl.col("longest_run").alias("Længste periode (måneder)"),
            pl.col("n_indicators").alias("Antal indikatorer"),
            pl.col("star_office").replace_strict(STAR_OFFICES, default="").alias("Arbejdsmarkedskontor"),
        )
        if office:
            table = table.drop("Arbejdsmarkedskontor")
        view = tv.view(table, {"Længste periode (måneder)": "months", "Antal indikatorer": "count"})
        tables.show(view, f"haltende-jobcentre_{month}", f"Haltende jobcentre, {danish.month_name(month)}", static=True)
    with tab_matrix:
        rows = api.indicators(month=month, unit_type="jobcentre")
        if office:
            rows = rows.filter(pl.col("star_office") == office)
        shared_charts.draw(("comparison_matrix", month, office, own_code),
                           lambda: cc.comparison_matrix(rows, list(cc.SHORT_NAMES), own_code))
    with tab_letters:
        letters(month, office)


def letters(month: str, office: str | None) -> None:
    version, vintage = api.data_version(), api.vintage()
    data = _report_data(version, month, vintage)
    base = ("ikke-offentliggjort_" if month in api.unreleased_months() else "") + f"haltende_jobcentre_{month}"
    offices = dict(zip(api.units("municipality")["unit_code"], api.units("municipality")["star_office"]))
    chosen = [m for m in data["sentences"] if m["sentences"] and (office is None or offices.get(m["municipality_code"]) == office)]
    table = pl.DataFrame({
        "Kommune": [m["municipality_name"] for m in chosen for _ in m["sentences"]],
        "Jobcenter": [m["jobcentre_name"] for m in chosen for _ in m["sentences"]],
        "Sætning": [s for m in chosen for s in m["sentences"]],
    }, schema={"Kommune": pl.String, "Jobcenter": pl.String, "Sætning": pl.String})
    st.caption(f"Sætningerne er bygget af kommunens egne tal for måneden (antal under {wording.threshold()} nævnes som "
               f"«{wording.fewer_than()}»).")
    left, right = st.columns(2)
    left.download_button("Hent rapporten over haltende jobcentre (Excel)", lambda: report.build_xlsx(data),
                         f"{base}.xlsx", XLSX, key="report_xlsx",
                         on_click=state.record, args=("report", "haltende jobcentre (xlsx)"), kwargs={"month": month})
    if right.button("Lav rapporten som PDF", key="report_pdf_make"):
        with st.spinner("Danner PDF"):
            pdf = report.build_pdf(data)
        right.download_button("Hent rapporten (PDF)", pdf, f"{base}.pdf", PDF, key="report_pdf",
                              on_click=state.record, args=("report", "haltende jobcentre (pdf)"), kwargs={"month": month})
    tables.downloads(tv.view(table), f"saetninger-til-breve_{month}", f"Sætninger til breve til borgmestre, {danish.month_name(month)}")
    with st.container(height=520):
        for m in chosen:
            st.markdown(f"**{m['municipality_name']}** ({m['jobcentre_name']})  \n" + "  \n".join(f"- {s}" for s in m["sentences"]))
