"""The id rule of extracts.md 1.1 applied to values and free text: anything of 9 or more
characters that is only digits and dashes could be a person id (a CPR number, also without
its leading zero or with its dash) and is never echoed or stored as free text."""

from __future__ import annotations

import re

HIDDEN = "(ikke vist)"
# a run of 9+ digits and dashes (at least one digit), not part of a longer such run
_ID_LIKE_RUN = re.compile(r"(?<![0-9-])(?=[0-9-]*[0-9])[0-9-]{9,}(?![0-9-])")


def looks_like_id(value) -> bool:
    """True when the whole value (surrounding spaces ignored) is 9+ digits and dashes."""
    text = "" if value is None else str(value).strip()
    return bool(_ID_LIKE_RUN.fullmatch(text))


def shown(value) -> str | None:
    """The value as it may appear in a report: '(ikke vist)' when it could be a person id."""
    if value is None:
        return None
    return HIDDEN if looks_like_id(value) else str(value)


def id_like_positions(text: str) -> list[int]:
    """1-based character positions where an id-like run starts in a free text."""
    return [m.start() + 1 for m in _ID_LIKE_RUN.finditer(text or "")]
