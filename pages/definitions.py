"""Data og definitioner: every indicator's definition, data freshness, load log, warnings."""

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import api, state as ps, tables
from monitor.present import danish, table_view as tv, wording

POLARITY = {"high": "Højere er bedre", "low": "Lavere er bedre", "none": "Ingen retning"}
st.title("Data og definitioner")
meta = metadata.load()
chosen = st.query_params.get("indikator")
if chosen is not None and chosen not in meta:
    st.warning(f"Linket indeholder en ukendt indikator: »{chosen}«. Alle definitioner vises.")
    chosen = None
for ind, m in meta.items():
    with st.expander(m["name"], expanded=ind == chosen):
        st.markdown(
            f"**Id:** `{ind}`  \n**Tæller:** {m['numerator']}  \n"
            + (f"**Nævner:** {m['denominator']}  \n" if m["denominator"] else "**Type:** antal personer  \n")
            + f"**Retning:** {POLARITY[m['polarity']]}  \n**Datakilde:** {m['source']}  \n"
            f"**Diskretion:** antal under {wording.threshold()} vises som «{danish.SUPPRESSED}», og en andel bygget på dem "
            "skjules; «skjult» er skjult, så intet lille tal kan regnes ud af månedens øvrige tal.  \n"
            + (f"**Bemærk:** {m['caveats']}" if m["caveats"] else ""))
st.caption(f"Sammenligning med landet: landets værdi er den samlede andel over de {wording.participating()} deltagende "
           "kommuner. Et jobcenter er bedre eller dårligere end landet, når dets andel ligger uden for kontrolgrænserne "
           f"({wording.alert_limit('%')} og {wording.alarm_limit('%')}) for dets eget antal personer; grænserne udvides, "
           "når jobcentrene varierer mere end tilfældigheder kan forklare. "
           f"Et jobcenter halter, når det er {wording.laggard_rule('%').replace(' ved ', ' uden for ')}.")
st.subheader("Rater og tilskud")
st.markdown(wording.instalment_rules())
ps.require_data()
st.header("Data")
ps.freshness_stamp()
latest = api.months()[-1]
st.subheader("Diskretion")
st.markdown(wording.discretion_sentence(api.discretion_summary(latest)) + " Metoden og dens grænser: docs/discretion.md.")
log = api.load_log().select(
    pl.col("extract_month").alias("Udtræksmåned"), pl.col("loaded_at").alias("Indlæst"),
    pl.col("outcome").replace_strict({"loaded": "Indlæst", "unchanged": "Uændret", "rejected": "Afvist"}).alias("Udfald"),
    pl.col("message").alias("Besked"), pl.col("row_counts").alias("Rækker"), pl.col("files").alias("Filer (SHA-256)"),
)
st.subheader("Indlæsningslog")
tables.show(tv.view(log, tv.numeric_kinds(log)), "indlaesningslog", "Indlæsningslog")
warnings = api.quality_warnings().select(
    pl.col("extract_month").alias("Udtræksmåned"), pl.col("table_name").alias("Fil"),
    pl.col("row_number").alias("Række"), pl.col("column_name").alias("Kolonne"), pl.col("rule").alias("Advarsel"),
)
st.subheader(f"Datakvalitet: {danish.integer(warnings.height)} advarsler")
tables.show(tv.view(warnings, tv.numeric_kinds(warnings)), "datakvalitet", "Advarsler om datakvalitet")
