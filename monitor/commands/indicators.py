"""`python -m monitor indicators --month YYYY-MM`: one month's indicators as CSV on stdout."""

from __future__ import annotations

import argparse
import sys

HEADER = ["month", "unit_type", "unit_code", "unit_name", "indicator", "numerator", "denominator", "share"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="måneden")
    parser.add_argument("--unit", choices=["jobcentre", "municipality", "star_office", "country"],
                        help="kun denne enhedstype (standard: alle fire)")
    parser.add_argument("--raw", action="store_true",
                        help="uden diskretion (små tal vises); kun til intern kontrol")
    parser.epilog = ("Kolonner: " + ",".join(HEADER) + ". share er en decimalbrøk; undertrykte celler er tomme "
                     "medmindre --raw. Antal (target_group, effort_group, ever_effort_group, g2_count, g2_ever) "
                     "har tom denominator og share.")


def run(args: argparse.Namespace) -> int:
    import csv

    from monitor import calendar, figures, store
    from monitor.cli import database_path

    if not calendar.is_month(args.month):
        print(f"Ugyldig måned {args.month!r}: brug formatet ÅÅÅÅ-MM.", file=sys.stderr)
        return 2
    db = database_path(args)
    if not db.exists():
        print(f"Databasen {db} findes ikke. Indlæs udtræk med 'python -m monitor ingest' eller 'python -m monitor demo'.", file=sys.stderr)
        return 2
    con = store.connect(db)
    if not figures.has_data(con):
        print(f"Databasen {db} har ingen tal endnu.", file=sys.stderr)
        return 2
    if args.month not in figures.months(con):
        available = figures.months(con)
        print(f"Ingen tal for {args.month}; databasen har {available[0]} til {available[-1]}.", file=sys.stderr)
        return 2
    unit_types = [args.unit] if args.unit else list(figures.UNIT_TYPES)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER)
    for unit_type in unit_types:
        frame = figures.indicators(con, month=args.month, unit_type=unit_type, raw=args.raw)
        for row in frame.sort("unit_code", "indicator").iter_rows(named=True):
            writer.writerow([
                row["month"], row["unit_type"], row["unit_code"], row["unit_name"], row["indicator"],
                "" if row["numerator"] is None else row["numerator"],
                "" if row["denominator"] is None else row["denominator"],
                "" if row["share"] is None else f"{row['share']:.6f}",
            ])
    return 0
