"""Establishing the session's user before a page runs (app.py): the open mode's role choice, or
the login through `st.login` (OpenID Connect), the role and home unit, the unknown user's
message, logout, and the audit entries for both."""

from __future__ import annotations

import streamlit as st

from monitor.core import audit
from monitor.dashboard import access, api, plain, state
from monitor.dashboard.access import OPEN, SERVICE, User

OPEN_MODE_LINE = ("Åben demonstrationstilstand: ingen login, rollen vælges her og sætter kun standardvalg; "
                  "kun offentliggjorte måneder vises. Alle tal er samlede og diskretionerede.")


def _units() -> dict[str, set[str]]:
    return {kind: set(api.units(kind)["unit_code"].to_list()) for kind in ("jobcentre", "star_office")}


def _unit_name(user: User) -> str:
    if user.unit_type in (None, "country"):
        return "hele landet"
    names = api.units(user.unit_type)
    found = names.filter(names["unit_code"] == user.unit_code)["unit_name"].to_list()
    return found[0] if found else str(user.unit_code)


def _open_mode() -> User:
    role = state.select("rolle", "Rolle", access.ROLES, "kommune", sidebar=True,
                        help="Rollen sætter fornuftige standardvalg (eget jobcenter, eget kontor, haltende først).")
    st.sidebar.caption(OPEN_MODE_LINE)
    return User(mode=OPEN, role=role)


def _login_page() -> None:
    st.title("Flere skal med: overvågning")
    st.write("Log ind med din organisations login for at se overvågningen. Du ser dit eget jobcenter eller "
             "kontor først; tal for måneder, der endnu ikke er offentliggjort, vises kun for Ministeriet og STAR.")
    st.button("Log ind", type="primary", on_click=st.login)


def _only(page, title: str) -> None:
    """Runs one page instead of the dashboard, with no navigation to the others, and stops."""
    st.navigation([st.Page(page, title=title, url_path="adgang", default=True)], position="hidden").run()
    st.stop()


def _service_mode() -> User:
    if not st.user.is_logged_in:
        _only(_login_page, "Log ind")
    claims = st.user.to_dict()
    name = str(claims.get("email") or claims.get("name") or claims.get("sub") or "")
    resolved = access.resolve(claims, access.access_settings(), _units())
    if isinstance(resolved, str):
        user = User(mode=SERVICE, role=None, name=name, reason=resolved)
    else:
        role, unit_type, unit_code = resolved
        user = User(mode=SERVICE, role=role, name=name, unit_type=unit_type, unit_code=unit_code)
    if st.session_state.get("_login_recorded") != name:
        st.session_state["_login_recorded"] = name
        audit.record(api.database_path(), "login", user=user.audit_name, role=user.audit_role,
                     unit=user.unit_code, detail=None if user.known else "ukendt bruger: ingen data vist")
    return user


def _logout(user: User) -> None:
    audit.record(api.database_path(), "logout", user=user.audit_name, role=user.audit_role, unit=user.unit_code)
    st.session_state.pop("_login_recorded", None)
    st.logout()


def _who_box(user: User) -> None:
    st.sidebar.markdown(f"Logget ind som **{plain.markdown(user.name)}**")
    if user.known:
        st.sidebar.caption(f"{access.ROLES[user.role]}, {plain.markdown(_unit_name(user))}"
                           + (" · ser også ikke offentliggjorte måneder" if user.may_see_unreleased else ""))
    if st.sidebar.button("Log ud"):
        _logout(user)


def establish() -> User:
    """Sets the session's user (access.current_user()); in service mode stops the run with the
    login page, or with a clear message and no data for a user nobody knows."""
    user = _service_mode() if access.service_mode() else _open_mode()
    st.session_state["_user"] = user
    if user.mode == SERVICE:
        _who_box(user)
        if not user.known:
            def no_access() -> None:
                st.title("Ingen adgang")
                st.error(plain.markdown(user.reason))
            _only(no_access, "Ingen adgang")
    return user
