"""Hand-made extracts for tests: write the five tables of one extract month as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from monitor.core import calendar
from monitor.core.extracts import COLUMNS

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
    from monitor.core import store

    db = Path(root) / "monitor.duckdb"
    result = store.ingest(db, list(folders) or [Path(root) / "extracts"])
    return result, store.connect(db)


def account(db: Path, code: int, received: str = "2017-07-03") -> None:
    """Registers the account for instalment 1 of a municipality (administration.md: instalment 2
    needs it besides visitation); received before the grant's first month unless told."""
    from monitor.core import documents

    path = Path(db).with_name(f"account-{code}-{received}.csv")
    path.write_text(f"municipality_code,document,received_date,endorsement\n{code},rate1_account,{received},ledelse\n",
                    encoding="utf-8")
    result = documents.load_file(db, path, "test")
    assert result.ok, result.report


def target_group(con) -> set[str]:
    return {row[0] for row in con.sql("select person_id from target_group").fetchall()}


DATA_TABLES = ("persons", "benefits", "markings", "offers", "hours")


def valid_tables(pid: str = "P1") -> dict[str, list[dict]]:
    """One person in the target group with a marking, an offer and hours (extract 2017-08 on)."""
    return dict(
        persons=[person(pid)],
        benefits=cash_weeks(pid, -300, 9),
        markings=[{"person_id": pid, "marking": "FSM1", "from_date": "2017-08-15"}],
        offers=[{"person_id": pid, "offer_type": "VP", "from_date": "2017-08-20", "to_date": "2017-09-30"}],
        hours=[{"person_id": pid, "month": "2017-08", "ordinary_hours": "12.5"}],
    )


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every stored extract table, sorted: equal snapshots mean the stored data is unchanged."""
    from monitor.core import store

    con = store.connect(db)
    try:
        return {t: con.sql(f"select * from {t} order by all").fetchall() for t in DATA_TABLES}
    finally:
        con.close()
