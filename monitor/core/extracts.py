"""Reading and validating one monthly extract folder, exactly as the extract contract says.

`read_extract(folder)` returns an `Extract`: the five tables as typed Polars frames ready to
store, the problems found (all of them, not only the first) and data-quality warnings.
No value that could be a person id is echoed in a problem or a warning (monitor.core.privacy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from monitor.core import calendar, reference, table_files
from monitor.core.privacy import redact_text
from monitor.core.problem import Problem, masked

TABLES = ("persons", "benefits", "markings", "offers", "hours")
COLUMNS = {
    "persons": ("person_id", "municipality_code", "birth_year", "sex", "integration_programme_end"),
    "benefits": ("person_id", "week", "benefit", "match_category"),
    "markings": ("person_id", "marking", "from_date", "to_date"),
    "offers": ("person_id", "offer_type", "from_date", "to_date"),
    "hours": ("person_id", "month", "ordinary_hours"),
}
KEYS = {
    "persons": ("person_id",),
    "benefits": ("person_id", "week"),
    "markings": ("person_id", "marking", "from_date"),
    "offers": ("person_id", "offer_type", "from_date"),
    "hours": ("person_id", "month"),
}
PERSON_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
CPR_PATTERN = r"^(\d{9,10}|\d{6}-\d{4})$"  # also a CPR number that lost its leading zero
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MONTH_PATTERN = r"^(19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])$"  # calendar.is_month, vectorised
EXAMPLES_PER_RULE = 20  # problems listed one by one per file, column and rule; the rest are counted
MAX_HOURS = 744


@dataclass
class Extract:
    folder: Path
    month: str | None
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extra_problems: int = 0  # problems counted beyond the listed examples
    warnings: list[Problem] = field(default_factory=list)
    checksums: dict[str, str] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    id_columns: list[pl.Series] = field(default_factory=list)  # the person_id column of each table read

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        total = len(self.problems) + self.extra_problems
        lines = [f"Udtrækket {redact_text(str(self.folder))} er afvist: {total} fejl fundet. Intet er indlæst.",
                 "  (Rækker tælles fra første datarække; overskriftsrækken er række 0.)"]
        lines += [f"  - {line}" for line in _grouped(self.problems)]
        if self.extra_problems:
            lines.append(
                f"  ... og {self.extra_problems} fejl mere af samme slags som ovenfor "
                f"(de første {EXAMPLES_PER_RULE} af hver slags er vist)."
            )
        return "\n".join(lines)


def _grouped(problems: list[Problem]) -> list[str]:
    """Report lines; file-level problems with the same rule in several files share one line
    (a whole extract saved as semicolon-separated CSV is one line, not five)."""
    files: dict[str, list[str]] = {}
    for p in problems:
        if p.row is None and p.column is None and p.value is None:
            files.setdefault(p.rule, []).append(redact_text(p.file))
    lines, done = [], set()
    for p in problems:
        if p.row is None and p.column is None and p.value is None:
            if p.rule not in done:
                done.add(p.rule)
                lines.append(f"{', '.join(files[p.rule])}: {p.rule}")
        else:
            lines.append(str(p))
    return lines


def read_extract(folder: Path, today: dt.date | None = None) -> Extract:
    """The extract in `folder`, validated; `today` (default: the current date) bounds its month."""
    folder = Path(folder)
    month = folder.name if calendar.is_month(folder.name) else None
    extract = Extract(folder=folder, month=month)
    if month is None:
        extract.problems.append(Problem(folder.name, None, None, folder.name, "mappens navn skal være en gyldig måned ÅÅÅÅ-MM"))
    current = (today or dt.date.today()).strftime("%Y-%m")
    if month is not None and month > current:
        extract.problems.append(Problem(folder.name, None, None, None,
                                        f"udtræksmåneden {month} ligger efter indeværende måned {current}; "
                                        "et udtræk kan ikke være fra en måned, der ikke er begyndt"))
    if not folder.is_dir():
        extract.problems.append(Problem(str(folder), None, None, None, "mappen findes ikke"))
        return extract
    raw: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        read = table_files.read_table(folder, table, COLUMNS[table])
        extract.problems += read.problems
        extract.extra_problems += read.extra_problems
        extract.warnings += read.warnings
        if read.checksum:
            extract.checksums[read.file] = read.checksum
        if read.rows is not None:
            extract.row_counts[table] = read.rows
        if read.frame is not None:
            raw[table] = read.frame
    extract.id_columns = [frame["person_id"] for frame in raw.values()]
    if month is not None:
        for table, frame in raw.items():
            typed = _validate(table, frame, month, extract)
            if typed is not None:
                extract.tables[table] = typed
    if extract.ok:
        _quality_warnings(extract)
    extract.problems = masked(extract.problems, extract.id_columns)
    extract.warnings = masked(extract.warnings, extract.id_columns)
    return extract


# --- validation ----------------------------------------------------------------------------

class _Checker:
    """Collects problems for one file: rows where a boolean expression marks a violation."""

    def __init__(self, file: str, frame: pl.DataFrame, extract: Extract):
        self.file, self.frame, self.extract = file, frame, extract

    def flag(self, bad: pl.Expr, column: str, rule: str) -> None:
        rows = self.frame.filter(bad.fill_null(False)).select("_row", pl.col(column).alias("value"))
        if rows.height == 0:
            return
        for row, value in rows.head(EXAMPLES_PER_RULE).iter_rows():
            self.extract.problems.append(Problem(self.file, row, column, value, rule))
        self.extract.extra_problems += max(0, rows.height - EXAMPLES_PER_RULE)

    def required(self, column: str) -> None:
        self.flag(pl.col(column).is_null(), column, "værdi mangler")

    def person_id(self) -> None:
        pid = pl.col("person_id")
        self.required("person_id")
        cpr = pid.str.contains(CPR_PATTERN)
        self.flag(cpr, "person_id", "ligner et CPR-nummer (9-10 cifre, eller 6 cifre, bindestreg og 4 cifre); "
                  "udtræk må kun have pseudonyme id'er")
        self.flag(~cpr & ~pid.str.contains(PERSON_ID_PATTERN), "person_id",
                  "skal være 1-64 tegn af A-Z a-z 0-9 _ -")

    def code(self, column: str, allowed, rule: str) -> None:
        self.flag(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(allowed)), column, rule)

    def date(self, column: str) -> pl.Expr:
        """Flags invalid dates; returns the parsed date expression."""
        parsed = pl.col(column).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        bad = pl.col(column).is_not_null() & (~pl.col(column).str.contains(DATE_PATTERN) | parsed.is_null())
        self.flag(bad, column, "skal være en gyldig dato ÅÅÅÅ-MM-DD")
        return parsed

    def duplicate_keys(self, keys: tuple[str, ...]) -> None:
        # hash first (cheap on millions of rows), compare exactly only where hashes repeat
        combined = pl.lit(0, dtype=pl.UInt64)
        for i, key in enumerate(keys):  # collisions only cost the exact comparison below
            combined = combined ^ (pl.col(key).hash(seed=i) * (2 * i + 1))
        hashed = self.frame.select(combined.alias("_h"))["_h"]
        dup = self.frame.filter(hashed.is_duplicated()).filter(pl.struct(keys).is_duplicated())
        if dup.height == 0:
            return
        groups = dup.group_by(keys, maintain_order=True).agg(pl.col("_row"))
        for rows in groups["_row"].head(EXAMPLES_PER_RULE).to_list():
            listed = ", ".join(str(r) for r in rows[:5])
            self.extract.problems.append(Problem(
                self.file, rows[0], "+".join(keys), None,
                f"nøglen ({' + '.join(keys)}) findes flere gange i filen (rækkerne {listed})",
            ))
        self.extract.extra_problems += max(0, groups.height - EXAMPLES_PER_RULE)


def _file_name(extract: Extract, table: str) -> str:
    for suffix in (".csv", ".parquet"):
        if (extract.folder / f"{table}{suffix}").exists():
            return f"{table}{suffix}"
    return table


def _validate(table: str, raw: pl.DataFrame, month: str, extract: Extract) -> pl.DataFrame | None:
    before = len(extract.problems) + extract.extra_problems
    check = _Checker(_file_name(extract, table), raw, extract)
    check.person_id()
    month_end = calendar.month_last_day(month)
    year = int(month[:4])
    typed: pl.DataFrame | None = None

    if table == "persons":
        municipality = pl.col("municipality_code").cast(pl.Int32, strict=False)
        birth_year = pl.col("birth_year").cast(pl.Int32, strict=False)
        check.required("municipality_code")
        check.flag(pl.col("municipality_code").is_not_null() & municipality.is_null(), "municipality_code", "skal være et heltal")
        check.flag(municipality.is_not_null() & ~municipality.is_in(reference.municipality_codes()),
                   "municipality_code", "ukendt kommunekode (ikke en af de 98 kommuner)")
        check.required("birth_year")
        check.flag(pl.col("birth_year").is_not_null() & birth_year.is_null(), "birth_year", "skal være et heltal")
        check.flag(birth_year.is_not_null() & ((birth_year < 1900) | (birth_year > year)), "birth_year",
                   f"skal ligge mellem 1900 og udtrækkets år {year}")
        check.required("sex")
        check.code("sex", ("M", "K"), "skal være M eller K")
        ipe = check.date("integration_programme_end")
        typed = raw.select(
            "person_id", municipality.alias("municipality_code"), birth_year.alias("birth_year"),
            "sex", ipe.alias("integration_programme_end"),
        )
    elif table == "benefits":
        weeks = raw["week"].drop_nulls().unique()
        valid = {w: calendar.iso_week_to_index(w) for w in weeks.to_list() if calendar.parse_iso_week(w)}
        week_table = pl.DataFrame(
            {"week": list(valid), "week_index": list(valid.values())},
            schema={"week": pl.String, "week_index": pl.Int32},
        )
        late = [w for w, i in valid.items() if calendar.week_month(i) > month]
        check.required("week")
        check.flag(pl.col("week").is_not_null() & ~pl.col("week").is_in(list(valid)), "week",
                   "skal være en gyldig ISO-uge ÅÅÅÅ-Uuu (U53 kun i år, der har den)")
        check.flag(pl.col("week").is_in(late), "week", f"ugen ligger efter udtræksmåneden {month}")
        check.required("benefit")
        check.code("benefit", reference.benefit_codes(), "ukendt ydelseskode")
        cash = pl.col("benefit").is_in(list(reference.cash_benefit_codes()))
        check.flag(cash & pl.col("match_category").is_null(), "match_category",
                   "påkrævet på KH-, UH- og IY-rækker (J, U eller A)")
        check.flag(cash & pl.col("match_category").is_not_null() & ~pl.col("match_category").is_in(list(reference.match_category_codes())),
                   "match_category", "skal være J, U eller A")
        check.flag(~cash & pl.col("benefit").is_not_null() & pl.col("match_category").is_not_null(), "match_category",
                   "må kun udfyldes på KH-, UH- og IY-rækker")
        typed = (
            raw.join(week_table, on="week", how="left")
            .select("person_id", pl.col("week_index").alias("week"), "benefit", "match_category")
        )
    elif table in ("markings", "offers"):
        code_col = "marking" if table == "markings" else "offer_type"
        allowed = reference.marking_codes() if table == "markings" else reference.offer_codes()
        check.required(code_col)
        check.code(code_col, allowed, "ukendt kode")
        check.required("from_date")
        from_date = check.date("from_date")
        to_date = check.date("to_date")
        check.flag(from_date.is_not_null() & (from_date > month_end), "from_date",
                   f"startdatoen ligger efter udtræksmåneden {month}")
        check.flag(from_date.is_not_null() & to_date.is_not_null() & (to_date < from_date), "to_date",
                   "slutdatoen ligger før startdatoen")
        typed = raw.select("person_id", code_col, from_date.alias("from_date"), to_date.alias("to_date"))
        if table == "markings":
            groups = raw.with_columns(from_date.alias("_from")).filter(
                pl.col("marking").is_in(list(reference.group_marking_codes())) & pl.col("_from").is_not_null()
            )
            same_day = groups.filter(pl.struct("person_id", "_from").is_duplicated())
            if same_day.height:
                _Checker(check.file, same_day, extract).flag(
                    pl.lit(True), "from_date",
                    "to gruppemarkeringer (FSM1/FSM2/FSM3) for samme person med samme startdato",
                )
    elif table == "hours":
        hours = pl.col("ordinary_hours").cast(pl.Float64, strict=False)
        check.required("month")
        check.flag(pl.col("month").is_not_null() & ~pl.col("month").str.contains(MONTH_PATTERN),
                   "month", "skal være en gyldig måned ÅÅÅÅ-MM")
        check.flag(pl.col("month").is_not_null() & (pl.col("month") > month) & pl.col("month").str.contains(r"^\d{4}-\d{2}$"),
                   "month", f"måneden ligger efter udtræksmåneden {month}")
        check.required("ordinary_hours")
        check.flag(pl.col("ordinary_hours").is_not_null() & hours.is_null(), "ordinary_hours",
                   "skal være et decimaltal (punktum som decimaltegn)")
        check.flag(hours.is_not_null() & ((hours < 0) | (hours > MAX_HOURS) | hours.is_nan()), "ordinary_hours",
                   f"skal ligge mellem 0 og {MAX_HOURS}")
        typed = raw.select("person_id", "month", hours.alias("ordinary_hours"))

    check.duplicate_keys(KEYS[table])
    if len(extract.problems) + extract.extra_problems > before:
        return None
    return typed.with_columns(pl.lit(month).alias("extract_month"))


# --- data-quality warnings -----------------------------------------------------------------

def _quality_warnings(extract: Extract) -> None:
    """Warnings that do not reject the extract (no person ids in them)."""
    markings = extract.tables["markings"].with_row_index("_row", offset=1)
    groups = markings.filter(pl.col("marking").is_in(list(reference.group_marking_codes())))
    far_future = dt.date(9999, 12, 31)
    pairs = (
        groups.join(groups, on="person_id", suffix="_other")
        .filter(
            (pl.col("_row") != pl.col("_row_other"))
            & (pl.col("from_date") <= pl.col("to_date_other").fill_null(far_future))
            & (pl.col("from_date_other") <= pl.col("to_date").fill_null(far_future))
        )
    )
    overlapping = pairs["_row"].unique().sort()
    if overlapping.len():
        persons = pairs["person_id"].n_unique()
        listed = ", ".join(str(r) for r in overlapping.head(10).to_list())
        more = "" if overlapping.len() <= 10 else f" m.fl. ({overlapping.len()} rækker)"
        extract.warnings.append(Problem(
            _file_name(extract, "markings"), int(overlapping[0]), "from_date", None,
            f"overlappende gruppemarkeringer for {persons} personer (rækkerne {listed}{more}); "
            "markeringen med seneste startdato gælder (genvisitation)",
        ))
    known = extract.tables["persons"]["person_id"]
    for table in ("markings", "offers", "hours"):
        unknown = extract.tables[table].filter(~pl.col("person_id").is_in(known.implode()))
        if unknown.height:
            extract.warnings.append(Problem(
                _file_name(extract, table), None, "person_id", None,
                f"{unknown.height} rækker for personer, der ikke er i månedens personudtræk",
            ))
