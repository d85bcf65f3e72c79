"""The id rule of extracts.md 1.1 applied to values and free text: anything of 9 or more
characters that is only digits and dashes could be a person id (a CPR number, also without
its leading zero or with its dash) and is never echoed or stored as free text; neither is
any value in a column meant for ids. Both are shown as "(ikke vist)" in reports, the load
log, log lines and on every page."""

from __future__ import annotations

import re

import polars as pl

HIDDEN = "(ikke vist)"
ID_COLUMNS = frozenset({"person_id"})
MAX_SHOWN = 64  # longer values are never shown
# a run of 9+ digits and dashes (at least one digit), not part of a longer such run
_ID_LIKE_RUN = re.compile(r"(?<![0-9-])(?=[0-9-]*[0-9])[0-9-]{9,}(?![0-9-])")
# the same rule for Polars, whose regex engine has no look-around: the character before the
# run (or the start) is captured and kept; the run is spelled out by its number k of leading
# dashes (k dashes, a digit, then enough digits and dashes for 9 in all), and being greedy it
# always runs to the end of the digits and dashes
_ID_LIKE_RUN_POLARS = ("(^|[^0-9-])("
                       + "|".join(f"-{{{k}}}[0-9][0-9-]{{{8 - k},}}" for k in range(9))
                       + "|-{9,}[0-9][0-9-]*)")


def looks_like_id(value) -> bool:
    """True when the whole value (surrounding spaces ignored) is 9+ digits and dashes."""
    text = "" if value is None else str(value).strip()
    return bool(_ID_LIKE_RUN.fullmatch(text))


def shown(value, column: str | None = None) -> str | None:
    """The value as it may appear in a report: '(ikke vist)' when it could be or hold a person
    id, stands in a column meant for ids, or is not a single short value (a line break, more
    than 64 characters: a quote gone wrong may have swallowed whole rows)."""
    if value is None:
        return None
    text = str(value)
    if ((column is not None and column.strip() in ID_COLUMNS) or _ID_LIKE_RUN.search(text)
            or "\n" in text or "\r" in text or len(text) > MAX_SHOWN):
        return HIDDEN
    return text


def id_like_positions(text: str) -> list[int]:
    """1-based character positions where an id-like run starts in a free text."""
    return [m.start() + 1 for m in _ID_LIKE_RUN.finditer(text or "")]


def redact_text(text: str | None) -> str | None:
    """Free text (a path, a message stored by an earlier version) with every id-like run
    replaced by HIDDEN."""
    if text is None:
        return None
    return _ID_LIKE_RUN.sub(HIDDEN, text)


def redact_column(column: str) -> pl.Expr:
    """`redact_text` on a text column as one vectorised expression (pages never run Python
    callbacks per row: page threads waiting on Polars' pool running Python code deadlock)."""
    return pl.col(column).str.replace_all(_ID_LIKE_RUN_POLARS, "${1}" + HIDDEN)
