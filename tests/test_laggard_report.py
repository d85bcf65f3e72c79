"""Laggard report: the job centres and figures equal figures.laggards, the mayor sentences quote
the municipalities' own figures and never a suppressed count, unknown months are refused."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from monitor import cli
from monitor.core import figures, metadata
from monitor.present import danish
from monitor.reports import laggards


@pytest.fixture(scope="module")
def month(demo_con) -> str:
    return figures.months(demo_con)[-1]


@pytest.fixture(scope="module")
def data(demo_con, month) -> dict:
    return laggards.report_data(demo_con, month)


@pytest.fixture(scope="module")
def core(demo_con, month) -> pl.DataFrame:
    return figures.laggards(demo_con, month)


def test_report_lists_exactly_the_core_laggards(data, core):
    assert core.height > 0
    assert data["laggards"] == core.to_dicts()


def test_pdf_holds_every_laggard(data, core):

    reader = PdfReader(io.BytesIO(laggards.build_pdf(data)))
    flat = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for row in core.iter_rows(named=True):
        assert metadata.name(row["indicator"]) in flat
        share = danish.SUPPRESSED if row["suppressed"] else danish.percent(row["share"])
        fraction = danish.SUPPRESSED if row["suppressed"] else \
            f"{danish.integer(row['numerator'])} / {danish.integer(row['denominator'])}"
        assert f"{row['unit_name']} {share} {fraction}" in flat, row["unit_name"]


def test_workbook_cells_equal_core(data, core):

    book = load_workbook(io.BytesIO(laggards.build_xlsx(data)))
    rows = list(book["Haltende jobcentre"].iter_rows(min_row=5, values_only=True))
    assert len(rows) == core.height
    for cells, row in zip(rows, core.iter_rows(named=True)):
        assert (cells[1], cells[3]) == (row["indicator"], row["unit_code"])
        if row["suppressed"]:
            assert cells[5:8] == (danish.SUPPRESSED,) * 3
        else:
            assert cells[5:7] == (row["numerator"], row["denominator"])
            assert cells[7] == pytest.approx(row["share"])
        assert cells[10] == row["months_worse"]
    sentences = list(book["Sætninger"].iter_rows(min_row=5, values_only=True))
    assert len(sentences) == sum(len(m["sentences"]) for m in data["sentences"])


def test_over_9_sentence_quotes_the_municipality_figure(data, demo_con, month):
    waiting = {r["unit_code"]: r for r in figures.group2_waiting(demo_con, month, "municipality").iter_rows(named=True)}
    checked = 0
    for mun in data["sentences"]:
        row = waiting[mun["municipality_code"]]
        said = [s for s in mun["sentences"] if "i mere end 9 måneder" in s]
        if row["waiting_over_9_suppressed"]:
            assert said and "færre end 3 borgere" in said[0]
        elif row["waiting_over_9"]:
            assert said[0].startswith(f"I jeres kommune har {danish.integer(row['waiting_over_9'])} borger")
            checked += 1
        else:
            assert not said
    assert checked > 0


def test_sentences_never_quote_a_suppressed_count():
    waiting = {"waiting_over_9": None, "waiting_over_9_suppressed": True}
    figures_row = {"not_visited": {"numerator": None, "suppressed": True, "share": None},
                   "activity": {"numerator": None, "suppressed": True, "share": None, "national_share": 0.37}}
    instalments = [{"state": "not_met", "instalment": 2, "amount_dkk": 100000, "not_visited": None,
                    "not_visited_suppressed": True},
                   {"state": "not_met", "instalment": 3, "amount_dkk": 75000, "shortfall": None,
                    "shortfall_suppressed": True}]
    out = laggards.municipality_sentences("2019-08", figures_row, waiting, instalments, [], None)
    assert len(out) == 4
    for sentence in out:
        assert "færre end 3" in sentence
        assert not re.search(r"\b[12] borger", sentence)
    assert not any("pct. af indsatsgruppen" in s for s in out)


def test_unknown_month_is_refused(demo_db, tmp_path, capsys):
    code = cli.main(["laggards", "--db", str(demo_db), "--month", "2030-01", "--out", str(tmp_path / "x.pdf")])
    assert code == 2
    assert "Der er ingen tal for januar 2030" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
