"""Hand-made extracts for tests: write the five tables of one extract month as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from monitor import calendar
from monitor.extracts import COLUMNS

R = "2017-W26"  # the reference week of the default settings
R_INDEX = calendar.iso_week_to_index(R)


def week(offset: int) -> str:
    """The ISO week `offset` weeks after R (negative: before)."""
    return calendar.index_to_iso_week(R_INDEX + offset)


def cash_weeks(person_id: str, first: int, last: int, benefit: str = "KH", match: str = "A", skip=()) -> list[dict]:
    """Benefit rows for every week from R+first to R+last (inclusive), except offsets in skip."""
    return [
        {"person_id": person_id, "week": week(o), "benefit": benefit, "match_category": match}
        for o in range(first, last + 1) if o not in set(skip)
    ]


def write_extract(root: Path, month: str, fmt: str = "csv", **tables: list[dict]) -> Path:
    """Writes root/<month>/<table>.csv for the five tables (missing tables get zero rows)."""
    folder = Path(root) / month
    folder.mkdir(parents=True, exist_ok=True)
    for table, columns in COLUMNS.items():
        rows = tables.get(table, [])
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: ("" if row.get(c) is None else row.get(c)) for c in columns})
    return folder


def person(person_id: str, municipality: int = 101, birth_year: int = 1975, sex: str = "K", ipe: str | None = None) -> dict:
    return {"person_id": person_id, "municipality_code": municipality, "birth_year": birth_year,
            "sex": sex, "integration_programme_end": ipe}


def load(root: Path, *folders: Path):
    """Loads folders into root/monitor.duckdb; returns (result, read-only connection)."""
    from monitor import store

    db = Path(root) / "monitor.duckdb"
    result = store.ingest(db, list(folders) or [Path(root) / "extracts"])
    return result, store.connect(db)


def target_group(con) -> set[str]:
    return {row[0] for row in con.sql("select person_id from target_group").fetchall()}
