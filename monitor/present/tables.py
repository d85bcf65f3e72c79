"""The one Excel writer: workbooks for the dashboard's downloads (through
monitor.present.table_view, which also writes their CSV), the monthly statement and the
laggard report. Every sheet has the same shape: lines saying what it is (title, data date),
the column header in bold, then the rows; shares are Excel percentages (0.0%)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

PERCENT_FORMAT = "0.0%"
MIN_WIDTH, MAX_WIDTH = 10, 60  # column widths in characters


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list]
    lines: list[str] = field(default_factory=list)       # above the header (the first in bold)
    percent_columns: set[int] = field(default_factory=set)  # 0-based; float cells shown as 0.0%
    percent_rows: set[int] | None = None                   # 0-based rows the percent format applies to (None: all)
    formats: dict[int, str] = field(default_factory=dict)  # 0-based column -> Excel number format of its numbers


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        _write_sheet(book.create_sheet(spec.name), spec)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(ws, spec: Sheet) -> None:
    for line in spec.lines:
        ws.append([line])
    if spec.lines:
        ws["A1"].font = Font(bold=True)
    ws.append(spec.header)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for i, values in enumerate(spec.rows):
        ws.append(values)
        if spec.percent_rows is not None and i not in spec.percent_rows:
            continue
        for col in spec.percent_columns:
            cell = ws.cell(row=ws.max_row, column=col + 1)
            if isinstance(cell.value, float):
                cell.number_format = PERCENT_FORMAT
        for col, number_format in spec.formats.items():
            cell = ws.cell(row=ws.max_row, column=col + 1)
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = number_format
    for column in ws.columns:
        body = column[header_row - 1:]
        width = max((len(str(c.value)) for c in body if c.value is not None), default=MIN_WIDTH)
        ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
