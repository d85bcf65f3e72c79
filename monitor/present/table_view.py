"""A table as a page shows it and as its downloads hold it.

Numbers stay numbers: the page sorts them as numbers and shows them in Danish (13.012; 43,3);
the CSV is what Danish Excel opens in columns (`;` between fields, decimal comma); the Excel
file holds real numbers. A hidden cell is empty in the numbers and carries a discretion mark:
"<3" for a count of 1 or 2, "skjult" for a cell hidden to protect another one (with a
footnote). Nothing shows "None", "nan" or an English word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from monitor.present import danish, tables, wording

SMALL, HIDDEN = danish.SUPPRESSED, "skjult"
HIDDEN_NOTE = ("«skjult»: tallet er skjult for at beskytte et andet lille tal (diskretion), fx fordi resten af "
               "gruppen er " + wording.fewer_than() + " personer eller fordi et andet tal i tabellen ellers kunne regnes ud.")
# column kind -> (display function, Excel number format)
KINDS = {
    "count": (danish.integer, "#,##0"),
    "kroner": (danish.integer, "#,##0"),
    "percent": (lambda v: danish.decimal(v, 1), "0.0"),
    "decimal": (lambda v: danish.decimal(v, 2), "0.00"),
    "months": (danish.integer, "0"),
    "datetime": (danish.datetime, "dd-mm-yyyy hh:mm"),
}


def count_mark(suppression: str = "suppression") -> pl.Expr:
    """The mark of a hidden count from the core's `suppression` column (null when shown)."""
    kind = pl.col(suppression)
    return pl.when(kind == "primary").then(pl.lit(SMALL)).when(kind.is_not_null()).then(pl.lit(HIDDEN))


def share_mark(suppression: str = "suppression") -> pl.Expr:
    """The mark of a hidden share: a share is never "<3", it is hidden."""
    return pl.when(pl.col(suppression).is_not_null()).then(pl.lit(HIDDEN))


def denominator_mark(flag: str = "denominator_suppressed") -> pl.Expr:
    return pl.when(pl.col(flag).fill_null(False)).then(pl.lit(SMALL))


@dataclass(frozen=True)
class TableView:
    frame: pl.DataFrame                              # shown columns; hidden cells null
    kinds: dict[str, str] = field(default_factory=dict)  # column -> a key of KINDS (else text)
    marks: dict[str, list] = field(default_factory=dict)  # column -> per-row mark or None

    @property
    def has_hidden(self) -> bool:
        return any(m == HIDDEN for marks in self.marks.values() for m in marks)

    def cell_text(self, row: int, column: str) -> str:
        """What the page shows in one cell."""
        mark = self.marks.get(column, [None] * self.frame.height)[row]
        if mark:
            return mark
        return _text(self.frame[column][row], self.kinds.get(column))


def view(frame: pl.DataFrame, kinds: dict[str, str] | None = None, marks: dict[str, str] | None = None) -> TableView:
    """A TableView from a frame that holds the shown columns and, for columns that can be
    hidden, a mark column (`marks` maps shown column -> mark column, dropped from the view)."""
    marks = marks or {}
    return TableView(
        frame.drop(list(marks.values())),
        dict(kinds or {}),
        {column: frame[mark].to_list() for column, mark in marks.items()},
    )


def numeric_kinds(frame: pl.DataFrame) -> dict[str, str]:
    """Kinds for a plain frame: whole numbers as counts, other numbers with two decimals,
    dates and times in Danish."""
    kinds = {}
    for column, dtype in frame.schema.items():
        if dtype.is_integer():
            kinds[column] = "count"
        elif dtype.is_float():
            kinds[column] = "decimal"
        elif dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
            kinds[column] = "datetime"
    return kinds


def _text(value, kind: str | None) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind in KINDS:
        return KINDS[kind][0](value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


# Streamlit's table draws an empty cell (null) as its placeholder whatever the Styler says, so in
# the copy sent to the page a marked cell holds this number instead, shown as its mark; it sorts
# below every real value. Downloads and TableView.frame keep the cell empty.
MARKED_SORT_VALUE = -1


def styler(table: TableView):
    """A pandas Styler for st.dataframe: numbers stay numeric (sorting), shown in Danish, a
    hidden cell shows its mark."""
    frame = table.frame.with_columns(
        pl.when(pl.Series(marks).is_not_null()).then(pl.lit(MARKED_SORT_VALUE)).otherwise(pl.col(column)).alias(column)
        for column, marks in table.marks.items() if table.kinds.get(column) in KINDS
    ).to_pandas()
    style = frame.style.hide(axis="index")
    for column in frame.columns:
        kind = table.kinds.get(column)
        style = style.format(lambda v, k=kind: _text(v, k), subset=[column], na_rep="")
    for column, marks in table.marks.items():
        for mark in {m for m in marks if m}:
            rows = [i for i, m in enumerate(marks) if m == mark]
            style = style.format(lambda v, m=mark: m, subset=(rows, [column]))
    return style


def _csv_number(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind == "percent":
        return f"{value:.1f}".replace(".", ",")
    if kind == "decimal":
        return f"{value:.2f}".replace(".", ",")
    if kind == "datetime":
        return f"{value:%d-%m-%Y %H:%M}"
    return str(int(round(value)))


def csv_bytes(table: TableView) -> bytes:
    """UTF-8 with BOM (Excel reads æøå), `;` between fields, decimal comma, no thousands
    separators (Danish Excel reads the numbers as numbers), marks in hidden cells."""
    columns = {}
    for column in table.frame.columns:
        kind = table.kinds.get(column)
        values = table.frame[column].to_list()
        marks = table.marks.get(column, [None] * len(values))
        columns[column] = [m or (_csv_number(v, kind) if kind in KINDS else _text(v, kind)) for v, m in zip(values, marks)]
    out = pl.DataFrame(columns, schema={c: pl.String for c in table.frame.columns})
    return "\ufeff".encode() + out.write_csv(separator=";").encode("utf-8")


def excel_bytes(table: TableView, header: str, footnotes: list[str] = ()) -> bytes:
    """One sheet: the header line (and the footnotes, "skjult" explained when used), then the
    table with real numbers in Danish number formats and the marks as text in hidden cells."""
    rows = []
    for i, row in enumerate(table.frame.iter_rows()):
        values = []
        for column, value in zip(table.frame.columns, row):
            mark = table.marks.get(column, [None] * table.frame.height)[i]
            values.append(mark or (value if table.kinds.get(column) in KINDS else _text(value, None) or None))
        rows.append(values)
    notes = list(footnotes) + ([HIDDEN_NOTE] if table.has_hidden else [])
    formats = {j: KINDS[table.kinds[c]][1] for j, c in enumerate(table.frame.columns) if table.kinds.get(c) in KINDS}
    return tables.workbook_bytes([tables.Sheet("Tabel", list(table.frame.columns), rows, [header, *notes, ""], formats=formats)])
