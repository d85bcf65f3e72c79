"""Everything a user reads is Danish: number, share, money and month formats."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from monitor.core import calendar
from monitor.core.calendar import MONTH_NAMES
from monitor.core.settings import load as load_settings

MONTH_ABBREVIATIONS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
SUPPRESSED = f"<{load_settings().discretion_threshold}"  # a suppressed count
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


def month_name(month: str, short: bool = False) -> str:
    """'2018-12' -> 'december 2018' ('dec. 2018' when short)."""
    year, mon = calendar.parse_month(month)
    names = MONTH_ABBREVIATIONS if short else MONTH_NAMES
    return f"{names[mon - 1]} {year}"


def date(value: dt.date | dt.datetime) -> str:
    """A date as '22. november 2026'."""
    return f"{value.day}. {MONTH_NAMES[value.month - 1]} {value.year}"


def datetime(value: dt.datetime) -> str:
    """'24. november 2026 kl. 14.05' (tables with times: load log, audit log)."""
    return f"{date(value)} kl. {value:%H.%M}"


# ---- the same formats as Polars expressions (no Python callback per row: page threads must
# never wait on Polars' thread pool running Python code, which deadlocks under load) ----------

def integer_expr(expr: pl.Expr) -> pl.Expr:
    """Like integer(): 13012 -> '13.012', null -> ''."""
    value = expr.round(0).cast(pl.Int64)
    digits = value.abs().cast(pl.String)
    width = digits.str.len_chars()
    groups = [digits.str.slice(0, width - 3 * k) for k in (4, 3, 2, 1)]
    grouped = pl.when(width > 12).then(pl.format("{}.{}.{}.{}.{}", groups[0], *(digits.str.slice(width - 3 * k, 3) for k in (4, 3, 2, 1))))
    grouped = grouped.when(width > 9).then(pl.format("{}.{}.{}.{}", groups[1], *(digits.str.slice(width - 3 * k, 3) for k in (3, 2, 1))))
    grouped = grouped.when(width > 6).then(pl.format("{}.{}.{}", groups[2], *(digits.str.slice(width - 3 * k, 3) for k in (2, 1))))
    grouped = grouped.when(width > 3).then(pl.format("{}.{}", groups[3], digits.str.slice(width - 3, 3))).otherwise(digits)
    return pl.when(value < 0).then(pl.lit("-") + grouped).otherwise(grouped).fill_null("")


def percent_expr(expr: pl.Expr, digits: int = 1) -> pl.Expr:
    """Like percent(): 0.234 -> '23,4 pct.', null or NaN -> ''."""
    scaled = (expr.fill_nan(None) * 100 * 10 ** digits).round(0).cast(pl.Int64)
    whole = integer_expr(scaled.abs() // 10 ** digits)
    sign = pl.when(scaled < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    if digits == 0:
        return pl.format("{}{} pct.", sign, whole).fill_null("")
    fraction = (scaled.abs() % 10 ** digits).cast(pl.String).str.zfill(digits)
    return pl.format("{}{},{} pct.", sign, whole, fraction).fill_null("")


def count_expr(value: pl.Expr, suppressed: pl.Expr) -> pl.Expr:
    """Like count(): a person count, '<3' when suppressed."""
    return pl.when(suppressed.fill_null(False)).then(pl.lit(SUPPRESSED)).otherwise(integer_expr(value))


def date_expr(expr: pl.Expr) -> pl.Expr:
    """Like date() for a date or datetime column: '22. november 2026'; null stays null."""
    name = expr.dt.month().replace_strict(list(range(1, 13)), MONTH_NAMES, return_dtype=pl.String)
    return pl.format("{}. {} {}", expr.dt.day(), name, expr.dt.year())


def month_name_expr(expr: pl.Expr, short: bool = False) -> pl.Expr:
    """Like month_name(): '2018-12' -> 'december 2018', null -> ''."""
    names = MONTH_ABBREVIATIONS if short else MONTH_NAMES
    number = expr.str.slice(5, 2).cast(pl.Int8, strict=False)
    name = number.replace_strict(list(range(1, 13)), names, default=None, return_dtype=pl.String)
    return pl.format("{} {}", name, expr.str.slice(0, 4)).fill_null("")
