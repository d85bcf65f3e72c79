"""Demonstration administration around the figures: documents for every participating
municipality (a handful late, one correction, one account of instalment 1 that arrives months
after visitation was complete) and a plausible follow-up log for one STAR office.

Written after the demonstration extracts are loaded: the documents file goes through the
same loading as a user's file (and is left beside the extracts as an example of the format),
the follow-up log through the same writes as the dashboard's.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import polars as pl

from monitor.core import calendar, derive, documents, figures, followup, store
from monitor.core.settings import load as load_settings
from monitor.core.followup import Action, Writer

FOLLOWUP_OFFICE = "SYD"
LATE_FINAL = 5             # municipalities whose final report and account come after the deadline
MISSING_FINAL = 2          # municipalities that have not sent them at all
LATE_ACCOUNT_MONTHS = 5    # the late account of instalment 1: months after visitation was complete
ENTERED_BY = "demonstrationsdata"


def _day(month: str, rng: random.Random, first: int = 3, last: int = 27) -> dt.date:
    year, mon = (int(x) for x in month.split("-"))
    return dt.date(year, mon, rng.randint(first, last))


def document_rows(con, seed: int) -> tuple[list[dict], list[dict], int | None]:
    """(rows of the documents file, rows of a later correction file, the municipality whose
    account of instalment 1 arrives late)."""
    rng = random.Random(seed)
    rules = documents.rules()
    grants = documents.grants(con)
    visited = figures.indicators(con, unit_type="municipality", indicator="visited", raw=True)
    met = dict(visited.filter((pl.col("denominator") > 0) & (pl.col("numerator") == pl.col("denominator")))
               .group_by("unit_code").agg(pl.col("month").min()).iter_rows())
    codes = sorted(grants)
    early = [c for c in codes if met.get(str(c), "9999") <= "2017-12"]
    late_account = early[0] if early else None
    shuffled = codes[:]
    rng.shuffle(shuffled)
    missing = set(shuffled[:MISSING_FINAL])
    late = set(shuffled[MISSING_FINAL:MISSING_FINAL + LATE_FINAL])
    deadline = min(rules.deadlines.values())
    rows = []
    for code in codes:
        visited_month = met.get(str(code))
        if code == late_account:
            account_month = calendar.add_months(max(visited_month, "2018-01"), LATE_ACCOUNT_MONTHS)
        elif visited_month is not None:
            account_month = max(visited_month, "2018-01")
        else:  # visitation not complete: the account is sent with the first request anyway
            account_month = rng.choice(["2018-02", "2018-03", "2018-04"])
        rows.append({"municipality_code": code, "document": "rate1_account",
                     "received_date": _day(account_month, rng), "endorsement": "ledelse"})
        if code in missing:
            continue
        received = (deadline + dt.timedelta(days=rng.randint(10, 80)) if code in late
                    else deadline - dt.timedelta(days=rng.randint(0, 60)))
        endorsement = documents.required_endorsement("final_account", grants[code], rules.auditor_above_dkk)
        rows.append({"municipality_code": code, "document": "final_report", "received_date": received, "endorsement": None})
        rows.append({"municipality_code": code, "document": "final_account", "received_date": received,
                     "endorsement": endorsement})
    # a correction: one account's date was typed wrong the first time
    corrected = next(r for r in rows if r["document"] == "rate1_account" and r["municipality_code"] != late_account)
    correction = [{**corrected, "received_date": corrected["received_date"] + dt.timedelta(days=7)}]
    return rows, correction, late_account


def decide_as_if_registered_in_time(con) -> None:
    """Demonstration only: the documents are registered after all extracts are loaded but stand
    for documents received during the programme. Each vintage, in order, decides with the
    documents received by the end of its month, as if each had been registered when received
    (a real documents load decides on the latest vintage only)."""
    s = load_settings()
    for vintage in derive.loaded_vintages(con):
        month_end = dt.date.fromisoformat(calendar.add_months(vintage, 1) + "-01") - dt.timedelta(days=1)
        derive.record_decisions(con, s, vintage, documents_until=month_end)
    derive.rebuild_instalments(con, s)


def _write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(documents.COLUMNS)
        for r in rows:
            writer.writerow([r["municipality_code"], r["document"], r["received_date"].isoformat(), r["endorsement"] or ""])
    return path


def write_documents(db_path: Path, out_dir: Path, seed: int) -> int | None:
    """Writes documents.csv (and documents-rettelse.csv) into out_dir and loads both."""
    con = store.connect(db_path)
    try:
        rows, correction, late_account = document_rows(con, seed)
    finally:
        con.close()
    for name, part in (("documents.csv", rows), ("documents-rettelse.csv", correction)):
        result = documents.load_file(db_path, _write_csv(Path(out_dir) / name, part), ENTERED_BY,
                                     decide=decide_as_if_registered_in_time)
        if not result.ok:
            raise RuntimeError(f"Demonstrationsdokumenterne blev afvist:\n{result.report}")
    return late_account


# (kind, text, shared, [(action text, days until due, status)])
FOLLOWUPS = [
    ("møde", "Opstartsmøde med jobcentrets ledelse om visitationen af målgruppen og planen for de første måneder.",
     True, [("Jobcentret sender plan for visitationen", 30, "gennemført")]),
    ("telefon", "Opfølgning på visitationen: jobcentret oplyser, at sagsbehandlere er flyttet fra andre opgaver.",
     False, [("Arbejdsmarkedskontoret sender eksempler fra andre kommuner", 14, "gennemført")]),
    ("besøg", "Besøg i jobcentret. Drøftet virksomhedsrettede tilbud og samarbejdet med lokale virksomheder.",
     True, [("Jobcentret laver aftale med to virksomheder om praktik", 60, "i gang"),
            ("Nyt møde om aktiveringsgraden", 90, "aftalt")]),
    ("handleplan", "Handleplan for at nå 40 pct. i aktive tilbud: faste ugentlige samtaler og flere virksomhedspraktikker.",
     True, [("Jobcentret opgør fremdrift i handleplanen", 45, "aftalt")]),
]


def write_all(loaded_db: Path, final_db: Path, out_dir: Path, seed: int) -> None:
    """Documents into the freshly loaded database (before it replaces final_db) and a new
    follow-up log that replaces final_db's."""
    write_documents(loaded_db, out_dir, seed)
    target = followup.path(final_db)
    fresh = target.with_name(target.name + ".demo-new")
    fresh.unlink(missing_ok=True)
    write_followup_log(loaded_db, fresh, seed)
    fresh.replace(target)
    fresh.with_name(fresh.name + ".lock").unlink(missing_ok=True)


def write_followup_log(db_path: Path, log_path: Path, seed: int) -> int:
    """A follow-up log for the office's municipalities that lag most on visitation."""
    rng = random.Random(seed + 1)
    con = store.connect(db_path)
    try:
        latest_month = figures.months(con)[-1]
        visited = figures.indicators(con, month=latest_month, unit_type="municipality", indicator="visited", raw=True)
    finally:
        con.close()
    towns = visited.filter(pl.col("star_office") == FOLLOWUP_OFFICE).sort("share", "unit_code").head(6)
    consultant = Writer("konsulent.syd@star.dk", "arbejdsmarkedskontor", FOLLOWUP_OFFICE)
    central = Writer("overvaagning@star.dk", "star", "DK")
    written = 0
    for i, code in enumerate(int(c) for c in towns["unit_code"]):
        start = dt.date(2018, 1 + i, 5)
        for step, (kind, text, shared, actions) in enumerate(FOLLOWUPS[: 2 + (i % 3)]):
            when = start + dt.timedelta(days=75 * step + rng.randint(0, 10))
            planned = [Action(a, when + dt.timedelta(days=days), status) for a, days, status in actions]
            writer = central if (i + step) % 5 == 4 else consultant
            followup.add_entry(log_path, writer, code, when, kind, text, shared, planned,
                               now=dt.datetime.combine(when + dt.timedelta(days=1), dt.time(14, rng.randint(0, 59))))
            written += 1
    return written
