"""The follow-up log of STAR's regional offices (spec administration.md, 2).

Per municipality: follow-ups (date, kind, short text, shared with the municipality or not)
with agreed actions (text, due date, status), author and time. Written by `star` and by an
`arbejdsmarkedskontor` for its own municipalities; read by `ministeriet`, `star` and the
office, and by a municipality's users for the entries shared with it. No person-level text:
anything that could be a person id (the id rule of extracts.md 1.1) is refused. Every write
is recorded (`followup_writes`) and passed to the audit log.

The log lives in its own small database file beside the main one (`path(db_path)`), written
like the main one (`store.write_copy`: lock, copy, swap), so a write is seen by every running
dashboard at its next read and does not invalidate the figures' caches.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from monitor.core import audit, privacy, queries, reference, store, work_copy

KINDS = ("møde", "telefon", "besøg", "handleplan")
STATUSES = ("aftalt", "i gang", "gennemført")
DONE = "gennemført"
MAX_TEXT = 1000
WRITE_ROLES = ("star", "arbejdsmarkedskontor")
SCHEMA = "create_followup_tables"


class FollowupError(ValueError):
    """A write the log refuses; the message is Danish and says what is wrong."""


@dataclass(frozen=True)
class Writer:
    name: str        # the logged-in user (as the identity gives it)
    role: str        # star | arbejdsmarkedskontor (others may not write)
    home_unit: str   # DK for star, the office code (OEST, MIDTNORD, SYD) for an office


@dataclass(frozen=True)
class Action:
    text: str
    due_date: dt.date
    status: str = "aftalt"


def path(db_path: Path | str) -> Path:
    """The follow-up file belonging to a main database file."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.followup.duckdb")


def connect(log_path: Path | str) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the log, or None when nothing was ever written."""
    return store.connect(log_path) if Path(log_path).exists() else None


def _offices() -> dict[int, str]:
    frame = reference.municipalities()
    return dict(zip(frame["municipality_code"].to_list(), frame["star_office_code"].to_list()))


# ---- who may do what ------------------------------------------------------------------------

def may_write(role: str, home_unit: str | None, municipality_code: int) -> bool:
    if role == "star":
        return True
    return role == "arbejdsmarkedskontor" and _offices().get(int(municipality_code)) == home_unit


def read_scope(role: str, home_unit: str | None) -> tuple[list[int] | None, bool] | None:
    """(municipality codes or None for all, shared only) a reader may see; None = nothing."""
    towns = reference.municipalities()
    if role in ("ministeriet", "star"):
        return None, False
    if role == "arbejdsmarkedskontor":
        return towns.filter(pl.col("star_office_code") == home_unit)["municipality_code"].to_list(), False
    if role == "kommune" and home_unit is not None:
        own = towns.filter(pl.col("jobcentre_code").cast(pl.String) == str(home_unit))
        return own["municipality_code"].to_list(), True
    return None


# ---- checks ---------------------------------------------------------------------------------

def check_text(text: str, what: str) -> str:
    """The text stripped; FollowupError when empty, too long or holding an id-like value."""
    text = (text or "").strip()
    if not text:
        raise FollowupError(f"{what} mangler.")
    if len(text) > MAX_TEXT:
        raise FollowupError(f"{what} er for lang ({len(text)} tegn); højst {MAX_TEXT} tegn.")
    positions = privacy.id_like_positions(text)
    if positions:
        where = ", ".join(str(p) for p in positions)
        raise FollowupError(
            f"{what} kan ikke gemmes: den indeholder ved tegn nr. {where} en værdi på 9 eller flere tegn "
            "af kun cifre og bindestreger, som kan være et personnummer. Opfølgningsloggen må ikke "
            "indeholde oplysninger om enkeltpersoner. Fjern værdien (skriv datoer som \"1. marts 2018\")."
        )
    return text


def _check_writer(writer: Writer, municipality_code: int) -> str:
    offices = _offices()
    if int(municipality_code) not in offices:
        raise FollowupError(f"Ukendt kommunekode: {municipality_code}.")
    if not may_write(writer.role, writer.home_unit, municipality_code):
        raise FollowupError("Du kan ikke skrive i opfølgningsloggen for denne kommune: kun STAR og "
                            "kommunens arbejdsmarkedskontor kan.")
    return offices[int(municipality_code)]


def _check_choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise FollowupError(f"Ukendt {what}: {privacy.shown(value)!r}; brug {', '.join(allowed)}.")


# ---- writing --------------------------------------------------------------------------------

def add_entry(log_path: Path | str, writer: Writer, municipality_code: int, followup_date: dt.date, kind: str,
              text: str, shared: bool, actions: list[Action] = (), now: dt.datetime | None = None,
              audit_db: Path | str | None = None) -> int:
    """Stores one follow-up with its actions; returns its id. FollowupError when refused.
    With `audit_db` (the main database) the write also goes to the service's audit log."""
    office = _check_writer(writer, municipality_code)
    _check_choice(kind, KINDS, "type")
    now = now or dt.datetime.now()
    if followup_date > now.date():
        raise FollowupError("Opfølgningens dato ligger i fremtiden; skriv datoen for mødet, samtalen eller besøget.")
    text = check_text(text, "Teksten")
    rows = []
    for number, action in enumerate(actions, start=1):
        _check_choice(action.status, STATUSES, "status")
        rows.append({"action_no": number, "text": check_text(action.text, f"Aftale {number}"),
                     "due_date": action.due_date, "status": action.status})
    staged = pl.DataFrame(rows, schema={"action_no": pl.Int32, "text": pl.String, "due_date": pl.Date, "status": pl.String})
    with _writing(log_path) as con:
        entry_id = int(queries.frame(con, "next_followup_entry")["entry_id"][0])
        con.register("staged_actions", staged)
        try:
            queries.run(con, "insert_followup_entry", {
                "entry_id": entry_id, "municipality_code": int(municipality_code), "star_office": office,
                "followup_date": followup_date, "kind": kind, "text": text, "shared": bool(shared),
                "author": writer.name, "author_role": writer.role, "written_at": now,
            })
        finally:
            con.unregister("staged_actions")
        _audit(con, writer, "entry", entry_id, int(municipality_code), now)
    _service_audit(audit_db, writer, "opfølgning", entry_id, int(municipality_code))
    return entry_id


def set_action_status(log_path: Path | str, writer: Writer, entry_id: int, action_no: int, status: str,
                      now: dt.datetime | None = None, audit_db: Path | str | None = None) -> None:
    """A new status for an agreed action (the earlier versions stay)."""
    _check_choice(status, STATUSES, "status")
    con = connect(log_path)
    found = None if con is None else queries.frame(con, "followup_actions", {"municipality_codes": None, "shared_only": False}) \
        .filter((pl.col("entry_id") == entry_id) & (pl.col("action_no") == action_no))
    if con is not None:
        con.close()
    if found is None or found.height == 0:
        raise FollowupError(f"Aftale {action_no} i opfølgning {entry_id} findes ikke.")
    code = int(found["municipality_code"][0])
    _check_writer(writer, code)
    now = now or dt.datetime.now()
    with _writing(log_path) as con:
        queries.run(con, "insert_followup_action_status", {
            "entry_id": entry_id, "action_no": action_no, "status": status, "author": writer.name, "written_at": now,
        })
        _audit(con, writer, "action_status", entry_id, code, now)
    _service_audit(audit_db, writer, f"status for aftale {action_no}", entry_id, code)


@contextmanager
def _writing(log_path: Path | str):
    """store.write_copy of the log; a write that cannot be done raises FollowupError."""
    try:
        with store.write_copy(log_path, SCHEMA) as con:
            yield con
    except work_copy.LoadRefused as refused:
        raise FollowupError(str(refused)) from refused


def _audit(con: duckdb.DuckDBPyConnection, writer: Writer, action: str, entry_id: int, municipality_code: int,
           now: dt.datetime) -> None:
    """The one place every follow-up write is recorded (with the write itself, so both or neither)."""
    queries.run(con, "insert_followup_write", {
        "written_at": now, "user_name": writer.name, "role": writer.role, "action": action,
        "entry_id": entry_id, "municipality_code": municipality_code,
    })


def _service_audit(audit_db, writer: Writer, what: str, entry_id: int, municipality_code: int) -> None:
    """The write in the service's audit log (no text, no person data: what, which entry, which unit)."""
    if audit_db is not None:
        audit.record(audit_db, "write", user=writer.name, role=writer.role, what=f"opfølgningslog: {what}",
                     unit=str(municipality_code), detail=f"opfølgning {entry_id}")


# ---- reading --------------------------------------------------------------------------------

ENTRY_SCHEMA = {"entry_id": pl.Int32, "municipality_code": pl.Int32, "star_office": pl.String, "followup_date": pl.Date,
                "kind": pl.String, "text": pl.String, "shared": pl.Boolean, "author": pl.String,
                "author_role": pl.String, "written_at": pl.Datetime}
ACTION_SCHEMA = {"municipality_code": pl.Int32, "star_office": pl.String, "shared": pl.Boolean,
                 "followup_date": pl.Date, "kind": pl.String, "entry_id": pl.Int32, "action_no": pl.Int32,
                 "text": pl.String, "due_date": pl.Date, "status": pl.String, "version": pl.Int32,
                 "author": pl.String, "written_at": pl.Datetime}


def _read(con, name: str, schema: dict, role: str, home_unit: str | None, municipality_codes) -> pl.DataFrame:
    scope = read_scope(role, home_unit)
    if con is None or scope is None:
        return pl.DataFrame(schema=schema)
    allowed, shared_only = scope
    wanted = allowed
    if municipality_codes is not None:
        asked = [int(c) for c in municipality_codes]
        wanted = asked if allowed is None else [c for c in asked if c in allowed]
    return queries.frame(con, name, {"municipality_codes": wanted, "shared_only": shared_only}).cast(schema)


def entries(con, role: str, home_unit: str | None, municipality_codes=None) -> pl.DataFrame:
    """The follow-ups this reader may see (optionally of some municipalities), newest first."""
    return _read(con, "followup_entries", ENTRY_SCHEMA, role, home_unit, municipality_codes)


def actions(con, role: str, home_unit: str | None, municipality_codes=None, shared_only: bool = False) -> pl.DataFrame:
    """The agreed actions as they stand (latest status) that this reader may see; with
    `shared_only` only those shared with the municipality (the meeting pack)."""
    frame = _read(con, "followup_actions", ACTION_SCHEMA, role, home_unit, municipality_codes)
    return frame.filter(pl.col("shared")) if shared_only else frame


def overdue_actions(con, role: str, home_unit: str | None, today: dt.date | None = None,
                    office: str | None = None) -> pl.DataFrame:
    """Actions not done whose due date has passed (per office when `office` is given)."""
    today = today or dt.date.today()
    frame = actions(con, role, home_unit)
    if office is not None:
        frame = frame.filter(pl.col("star_office") == office)
    return frame.filter((pl.col("status") != DONE) & (pl.col("due_date") < today))


def writes(con) -> pl.DataFrame:
    """Every write to the log, newest first (for the audit page)."""
    if con is None:
        return pl.DataFrame(schema={"written_at": pl.Datetime, "user_name": pl.String, "role": pl.String,
                                    "action": pl.String, "entry_id": pl.Int32, "municipality_code": pl.Int32})
    return queries.frame(con, "followup_writes")
