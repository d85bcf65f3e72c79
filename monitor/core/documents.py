"""The register of accounts and reports the municipalities send (spec administration.md, 1).

A file (`municipality_code,document,received_date,endorsement`) or a page entry is checked
whole and stored whole or not at all, with a report like an extract's. Entries are never
changed: a later entry for the same municipality and document is a correction, the latest
holds and the earlier ones stay in the history. Documents live in the main database and are
written like an extract (`store.write_copy`), so they survive extract loads and running
dashboards see them; instalments are recomputed after each write (instalment 2 waits for the
account of instalment 1).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from monitor.core import audit, derive, privacy, queries, reference, store, work_copy
from monitor.core.extracts import DATE_PATTERN
from monitor.core.problem import Problem
from monitor.core.settings import SETTINGS_FILE, load as load_settings

COLUMNS = ("municipality_code", "document", "received_date", "endorsement")
DOCUMENTS = {
    "rate1_account": "Regnskab for rate 1 (ledelsespåtegnet)",
    "final_report": "Slutrapport",
    "final_account": "Slutregnskab",
}
ENDORSEMENTS = {"ledelse": "ledelsespåtegnet", "revisor": "revisorpåtegnet"}
SCHEMA = {"municipality_code": pl.Int32, "document": pl.String, "received_date": pl.Date, "endorsement": pl.String}


@dataclass(frozen=True)
class Rules:
    auditor_above_dkk: int
    deadlines: dict[str, dt.date]      # document -> deadline (final report and final account)
    deadlines_are_assumptions: bool


def rules(path: Path = SETTINGS_FILE) -> Rules:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)["documents"]
    return Rules(
        auditor_above_dkk=int(raw["auditor_endorsement_above_dkk"]),
        deadlines={
            "final_report": dt.date.fromisoformat(raw["final_report_deadline"]),
            "final_account": dt.date.fromisoformat(raw["final_account_deadline"]),
        },
        deadlines_are_assumptions=bool(raw["deadlines_are_assumptions"]),
    )


def required_endorsement(document: str, grant_dkk: int | None, limit: int) -> str | None:
    """'ledelse', 'revisor' or None (no endorsement: the final report). The final account is
    endorsed by an auditor when the grant is over the limit; exactly the limit is 'ledelse'.
    Raises LookupError for a final account whose grant is not known."""
    if document == "final_report":
        return None
    if document == "final_account":
        if grant_dkk is None:
            raise LookupError(document)
        return "revisor" if grant_dkk > limit else "ledelse"
    return "ledelse"


@dataclass
class DocumentsResult:
    ok: bool
    stored: int = 0
    report: str = ""


class _Rejected(Exception):
    """Raised inside the write so that nothing is swapped in."""


def read_file(path: Path) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The file's rows as text (row numbers from 1 in `_row`), or the file-level problems."""
    name = Path(path).name
    if not Path(path).exists():
        return None, [Problem(str(path), None, None, None, "filen findes ikke")]
    if not Path(path).is_file():
        return None, [Problem(str(path), None, None, None, "er ikke en almindelig fil")]
    data = Path(path).read_bytes().removeprefix(b"\xef\xbb\xbf")
    if not data.strip():
        return None, [Problem(name, None, None, None, "filen er tom")]
    try:
        data.decode("utf-8")
        frame = pl.read_csv(data, infer_schema=False)
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
        return None, [Problem(name, None, None, None, f"kan ikke læses som CSV (UTF-8, komma): {type(exc).__name__}")]
    header = [c.strip() for c in frame.columns]
    problems = []
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(name, 0, column, None, "kolonnen står flere gange i overskriften"))
    for column in COLUMNS:
        if column not in header:
            problems.append(Problem(name, 0, column, None, "kolonnen mangler i overskriften"))
    for column in header:
        if column not in COLUMNS:
            problems.append(Problem(name, 0, None, privacy.shown(column),
                                    f"ukendt kolonne; overskriften skal være {','.join(COLUMNS)}"))
    if problems:
        return None, problems
    frame.columns = header
    frame = frame.select([pl.col(c).str.strip_chars().replace("", None) for c in COLUMNS])
    return frame.with_row_index("_row", offset=1), []


def check(frame: pl.DataFrame, source: str, grants: dict[int, int], today: dt.date,
          limit: int) -> tuple[pl.DataFrame, list[Problem]]:
    """Checks text rows (columns COLUMNS and `_row`); returns the typed rows and every problem."""
    problems: list[Problem] = []
    known = set(reference.municipality_codes())
    participating = known - set(load_settings().non_participating)
    seen: dict[tuple, int] = {}
    rows = []

    def problem(row: int, column: str, value, rule: str) -> None:
        problems.append(Problem(source, row, column, privacy.shown(value), rule))

    for rec in frame.iter_rows(named=True):
        n, code_text, doc = rec["_row"], rec["municipality_code"], rec["document"]
        date_text, endorsement = rec["received_date"], rec["endorsement"] or None
        code = int(code_text) if code_text and code_text.isdigit() else None
        if code is None or code not in known:
            problem(n, "municipality_code", code_text, "ukendt kommunekode")
        elif code not in participating:
            problem(n, "municipality_code", code_text, "kommunen deltager ikke i Flere skal med")
        if doc not in DOCUMENTS:
            problem(n, "document", doc, f"ukendt dokumentkode; brug {', '.join(DOCUMENTS)}")
        received = None
        if not date_text or not pl.Series([date_text]).str.contains(DATE_PATTERN)[0]:
            problem(n, "received_date", date_text, "skal være en gyldig dato ÅÅÅÅ-MM-DD")
        else:
            try:
                received = dt.date.fromisoformat(date_text)
            except ValueError:
                problem(n, "received_date", date_text, "skal være en gyldig dato ÅÅÅÅ-MM-DD")
        if received is not None and received > today:
            problem(n, "received_date", date_text, f"datoen ligger i fremtiden (i dag er {today.isoformat()})")
        if endorsement is not None and endorsement not in ENDORSEMENTS:
            problem(n, "endorsement", endorsement, "ukendt påtegning; brug ledelse, revisor eller tom")
        elif code in participating and doc in DOCUMENTS:
            _check_endorsement(problem, n, code, doc, endorsement, grants, limit)
        key = (code, doc)
        if code is not None and doc in DOCUMENTS:
            if key in seen:
                problem(n, "municipality_code+document", None,
                        f"kommune og dokument står også i række {seen[key]}; send en rettelse som en ny fil")
            seen.setdefault(key, n)
        rows.append({"municipality_code": code, "document": doc, "received_date": received, "endorsement": endorsement})
    if frame.height == 0:
        problems.append(Problem(source, None, None, None, "filen har ingen rækker"))
    return pl.DataFrame(rows, schema=SCHEMA), problems


def _check_endorsement(problem, n: int, code: int, doc: str, endorsement, grants: dict[int, int], limit: int) -> None:
    grant = grants.get(code)
    try:
        wanted = required_endorsement(doc, grant, limit)
    except LookupError:
        problem(n, "endorsement", endorsement, "tilskuddets størrelse kendes ikke endnu (indlæs udtræk først), "
                "så påtegningen af slutregnskabet kan ikke kontrolleres")
        return
    if endorsement == wanted:
        return
    if wanted is None:
        rule = "slutrapporten har ingen påtegning; lad feltet være tomt"
    elif doc == "final_account":
        size = "over" if wanted == "revisor" else "ikke over"
        rule = (f"påtegningen skal være {wanted}: tilskuddet er {_kroner(grant)} kr., "
                f"{size} {_kroner(limit)} kr.")
    else:
        rule = "regnskabet for rate 1 skal være ledelsespåtegnet (ledelse)"
    problem(n, "endorsement", endorsement or "(tom)", rule)


def _kroner(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def report(source: str, problems: list[Problem]) -> str:
    lines = [f"Dokumentfilen {source} er afvist: {len(problems)} fejl fundet. Intet er indlæst."]
    return "\n".join(lines + [f"  - {p}" for p in problems])


def load_file(db_path: Path | str, path: Path | str, entered_by: str, today: dt.date | None = None,
              audit_role: str | None = None,
              decide: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> DocumentsResult:
    """Loads a documents file whole or not at all; with `audit_role` the load goes to the
    service's audit log (user `entered_by`). Afterwards `decide(con)` records instalment
    decisions (default: `derive.rebuild_instalments`, deciding on the latest vintage)."""
    frame, problems = read_file(Path(path))
    if frame is None:
        return DocumentsResult(ok=False, report=report(str(path), problems))
    return _store(db_path, frame, Path(path).name, entered_by, today, audit_role, decide)


def add_entry(db_path: Path | str, municipality_code: int, document: str, received_date: dt.date,
              endorsement: str | None, entered_by: str, today: dt.date | None = None,
              audit_role: str | None = None) -> DocumentsResult:
    """One entry made on a page (by a `star` user in service mode), checked like a file row."""
    frame = pl.DataFrame({
        "_row": [1], "municipality_code": [str(municipality_code)], "document": [document],
        "received_date": [received_date.isoformat() if received_date else None], "endorsement": [endorsement or None],
    }, schema={"_row": pl.UInt32, **{c: pl.String for c in COLUMNS}})
    return _store(db_path, frame, "side", entered_by, today, audit_role, None)


def _store(db_path, frame: pl.DataFrame, source: str, entered_by: str, today: dt.date | None,
           audit_role: str | None, decide) -> DocumentsResult:
    today = today or dt.date.today()
    limit = rules().auditor_above_dkk
    try:
        with store.write_copy(db_path) as con:
            typed, problems = check(frame, source, grants(con), today, limit)
            if problems:
                raise _Rejected(report(source, problems))
            batch = int(queries.frame(con, "next_document_batch")["batch"][0])
            con.register("staged_documents", typed)
            try:
                queries.run(con, "insert_documents", {
                    "batch": batch, "entered_at": dt.datetime.now(), "entered_by": entered_by, "source": source,
                })
            finally:
                con.unregister("staged_documents")
            if "instalments" in _tables(con):
                (decide or derive.rebuild_instalments)(con)
    except (_Rejected, work_copy.LoadRefused) as rejected:
        return DocumentsResult(ok=False, report=str(rejected))
    if audit_role is not None:
        audit.record(db_path, "write", user=entered_by, role=audit_role, what="dokumenter",
                     detail=f"{typed.height} fra {source}")
    return DocumentsResult(ok=True, stored=typed.height)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return set(queries.frame(con, "table_names")["table_name"].to_list())


def grants(con: duckdb.DuckDBPyConnection) -> dict[int, int]:
    if "instalments" not in _tables(con):
        return {}
    return dict(queries.frame(con, "grants").iter_rows())


# ---- reading -----------------------------------------------------------------------------

CURRENT_SCHEMA = {**SCHEMA, "entered_at": pl.Datetime, "entered_by": pl.String, "source": pl.String, "entries": pl.Int64}
STATE_NAMES = {"received": "modtaget", "received_late": "modtaget efter fristen", "missing": "ikke modtaget",
               "overdue": "ikke modtaget, fristen er overskredet"}


def current(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per municipality and document the entry that holds (empty when none was ever made)."""
    if "documents" not in _tables(con):
        return pl.DataFrame(schema=CURRENT_SCHEMA)
    return queries.frame(con, "current_documents").cast(CURRENT_SCHEMA)


def history(con: duckdb.DuckDBPyConnection, municipality_code: int | None = None) -> pl.DataFrame:
    """Every entry (corrections included), newest first per document; `holds` marks the one in force."""
    if "documents" not in _tables(con):
        return pl.DataFrame(schema={**SCHEMA, "batch": pl.Int32, "entered_at": pl.Datetime, "entered_by": pl.String,
                                    "source": pl.String, "holds": pl.Boolean})
    return queries.frame(con, "document_history", {"municipality_code": municipality_code})


def status(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> pl.DataFrame:
    """One row per participating municipality and document: what is received, missing, overdue.
    Columns: municipality_code, municipality_name, star_office (code), document, document_name,
    received_date, endorsement, deadline (null for the account of instalment 1), state
    (received, received_late, missing, overdue), state_name (Danish), entries."""
    today = today or dt.date.today()
    r = rules()
    excluded = list(load_settings().non_participating)
    towns = (reference.municipalities().filter(~pl.col("municipality_code").is_in(excluded))
             .select(pl.col("municipality_code").cast(pl.Int32), "municipality_name",
                     pl.col("star_office_code").alias("star_office")))
    docs = pl.DataFrame({"document": list(DOCUMENTS), "document_name": list(DOCUMENTS.values()),
                         "deadline": [r.deadlines.get(d) for d in DOCUMENTS]},
                        schema={"document": pl.String, "document_name": pl.String, "deadline": pl.Date})
    held = current(con).select("municipality_code", "document", "received_date", "endorsement", "entries")
    out = towns.join(docs, how="cross").join(held, on=["municipality_code", "document"], how="left")
    received, deadline = pl.col("received_date"), pl.col("deadline")
    state = (pl.when(received.is_not_null() & deadline.is_not_null() & (received > deadline)).then(pl.lit("received_late"))
             .when(received.is_not_null()).then(pl.lit("received"))
             .when(deadline.is_not_null() & (deadline < today)).then(pl.lit("overdue"))
             .otherwise(pl.lit("missing")))
    return (out.with_columns(state.alias("state"), pl.col("entries").fill_null(0))
            .with_columns(pl.col("state").replace_strict(STATE_NAMES).alias("state_name"))
            .sort("municipality_name", "document"))
