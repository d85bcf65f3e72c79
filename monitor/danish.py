"""Everything a user reads is Danish: number, share, money and month formats."""

from __future__ import annotations

import datetime as dt
import math

from monitor import calendar

MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]
MONTH_ABBREVIATIONS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
SUPPRESSED = "<3"
NO_ONE = "ingen i gruppen"


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def integer(value) -> str:
    """13012 -> '13.012'."""
    if _is_missing(value):
        return ""
    return f"{int(round(value)):,}".replace(",", ".")


def decimal(value, digits: int = 1) -> str:
    """2.5 -> '2,5'."""
    if _is_missing(value):
        return ""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(share, digits: int = 1) -> str:
    """A decimal fraction as '23,4 pct.'."""
    if _is_missing(share):
        return ""
    return f"{decimal(share * 100, digits)} pct."


def percent_points(diff, digits: int = 1) -> str:
    """A change in share as '+1,2 pct.-point'."""
    if _is_missing(diff):
        return ""
    rounded = round(diff * 100, digits)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return f"{sign}{decimal(abs(diff) * 100, digits)} pct.-point"


def kroner(value) -> str:
    """1234567 -> '1.234.567 kr.'."""
    if _is_missing(value):
        return ""
    return f"{integer(value)} kr."


def count(value, suppressed: bool = False) -> str:
    """A person count, '<3' when suppressed."""
    if suppressed:
        return SUPPRESSED
    return integer(value)


def share_or_note(share, denominator, suppressed: bool = False) -> str:
    if suppressed:
        return SUPPRESSED
    if denominator == 0:
        return NO_ONE
    return percent(share)


def month_name(month: str, short: bool = False) -> str:
    """'2018-12' -> 'december 2018' ('dec. 2018' when short)."""
    year, mon = calendar.parse_month(month)
    names = MONTH_ABBREVIATIONS if short else MONTH_NAMES
    return f"{names[mon - 1]} {year}"


def date(value: dt.date | dt.datetime) -> str:
    """A date as '22. november 2026'."""
    return f"{value.day}. {MONTH_NAMES[value.month - 1]} {value.year}"


def datetime(value: dt.datetime) -> str:
    return f"{date(value)} kl. {value:%H.%M}"
