"""Revisioner: how later extracts changed a month's figures - the revision triangle of an
indicator for the country, an office or a job centre, and the month's largest revisions."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import api, shared_charts, state as ps, tables
from monitor.present import danish, revision_charts, table_view as tv

st.title("Revisioner")
ps.require_data()
ps.freshness_stamp()
st.caption("Senere udtræk retter tidligere måneder (fx visitationer registreret for sent eller rettede "
           "ydelsesuger). Her ses hver måneds tal, som de stod i hvert udtræk: først offentliggjort er "
           "værdien i månedens eget udtræk.")
level = ps.select("niveau", "Niveau", {"country": "Hele landet", "star_office": "Arbejdsmarkedskontor",
                                       "jobcentre": "Jobcenter"}, "country")
if level == "jobcentre":
    code = ps.jobcentre()
elif level == "star_office":
    code = ps.star_office(allow_all=False)
else:
    code = "DK"
units = api.units(level) if level != "country" else None
unit_name = "Hele landet" if units is None else units.filter(pl.col("unit_code") == code)["unit_name"][0]
indicator = ps.select("indikator", "Indikator", {i: metadata.name(i) for i in metadata.ids()}, "visited")

tri = api.triangle(level, code, indicator)
shared_charts.draw(("revision_triangle", level, code, indicator),
                   lambda: revision_charts.revision_triangle(tri, indicator, unit_name))

st.subheader("Månedens største revisioner")
month = ps.select("maaned", "Måned", {m: danish.month_name(m) for m in reversed(api.months())}, api.months()[-1])
largest = api.largest_revisions(month, "jobcentre", 10)
if largest.is_empty():
    st.info(f"Ingen jobcentres andele for {danish.month_name(month)} er ændret i senere udtræk (ud over skjulte tal).")
else:
    shown = largest.select(
        pl.col("unit_name").alias("Jobcenter"),
        pl.col("indicator").replace_strict(metadata.ids(), [metadata.name(i) for i in metadata.ids()]).alias("Indikator"),
        (pl.col("first_share") * 100).alias("Først offentliggjort (pct.)"),
        danish.month_name_expr(pl.col("first_vintage")).alias("Udtræk"),
        (pl.col("latest_share") * 100).alias("Seneste (pct.)"),
        danish.month_name_expr(pl.col("latest_vintage")).alias("Seneste udtræk"),
        pl.col("revision_points").alias("Revision (pct.-point)"),
    )
    tables.show(tv.view(shown, {"Først offentliggjort (pct.)": "percent", "Seneste (pct.)": "percent",
                                "Revision (pct.-point)": "percent"}),
                f"revisioner-{month}", f"Største revisioner, {danish.month_name(month)}")
ps.discretion_note()
st.caption("En revision på 1 eller 2 personer vises ikke (diskretion): så er den først offentliggjorte værdi skjult.")
