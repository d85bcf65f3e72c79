"""`python -m monitor instalments`: grants and instalment states as CSV on stdout."""

from __future__ import annotations

import argparse
import sys

HEADER = ["municipality_code", "municipality_name", "grant_dkk", "instalment", "percent", "amount_dkk", "state", "due_month"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("Kolonner: " + ",".join(HEADER) + ". state er paid, met_waiting eller not_met "
                     "i den seneste indlæste måned; due_month er tom, når betingelsen ikke er opfyldt.")


def run(args: argparse.Namespace) -> int:
    import csv

    from monitor import figures, store
    from monitor.cli import database_path

    db = database_path(args)
    if not db.exists():
        print(f"Databasen {db} findes ikke. Indlæs udtræk med 'python -m monitor ingest' eller 'python -m monitor demo'.", file=sys.stderr)
        return 2
    con = store.connect(db)
    if not figures.has_data(con):
        print(f"Databasen {db} har ingen tal endnu.", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER)
    frame = figures.instalments(con).sort("municipality_code", "instalment")
    for row in frame.iter_rows(named=True):
        writer.writerow([row[c] if row[c] is not None else "" for c in HEADER])
    return 0
