"""Shared building blocks of the PDF reports (monthly statement, laggard report): an A4 page
with DejaVu fonts (æ, ø, å), headings, paragraphs, tables, and Plotly charts as PNG via kaleido."""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path

import kaleido
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from monitor import DATA_DIR

FONTS_DIR = DATA_DIR / "fonts"
FONT = "DejaVu"
SYSTEM_FONTS_DIR = Path("/usr/share/fonts/truetype/dejavu")
CHART_PX = (1000, 520)


def _font_file(name: str) -> Path:
    for folder in (FONTS_DIR, SYSTEM_FONTS_DIR):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"Skrifttypen {name} mangler i {FONTS_DIR}")


class ReportPDF(FPDF):
    """A4 portrait, 15 mm margins, a footer with title and page number."""

    def __init__(self, footer_text: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(FONT, "", str(_font_file("DejaVuSans.ttf")))
        self.add_font(FONT, "B", str(_font_file("DejaVuSans-Bold.ttf")))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_font(FONT, "", 9)
        self.set_creator("Flere skal med - overvågning")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text}  ·  side {self.page_no()} af {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    @property
    def usable_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def title_block(self, title: str, lines: list[str]) -> None:
        self.set_font(FONT, "B", 16)
        self.multi_cell(0, 8, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9)
        for line in lines:
            self.multi_cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def heading(self, text: str, size: int = 12) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9)
        self.ln(1)

    def paragraph(self, text: str, size: float = 9) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def definition(self, term: str, text: str, size: float = 7) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(0, size * 0.48, f"**{term}**: {text}", markdown=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.6)

    def data_table(self, header: list[str], rows: list[list[str]], widths: list[float],
              align: list[str] | None = None, size: float = 8) -> None:
        """A simple ruled table; text columns left, number columns right (align 'L'/'R'/'C')."""
        align = align or ["L"] + ["R"] * (len(header) - 1)
        total = sum(widths)
        scale = self.usable_width / total if total > self.usable_width else 1.0
        widths = [w * scale for w in widths]
        self.set_font(FONT, "", size)
        with self.table_context(widths, align, size) as table:
            head = table.row()
            for text in header:
                head.cell(text)
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(text)
        self.ln(2)

    @contextlib.contextmanager
    def table_context(self, widths, align, size):
        with self.table(col_widths=tuple(widths), text_align=tuple(align), width=sum(widths), align="LEFT",
                        line_height=size * 0.55, first_row_as_headings=True,
                        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 240)),
                        cell_fill_color=(246, 246, 246), cell_fill_mode="ROWS",
                        borders_layout="HORIZONTAL_LINES", padding=0.8) as table:
            yield table

    def image_png(self, png: bytes, width: float, x: float | None = None, y: float | None = None) -> None:
        self.image(io.BytesIO(png), x=x, y=y, w=width)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


class ChartRenderer:
    """Renders Plotly figures to PNG in one kaleido browser session (about 0.15 s a chart once
    started, against about 2 s for a cold `fig.to_image`). Use as a context manager; nesting is fine."""

    _depth = 0
    _call_lock = threading.Lock()
    _lock = threading.Lock()  # the kaleido server is one per process; dashboard sessions share it

    def __enter__(self) -> "ChartRenderer":
        with ChartRenderer._lock:
            if ChartRenderer._depth == 0:
                kaleido.start_sync_server(silence_warnings=True)
            ChartRenderer._depth += 1
        return self

    def __exit__(self, *exc) -> None:
        with ChartRenderer._lock:
            ChartRenderer._depth -= 1
            if ChartRenderer._depth == 0:
                kaleido.stop_sync_server(silence_warnings=True)

    @staticmethod
    def png(fig, width: int = CHART_PX[0], height: int = CHART_PX[1]) -> bytes:
        with ChartRenderer._call_lock:  # the server answers through one queue: one call at a time
            return kaleido.calc_fig_sync(fig, opts=dict(format="png", width=width, height=height, scale=1))
