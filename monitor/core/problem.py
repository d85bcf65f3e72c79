"""One problem (or warning) found in an extract: where it is, the value and the rule broken.

Values and column names that could be a person id are never shown (monitor.core.privacy); `masked`
also hides values equal to a person id of the same extract, whatever column they stand in
(a header with swapped columns).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from monitor.core.privacy import HIDDEN, looks_like_id, redact_text, shown


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


def masked(problems: list[Problem], known_ids: pl.Series) -> list[Problem]:
    """The problems with every value and column name that could be a person id, or equals a
    known person id of the extract, replaced by HIDDEN."""
    texts = [t for p in problems for t in (p.value, p.column) if t is not None]
    found: set[str] = set()
    if texts and not known_ids.is_empty():
        candidates = pl.Series(texts, dtype=pl.String)
        found = set(candidates.filter(candidates.is_in(known_ids.implode())).to_list())
    return [
        replace(
            p,
            value=HIDDEN if p.value in found else shown(p.value, p.column),
            column=HIDDEN if p.column in found or looks_like_id(p.column) else p.column,
        )
        for p in problems
    ]
