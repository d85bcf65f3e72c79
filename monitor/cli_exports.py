"""The figure exports of the command line (`python -m monitor indicators|instalments|revisions`):
CSV on stdout, as of the latest vintage or `--as-of YYYY-MM`. Registered in monitor.cli."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from monitor.core import calendar, figures, store, vintages

INDICATOR_HEADER = ["month", "unit_type", "unit_code", "unit_name", "indicator", "numerator", "denominator", "share"]
INSTALMENT_HEADER = ["municipality_code", "municipality_name", "grant_dkk", "instalment", "percent", "amount_dkk",
                     "state", "due_month", "decided_vintage", "flag"]
REVISION_HEADER = ["month", "unit_type", "unit_code", "unit_name", "indicator",
                   "first_vintage", "first_numerator", "first_denominator", "first_share",
                   "latest_vintage", "latest_numerator", "latest_denominator", "latest_share"]
UNIT_CHOICES = ["jobcentre", "municipality", "star_office", "country"]
NO_DATABASE = "Databasen {db} findes ikke. Indlæs udtræk med 'python -m monitor ingest' eller 'python -m monitor demo'."


# ---- indicators -----------------------------------------------------------------------------

def indicators_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="måneden")
    parser.add_argument("--unit", choices=["jobcentre", "municipality", "star_office", "country"],
                        help="kun denne enhedstype (standard: alle fire)")
    parser.add_argument("--raw", action="store_true",
                        help="uden diskretion (små tal vises); kun til intern kontrol")
    as_of_argument(parser, "tallene som de så ud i udtrækket for denne måned (standard: seneste udtræk)")
    parser.epilog = ("Kolonner: " + ",".join(INDICATOR_HEADER) + ". share er en decimalbrøk; undertrykte celler er tomme "
                     "medmindre --raw. Antal (target_group, effort_group, ever_effort_group, g2_count, g2_ever) "
                     "har tom denominator og share.")


def as_of_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM", dest="as_of", help=help_text)


def vintage_problem(con, vintage: str | None, month: str | None = None) -> bool:
    """True after a Danish message when --as-of names no loaded vintage holding the month."""
    if vintage is None:
        return False
    try:
        vintages.check(con, vintage, month)
    except vintages.VintageError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return True
    return False


def open_month(db: Path, month: str, vintage: str | None = None):
    """The database's connection for a command about one month (as of `vintage`), or None
    after a Danish message when the month is malformed, not loaded or not in the vintage."""
    if not calendar.is_month(month):
        print(f"Ugyldig måned {month!r}: brug formatet ÅÅÅÅ-MM.", file=sys.stderr)
        return None
    con = open_figures(db)
    if con is None or vintage_problem(con, vintage, month):
        return None
    if month not in figures.months(con):
        print(f"Ingen tal for {month} i databasen {db}.", file=sys.stderr)
        return None
    return con


def open_figures(db: Path):
    """The database's connection, or None after a Danish message when there is nothing to read."""
    if not db.exists():
        print(NO_DATABASE.format(db=db), file=sys.stderr)
        return None
    con = store.connect(db)
    if not figures.has_data(con):
        print(f"Databasen {db} har ingen tal endnu.", file=sys.stderr)
        return None
    return con


def indicators(args: argparse.Namespace, db: Path) -> int:
    if not calendar.is_month(args.month):
        print(f"Ugyldig måned {args.month!r}: brug formatet ÅÅÅÅ-MM.", file=sys.stderr)
        return 2
    con = open_figures(db)
    if con is None:
        return 2
    if args.month not in figures.months(con):
        available = figures.months(con)
        print(f"Ingen tal for {args.month}; databasen har {available[0]} til {available[-1]}.", file=sys.stderr)
        return 2
    if vintage_problem(con, args.as_of, args.month):
        return 2
    unit_types = [args.unit] if args.unit else list(figures.UNIT_TYPES)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(INDICATOR_HEADER)
    for unit_type in unit_types:
        frame = figures.indicators(con, month=args.month, unit_type=unit_type, raw=args.raw, vintage=args.as_of)
        for row in frame.sort("unit_code", "indicator").iter_rows(named=True):
            writer.writerow([
                row["month"], row["unit_type"], row["unit_code"], row["unit_name"], row["indicator"],
                "" if row["numerator"] is None else row["numerator"],
                "" if row["denominator"] is None else row["denominator"],
                "" if row["share"] is None else f"{row['share']:.6f}",
            ])
    return 0


# ---- instalments ----------------------------------------------------------------------------

def instalments_arguments(parser: argparse.ArgumentParser) -> None:
    as_of_argument(parser, "tilstandene efter de beslutninger, udtrækket for denne måned havde truffet "
                            "(standard: seneste udtræk)")
    parser.epilog = ("Kolonner: " + ",".join(INSTALMENT_HEADER) + ". state er paid, met_waiting eller not_met "
                     "efter de beslutninger, udtrækket har truffet; due_month er tom, når betingelsen ikke er "
                     "opfyldt; decided_vintage er udtrækket, beslutningen blev truffet på; flag er tom, "
                     "later_not_met eller later_met_in:ÅÅÅÅ-MM, når udtrækket ikke længere viser betingelsen "
                     "opfyldt i beslutningens måned.")


def instalments(args: argparse.Namespace, db: Path) -> int:
    con = open_figures(db)
    if con is None or vintage_problem(con, args.as_of):
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(INSTALMENT_HEADER)
    frame = figures.instalments(con, vintage=args.as_of).sort("municipality_code", "instalment")
    for row in frame.iter_rows(named=True):
        writer.writerow([row[c] if row[c] is not None else "" for c in INSTALMENT_HEADER])
    return 0


# ---- revisions ------------------------------------------------------------------------------

def revisions_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="måneden")
    parser.add_argument("--unit", choices=UNIT_CHOICES, help="kun denne enhedstype (standard: alle fire)")
    parser.add_argument("--raw", action="store_true",
                        help="uden diskretion (små tal og små revisioner vises); kun til intern kontrol")
    parser.epilog = ("Kolonner: " + ",".join(REVISION_HEADER) + ". first_* er værdien i det første udtræk med "
                     "måneden (først offentliggjort), latest_* i det seneste; share er en decimalbrøk. Undertrykte "
                     "celler er tomme medmindre --raw (hver side med sit udtræks diskretionsmønster); kan en revision på 1 "
                     "eller 2 personer regnes ud, er den først offentliggjorte værdi tom.")


def revisions(args: argparse.Namespace, db: Path) -> int:
    con = open_month(db, args.month)
    if con is None:
        return 2
    frame = vintages.revisions(con, args.month, args.unit, raw=args.raw).sort("unit_type", "unit_code", "indicator")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(REVISION_HEADER)
    for row in frame.iter_rows(named=True):
        writer.writerow(["" if row[c] is None else (f"{row[c]:.6f}" if c.endswith("_share") else row[c])
                         for c in REVISION_HEADER])
    return 0
