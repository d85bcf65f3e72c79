"""A table on a page: Danish numbers that still sort as numbers, discretion marks with their
footnote, and the CSV (semicolons, decimal comma) and Excel (real numbers) of exactly it."""

from __future__ import annotations

import streamlit as st

from monitor.core import release
from monitor.dashboard import api, state
from monitor.present import danish, table_view as tv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


ROW_PX, MAX_ROWS = 35, 15


def show(view: tv.TableView, name: str, title: str, static: bool = False) -> None:
    """The table (every row up to 15 without scrolling; `static`: a plain table whose long
    texts wrap, for short lists read top to bottom), its footnote when a cell reads "skjult",
    and its two downloads."""
    if static:
        st.table(tv.styler(view))
    else:
        st.dataframe(tv.styler(view), hide_index=True, width="stretch", placeholder="",
                     height=ROW_PX * (min(view.frame.height, MAX_ROWS) + 1) + 3)
    if view.has_hidden:
        st.caption(tv.HIDDEN_NOTE)
    downloads(view, name, title)


def downloads(view: tv.TableView, name: str, title: str) -> None:
    """CSV and Excel of the table shown, with the data date in the file name and header; marked
    "ikke offentliggjort" when the user sees a month not yet released; each download audited."""
    info = api.freshness() or {}
    unreleased = bool(api.unreleased_months())
    base = ("ikke-offentliggjort_" if unreleased else "") + f"{name}_data-til-{info.get('latest_month', 'ukendt')}"
    header = f"{title}. Data til og med {danish.month_name(info['latest_month'])}." if info else title
    header = f"{release.UNRELEASED.upper()}. {header}" if unreleased else header
    left, right = st.columns(2)
    # the files are made when a button is pressed, not in every page run (an Excel file is
    # 10-40 ms of pure-Python work per table that would hold the interpreter lock)
    left.download_button("Hent CSV", lambda: tv.csv_bytes(view), f"{base}.csv", "text/csv", key=f"csv_{name}",
                         help="Semikolonsepareret med decimalkomma, som dansk Excel læser det.",
                         on_click=state.record, args=("download", f"{base}.csv"))
    right.download_button("Hent Excel", lambda: tv.excel_bytes(view, header), f"{base}.xlsx", XLSX, key=f"xlsx_{name}",
                          on_click=state.record, args=("download", f"{base}.xlsx"))
