"""What every page shares besides its data (monitor.dashboard.api): selections kept in the URL
(codes, not labels), the role, the freshness stamp, downloads and the friendly empty states."""

from __future__ import annotations

import polars as pl
import streamlit as st

from monitor.core import metadata
from monitor.dashboard import api
from monitor.present import danish, tables, wording

ROLES = {"kommune": "Kommune", "ministeriet": "Ministeriet", "amk": "Arbejdsmarkedskontor"}
STAR_OFFICES = {"OEST": "Øst", "MIDTNORD": "Midt-Nord", "SYD": "Syd"}
DEFINITIONS_PAGE = "definitioner"


def require_data() -> None:
    """Stops the page with a friendly Danish message when there is nothing to show."""
    if api.data_version() is None:
        st.info("Der er endnu ingen database. Start appen igen, så dannes demonstrationsdata, "
                "eller indlæs udtræk med `python -m monitor ingest MAPPE`.")
        st.stop()
    if not api.has_data():
        st.info("Databasen har endnu ingen månedstal. Indlæs udtræk med `python -m monitor ingest MAPPE`.")
        st.stop()


def select(key: str, label: str, options: dict[str, str], default: str, sidebar: bool = False, help: str | None = None) -> str:
    """A selectbox whose choice (a code) is kept in the URL as ?key=code.

    An unknown code in a link gives a Danish message and the default."""
    codes = list(options)
    wanted = st.query_params.get(key)
    if wanted is not None and wanted not in options:
        st.warning(f"Linket indeholder en ukendt værdi for {label.lower()}: »{wanted}«. "
                   f"Viser i stedet {options[default]}.")
        wanted = None
    current = wanted or st.session_state.get(f"_{key}") or default
    if current not in options:
        current = default
    where = st.sidebar if sidebar else st
    chosen = where.selectbox(label, codes, index=codes.index(current), format_func=options.__getitem__,
                             key=f"_sel_{key}", help=help)
    st.session_state[f"_{key}"] = chosen
    st.query_params[key] = chosen
    return chosen


def role() -> str:
    """The role chosen in the sidebar (sets defaults; not access control)."""
    return select("rolle", "Rolle", ROLES, "kommune", sidebar=True,
                  help="Rollen sætter fornuftige standardvalg. Alle tal er samlede og diskretionerede.")


def month(label: str = "Måned") -> str:
    months = api.months()
    options = {m: danish.month_name(m) for m in reversed(months)}
    return select("maaned", label, options, months[-1])


def jobcentre(label: str = "Jobcenter") -> str:
    units = api.units("jobcentre")
    options = dict(zip(units["unit_code"], units["unit_name"]))
    default = st.session_state.get("_jobcenter") or ("101" if "101" in options else next(iter(options)))
    return select("jobcenter", label, options, default)


def star_office(allow_all: bool = True) -> str | None:
    options = ({"alle": "Alle arbejdsmarkedskontorer"} if allow_all else {}) | {
        k: f"Arbejdsmarkedskontor {v}" for k, v in STAR_OFFICES.items()}
    default = "OEST" if role_value() == "amk" else ("alle" if allow_all else "OEST")
    chosen = select("amk", "Arbejdsmarkedskontor", options, default)
    return None if chosen == "alle" else chosen


def role_value() -> str:
    return st.session_state.get("_rolle", "kommune")


def freshness_stamp() -> None:
    info = api.freshness()
    if info:
        st.caption(wording.data_date(info) + ".")


def indicator_link(ind: str) -> str:
    """Markdown link from an indicator's name to its definition."""
    return f"[{metadata.name(ind)}](/{DEFINITIONS_PAGE}?indikator={ind})"


def discretion_note() -> None:
    st.caption("«<3» betyder færre end 3 personer (diskretion). Enheder med færre end 3 personer i "
               "nævneren er udeladt af diagrammer, kort og rangeringer, men tæller med i totalerne.")


def downloads(frame: pl.DataFrame, name: str, title: str) -> None:
    """CSV and Excel of exactly the table shown, with month, unit and data date in the name."""
    info = api.freshness() or {}
    stamp = f"data-til-{info.get('latest_month', 'ukendt')}"
    base = f"{name}_{stamp}"
    header = f"{title}. Data til og med {danish.month_name(info['latest_month'])}." if info else title
    left, right = st.columns(2)
    left.download_button("Hent CSV", tables.csv_bytes(frame), f"{base}.csv", "text/csv", key=f"csv_{name}")
    right.download_button("Hent Excel", tables.excel_bytes(frame, header), f"{base}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{name}")
