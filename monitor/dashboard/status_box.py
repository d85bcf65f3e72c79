"""The status of one job centre at a glance (top of Jobcenter, and Overblik for a
municipality): lagging indicators with their run, this month against the country, and how
far each of its municipalities is from the next instalment."""

from __future__ import annotations

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.core.settings import load as load_settings
from monitor.dashboard import api
from monitor.present import danish, status_wording as sw, wording


KEY_INDICATORS = ("company_offer", "ordinary_hours", "activity", "passive")


def show(code: str, month: str) -> None:
    units = api.units("jobcentre")
    name = units.filter(pl.col("unit_code") == code)["unit_name"][0]
    rows = api.indicators(month=month, unit_type="jobcentre", unit_code=code)
    compared = rows.filter(pl.col("comparison").is_not_null() & ~pl.col("indicator").is_in(list(sw.MIRRORS)))
    counts = {k: compared.filter(pl.col("comparison") == k).height for k in ("worse", "similar", "better")}
    with st.container(border=True):
        st.markdown(f"#### Status for {name}, {danish.month_name(month)}")
        st.markdown(f"Mod landet: **{counts['worse']}** dårligere, **{counts['similar']}** som landet, "
                    f"**{counts['better']}** bedre (af {compared.height} indikatorer, {wording.alert_limit('%')}-grænser).  \n"
                    + " · ".join(f"{metadata.name(r['indicator'])} **{danish.percent(r['share']) or 'skjult'}** "
                                 f"(landet {danish.percent(r['national_share'])})"
                                 for r in rows.filter(pl.col("indicator").is_in(KEY_INDICATORS)).iter_rows(named=True)))
        alerts = sw.alerts(rows)
        if alerts:
            st.error("**Halter efter landet**  \n" + "  \n".join(f"- {a.text}" for a in alerts), icon=":material/warning:")
        else:
            st.success("Halter ikke efter landet på nogen indikator.", icon=":material/check_circle:")
        latest = api.months()[-1]
        mine = api.instalments().filter(pl.col("municipality_code").is_in(api.municipalities_of(code)))
        activity = api.indicators(month=latest, unit_type="municipality", indicator="activity")
        share = dict(zip(activity["unit_code"], activity["share"]))
        settings = load_settings()
        lines = []
        for municipality in mine["municipality_code"].unique(maintain_order=True).to_list():
            part = mine.filter(pl.col("municipality_code") == municipality).sort("instalment")
            next_one = part.filter(pl.col("state") != "paid").head(1)
            row = (next_one if next_one.height else part.tail(1)).row(0, named=True)
            text = sw.instalment_progress(row, share.get(str(municipality)), latest, settings)
            lines.append(f"**{row['municipality_name']}** - {text}")
        st.markdown(f"**Næste rate** (pr. {danish.month_name(latest)}):  \n" + "  \n".join(lines))
