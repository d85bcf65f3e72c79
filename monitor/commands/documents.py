"""`python -m monitor documents PATH`: load a documents file (accounts and reports)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from monitor.core import documents


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="CSV-fil med overskriften " + ",".join(documents.COLUMNS))
    parser.epilog = ("document: " + ", ".join(documents.DOCUMENTS) + "; endorsement: ledelse, revisor eller tom "
                     "(slutregnskabet er revisorpåtegnet, når tilskuddet er over grænsen i programme.toml). "
                     "En ny række for samme kommune og dokument er en rettelse; den seneste gælder. "
                     "Exit 0: indlæst. Exit 1: filen er afvist (intet indlæst); rapporten skrives på stderr.")


def run(args: argparse.Namespace) -> int:
    from monitor.cli import database_path  # the command line imports its commands; not the other way at import time

    db = database_path(args)
    result = documents.load_file(db, args.path, entered_by=f"fil indlæst af {getpass.getuser()}")
    if not result.ok:
        print(result.report, file=sys.stderr)
        return 1
    print(f"{result.stored} dokumenter indlæst fra {args.path.name} ({db}).", file=sys.stderr)
    return 0
