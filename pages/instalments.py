"""Rater og tilskud: grants, instalment states, due months and distances."""

import polars as pl
import streamlit as st

from monitor.dashboard import administration, api, shared_charts, state as ps
from monitor.present import charts, danish, wording

st.title("Rater og tilskud")
ps.require_data()
ps.freshness_stamp()
office = ps.star_office()
ps.vintage()
inst = api.instalments()
if office:
    inst = inst.filter(pl.col("star_office") == office)
cols = st.columns(3)
for col, number in zip(cols, (1, 2, 3)):
    part = inst.filter(pl.col("instalment") == number)
    col.metric(f"Rate {number}: udbetalt", danish.kroner(part.filter(pl.col("state") == "paid")["amount_dkk"].sum()),
               f"{part.filter(pl.col('state') != 'not_met').height} af {part.height} kommuner opfyldt", delta_color="off")
shared_charts.draw(("payments_by_month", office), lambda: charts.payments_by_month(inst))


wide = inst.with_columns(wording.instalment_detail_expr().alias("detail"),
                         pl.col("state").replace_strict(wording.STATE_NAMES).alias("state_da"))
table = (
    wide.pivot(on="instalment", index=["municipality_name", "grant_dkk"], values=["state_da", "detail"])
    .rename(lambda c: c.replace("state_da_", "Rate ").replace("detail_", "Forfald / afstand, rate ")
            .replace("municipality_name", "Kommune").replace("grant_dkk", "Tilskud (kr.)"))
    .sort("Kommune")
)
st.dataframe(table, hide_index=True, width="stretch")
ps.downloads(table, "rater-og-tilskud", "Tilskud og rater pr. kommune")
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
st.dataframe(decisions, hide_index=True, width="stretch")
st.caption("En beslutning registreres, første gang et udtræk viser betingelsen opfyldt, og ændres aldrig; viser et "
           "senere udtræk noget andet, står beslutningen og markeres.")
st.caption(wording.instalment_summary())
administration.documents_section(api.cursor(), office)
administration.overdue_section(office)
