"""Command line: `python -m monitor COMMAND ...` (`--help` on each command)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from monitor import DEFAULT_DB

# command name -> module holding add_arguments(parser) and run(args) -> exit code
COMMANDS = {
    "ingest": ("monitor.commands.ingest", "Indlæs månedsudtræk (mapper ÅÅÅÅ-MM eller en mappe med dem)"),
    "indicators": ("monitor.commands.indicators", "Månedens indikatorer som CSV på stdout"),
    "instalments": ("monitor.commands.instalments", "Tilskud og rater pr. kommune som CSV på stdout"),
    "documents": ("monitor.commands.documents", "Indlæs regnskaber og rapporter fra kommunerne (CSV)"),
    "demo": ("monitor.demo", "Dan og indlæs demonstrationsdata (syntetiske udtræk 2017-08 til 2019-08)"),
    "statement": ("monitor.statement", "Månedsopgørelse pr. jobcenter som PDF eller Excel"),
    "laggards": ("monitor.laggard_report", "Rapport over jobcentre, der halter efter landet (PDF eller Excel)"),
}


def database_path(args: argparse.Namespace) -> Path:
    """--db FILE, else the environment variable MONITOR_DB, else data/monitor.duckdb."""
    if getattr(args, "db", None):
        return Path(args.db)
    if os.environ.get("MONITOR_DB"):
        return Path(os.environ["MONITOR_DB"])
    return DEFAULT_DB


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitor",
        description='Overvågning af "Flere skal med": indlæsning af udtræk og månedens tal.',
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="FILE",
        help="DuckDB-databasen (standard: miljøvariablen MONITOR_DB eller data/monitor.duckdb)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a command whose module is not installed
            if exc.name != module_name:
                raise
            continue
        cmd = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
