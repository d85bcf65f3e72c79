"""Monthly statement per job centre: the PDF's text and the workbook's cells hold the core's
figures, suppressed values never appear, and unknown months or job centres are refused."""

from __future__ import annotations

import io

import polars as pl
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from monitor import cli
from monitor.core import figures, metadata
from monitor.present import danish
from monitor.reports import request, statement, statement_data
from monitor.reports.pdf import ChartRenderer

# Ærø: a small job centre with several suppressed figures in the demonstration data
SMALL = "492"


@pytest.fixture(scope="module")
def month(demo_con) -> str:
    return figures.months(demo_con)[-1]


@pytest.fixture(scope="module")
def core(demo_con, month) -> dict[str, dict]:
    frame = figures.indicators(demo_con, month=month, unit_type="jobcentre", unit_code=SMALL)
    return {r["indicator"]: r for r in frame.iter_rows(named=True)}


@pytest.fixture(scope="module")
def raw(demo_con, month) -> dict[str, dict]:
    frame = figures.indicators(demo_con, month=month, unit_type="jobcentre", unit_code=SMALL, raw=True)
    return {r["indicator"]: r for r in frame.iter_rows(named=True)}


@pytest.fixture(scope="module")
def pdf_text(demo_con, month) -> str:
    pdf = statement.render_pdf(demo_con, month, SMALL)
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 4
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def book(demo_con, month):
    return load_workbook(io.BytesIO(statement.render_xlsx(demo_con, month, SMALL)))


def _sheet_rows(book, name: str) -> list[tuple]:
    return list(book[name].iter_rows(min_row=5, values_only=True))


def test_fixture_has_suppressed_figures(core):
    assert any(r["suppressed"] for r in core.values()), "the test needs a job centre with suppressed figures"


def test_pdf_header_names_job_centre_month_and_data_date(pdf_text, month, demo_con):
    assert "Jobcenter Ærø" in pdf_text
    assert danish.month_name(month) in pdf_text
    assert danish.month_name(figures.freshness(demo_con)["latest_month"]) in pdf_text


def test_pdf_holds_the_core_numbers(pdf_text, core):
    flat = pdf_text.replace("\n", " ")
    for ind, row in core.items():
        if row["suppressed"]:
            continue
        if metadata.kind(ind) == "count":
            assert danish.integer(row["numerator"]) in flat, ind
        elif row["share"] is not None:
            assert danish.percent(row["share"]) in flat, ind
            assert f"{danish.integer(row['numerator'])} / {danish.integer(row['denominator'])}" in flat, ind
            assert danish.percent(row["national_share"]) in flat, ind


def test_pdf_rows_of_suppressed_figures_say_under_3(pdf_text, core, raw):
    flat = " ".join(pdf_text.split())
    for ind, row in core.items():
        if not row["suppressed"] or metadata.kind(ind) == "count":
            continue
        name = " ".join(metadata.name(ind).split())
        # the table row: name, the job centre's share, its numerator / denominator
        assert f"{name} {danish.SUPPRESSED} {danish.SUPPRESSED}" in flat, ind
        hidden = raw[ind]
        if hidden["share"]:
            start = flat.index(f"{name} {danish.SUPPRESSED}")
            assert danish.percent(hidden["share"]) not in flat[start:start + len(name) + 12], ind


def test_pdf_group2_waiting_over_9(pdf_text, demo_con, month):
    waiting = figures.group2_waiting(demo_con, month).filter(pl.col("unit_code") == SMALL).row(0, named=True)
    sentence = statement_data.waiting_sentence(waiting)
    assert sentence.replace(" ", "") in pdf_text.replace("\n", "").replace(" ", "")


def test_workbook_cells_equal_core(book, core):
    rows = {r[1]: r for r in _sheet_rows(book, "Indikatorer")}
    assert set(rows) == set(core)
    for ind, row in core.items():
        cells = rows[ind]
        if row["suppressed"]:
            assert cells[3] == danish.SUPPRESSED
            continue
        assert cells[3] == row["numerator"], ind
        if metadata.kind(ind) == "share":
            assert cells[4] == row["denominator"], ind
            assert cells[5] == pytest.approx(row["share"]) if row["share"] is not None else cells[5] is None
            assert cells[8] == pytest.approx(row["national_share"]), ind


def test_workbook_percent_cells_are_formatted_as_percent(book):
    sheet = book["Indikatorer"]
    shares = [sheet.cell(row=r, column=6) for r in range(4, sheet.max_row + 1)]
    numeric = [c for c in shares if isinstance(c.value, float)]
    assert numeric
    assert all("%" in c.number_format for c in numeric)


def test_workbook_hides_suppressed_values(book, core, raw):
    rows = {r[1]: r for r in _sheet_rows(book, "Indikatorer")}
    for ind, row in core.items():
        if row["suppressed"]:
            hidden = raw[ind]
            assert hidden["numerator"] not in rows[ind][3:6], ind
            assert all(v in (danish.SUPPRESSED, None) for v in rows[ind][3:6]), ind


def test_workbook_group2_and_instalments_equal_core(book, demo_con, month):
    waiting = figures.group2_waiting(demo_con, month).filter(pl.col("unit_code") == SMALL).row(0, named=True)
    cells = dict((r[0], r[1]) for r in _sheet_rows(book, "Gruppe 2"))
    for column, label in statement_data.WAITING_ROWS:
        expected = danish.SUPPRESSED if waiting[f"{column}_suppressed"] else waiting[column]
        assert cells[label] == expected
    municipalities = figures.municipalities_of(demo_con, SMALL)
    core = figures.instalments(demo_con).filter(pl.col("municipality_code").is_in(municipalities))
    sheet = {(r[0], r[1]): r for r in _sheet_rows(book, "Rater")}
    assert len(sheet) == core.height
    for r in core.iter_rows(named=True):
        assert sheet[(r["municipality_name"], r["instalment"])][3] == r["amount_dkk"]
    names = [r[0] for r in _sheet_rows(book, "Definitioner")]
    assert metadata.name("visited") in names


def test_waiting_sentence_never_quotes_a_suppressed_count():
    row = {"waiting_over_9": None, "waiting_over_9_suppressed": True}
    assert statement_data.waiting_sentence(row).startswith("Færre end 3")
    row = {"waiting_over_9": 23, "waiting_over_9_suppressed": False}
    assert statement_data.waiting_sentence(row).startswith("23 borgere")


def test_unknown_job_centre_is_refused(demo_db, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    code = cli.main(["statement", "--db", str(demo_db), "--jobcentre", "999", "--out", str(out)])
    assert code == 2
    assert "Ukendt jobcenter: 999" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("bad_month, message", [("2030-01", "Der er ingen tal for januar 2030"),
                                                ("2019-13", "Ugyldig måned")])
def test_unknown_month_is_refused(demo_db, tmp_path, capsys, bad_month, message):
    code = cli.main(["statement", "--db", str(demo_db), "--month", bad_month, "--jobcentre", SMALL,
                     "--out", str(tmp_path / "x.xlsx")])
    assert code == 2
    assert message in capsys.readouterr().err


def test_render_functions_raise_a_danish_error(demo_con, month):
    with pytest.raises(request.ReportError, match="Ukendt jobcenter"):
        statement.render_xlsx(demo_con, month, "999")


def test_cli_writes_a_workbook(demo_db, tmp_path, month):
    out = tmp_path / "s.xlsx"
    assert cli.main(["statement", "--db", str(demo_db), "--month", month, "--jobcentre", SMALL, "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


class _CountingRenderer(ChartRenderer):
    def __init__(self):
        self.sizes: list[tuple[int, int]] = []

    def png(self, fig, width, height) -> bytes:
        self.sizes.append((width, height))
        return super().png(fig, width, height)


def test_images_shared_by_job_centres_are_rendered_once_per_run(demo_con, month):
    source = statement_data.Source(demo_con)
    offices = source.units("star_office")["unit_code"].to_list()
    counting = _CountingRenderer()
    with counting:
        shared = statement.shared_images(source, month, counting)
        assert sorted(shared) == sorted(offices)  # one group-2 image per STAR office
        assert counting.sizes == [statement.PEERS_PX] * len(offices)
        counting.sizes.clear()
        for code in (SMALL, "101"):
            statement.render_pdf(demo_con, month, code, source=source, renderer=counting, shared=shared)
    # per statement only its own image (the four trend panels in one), nothing shared again
    assert counting.sizes == [statement.TREND_PX, statement.TREND_PX]
