"""Reading one table file of an extract, whatever is put there.

`read_table(folder, table, columns)` finds `<table>.csv` or `<table>.parquet`, refuses anything
that is not a regular file without opening it (a folder, a pipe, a device), and returns the
required columns as all-text columns plus `_row` (1-based data row), or problems that say in
Danish what is wrong, where and the likely cause: a semicolon-separated file (as Danish
Excel saves it), a file in Latin-1 or UTF-16, a row with an extra field or an unclosed
quote, an empty file, a column named twice, a Parquet column of the wrong type. Trailing
blank lines are ignored. No exception of the readers reaches the caller, and no message
names one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from monitor.core.problem import Problem

EXAMPLES = 20  # rows listed one by one for a reading problem; the rest are counted
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
PARQUET_MAGIC = b"PAR1"
SAVE_AS_CSV = (
    "gem den igen som kommasepareret CSV i UTF-8 (i LibreOffice Calc: Gem som > Tekst CSV, tegnsæt "
    "Unicode (UTF-8), feltadskiller «,»; i Excel: «CSV UTF-8 (kommasepareret)» med komma som "
    "listeseparator i Windows' områdeindstillinger)"
)
EXPECTED_TYPES = {  # column -> (Danish type name, accepted Parquet types)
    "municipality_code": "heltal", "birth_year": "heltal", "ordinary_hours": "decimaltal",
    "integration_programme_end": "dato", "from_date": "dato", "to_date": "dato",
}
_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum, pl.Null)
_ACCEPTED = {
    "tekst": _TEXT_TYPES,
    "heltal": (*_TEXT_TYPES, pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64),
    "decimaltal": (*_TEXT_TYPES, pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32,
                   pl.UInt64, pl.Float32, pl.Float64, pl.Decimal),
    "dato": (*_TEXT_TYPES, pl.Date),
}


@dataclass
class TableRead:
    file: str                                   # the file name shown in problems
    frame: pl.DataFrame | None = None           # required columns as text, plus _row
    problems: list[Problem] = field(default_factory=list)
    extra_problems: int = 0                     # problems counted beyond the listed examples
    warnings: list[Problem] = field(default_factory=list)
    checksum: str | None = None
    rows: int | None = None


def read_table(folder: Path, table: str, columns: tuple[str, ...]) -> TableRead:
    candidates = [folder / f"{table}.csv", folder / f"{table}.parquet"]
    present = [p for p in candidates if os.path.lexists(p)]
    if not present:
        return TableRead(f"{table}.csv/.parquet", problems=[Problem(f"{table}.csv/.parquet", None, None, None, "tabellen mangler i udtrækket")])
    if len(present) > 1:
        return TableRead(table, problems=[Problem(table, None, None, None, "tabellen findes både som CSV og Parquet; der må kun være én")])
    path = present[0]
    result = TableRead(path.name)
    refusal = _not_a_regular_file(path)
    if refusal:
        result.problems.append(Problem(path.name, None, None, None, refusal))
        return result
    try:
        if path.suffix == ".csv":
            _read_csv(path, columns, result)
        else:
            _read_parquet(path, columns, result)
    except PermissionError:
        result.problems.append(Problem(path.name, None, None, None, "filen kan ikke åbnes: ingen læseadgang"))
    except OSError:
        result.problems.append(Problem(path.name, None, None, None, "filen kan ikke læses (fejl fra filsystemet)"))
    if result.problems:
        result.frame = None
    return result


def _not_a_regular_file(path: Path) -> str | None:
    """Why the path cannot be a table (checked with stat, never opened), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "filen kan ikke åbnes (en genvej, der peger på noget, der ikke findes)"
    if stat.S_ISREG(mode):
        return None
    kind = ("en mappe" if stat.S_ISDIR(mode) else "et rør (pipe)" if stat.S_ISFIFO(mode)
            else "en enhed" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "en socket" if stat.S_ISSOCK(mode)
            else "ikke en almindelig fil")
    return f"tabellen er {kind}, ikke en almindelig fil; den er ikke åbnet"


# --- CSV -----------------------------------------------------------------------------------

def _read_csv(path: Path, columns: tuple[str, ...], result: TableRead) -> None:
    data = path.read_bytes()
    result.checksum = hashlib.sha256(data).hexdigest()
    name = path.name
    if not data:
        result.problems.append(Problem(name, None, None, None,
                                       f"filen er tom (0 byte); den skal mindst have overskriftsrækken {','.join(columns)}"))
        return
    if data.startswith(UTF16_BOMS) or data[:1000].count(b"\x00") * 4 > len(data[:1000]):
        result.problems.append(Problem(name, None, None, None,
                                       f"filen er gemt som UTF-16 eller UTF-32 («Unicode-tekst»), ikke UTF-8; {SAVE_AS_CSV}"))
        return
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    data = _without_trailing_blank_lines(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(_encoding_problem(name, data, exc.start))
        return
    if "\x00" in text:
        result.problems.append(Problem(name, None, None, None, "filen indeholder binære data (NUL-tegn) og er ikke en CSV-tekstfil"))
        return
    if "\n" not in text and "\r" in text:
        result.problems.append(Problem(name, None, None, None, "filen bruger kun CR som linjeskift (gammelt Mac-format); "
                                       f"{SAVE_AS_CSV}"))
        return
    header_end = text.find("\n")
    header_line = (text if header_end < 0 else text[:header_end]).rstrip("\r")
    body = "" if header_end < 0 else text[header_end + 1:]
    try:
        names = next(csv.reader([header_line], strict=True), [])
    except csv.Error:
        result.problems.append(Problem(name, None, None, None, "overskriftsrækken kan ikke læses (kontrollér anførselstegn "
                                       "og skilletegn); den skal være " + ",".join(columns)))
        return
    if not _header_ok(name, names, header_line, columns, result):
        return
    internal = [f"c{i}" for i in range(len(names))]
    if body.strip():
        try:
            # the header replaced by unique names: the parser takes the width from it
            renamed = (",".join(internal) + "\n").encode() + data[data.find(b"\n") + 1:]
            frame = pl.read_csv(renamed, schema={c: pl.String for c in internal}, infer_schema=False, quote_char='"')
        except Exception:  # the row and the cause are found by the exact scan below
            _locate_csv_error(name, body, len(names), result)
            return
        needed = 1 + max(i for i, n in enumerate(names) if n.strip() in columns)
        _short_rows(name, data[data.find(b"\n") + 1:], len(names), needed, result)
        if result.problems:
            return
    else:
        frame = pl.DataFrame(schema={c: pl.String for c in internal})
    wanted = {names[i].strip(): internal[i] for i in range(len(names)) if names[i].strip() in columns}
    result.rows = frame.height
    result.frame = frame.select(
        pl.col(wanted[c]).str.strip_chars().replace("", None).alias(c) for c in columns
    ).with_row_index("_row", offset=1)


def _without_trailing_blank_lines(data: bytes) -> bytes:
    """The file without blank lines (only spaces or commas) at its end."""
    end = len(data)
    while True:
        stripped = data[:end].rstrip(b" \t\r\n")
        cut = stripped.rfind(b"\n")
        last = stripped[cut + 1:]
        if cut < 0 or last.strip(b" \t\r,"):
            return stripped + b"\n" if stripped else b""
        end = cut


def _encoding_problem(name: str, data: bytes, offset: int) -> Problem:
    line_start = data.rfind(b"\n", 0, offset) + 1
    row = data.count(b"\n", 0, line_start)  # the header line is row 0
    try:
        data.decode("cp1252")
        guess = "den ser ud til at være gemt som Latin-1/Windows-1252 (fx Excels «CSV (semikolonsepareret)»)"
    except UnicodeDecodeError:
        guess = "den indeholder tegn, der ikke er UTF-8"
    where = "i overskriftsrækken" if row == 0 else "første ugyldige tegn står her"
    header = data[: data.find(b"\n")].decode("utf-8", errors="replace").split(",")
    field_index = data.count(b",", line_start, offset)
    column = header[field_index].strip() if field_index < len(header) else None
    return Problem(name, row or None, column, None,
                   f"filen er ikke gyldig UTF-8 ({where}); {guess}; {SAVE_AS_CSV}")


def _header_ok(name: str, names: list[str], header_line: str, columns: tuple[str, ...], result: TableRead) -> bool:
    stripped = [n.strip() for n in names]
    for separator, word in ((";", "semikolonsepareret"), ("\t", "tabulatorsepareret")):
        split = [n.strip().strip('"') for n in header_line.split(separator)]
        if len(stripped) == 1 and len(split) > 1 and set(split) & set(columns):
            extra = " som dansk Excel gemmer CSV" if separator == ";" else ""
            result.problems.append(Problem(name, None, None, None,
                                           f"filen ser ud til at være {word}{extra}, ikke kommasepareret; {SAVE_AS_CSV}"))
            return False
    seen: dict[str, int] = {}
    for position, column in enumerate(stripped, start=1):
        if column and column in seen:
            result.problems.append(Problem(name, None, column, None,
                                           f"kolonnen står to gange i overskriftsrækken (kolonne {seen[column]} og {position})"))
        seen.setdefault(column, position)
    missing = [c for c in columns if c not in seen]
    if missing and len(missing) == len(columns):
        result.problems.append(Problem(name, None, None, None,
                                       "ingen af de forventede kolonnenavne står i første række; filen skal begynde med "
                                       f"overskriftsrækken {','.join(columns)}"))
        return False
    for column in missing:
        result.problems.append(Problem(name, None, column, None, "påkrævet kolonne mangler"))
    for column in stripped:
        if column not in columns:
            label = column if column else None
            rule = "ukendt kolonne ignoreres" if column else "kolonne uden navn ignoreres"
            result.warnings.append(Problem(name, None, label, None, rule))
    return not result.problems


def _short_rows(name: str, body: bytes, width: int, needed: int, result: TableRead) -> None:
    """Rows that end before the last column of the contract (a truncated row would otherwise
    read as empty cells). Checked line by line where the file has no quotes, so that lines
    are rows; fields missing only for unknown trailing columns do not matter."""
    spare = next((b for b in (b"\x1f", b"\x1e", b"\x01") if b not in body), None)
    if b'"' in body or spare is None or needed < 2:
        return
    lines = pl.read_csv(body, has_header=False, new_columns=["line"], separator=spare.decode(), quote_char=None,
                        schema={"line": pl.String}, infer_schema=False)
    fields = pl.col("line").str.count_matches(",", literal=True) + 1
    short = lines.with_row_index("_row", offset=1).filter(pl.col("line").str.strip_chars() != "").filter(fields < needed)
    for row, line in short.head(EXAMPLES).iter_rows():
        result.problems.append(Problem(name, row, None, None,
                                       f"rækken har {line.count(',') + 1} felter, men overskriften har {width} kolonner "
                                       "(rækken er afkortet, eller der mangler kommaer for tomme felter)"))
    result.extra_problems += max(0, short.height - EXAMPLES)


def _locate_csv_error(name: str, body: str, width: int, result: TableRead) -> None:
    """Finds the rows a CSV parser cannot read: too many fields, or a quote never closed."""
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    row = 0
    bad = 0
    try:
        for record in reader:
            row += 1
            if len(record) > width:
                bad += 1
                if bad <= EXAMPLES:
                    result.problems.append(Problem(name, row, None, None,
                                                   f"rækken har {len(record)} felter, men overskriften har {width} kolonner "
                                                   "(et komma for meget, eller en værdi med komma uden anførselstegn om)"))
    except csv.Error:
        result.problems.append(Problem(name, row + 1, None, None,
                                       'et anførselstegn (") i rækken er ikke lukket korrekt, så resten af filen kan ikke '
                                       'læses; en værdi i anførselstegn skal slutte med " lige før kommaet'))
    result.extra_problems += max(0, bad - EXAMPLES)
    if not result.problems:
        result.problems.append(Problem(name, None, None, None,
                                       "filen kan ikke læses som kommasepareret CSV (kontrollér anførselstegn og skilletegn)"))


# --- Parquet -------------------------------------------------------------------------------

def _read_parquet(path: Path, columns: tuple[str, ...], result: TableRead) -> None:
    name = path.name
    result.checksum = _sha256(path)
    with open(path, "rb") as fh:
        head = fh.read(4)
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - 4))
        tail = fh.read(4)
    if size == 0:
        result.problems.append(Problem(name, None, None, None, "filen er tom (0 byte)"))
        return
    if size < 12:
        head = b""
    if head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        result.problems.append(Problem(name, None, None, None, "filen er ikke en gyldig Parquet-fil (beskadiget eller en anden filtype)"))
        return
    try:
        schema = pl.read_parquet_schema(path)
    except Exception:  # reported in Danish, without the reader's message
        result.problems.append(Problem(name, None, None, None, "Parquet-filens skema kan ikke læses (beskadiget fil)"))
        return
    stripped = [n.strip() for n in schema]
    for column in {c for c in stripped if stripped.count(c) > 1}:
        result.problems.append(Problem(name, None, column, None, "kolonnen findes to gange i filen"))
    for column in columns:
        if column not in stripped:
            result.problems.append(Problem(name, None, column, None, "påkrævet kolonne mangler"))
    for column in stripped:
        if column not in columns:
            result.warnings.append(Problem(name, None, column or None, None, "ukendt kolonne ignoreres"))
    original = {n.strip(): n for n in schema}
    for column in columns:
        if column in original and stripped.count(column) == 1:
            dtype = schema[original[column]]
            expected = EXPECTED_TYPES.get(column, "tekst")
            if not isinstance(dtype, _ACCEPTED[expected]) and dtype not in _ACCEPTED[expected]:
                result.problems.append(Problem(name, None, column, None,
                                               f"kolonnen har typen {_type_name(dtype)}; forventet {expected}"))
    if result.problems:
        return
    try:
        frame = pl.read_parquet(path, columns=[original[c] for c in columns])
    except Exception:  # reported in Danish, without the reader's message
        result.problems.append(Problem(name, None, None, None, "Parquet-filens data kan ikke læses (beskadiget fil)"))
        return
    result.rows = frame.height
    result.frame = frame.select(
        pl.col(original[c]).cast(pl.String).str.strip_chars().replace("", None).alias(c) for c in columns
    ).with_row_index("_row", offset=1)


def _type_name(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Struct):
        return "struct (en sammensat værdi med underfelter)"
    if isinstance(dtype, (pl.List, pl.Array)):
        return "liste (flere værdier i én celle)"
    return {pl.Binary: "binære data", pl.Boolean: "sand/falsk", pl.Datetime: "tidspunkt (dato og klokkeslæt)",
            pl.Time: "klokkeslæt", pl.Duration: "varighed", pl.Float32: "decimaltal", pl.Float64: "decimaltal",
            pl.Date: "dato", pl.Object: "objekt"}.get(dtype.base_type(), str(dtype))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
