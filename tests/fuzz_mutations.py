"""Seeded mutations of a valid extract for the fuzz test: each takes the extract as a dict
file name -> bytes (plus a random generator) and returns it changed - columns deleted,
swapped or renamed, values of the wrong type, truncated rows, byte noise, other encodings and
separators, blank lines, CPR-like values, Parquet files with odd types, files that are not
files. Every mutation is deterministic for a given generator state."""

from __future__ import annotations

import csv
import io
import random

import polars as pl

Files = dict[str, bytes]
CPR_LIKE = ("0101801234", "010180-1234", "123456789", "3112999999", "  2909701111 ")
JUNK = ("", " ", "abc", "12,5", "1e3", "-1", "99999999999999999999", "2017-13-45", "12/08/2017", "NaN", "æøå",
        '"', "'", "\\", "NULL", "M K", "2017-W99", "\t", "😀", "x" * 300)
NOISE = (b"\x00", b"\xff", b"\xe6", b'"', b",", b";", b"\n", b"\r", b"\t", b"\xef\xbb\xbf", b"\xc3", b" ")


def _rows(files: Files, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(files[name].decode("utf-8"))))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _csv_tables(files: Files) -> list[str]:
    return sorted(n for n, data in files.items() if n.endswith(".csv") and data is not None and _is_utf8(data))


def _pick_csv(files: Files, rng: random.Random) -> str | None:
    names = _csv_tables(files)
    return rng.choice(names) if names else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _edit_rows(files: Files, rng: random.Random, edit) -> Files:
    name = _pick_csv(files, rng)
    if name is None:
        return files
    try:
        rows = _rows(files, name)
    except csv.Error:
        return files
    if rows:
        edit(rows, rng)
    return {**files, name: _csv(rows)}


def delete_column(files, rng):
    def edit(rows, rng):
        i = rng.randrange(len(rows[0]))
        for r in rows:
            del r[i:i + 1]
    return _edit_rows(files, rng, edit)


def swap_column_names(files, rng):
    def edit(rows, rng):
        i, j = rng.randrange(len(rows[0])), rng.randrange(len(rows[0]))
        rows[0][i], rows[0][j] = rows[0][j], rows[0][i]
    return _edit_rows(files, rng, edit)


def swap_columns(files, rng):
    def edit(rows, rng):
        i, j = rng.randrange(len(rows[0])), rng.randrange(len(rows[0]))
        for r in rows:
            if max(i, j) < len(r):
                r[i], r[j] = r[j], r[i]
    return _edit_rows(files, rng, edit)


def rename_column(files, rng):
    def edit(rows, rng):
        i = rng.randrange(len(rows[0]))
        rows[0][i] = rng.choice([rows[0][i].upper(), f" {rows[0][i]} ", rows[0][(i + 1) % len(rows[0])], "", "0101801234",
                                 rows[0][i] + "x"])
    return _edit_rows(files, rng, edit)


def change_values(files, rng):
    def edit(rows, rng):
        col = rng.randrange(len(rows[0]))
        for r in rows[1:]:
            if col < len(r) and rng.random() < 0.5:
                r[col] = rng.choice(JUNK + CPR_LIKE)
    return _edit_rows(files, rng, edit)


def inject_cpr(files, rng):
    def edit(rows, rng):
        if len(rows) > 1:
            r = rng.choice(rows[1:])
            if r:
                r[rng.randrange(len(r))] = rng.choice(CPR_LIKE)
    return _edit_rows(files, rng, edit)


def truncate_row(files, rng):
    def edit(rows, rng):
        if len(rows) > 1:
            r = rng.choice(rows[1:])
            del r[rng.randrange(len(r) + 1):]
    return _edit_rows(files, rng, edit)


def extra_field(files, rng):
    def edit(rows, rng):
        rng.choice(rows).append(rng.choice(["", "x", "0101801234"]))
    return _edit_rows(files, rng, edit)


def duplicate_row(files, rng):
    def edit(rows, rng):
        if len(rows) > 1:
            rows.insert(rng.randrange(1, len(rows) + 1), list(rng.choice(rows[1:])))
    return _edit_rows(files, rng, edit)


def _any_file(files: Files, rng: random.Random) -> str | None:
    names = sorted(n for n, data in files.items() if data is not None)
    return rng.choice(names) if names else None


def cut_file(files, rng):
    name = _any_file(files, rng)
    if name is None:
        return files
    data = files[name]
    return {**files, name: data[: rng.randrange(len(data) + 1)]}


def byte_noise(files, rng):
    name = _any_file(files, rng)
    if name is None:
        return files
    data = bytearray(files[name])
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(data) + 1)
        if rng.random() < 0.5 and pos < len(data):
            data[pos:pos + 1] = rng.choice(NOISE)
        else:
            data[pos:pos] = rng.choice(NOISE)
    return {**files, name: bytes(data)}


def encoding(files, rng):
    name = _pick_csv(files, rng)
    if name is None:
        return files
    text = files[name].decode("utf-8")
    if rng.random() < 0.5:
        text = text.replace("\n", ",æ\n", 1) if rng.random() < 0.5 else text + "P1,Ø,Å\n"
    codec = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-8-sig", "utf-32", "mac_roman"])
    return {**files, name: text.encode(codec, errors="replace")}


def separator(files, rng):
    name = _pick_csv(files, rng)
    if name is None:
        return files
    new = rng.choice([";", "\t", "|"])
    return {**files, name: files[name].replace(b",", new.encode())}


def line_endings(files, rng):
    name = _pick_csv(files, rng)
    if name is None:
        return files
    data = files[name]
    choice = rng.randrange(4)
    if choice == 0:
        data = data.replace(b"\n", b"\r\n")
    elif choice == 1:
        data += b"\n" * rng.randint(1, 3) + b" ,,\n" * rng.randint(0, 2)
    elif choice == 2:
        lines = data.split(b"\n")
        lines.insert(rng.randrange(1, max(2, len(lines))), b"")
        data = b"\n".join(lines)
    else:
        data = data.replace(b"\n", b"\r")
    return {**files, name: data}


def quotes(files, rng):
    name = _pick_csv(files, rng)
    if name is None:
        return files
    data = files[name]
    commas = [i for i, b in enumerate(data) if b == ord(",")]
    if not commas:
        return files
    pos = rng.choice(commas) + 1
    insert = rng.choice([b'"', b'"a,b",', b'"x""y"', b'""'])
    return {**files, name: data[:pos] + insert + data[pos:]}


def empty_or_header_only(files, rng):
    name = _any_file(files, rng)
    if name is None:
        return files
    return {**files, name: b"" if rng.random() < 0.5 else files[name].split(b"\n")[0] + b"\n"}


def remove_table(files, rng):
    name = rng.choice(sorted(files))
    return {n: d for n, d in files.items() if n != name}


def not_a_file(files, rng):
    """A table replaced by a folder (None: the writer makes a directory)."""
    name = rng.choice(sorted(files))
    return {**files, name: None}


def to_parquet(files, rng):
    """A table as Parquet, sometimes with a column of another type (int, struct, list, binary, datetime)."""
    name = _pick_csv(files, rng)
    if name is None:
        return files
    try:
        frame = pl.read_csv(files[name], infer_schema=False)
    except Exception:  # already broken by an earlier mutation: leave it as CSV
        return files
    if frame.width and rng.random() < 0.7:
        col = rng.choice(frame.columns)
        kind = rng.randrange(5)
        values = frame[col]
        frame = frame.with_columns(
            values.cast(pl.Int64, strict=False) if kind == 0
            else pl.struct(values.alias("inner")).alias(col) if kind == 1
            else values.str.split(",").alias(col) if kind == 2
            else values.cast(pl.Binary) if kind == 3
            else pl.lit(None, dtype=pl.Datetime).alias(col)
        )
    out = io.BytesIO()
    frame.write_parquet(out)
    stem = name.removesuffix(".csv")
    rest = {n: d for n, d in files.items() if n != name}
    return {**rest, f"{stem}.parquet": out.getvalue()}


MUTATIONS = (delete_column, swap_column_names, swap_columns, rename_column, change_values, inject_cpr, truncate_row,
             extra_field, duplicate_row, cut_file, byte_noise, encoding, separator, line_endings, quotes,
             empty_or_header_only, remove_table, not_a_file, to_parquet)


def mutate(files: Files, rng: random.Random) -> tuple[Files, list[str]]:
    """1-3 random mutations; returns the new files and the names of the mutations applied."""
    applied = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        mutation = rng.choice(MUTATIONS)
        files = mutation(files, rng)
        applied.append(mutation.__name__)
    return files, applied
