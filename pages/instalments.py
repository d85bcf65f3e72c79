"""Rater og tilskud: grants, instalment states, due months and how far each municipality is."""

import polars as pl
import streamlit as st

from monitor.core.settings import load as load_settings
from monitor.dashboard import administration, api, shared_charts, state as ps, tables
from monitor.present import charts, comparison_charts as cc, danish, status_wording as sw, table_view as tv, wording

st.title("Rater og tilskud")
ps.require_data()
ps.freshness_stamp()
office = ps.star_office()
ps.vintage()
inst = api.instalments()
if office:
    inst = inst.filter(pl.col("star_office") == office)
latest = api.months()[-1]
for number in (1, 2, 3):
    part = inst.filter(pl.col("instalment") == number)
    st.metric(f"Rate {number}: udbetalt", danish.kroner(part.filter(pl.col("state") == "paid")["amount_dkk"].sum()),
              f"{part.filter(pl.col('state') != 'not_met').height} af {part.height} kommuner opfyldt",
              delta_color="off", delta_arrow="off")
shared_charts.draw(("payments_by_month", office), lambda: cc.readable(charts.payments_by_month(inst), top=120))
activity = api.indicators(month=latest, unit_type="municipality", indicator="activity")
share = dict(zip(activity["unit_code"], activity["share"]))
settings = load_settings()
progress = [sw.instalment_progress(r, share.get(str(r["municipality_code"])), latest, settings).split(": ", 1)[1].rstrip(".")
            for r in inst.iter_rows(named=True)]
wide = inst.with_columns(pl.Series("progress", progress, dtype=pl.String)).pivot(
    on="instalment", index=["municipality_name", "grant_dkk"], values="progress").sort("municipality_name")
table = wide.select(pl.col("municipality_name").alias("Kommune"), pl.col("grant_dkk").alias("Tilskud (kr.)"),
                    *[pl.col(str(n)).alias(f"Rate {n}") for n in (1, 2, 3)])
tables.show(tv.view(table, {"Tilskud (kr.)": "kroner"}), "rater-og-tilskud", f"Tilskud og rater pr. kommune, pr. {danish.month_name(latest)}")
st.subheader("Beslutninger")
decisions = inst.filter(pl.col("decided_vintage").is_not_null()).select(
    pl.col("municipality_name").alias("Kommune"),
    pl.col("instalment").alias("Rate"),
    danish.month_name_expr(pl.col("condition_month")).alias("Betingelsen opfyldt i"),
    danish.month_name_expr(pl.col("due_month")).alias("Forfald"),
    danish.month_name_expr(pl.col("decided_vintage")).alias("Besluttet på udtrækket for"),
    pl.when(pl.col("flag") == "later_not_met").then(pl.lit("Senere udtræk viser ikke betingelsen opfyldt"))
    .when(pl.col("flag").str.starts_with("later_met_in:"))
    .then(pl.lit("Senere udtræk viser den opfyldt i ") + danish.month_name_expr(pl.col("flag").str.slice(13)))
    .otherwise(pl.lit("")).alias("Markering"),
).sort(pl.col("Markering") == "", "Kommune", "Rate")
tables.show(tv.view(decisions, {"Rate": "count"}), "rate-beslutninger", "Beslutninger om rater")
st.caption("En beslutning registreres, første gang et udtræk viser betingelsen opfyldt, og ændres aldrig; viser et "
           "senere udtræk noget andet, står beslutningen og markeres.")
st.caption(wording.instalment_summary())
administration.documents_section(api.cursor(), office)
administration.overdue_section(office)
