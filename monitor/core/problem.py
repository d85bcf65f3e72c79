"""One problem (or warning) found in an extract: where it is, the value and the rule broken.

Values and column names that could be a person id are never shown (monitor.core.privacy);
`masked` also hides values that hold a person id of the same extract, whatever column they
stand in (a header with swapped columns, a quote that swallowed rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import polars as pl

from monitor.core.privacy import HIDDEN, redact_text, shown

WORD = re.compile(r"[A-Za-z0-9_-]+")  # the characters of a pseudonymous id


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based data row (the header is row 0); None for file-level problems
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = redact_text(self.file)
        if self.row is not None:
            where += f", række {self.row}"
        if self.column:
            where += f", kolonne {shown(self.column)}"
        value = shown(self.value, self.column)
        value = "" if value is None else f", værdi {value!r}"
        return f"{where}{value}: {self.rule}"


def masked(problems: list[Problem], id_columns: list[pl.Series]) -> list[Problem]:
    """The problems with every value and column name that could be or hold a person id, or
    holds a person id found in one of `id_columns` (as a whole or as a word), replaced by HIDDEN."""
    words = {t: WORD.findall(t) for p in problems for t in (p.value, p.column) if t is not None}
    candidates = pl.Series(sorted({w for ws in words.values() for w in ws}), dtype=pl.String)
    found: set[str] = set()
    if not candidates.is_empty():
        for ids in id_columns:  # a few candidates against millions of ids: scan, not hash the ids
            found.update(ids.filter(ids.is_in(candidates.implode())).unique().to_list())

    def holds_id(text: str | None) -> bool:
        return text is not None and any(w in found for w in words[text])

    return [
        replace(
            p,
            value=HIDDEN if holds_id(p.value) else shown(p.value, p.column),
            column=HIDDEN if holds_id(p.column) else shown(p.column),
        )
        for p in problems
    ]
