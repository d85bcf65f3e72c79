"""Bytes of a shown table as CSV and as an Excel workbook (exactly what is shown)."""

from __future__ import annotations

import io

import polars as pl


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM so that Excel opens æ, ø and å correctly; comma separated."""
    return "\ufeff".encode() + frame.write_csv().encode("utf-8")


def excel_bytes(frame: pl.DataFrame, header: str) -> bytes:
    """One sheet: a header line (what, month, data date), an empty line, then the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Tabel"
    sheet.append([header])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(frame.columns)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in frame.iter_rows():
        sheet.append(list(row))
    for column in sheet.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column[2:]) if len(column) > 2 else 10
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
