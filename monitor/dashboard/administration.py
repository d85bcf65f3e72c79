"""Dashboard blocks around the figures: the follow-up log next to a job centre's figures, the
documents register and the overdue actions of an office (spec administration.md).

Reading follows the role (follow-up entries: a municipality sees only those shared with it);
writing needs service mode (a logged-in `star` user, or an office for its own
municipalities). The open demonstration mode shows the log and the documents read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from monitor.core import areas, documents, followup, reference, store
from monitor.dashboard import access, api, plain, state as ps
from monitor.present import danish
from monitor.reports import meeting_pack

READ_ONLY_NOTE = ("Åben demonstrationsversion: opfølgningsloggen og dokumenterne kan kun læses her. "
                  "At skrive kræver login i driftsversionen (STAR og arbejdsmarkedskontorerne).")
ACTION_ROWS = 3


@dataclass(frozen=True)
class Viewer:
    role: str               # ministeriet | star | arbejdsmarkedskontor | kommune
    home_unit: str | None   # DK, an office code, or a job centre code
    name: str
    service_mode: bool


def viewer(unit_office: str | None = None, unit_code: str | None = None) -> Viewer:
    """The current user (monitor.dashboard.access). Service mode: role and home unit from the
    login. Open mode: the role chosen in the sidebar, at home in the unit shown (a municipality
    in the selected job centre, an office in that job centre's office); read-only."""
    user = access.current_user()
    service = user.mode == access.SERVICE
    role = user.role or ""
    if service:
        home = user.unit_code
    else:
        home = {"kommune": unit_code, "arbejdsmarkedskontor": unit_office}.get(role, "DK")
    return Viewer(role=role, home_unit=home, name=user.audit_name, service_mode=service)


@st.cache_resource(max_entries=2)
def _log_connection(path: str, version: tuple):
    return store.connect(path)


def log_cursor():
    """A cursor on the follow-up log as it is now (None when nothing was ever written)."""
    path = followup.path(api.database_path())
    version = store.data_version(path)
    return None if version is None else store.cursor(_log_connection(str(path), version))


def _date(value) -> str:
    return danish.date(value) if value is not None else ""


def _action_table(actions: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    overdue = (pl.col("status") != followup.DONE) & (pl.col("due_date") < today)
    return actions.select(
        pl.col("text").alias("Aftale"),
        danish.date_expr(pl.col("due_date")).alias("Frist"),
        pl.when(overdue).then(pl.col("status") + " (fristen er overskredet)").otherwise(pl.col("status")).alias("Status"),
    )


def followup_section(unit_code: str, unit_office: str | None, municipality_codes: list[int], who: Viewer | None = None,
                     today: dt.date | None = None) -> None:
    """The compact follow-up block of the Jobcenter page."""
    who = who or viewer(unit_office, unit_code)
    today = today or dt.date.today()
    con = log_cursor()
    entries = followup.entries(con, who.role, who.home_unit, municipality_codes)
    actions = followup.actions(con, who.role, who.home_unit, municipality_codes)
    st.subheader("Opfølgning fra arbejdsmarkedskontoret")
    if who.role == "kommune":
        st.caption("Som kommune ser du de opfølgninger, arbejdsmarkedskontoret har delt med kommunen.")
    if entries.is_empty():
        st.write("Ingen opfølgninger registreret.")
    for i, entry in enumerate(entries.iter_rows(named=True)):
        container = st if i < 3 else st.expander(f"Ældre opfølgning, {_date(entry['followup_date'])}")
        shared = " · delt med kommunen" if entry["shared"] else ""
        container.markdown(f"**{_date(entry['followup_date'])} · {entry['kind']}**{shared}  \n"
                           f"{plain.markdown(entry['text'])}")
        own = actions.filter(pl.col("entry_id") == entry["entry_id"])
        if own.height:
            container.dataframe(_action_table(own, today), hide_index=True, width="stretch")
        container.caption(f"Skrevet af {plain.markdown(entry['author'])} ({entry['author_role']}), "
                          f"{danish.date(entry['written_at'])}.")
    writable = [c for c in municipality_codes if followup.may_write(who.role, who.home_unit, c)]
    if not who.service_mode:
        st.caption(READ_ONLY_NOTE)
    elif writable:
        _entry_form(who, writable, unit_code)
        _status_form(who, actions.filter(pl.col("municipality_code").is_in(writable) & (pl.col("status") != followup.DONE)))


def _writer(who: Viewer) -> followup.Writer:
    return followup.Writer(who.name, who.role, who.home_unit or "")


def _entry_form(who: Viewer, codes: list[int], unit_code: str) -> None:
    names = _municipality_names()
    with st.expander("Ny opfølgning"), st.form(f"followup_{unit_code}", clear_on_submit=True):
        code = st.selectbox("Kommune", codes, format_func=lambda c: names.get(c, str(c)))
        when = st.date_input("Dato", value=dt.date.today(), format="DD-MM-YYYY")
        kind = st.selectbox("Type", followup.KINDS)
        text = st.text_area("Kort tekst (ingen personoplysninger)", max_chars=followup.MAX_TEXT)
        shared = st.checkbox("Delt med kommunen")
        planned = []
        for n in range(1, ACTION_ROWS + 1):
            left, middle, right = st.columns([3, 1, 1])
            action = left.text_input(f"Aftale {n}", key=f"action_{unit_code}_{n}")
            due = middle.date_input(f"Frist {n}", value=dt.date.today() + dt.timedelta(days=30), format="DD-MM-YYYY",
                                    key=f"due_{unit_code}_{n}")
            status = right.selectbox(f"Status {n}", followup.STATUSES, key=f"status_{unit_code}_{n}")
            if action.strip():
                planned.append(followup.Action(action, due, status))
        if st.form_submit_button("Gem opfølgning"):
            try:
                followup.add_entry(followup.path(api.database_path()), _writer(who), code, when, kind, text, shared,
                                   planned, audit_db=api.database_path())
            except followup.FollowupError as refused:
                st.error(str(refused))
            else:
                st.success("Opfølgningen er gemt.")


def _status_form(who: Viewer, open_actions: pl.DataFrame) -> None:
    if open_actions.is_empty():
        return
    labels = {(r["entry_id"], r["action_no"]): f"{r['text']} (frist {_date(r['due_date'])}, {r['status']})"
              for r in open_actions.iter_rows(named=True)}
    with st.expander("Ny status for en aftale"), st.form("followup_status"):
        key = st.selectbox("Aftale", list(labels), format_func=labels.__getitem__)
        status = st.selectbox("Ny status", followup.STATUSES)
        if st.form_submit_button("Gem status"):
            try:
                followup.set_action_status(followup.path(api.database_path()), _writer(who), key[0], key[1], status,
                                           audit_db=api.database_path())
            except followup.FollowupError as refused:
                st.error(str(refused))
            else:
                st.success("Status er gemt.")


def _municipality_names() -> dict[int, str]:
    frame = reference.municipalities()
    return dict(zip(frame["municipality_code"].to_list(), frame["municipality_name"].to_list()))


def overdue_section(office: str | None, who: Viewer | None = None, today: dt.date | None = None) -> None:
    """Actions past their due date and not done, for an office (all offices when None)."""
    who = who or viewer(office)
    today = today or dt.date.today()
    overdue = followup.overdue_actions(log_cursor(), who.role, who.home_unit, today, office)
    st.subheader("Aftaler med overskredet frist")
    if who.role == "kommune":
        st.caption("Listen over aftaler vises for arbejdsmarkedskontorerne, STAR og ministeriet.")
        return
    if overdue.is_empty():
        st.write("Ingen aftaler har overskredet fristen.")
        return
    names = _municipality_names()
    table = overdue.select(
        pl.col("municipality_code").replace_strict(names, return_dtype=pl.String).alias("Kommune"),
        pl.col("text").alias("Aftale"),
        danish.date_expr(pl.col("due_date")).alias("Frist"),
        pl.col("status").alias("Status"),
        pl.col("shared").replace_strict({True: "ja", False: "nej"}, return_dtype=pl.String).alias("Delt med kommunen"),
    )
    st.dataframe(table, hide_index=True, width="stretch")


def documents_section(con, office: str | None, who: Viewer | None = None, today: dt.date | None = None) -> None:
    """What each municipality has sent: received, missing, overdue (deadlines from the settings)."""
    who = who or viewer(office)
    status = documents.status(con, today)
    if office:
        status = status.filter(pl.col("star_office") == office)
    st.subheader("Regnskaber og rapporter")
    shown = status.with_columns(pl.when(pl.col("received_date").is_not_null())
                                .then(danish.date_expr(pl.col("received_date"))
                                      + pl.when(pl.col("state") == "received_late").then(pl.lit(" (efter fristen)"))
                                      .otherwise(pl.lit("")))
                                .otherwise(pl.col("state_name")).alias("cell"))
    table = (shown.pivot(on="document", index="municipality_name", values="cell")
             .select(pl.col("municipality_name").alias("Kommune"),
                     *[pl.col(d).alias(n) for d, n in documents.DOCUMENTS.items()]))
    counts = status.group_by("state").len()
    by_state = dict(counts.iter_rows())
    st.write(f"Modtaget: **{danish.integer(by_state.get('received', 0) + by_state.get('received_late', 0))}** "
             f"(heraf efter fristen {danish.integer(by_state.get('received_late', 0))}); "
             f"fristen overskredet: **{danish.integer(by_state.get('overdue', 0))}**; "
             f"ikke modtaget: {danish.integer(by_state.get('missing', 0))}.")
    st.dataframe(table, hide_index=True, width="stretch")
    rules = documents.rules()
    deadline = danish.date(min(rules.deadlines.values()))
    st.caption(f"Frist for slutrapport og slutregnskab: {deadline}"
               + (" (antaget; tilsagnsbrevene fastsætter fristen)" if rules.deadlines_are_assumptions else "")
               + f". Slutregnskabet er revisorpåtegnet, når tilskuddet er over {danish.kroner(rules.auditor_above_dkk)}, "
               "ellers ledelsespåtegnet. Regnskabet for rate 1 sendes med anmodningen om rate 2.")
    _history(con, status)
    if who.role == "star" and who.service_mode:
        _document_form(who, status)
    elif not who.service_mode:
        st.caption(READ_ONLY_NOTE)


def _history(con, status: pl.DataFrame) -> None:
    """Every entry of one municipality, corrections included (the latest holds)."""
    corrected = status.filter(pl.col("entries") > 1)
    with st.expander(f"Historik og rettelser ({corrected.height} dokumenter er rettet)"):
        names = dict(zip(status["municipality_code"].to_list(), status["municipality_name"].to_list()))
        first = corrected["municipality_code"][0] if corrected.height else next(iter(names))
        order = sorted(names, key=names.get)
        code = st.selectbox("Kommune", order, index=order.index(first), format_func=names.__getitem__,
                            key="_sel_dokumenthistorik")
        entries = documents.history(con, code)
        st.dataframe(entries.select(
            pl.col("document").replace_strict(documents.DOCUMENTS, return_dtype=pl.String).alias("Dokument"),
            danish.date_expr(pl.col("received_date")).alias("Modtaget"),
            pl.col("endorsement").replace_strict(documents.ENDORSEMENTS, default="", return_dtype=pl.String).alias("Påtegning"),
            danish.date_expr(pl.col("entered_at")).alias("Registreret"),
            pl.col("source").alias("Kilde"),
            pl.col("holds").replace_strict({True: "gælder", False: "rettet senere"}, return_dtype=pl.String).alias("Status"),
        ), hide_index=True, width="stretch")


def _document_form(who: Viewer, status: pl.DataFrame) -> None:
    names = dict(zip(status["municipality_code"].to_list(), status["municipality_name"].to_list()))
    with st.expander("Registrér et dokument"), st.form("document_entry", clear_on_submit=True):
        code = st.selectbox("Kommune", sorted(names, key=names.get), format_func=names.__getitem__)
        document = st.selectbox("Dokument", list(documents.DOCUMENTS), format_func=documents.DOCUMENTS.__getitem__)
        received = st.date_input("Modtaget", value=dt.date.today(), format="DD-MM-YYYY")
        endorsement = st.selectbox("Påtegning", ["", *documents.ENDORSEMENTS],
                                   format_func=lambda e: documents.ENDORSEMENTS.get(e, "ingen"))
        if st.form_submit_button("Gem dokument"):
            result = documents.add_entry(api.database_path(), code, document, received, endorsement or None, who.name,
                                         audit_role=who.role)
            if result.ok:
                st.success("Dokumentet er registreret.")
            else:
                st.error(result.report)


def meeting_pack_section(month: str, who: Viewer | None = None) -> None:
    """The regional meeting pack of a region or an office for the month, as a PDF download."""
    who = who or viewer()
    st.subheader("Mødemateriale til regionale møder")
    choices = ({f"office:{c}": n for c, n in areas.OFFICES.items()}
               | {f"region:{c}": n for c, n in areas.regions().items()})
    chosen = st.selectbox("Region eller arbejdsmarkedskontor", list(choices), format_func=choices.__getitem__,
                          key="_sel_moedemateriale")
    kind, code = chosen.split(":")
    where = areas.area(**{kind: code})
    st.caption(f"Forside med {where['name']} mod landet og jobcentre, der halter, og én side pr. deltagende kommune "
               f"({len(where['municipality_codes'])}): nøgletal, rater, dokumenter og aftaler delt med kommunen.")
    if st.button(f"Lav mødemateriale for {where['name']}, {danish.month_name(month)} (PDF)"):
        with st.spinner("Danner PDF"):
            pdf = meeting_pack.render(api.cursor(), log_cursor(), month, **{kind: code})
        ps.record("report", "mødemateriale (pdf)", unit=code, month=month)
        st.download_button("Hent mødemateriale (PDF)", pdf, meeting_pack.file_name(where, month), "application/pdf")
