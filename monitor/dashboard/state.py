"""What every page shares besides its data (monitor.dashboard.api): selections kept in the URL
(codes, not labels), the role, the freshness stamp, downloads and the friendly empty states."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from monitor.core import audit, metadata, release
from monitor.dashboard import access, api, plain
from monitor.present import danish, wording

STAR_OFFICES = {"OEST": "Øst", "MIDTNORD": "Midt-Nord", "SYD": "Syd"}
DEFINITIONS_PAGE = "definitioner"


def require_data() -> None:
    """Stops the page with a friendly Danish message when there is nothing to show. Every page
    starts on the latest vintage until its own choice says otherwise (vintage())."""
    st.session_state["_vintage"] = None
    if api.data_version() is None:
        st.info("Der er endnu ingen database. Start appen igen, så dannes demonstrationsdata, "
                "eller indlæs udtræk med `python -m monitor ingest MAPPE`.")
        st.stop()
    if not api.has_data():
        st.info("Databasen har endnu ingen månedstal. Indlæs udtræk med `python -m monitor ingest MAPPE`.")
        st.stop()


def select(key: str, label: str, options: dict[str, str], default: str, sidebar: bool = False, help: str | None = None,
           where=None) -> str:
    """A selectbox whose choice (a code) is kept in the URL as ?key=code.

    An unknown code in a link gives a Danish message and the default."""
    codes = list(options)
    wanted = st.query_params.get(key)
    if wanted is not None and wanted not in options:
        st.warning(f"Linket indeholder en ukendt værdi for {label.lower()}: »{plain.markdown(wanted)}«. "
                   f"Viser i stedet {plain.markdown(options[default])}.")
        wanted = None
    current = wanted or st.session_state.get(f"_{key}") or default
    if current not in options:
        current = default
    where = where or (st.sidebar if sidebar else st)
    chosen = where.selectbox(label, codes, index=codes.index(current), format_func=options.__getitem__,
                             key=f"_sel_{key}", help=help)
    st.session_state[f"_{key}"] = chosen
    st.query_params[key] = chosen
    return chosen


def side_by_side(*choices: Callable[[], str | None]) -> list[str | None]:
    """Selections laid out in columns, left to right; returns their values in the same order."""
    values = []
    for column, choose in zip(st.columns(len(choices)), choices):
        with column:
            values.append(choose())
    return values


def month(label: str = "Måned") -> str:
    """A month the user may see, with the vintage choice next to it (vintage()); one not yet
    released (ministeriet and star only) is marked "ikke offentliggjort" in the list and with a
    warning on the page."""
    months = api.months()
    hidden = api.unreleased_months()
    options = {m: danish.month_name(m) + (f" ({release.UNRELEASED})" if m in hidden else "") for m in reversed(months)}
    left, right = st.columns(2)
    chosen = select("maaned", label, options, months[-1], where=left)
    vintage(chosen, where=right)
    if chosen in hidden:
        st.warning(f"**{danish.month_name(chosen).capitalize()} er {release.UNRELEASED}.** Tallene ses kun af "
                   "Ministeriet og STAR og må ikke videregives før offentliggørelsen.", icon=":material/lock:")
    return chosen


def vintage(month: str | None = None, where=None) -> str | None:
    """The extract (vintage) the figures are shown as of, kept in the URL as ?udtraek=YYYY-MM;
    the latest by default. Only vintages that hold `month` are offered."""
    loaded = api.visible_vintages()
    latest = loaded[-1]
    hidden = api.unreleased_months()
    options = {v: danish.month_name(v) + (" (seneste)" if v == latest else "")
               for v in reversed(loaded) if (month is None or v >= month) and (v == latest or v not in hidden)}
    st.session_state["_vintage"] = None  # choices below read the latest until the vintage is set
    if month is not None and (st.query_params.get("udtraek") or "9999-99") < month:
        # a later month was chosen than the extract holds: back to the latest, no warning
        st.query_params.pop("udtraek", None)
        st.session_state.pop("_udtraek", None)
    chosen = select("udtraek", "Udtræk", options, latest, where=where,
                    help="Tallene som de stod efter udtrækket for den valgte måned; senere rettelser "
                         "(fx sent registrerede visitationer) er ikke medregnet.")
    st.session_state["_vintage"] = None if chosen == latest else chosen
    return st.session_state["_vintage"]


def jobcentre(label: str = "Jobcenter") -> str:
    """The job centre a page shows (?jobcenter=): in open mode the Kommune role's own one
    (chosen in the sidebar, home_selector); otherwise the link's, the user's home unit or the
    first."""
    user = access.current_user()
    if user.mode == access.OPEN and home_jobcentre():
        return home_jobcentre()
    units = api.units("jobcentre")
    options = dict(zip(units["unit_code"], units["unit_name"]))
    home = user.unit_code if user.unit_type == "jobcentre" else None
    default = st.session_state.get("_jobcenter") or home or ("101" if "101" in options else next(iter(options)))
    return select("jobcenter", label, options, default)


def home_selector() -> None:
    """In open mode the Kommune role asks which job centre is the user's own (sidebar) and keeps
    the answer in the URL (?jobcenter=code), so a bookmark opens on it."""
    user = access.current_user()
    if user.mode != access.OPEN or user.role != "kommune":
        return
    units = api.units("jobcentre")
    options = dict(zip(units["unit_code"], units["unit_name"]))
    wanted = st.query_params.get("jobcenter") or st.session_state.get("_home")
    index = list(options).index(wanted) if wanted in options else None
    chosen = st.sidebar.selectbox("Dit jobcenter", list(options), index=index, format_func=options.__getitem__,
                                  placeholder="Vælg dit jobcenter", key="_sel_home",
                                  help="Siderne viser dit jobcenter først; valget gemmes i adressen.")
    st.session_state["_home"] = chosen
    if chosen:
        st.query_params["jobcenter"] = chosen


def home_jobcentre() -> str | None:
    """The user's own job centre: a municipality's login, or the Kommune role's choice in open
    mode; None for other roles and before a choice."""
    user = access.current_user()
    if user.role != "kommune":
        return None
    if user.mode == access.OPEN:
        return st.session_state.get("_home")
    return user.unit_code if user.unit_type == "jobcentre" else None


def star_office(allow_all: bool = True) -> str | None:
    options = ({"alle": "Alle arbejdsmarkedskontorer"} if allow_all else {}) | {
        k: f"Arbejdsmarkedskontor {v}" for k, v in STAR_OFFICES.items()}
    user = access.current_user()
    home = user.unit_code if user.unit_type == "star_office" else ("OEST" if user.role == "arbejdsmarkedskontor" else None)
    default = home or ("alle" if allow_all else "OEST")
    chosen = select("amk", "Arbejdsmarkedskontor", options, default)
    return None if chosen == "alle" else chosen


def role_value() -> str:
    """The current user's role (access.current_user() has the rest)."""
    return access.current_user().role or ""


def freshness_stamp() -> None:
    info = api.freshness()
    if info:
        st.caption(wording.data_date(info) + ".")


def indicator_link(ind: str) -> str:
    """Markdown link from an indicator's name to its definition."""
    return f"[{metadata.name(ind)}](/{DEFINITIONS_PAGE}?indikator={ind})"


def discretion_note() -> None:
    st.caption(f"«{danish.SUPPRESSED}» betyder {wording.fewer_than()} personer (diskretion). Enheder med "
               f"{wording.fewer_than()} personer i nævneren er udeladt af diagrammer, kort og rangeringer, men tæller "
               "med i totalerne.")


def record(event: str, what: str, unit: str | None = None, month: str | None = None) -> None:
    """Writes a download or a generated report to the audit log with the current user."""
    user = access.current_user()
    info = api.freshness() or {}
    audit.record(api.database_path(), event, user=user.audit_name, role=user.audit_role, what=what,
                 unit=unit or user.unit_code, month=month, vintage=info.get("latest_month"))
