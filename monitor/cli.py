"""Command line: `python -m monitor COMMAND ...` (`--help` on each command).

Every command lives here: its arguments, its checks and messages, and the call into the core,
the reports or the demonstration generator with the database path passed down (nothing below
imports this module back).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from monitor import DEFAULT_DB, cli_service
from monitor.cli_exports import (as_of_argument, open_month, instalments, instalments_arguments, indicators,
                                 indicators_arguments, revisions, revisions_arguments, vintage_problem)
from monitor.core import areas, audit, documents, figures, followup, pattern_store, published_cells, store
from monitor.core.privacy import redact_text
from monitor.demo import writer as demo
from monitor.present import danish
from monitor.reports import batch, laggards, meeting_pack, request, statement_data

UNEXPECTED = (
    "Indlæsningen stoppede på grund af en uventet fejl i programmet. Intet er ændret: databasen er som "
    "før, og de midlertidige filer er fjernet. Kør igen med miljøvariablen MONITOR_DEBUG=1 for detaljer "
    "til en udvikler (de kan indeholde data fra udtrækket)."
)


def database_path(args: argparse.Namespace) -> Path:
    """--db FILE, else the environment variable MONITOR_DB, else data/monitor.duckdb."""
    if getattr(args, "db", None):
        return Path(args.db)
    if os.environ.get("MONITOR_DB"):
        return Path(os.environ["MONITOR_DB"])
    return DEFAULT_DB


# ---- ingest ---------------------------------------------------------------------------------

def ingest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="en udtræksmappe ÅÅÅÅ-MM eller en mappe med sådanne mapper (indlæses i månedsorden)")
    parser.add_argument("--no-wait", action="store_true",
                        help="stop med det samme, hvis en anden indlæsning i samme database er i gang (ellers ventes der)")
    parser.add_argument("--replace", action="store_true",
                        help="erstat en allerede indlæst måned, der leveres igen med andet indhold (logges)")
    parser.epilog = "Exit 0: indlæst. Exit 1: mindst ét udtræk afvist eller indlæsningen ikke mulig; rapporten skrives på stderr."


def ingest(args: argparse.Namespace, db: Path) -> int:
    # files DuckDB creates beside the work copy while loading (its write-ahead log, spill
    # files) hold person-level data too: this process creates them readable by its owner only
    os.umask(os.umask(0o077) | 0o077)
    try:
        result = store.ingest(db, args.paths, progress=lambda message: print(message, file=sys.stderr, flush=True),
                              wait=not args.no_wait, replace=args.replace)
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
    if db.exists():  # a load that could not even start (bad path) leaves nothing behind
        audit.record(db, "load", user=getpass.getuser(), role=cli_service.COMMAND_ROLE, what="ingest",
                     month=",".join(result.loaded) or None, detail=summary)
    return 0 if result.ok else 1


# ---- documents ------------------------------------------------------------------------------

def documents_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="CSV-fil med overskriften " + ",".join(documents.COLUMNS))
    parser.epilog = ("document: " + ", ".join(documents.DOCUMENTS) + "; endorsement: ledelse, revisor eller tom "
                     "(slutregnskabet er revisorpåtegnet, når tilskuddet er over grænsen i programme.toml). "
                     "En ny række for samme kommune og dokument er en rettelse; den seneste gælder. "
                     "Exit 0: indlæst. Exit 1: filen er afvist (intet indlæst); rapporten skrives på stderr.")


def documents_command(args: argparse.Namespace, db: Path) -> int:
    result = documents.load_file(db, args.path, entered_by=getpass.getuser(), audit_role=cli_service.COMMAND_ROLE)
    if not result.ok:
        print(result.report, file=sys.stderr)
        return 1
    print(f"{result.stored} dokumenter indlæst fra {args.path.name} ({db}).", file=sys.stderr)
    return 0


# ---- meeting pack ---------------------------------------------------------------------------

def meeting_pack_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--region", metavar="CODE",
                       help="regionskode: " + ", ".join(f"{c} ({n})" for c, n in areas.regions().items()))
    where.add_argument("--office", choices=list(areas.OFFICES), help="STAR's arbejdsmarkedskontor")
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="opgørelsesmåned")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="PDF-filen, der skrives")
    parser.add_argument("--unreleased", action="store_true", help="må bruge måneder, der ikke er offentliggjort endnu")
    parser.epilog = ("Forside: områdets tal mod landet og jobcentre, der halter; derefter én side pr. deltagende "
                     "kommune med nøgletal, rater, dokumenter og aftaler delt med kommunen.")


def meeting_pack_command(args: argparse.Namespace, db: Path) -> int:
    if not db.exists():
        print(NO_DATABASE_REPORT.format(db=db), file=sys.stderr)
        return 2
    con = store.connect(db)
    months = cli_service.report_months(figures.months(con), args, db)
    try:
        pdf = meeting_pack.render(con, followup.connect(followup.path(db)), args.month,
                                  region=args.region, office=args.office)
    except (request.ReportError, areas.AreaError) as problem:
        print(problem, file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    audit.record(db, "report", user=getpass.getuser(), role=cli_service.COMMAND_ROLE, what="meeting-pack",
                 unit=args.region or args.office, month=args.month, vintage=months[-1] if months else None)
    print(f"Mødemateriale skrevet: {args.out}", file=sys.stderr)
    return 0


# ---- demo -----------------------------------------------------------------------------------

def demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help=f"mappe til udtrækkene (standard: {demo.DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED,
                        help=f"startværdi for tilfældighederne; samme værdi giver de samme filer (standard: {demo.DEFAULT_SEED})")
    parser.add_argument("--format", choices=demo.FORMATS, default="parquet",
                        help="filformat for tabellerne (standard: parquet)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="andel af landets personer, f.eks. 0.1 for en hurtig kørsel (standard: 1)")
    parser.add_argument("--no-load", action="store_true",
                        help="dan kun udtrækkene; indlæs dem ikke i databasen")


def demo_command(args: argparse.Namespace, db: Path) -> int:
    if not 0 < args.scale <= 2:
        print("--scale skal ligge mellem 0 (ikke medregnet) og 2.", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else demo.DEFAULT_OUT
    started = time.perf_counter()

    def say(fraction: float, message: str) -> None:
        print(f"[{fraction * 100:3.0f} %] {message}", file=sys.stderr, flush=True)

    try:
        demo.prepare_out_dir(out)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    months = demo.write_extracts(out, scale=args.scale, seed=args.seed, fmt=args.format,
                                 progress=demo.scaled(say, 0.0, 1.0 if args.no_load else demo.GENERATE_SHARE))
    print(f"{len(months)} udtræk skrevet til {out}", file=sys.stderr)
    if args.no_load:
        return 0
    result = demo.load_fresh(db, out, progress=demo.scaled(say, demo.GENERATE_SHARE, 1.0), seed=args.seed)
    if not result.ok:
        print(result.report, file=sys.stderr)
        return 1
    elapsed = danish.decimal(time.perf_counter() - started)
    print(f"Demonstrationsdata indlæst i {db} ({elapsed} sek.)", file=sys.stderr)
    audit.record(db, "load", user=getpass.getuser(), role=cli_service.COMMAND_ROLE, what="demo",
                 detail=f"{len(months)} udtræk")
    return 0


# ---- statement ------------------------------------------------------------------------------

def statement_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="ÅÅÅÅ-MM", help="opgørelsesmåned (standard: seneste måned med tal)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--jobcentre", metavar="KODE", help="jobcentrets kode (værtskommunens kode, fx 101)")
    which.add_argument("--all", action="store_true", help="alle deltagende jobcentre (brug --out-dir)")
    parser.add_argument("--out", metavar="FIL", help="outputfil (.pdf eller .xlsx)")
    parser.add_argument("--out-dir", metavar="MAPPE", help="mappe til opgørelserne med --all")
    parser.add_argument("--format", choices=["pdf", "xlsx"], help="format (standard: ud fra --out's endelse, ellers pdf)")
    as_of_argument(parser, "opgørelsen som den så ud i udtrækket for denne måned (standard: seneste udtræk)")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="antal processer med --all (standard: 2)")
    parser.add_argument("--unreleased", action="store_true", help="må bruge måneder, der ikke er offentliggjort endnu")


def _report_format(args: argparse.Namespace, default: str | None) -> str:
    """--format, else the suffix of --out, else the default (ReportError when none fits)."""
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else default
    return request.check_format(args.format or suffix)


def statement_command(args: argparse.Namespace, db: Path) -> int:
    if args.all and not args.out_dir:
        print("Angiv --out-dir MAPPE sammen med --all.", file=sys.stderr)
        return 2
    if not args.all and not args.out:
        print("Angiv --out FIL (fx opgoerelse.pdf).", file=sys.stderr)
        return 2
    try:
        fmt = _report_format(args, "pdf")
        with _report_connection(db) as con:
            months = cli_service.report_months(figures.months(con), args, db)
            month = args.month = args.month or (months[-1] if months else "")
            unreleased = cli_service.report_release(con, args, db)
            if vintage_problem(con, args.as_of, month):
                return 2
            source = statement_data.Source(con, args.as_of, unreleased)
            codes = source.units("jobcentre")["unit_code"].to_list() if args.all else [str(args.jobcentre)]
            statement_data.check_request(source, month, codes[0] if codes else "")
    except request.ReportError as exc:
        print(exc, file=sys.stderr)
        return 2
    targets = {code: Path(args.out_dir) / batch.file_name(code, month, fmt) if args.all else Path(args.out)
               for code in codes}
    batch.write_statements(db, month, targets, fmt, jobs=args.jobs, progress=args.all, vintage=args.as_of,
                           unreleased=unreleased)
    audit.record(db, "report", user=getpass.getuser(), role=cli_service.COMMAND_ROLE, what=f"statement ({fmt})",
                 unit="alle" if args.all else codes[0], month=month,
                 vintage=args.as_of or (months[-1] if months else None))
    if args.all:
        print(f"\n{len(codes)} opgørelser skrevet i {args.out_dir}", file=sys.stderr)
    else:
        print(f"Månedsopgørelse skrevet: {args.out}", file=sys.stderr)
    return 0


@contextmanager
def _report_connection(db: Path) -> Iterator:
    """A read-only connection for a report; ReportError when the database is missing."""
    if not db.exists():
        raise request.ReportError(f"Databasen {db} findes ikke. Indlæs udtræk først (python -m monitor ingest).")
    con = store.connect(db, read_only=True)
    try:
        yield con
    finally:
        con.close()


# ---- laggards -------------------------------------------------------------------------------

def laggards_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="ÅÅÅÅ-MM", help="måneden (standard: seneste måned med tal)")
    parser.add_argument("--out", metavar="FIL", required=True, help="outputfil (.pdf eller .xlsx)")
    parser.add_argument("--format", choices=["pdf", "xlsx"], help="format (standard: ud fra --out's endelse)")
    parser.add_argument("--unreleased", action="store_true", help="må bruge måneder, der ikke er offentliggjort endnu")
    as_of_argument(parser, "rapporten som den så ud i udtrækket for denne måned (standard: seneste udtræk)")


def laggards_command(args: argparse.Namespace, db: Path) -> int:
    try:
        fmt = _report_format(args, None)
        with _report_connection(db) as con:
            months = cli_service.report_months(figures.months(con), args, db)
            month = args.month = args.month or (months[-1] if months else "")
            unreleased = cli_service.report_release(con, args, db)
            if vintage_problem(con, args.as_of, month):
                return 2
            data = laggards.report_data(con, month, args.as_of, unreleased)
            payload = laggards.build_pdf(data) if fmt == "pdf" else laggards.build_xlsx(data)
    except request.ReportError as exc:
        print(exc, file=sys.stderr)
        return 2
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(payload)
    print(f"Rapport skrevet: {args.out}", file=sys.stderr)
    audit.record(db, "report", user=getpass.getuser(), role=cli_service.COMMAND_ROLE, what=f"laggards ({fmt})",
                 month=month, vintage=args.as_of or (months[-1] if months else None))
    return 0


# ---- audit-discretion -----------------------------------------------------------------------

AUDIT_HEADER = ["unit_type", "unit_code", "indicator", "field", "min", "max"]


def audit_discretion_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="måneden")
    as_of_argument(parser, "mønstret som det blev valgt på udtrækket for denne måned (standard: seneste udtræk)")
    parser.epilog = ("CSV på stdout: for hvert skjult tal (tæller eller nævner i indicators-uddata) det mindste og "
                     "største antal personer, der passer med alt andet offentliggjort for måneden (tom max = ingen "
                     "øvre grænse). Exit 0: revisionen består. Exit 1: et skjult tal kan regnes ud.")


def audit_discretion(args: argparse.Namespace, db: Path) -> int:
    con = open_month(db, args.month, args.as_of)
    if con is None:
        return 2
    rows, ok = pattern_store.audit_month(con, args.month, vintage=args.as_of)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(AUDIT_HEADER)
    for row in published_cells.appearances(rows).iter_rows(named=True):
        writer.writerow([row["unit_type"], row["unit_code"], row["indicator"], row["field"], row["min"],
                         "" if row["max"] is None else row["max"]])
    if not ok:
        print(f"Diskretionsrevisionen for {args.month} fejler: mindst ét skjult tal kan regnes ud "
              "eller ligger under 3 ud fra de offentliggjorte tal.", file=sys.stderr)
        return 1
    return 0


# command name -> (arguments, run(args, db) -> exit code, help)
COMMANDS = {
    "ingest": (ingest_arguments, ingest, "Indlæs månedsudtræk (mapper ÅÅÅÅ-MM eller en mappe med dem)"),
    "indicators": (indicators_arguments, indicators, "Månedens indikatorer som CSV på stdout"),
    "instalments": (instalments_arguments, instalments, "Tilskud og rater pr. kommune som CSV på stdout"),
    "revisions": (revisions_arguments, revisions, "Først offentliggjort og seneste værdi af en måneds tal (CSV)"),
    "audit-discretion": (audit_discretion_arguments, audit_discretion,
                         "Diskretionsrevision: hvert skjult tals mulige interval ud fra alt offentliggjort (CSV)"),
    "documents": (documents_arguments, documents_command, "Indlæs regnskaber og rapporter fra kommunerne (CSV)"),
    "meeting-pack": (meeting_pack_arguments, meeting_pack_command,
                     "Mødemateriale til et regionalt møde (PDF): en region eller et arbejdsmarkedskontor"),
    "demo": (demo_arguments, demo_command, "Dan og indlæs demonstrationsdata (syntetiske udtræk 2017-08 til 2019-08)"),
    "statement": (statement_arguments, statement_command, "Månedsopgørelse pr. jobcenter som PDF eller Excel"),
    "laggards": (laggards_arguments, laggards_command,
                 "Rapport over jobcentre, der halter efter landet (PDF eller Excel)"),
    "release": (cli_service.release_arguments, cli_service.release_command, "Vis eller sæt tidspunktet, hvor en måned offentliggøres"),
    "audit": (cli_service.audit_arguments, cli_service.audit_command, "Revisionssporet som CSV på stdout"),
}


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
    for name, (arguments, run, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        arguments(cmd)
        cmd.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, database_path(args)) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
