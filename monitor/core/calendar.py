"""Weeks and months as the indicator definitions use them.

A week is stored as an integer index: the number of weeks between 1970-01-05 (a Monday) and
the week's Monday. An ISO week belongs to the month that holds its Thursday.
"""

from __future__ import annotations

import datetime as dt
import re

EPOCH_MONDAY = dt.date(1970, 1, 5)
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_NAMES = [  # Danish: the only language a user reads (also in the indicator definitions)
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_iso_week(text: str) -> tuple[int, int] | None:
    """(year, week) for a valid `YYYY-Www`, else None (W53 only in years that have one)."""
    m = WEEK_RE.match(text or "")
    if not m:
        return None
    year, week = int(m.group(1)), int(m.group(2))
    if not 1 <= week <= weeks_in_year(year) or year < 1900:
        return None
    return year, week


def weeks_in_year(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def iso_week_to_index(text: str) -> int:
    parsed = parse_iso_week(text)
    if parsed is None:
        raise ValueError(f"ugyldig uge: {text!r} (forventet ÅÅÅÅ-Uuu)")
    monday = dt.date.fromisocalendar(parsed[0], parsed[1], 1)
    return (monday - EPOCH_MONDAY).days // 7


def index_to_iso_week(index: int) -> str:
    monday = EPOCH_MONDAY + dt.timedelta(weeks=index)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(index: int) -> dt.date:
    return EPOCH_MONDAY + dt.timedelta(weeks=index)


def week_month(index: int) -> str:
    """The month (`YYYY-MM`) that holds the week's Thursday."""
    thursday = week_monday(index) + dt.timedelta(days=3)
    return f"{thursday.year}-{thursday.month:02d}"


def parse_month(text: str) -> tuple[int, int] | None:
    m = MONTH_RE.match(text or "")
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return year, month


def is_month(text: str) -> bool:
    return parse_month(text) is not None


def month_first_day(month: str) -> dt.date:
    year, mon = parse_month(month)
    return dt.date(year, mon, 1)


def month_last_day(month: str) -> dt.date:
    return month_first_day(add_months(month, 1)) - dt.timedelta(days=1)


def add_months(month: str, n: int) -> str:
    year, mon = parse_month(month)
    total = year * 12 + (mon - 1) + n
    return f"{total // 12}-{total % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def last_week_index_of_month(month: str) -> int:
    """Index of the last ISO week that belongs to `month` (its Thursday lies in the month)."""
    last = month_last_day(month)
    # the Thursday on or before the last day belongs to the month
    thursday = last - dt.timedelta(days=(last.weekday() - 3) % 7)
    return (thursday - dt.timedelta(days=3) - EPOCH_MONDAY).days // 7
