"""The audit log: who did what and when (logins, logouts, downloads, generated reports,
release-time changes, loads, follow-up and document writes). Never person-level data: a unit
code, a month and the name of a download or report at most.

    audit.record(db_path, "download", user="a@kommune.dk", role="kommune", what="jobcenter-851.csv",
                 unit="851", month="2019-08", vintage="2019-08")
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from monitor.core import servicefile

EVENTS = ("login", "logout", "download", "report", "release", "load", "write")
COLUMNS = ("at", "user_name", "role", "event", "what", "unit", "month", "vintage", "detail")


def record(db_path: Path | str, event: str, *, user: str, role: str, what: str | None = None,
           unit: str | None = None, month: str | None = None, vintage: str | None = None,
           detail: str | None = None, at: dt.datetime | None = None) -> None:
    """Appends one event (at = now, UTC, unless given)."""
    if event not in EVENTS:
        raise ValueError(f"ukendt hændelse i revisionssporet: {event!r}; brug en af {', '.join(EVENTS)}")
    servicefile.execute(db_path, "insert_audit", {
        "at": (at or servicefile.utc_now()).astimezone(dt.timezone.utc).isoformat(),
        "user_name": user, "role": role, "event": event, "what": what, "unit": unit,
        "month": month, "vintage": vintage, "detail": detail,
    })


def log(db_path: Path | str, since: dt.date | None = None) -> pl.DataFrame:
    """The audit log from `since` (a date, UTC midnight) on, oldest first; times in UTC."""
    start = dt.datetime.combine(since, dt.time(), dt.timezone.utc).isoformat() if since else ""
    found = servicefile.rows(db_path, "audit_log", {"since": start})
    return pl.DataFrame(found, schema={c: pl.String for c in COLUMNS})
