"""`python -m monitor ingest PATH...`: load extract folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="en udtræksmappe ÅÅÅÅ-MM eller en mappe med sådanne mapper (indlæses i månedsorden)")
    parser.epilog = "Exit 0: indlæst. Exit 1: mindst ét udtræk afvist; hele fejlrapporten skrives på stderr."


def run(args: argparse.Namespace) -> int:
    from monitor import store
    from monitor.cli import database_path

    db = database_path(args)
    result = store.ingest(db, args.paths, progress=lambda message: print(message, file=sys.stderr))
    if result.report:
        print(result.report, file=sys.stderr)
    summary = f"{len(result.loaded)} udtræk indlæst, {len(result.unchanged)} uændrede, {len(result.rejected)} afvist ({db})."
    print(summary, file=sys.stderr)
    return 0 if result.ok else 1
