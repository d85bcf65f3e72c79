"""The service's commands (`python -m monitor release`, `python -m monitor audit`) and the
release rule for the report commands; registered with the others in monitor/cli.py (kept apart
so that no file passes 400 lines)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from monitor.core import audit, figures, release, store, vintages
from monitor.core.settings import load as load_settings

COMMAND_ROLE = "kommandolinje"  # the audit log's role for whoever runs a command (their OS user is the user)
NO_DATABASE = "Databasen {db} findes ikke. Indlæs udtræk med 'python -m monitor ingest' eller 'python -m monitor demo'."


def report_months(months: list[str], args: argparse.Namespace, db: Path) -> list[str]:
    """Reports are made on released months unless --unreleased is given."""
    if args.unreleased:
        return months
    shown = release.visible_months(months, False, db, load_settings())
    if args.month in months and args.month not in shown:
        sys.exit(f"{args.month} er ikke offentliggjort endnu; brug --unreleased for at bruge den.")
    return shown


def report_release(con, args: argparse.Namespace, db: Path) -> bool:
    """Before a report: without --unreleased and --as-of the figures are as the latest released
    extract showed them (a later extract not released yet is not the latest for a report that
    may be passed on); returns True when the report holds a month or an extract not yet
    released (with --unreleased), so that it is marked "ikke offentliggjort"."""
    loaded = vintages.vintages(con)
    hidden = release.unreleased(loaded, db, load_settings())
    if not args.unreleased and args.as_of in hidden:
        sys.exit(f"Udtrækket for {args.as_of} er ikke offentliggjort endnu; brug --unreleased for at bruge det.")
    if not args.unreleased and args.as_of is None:
        shown = [v for v in loaded if v not in hidden]
        if shown and shown[-1] != loaded[-1]:
            args.as_of = shown[-1]
    used = {args.month, args.as_of or (loaded[-1] if loaded else None)}
    return bool(args.unreleased and used & hidden)


def release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="ÅÅÅÅ-MM", help="udtræksmåneden (uden --month: vis alle måneders tidspunkter)")
    parser.add_argument("--at", metavar='"ÅÅÅÅ-MM-DD TT:MM"', help="offentliggøres på dette tidspunkt (dansk tid)")


def release_command(args: argparse.Namespace, db: Path) -> int:
    settings = load_settings()
    if not db.exists():
        sys.exit(NO_DATABASE.format(db=db))
    with store.connect(db, read_only=True) as con:
        months = figures.months(con)
    if args.month is None:
        for month, found in release.releases(db, months, settings).items():
            state = "offentliggjort" if found.released() else release.UNRELEASED
            print(f"{month}  {found.at:%Y-%m-%d %H:%M}  {state}  ({'sat af ' + found.set_by if found.set_by else 'standard'})")
        return 0
    if args.month not in months or args.at is None:
        print(f"Måneden {args.month} er ikke indlæst." if args.month not in months else
              'Angiv --at "ÅÅÅÅ-MM-DD TT:MM" (dansk tid).', file=sys.stderr)
        return 2
    try:
        at = release.parse_local(args.at, settings)
    except ValueError as exc:
        sys.exit(str(exc))
    release.set_release(db, args.month, at, user=getpass.getuser(), role=COMMAND_ROLE)
    print(f"{args.month} offentliggøres {at:%Y-%m-%d %H:%M} (dansk tid).", file=sys.stderr)
    return 0


def audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="ÅÅÅÅ-MM-DD", help="kun hændelser fra og med denne dato (UTC)")


def audit_command(args: argparse.Namespace, db: Path) -> int:
    try:
        since = dt.date.fromisoformat(args.since) if args.since else None
    except ValueError:
        print(f"--since »{args.since}« skal skrives ÅÅÅÅ-MM-DD, f.eks. 2019-09-01.", file=sys.stderr)
        return 2
    sys.stdout.write(audit.log(db, since).write_csv())
    return 0
