"""Who is looking: the current user's role, home unit and what they may see.

Two modes (../shared/spec/service.md):
- open (demonstration) mode, the default: no login, the role is chosen in the sidebar, and
  everybody sees released months only;
- service mode, when `.streamlit/secrets.toml` has an `[auth]` section (OpenID Connect through
  `st.login`): everyone logs in; role and home unit come from the token's claims where the
  provider sends them, otherwise from `[access.users]` (e-mail) or `[access.domains]` (the
  e-mail's domain); a user neither knows gets no data and a clear message.

Pages call `current_user()` only (announced in /work/INTERFACES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import streamlit as st

ROLES = {"ministeriet": "Ministeriet", "star": "STAR", "arbejdsmarkedskontor": "Arbejdsmarkedskontor",
         "kommune": "Kommune"}
SEES_UNRELEASED = frozenset({"ministeriet", "star"})
HOME_UNIT_TYPE = {"ministeriet": "country", "star": "country", "arbejdsmarkedskontor": "star_office",
                  "kommune": "jobcentre"}
COUNTRY = "DK"
OPEN, SERVICE = "open", "service"


@dataclass(frozen=True)
class User:
    mode: str                     # OPEN or SERVICE
    role: str | None              # a key of ROLES; None: logged in but unknown (no data)
    name: str = ""                # e-mail or name from the provider ("" in open mode)
    unit_type: str | None = None  # country, star_office or jobcentre
    unit_code: str | None = None  # DK, OEST/MIDTNORD/SYD or a job centre's code; None: not chosen
    reason: str = ""              # why an unknown user is unknown (shown to them, plain text)

    @property
    def known(self) -> bool:
        return self.role is not None

    @property
    def may_see_unreleased(self) -> bool:
        """Only ministeriet and star, and only when logged in (open mode sees released months)."""
        return self.mode == SERVICE and self.role in SEES_UNRELEASED

    @property
    def audit_name(self) -> str:
        return self.name or "åben tilstand"

    @property
    def audit_role(self) -> str:
        return self.role if self.mode == SERVICE and self.role else ("aaben" if self.mode == OPEN else "ukendt")


def resolve(claims: Mapping, access: Mapping, units: Mapping[str, set[str]]) -> tuple[str, str, str] | str:
    """(role, unit_type, unit_code) for a logged-in user's claims, or a Danish reason why not.

    `access` is the `[access]` settings: `role_claim`, `unit_claim` (claim names, default
    "monitor_role" and "monitor_unit"), `users` (e-mail -> {role, unit}) and `domains`
    (domain -> {role, unit}); `units` the known codes per unit type. Claims win over the
    mapping; an e-mail entry wins over its domain's."""
    email = str(claims.get("email") or "").strip().lower()
    role = claims.get(access.get("role_claim", "monitor_role"))
    unit = claims.get(access.get("unit_claim", "monitor_unit"))
    if not role:
        users = {str(k).lower(): v for k, v in dict(access.get("users", {})).items()}
        domains = {str(k).lower(): v for k, v in dict(access.get("domains", {})).items()}
        entry = users.get(email) or (domains.get(email.rsplit("@", 1)[1]) if "@" in email else None)
        if not entry:
            return (f"Brugeren {email or '(uden e-mailadresse)'} er ikke oprettet i overvågningen. "
                    "Kontakt STAR for at få adgang.")
        role, unit = entry.get("role"), entry.get("unit", unit)
    role = str(role).strip().lower()
    if role not in ROLES:
        return f"Rollen »{role}« kendes ikke; gyldige roller er {', '.join(ROLES)}. Kontakt STAR."
    unit_type = HOME_UNIT_TYPE[role]
    if unit_type == "country":
        return role, unit_type, COUNTRY
    unit = str(unit or "").strip().upper()
    if unit not in units.get(unit_type, set()):
        what = "jobcenter" if unit_type == "jobcentre" else "arbejdsmarkedskontor"
        return f"Brugerens {what} »{unit or '(intet)'}« kendes ikke. Kontakt STAR."
    return role, unit_type, unit


def service_mode() -> bool:
    """True when an identity provider is configured (`[auth]` in the secrets)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False
    except Exception:  # noqa: BLE001 - a malformed secrets file: say so, but stay in open mode
        return False


def access_settings() -> Mapping:
    try:
        return st.secrets.get("access", {})
    except Exception:  # noqa: BLE001 - no secrets file: no mapping
        return {}


def current_user() -> User:
    """The user of this session (set by `app.py` before the page runs)."""
    user = st.session_state.get("_user")
    if isinstance(user, User):
        return user
    return User(mode=OPEN, role=st.session_state.get("_rolle", "kommune"))
