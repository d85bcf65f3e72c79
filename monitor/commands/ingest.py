"""`python -m monitor ingest PATH...`: load extract folders."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from monitor import store
from monitor.core.privacy import redact_text

UNEXPECTED = (
    "Indlæsningen stoppede på grund af en uventet fejl i programmet. Intet er ændret: databasen er som "
    "før, og de midlertidige filer er fjernet. Kør igen med miljøvariablen MONITOR_DEBUG=1 for detaljer "
    "til en udvikler (de kan indeholde data fra udtrækket)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="en udtræksmappe ÅÅÅÅ-MM eller en mappe med sådanne mapper (indlæses i månedsorden)")
    parser.add_argument("--no-wait", action="store_true",
                        help="stop med det samme, hvis en anden indlæsning i samme database er i gang (ellers ventes der)")
    parser.epilog = "Exit 0: indlæst. Exit 1: mindst ét udtræk afvist eller indlæsningen ikke mulig; rapporten skrives på stderr."


def run(args: argparse.Namespace) -> int:
    from monitor.cli import database_path

    db = database_path(args)
    try:
        result = store.ingest(db, args.paths, progress=lambda message: print(message, file=sys.stderr, flush=True),
                              wait=not args.no_wait)
    except Exception:
        if os.environ.get("MONITOR_DEBUG"):
            raise
        print(UNEXPECTED, file=sys.stderr)
        return 1
    if result.report:
        print(result.report, file=sys.stderr)
    summary = (f"{len(result.loaded)} udtræk indlæst, {len(result.unchanged)} uændrede, "
               f"{len(result.rejected)} afvist ({redact_text(str(db))}).")
    print(summary, file=sys.stderr)
    return 0 if result.ok else 1
