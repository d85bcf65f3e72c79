"""Release times: before its release time an extract month is seen only by `ministeriet` and
`star` (marked "ikke offentliggjort"); everyone else, and the open mode, see the latest
released month as the latest month.

The default release time of month M is the n-th Danish working day after M's end at a time of
day (data/settings/programme.toml, [release]); STAR sets another with
`python -m monitor release --month YYYY-MM --at "YYYY-MM-DD HH:MM"` (Danish time), kept in the
service file (monitor.core.servicefile) with who set it, and audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.core import audit, calendar, servicefile
from monitor.core.settings import Settings

UNRELEASED = "ikke offentliggjort"


@dataclass(frozen=True)
class Release:
    month: str
    at: dt.datetime          # aware, Danish time
    source: str              # "standard" (the settings' rule) or "sat" (set by a command)
    set_by: str | None = None

    def released(self, now: dt.datetime | None = None) -> bool:
        return (now or servicefile.utc_now()) >= self.at


def easter_sunday(year: int) -> dt.date:
    """The Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def holidays(year: int, settings: Settings) -> frozenset[dt.date]:
    fixed = {dt.date(year, int(md[:2]), int(md[3:])) for md in settings.release_fixed_holidays}
    easter = easter_sunday(year)
    moving = {easter + dt.timedelta(days=offset) for offset in settings.release_easter_offsets
              if offset != settings.release_great_prayer_day_offset or year <= settings.release_great_prayer_day_until}
    return frozenset(fixed | moving)


def is_working_day(day: dt.date, settings: Settings) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year, settings)


def default_release(month: str, settings: Settings) -> dt.datetime:
    """The n-th working day after the month's end, at the settings' time of day, Danish time."""
    year, mon = calendar.parse_month(month)
    day = dt.date(year + mon // 12, mon % 12 + 1, 1) - dt.timedelta(days=1)
    counted = 0
    while counted < settings.release_working_days:
        day += dt.timedelta(days=1)
        counted += is_working_day(day, settings)
    hour, minute = (int(x) for x in settings.release_time.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), ZoneInfo(settings.timezone))


def releases(db_path: Path | str, months: list[str], settings: Settings) -> dict[str, Release]:
    """The release of every given month: the one set by a command, else the default."""
    zone = ZoneInfo(settings.timezone)
    sat = {r["month"]: r for r in servicefile.rows(db_path, "release_times")}
    out = {}
    for month in months:
        if month in sat:
            at = dt.datetime.fromisoformat(sat[month]["release_at"]).astimezone(zone)
            out[month] = Release(month, at, "sat", sat[month]["set_by"])
        else:
            out[month] = Release(month, default_release(month, settings), "standard")
    return out


def visible_months(months: list[str], may_see_unreleased: bool, db_path: Path | str, settings: Settings,
                   now: dt.datetime | None = None) -> list[str]:
    """The months a user may see, in order: all for ministeriet/star, else the released ones."""
    if may_see_unreleased:
        return list(months)
    known = releases(db_path, months, settings)
    return [m for m in months if known[m].released(now)]


def unreleased(months: list[str], db_path: Path | str, settings: Settings, now: dt.datetime | None = None) -> set[str]:
    known = releases(db_path, months, settings)
    return {m for m in months if not known[m].released(now)}


def parse_local(text: str, settings: Settings) -> dt.datetime:
    """'2019-09-13 09:30' (Danish time) -> an aware datetime; a Danish message when malformed."""
    try:
        naive = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"tidspunktet »{text}« skal skrives ÅÅÅÅ-MM-DD TT:MM (dansk tid), f.eks. 2019-09-13 09:30") from None
    return naive.replace(tzinfo=ZoneInfo(settings.timezone))


def set_release(db_path: Path | str, month: str, at: dt.datetime, *, user: str, role: str) -> None:
    """Sets month's release time (the latest setting holds) and writes it to the audit log."""
    now = servicefile.utc_now()
    servicefile.execute(db_path, "insert_release_time", {
        "month": month, "release_at": at.astimezone(dt.timezone.utc).isoformat(), "set_at": now.isoformat(),
        "set_by": user, "role": role,
    })
    audit.record(db_path, "release", user=user, role=role, month=month,
                 detail=f"offentliggøres {at:%Y-%m-%d %H:%M} ({at.tzname()})", at=now)
