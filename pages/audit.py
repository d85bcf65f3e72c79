"""Revisionsspor: the audit log (logins, downloads, reports, release times, loads) for
ministeriet and star; app.py shows this page to them only."""

import datetime as dt

import polars as pl
import streamlit as st

from monitor.core import audit
from monitor.dashboard import access, api, tables
from monitor.present import table_view as tv

EVENT_NAMES = {"login": "Login", "logout": "Log ud", "download": "Hentning", "report": "Rapport dannet",
               "release": "Offentliggørelse ændret", "load": "Indlæsning", "write": "Skrivning"}

st.title("Revisionsspor")
if not access.current_user().may_see_unreleased:
    st.info("Revisionssporet kan kun læses af Ministeriet og STAR.")
    st.stop()
since = st.date_input("Fra og med dato", value=dt.date.today() - dt.timedelta(days=30), format="DD.MM.YYYY")
log = audit.log(api.database_path(), since=since)
shown = log.select(
    pl.col("at").str.slice(0, 16).str.replace("T", " ").alias("Tidspunkt (UTC)"),
    pl.col("user_name").alias("Bruger"), pl.col("role").alias("Rolle"),
    pl.col("event").replace_strict(EVENT_NAMES, default=pl.col("event")).alias("Hændelse"),
    pl.col("what").alias("Hvad"), pl.col("unit").alias("Enhed"), pl.col("month").alias("Måned"),
    pl.col("vintage").alias("Datagrundlag"), pl.col("detail").alias("Bemærkning"),
)
st.caption(f"{shown.height} hændelser. Revisionssporet indeholder ingen oplysninger om enkeltpersoner "
           "i målgruppen, kun brugere, enheder, måneder og navne på filer og rapporter.")
tables.show(tv.view(shown, tv.numeric_kinds(shown)), f"revisionsspor_fra-{since:%Y-%m-%d}",
            f"Revisionsspor fra og med {since:%d.%m.%Y}")
