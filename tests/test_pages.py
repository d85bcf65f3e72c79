"""Every dashboard page through Streamlit's AppTest on the demonstration database."""

from __future__ import annotations

import pyarrow as pa
import pytest
from pathlib import Path

from streamlit.testing.v1 import AppTest

from monitor.core import figures, store

APP = Path(__file__).resolve().parent.parent / "app.py"

PAGES = ["pages/overview.py", "pages/jobcentre.py", "pages/compare.py", "pages/group2.py",
         "pages/instalments.py", "pages/revisions.py", "pages/definitions.py"]
COUNT_COLUMNS = {"Antal", "Nævner", "Op til 3 mdr.", "3-6 mdr.", "6-9 mdr.", "Over 9 mdr.", "Ventende i alt",
                 "Måneder i træk dårligere"}


@pytest.fixture
def app(demo_db, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(demo_db))

    def make(page: str, **params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != PAGES[0]:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [h.value for h in at.subheader]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _no_small_counts(at: AppTest) -> None:
    for frame in at.dataframe:
        df = frame.value
        for column in set(df.columns) & COUNT_COLUMNS:
            values = {str(v) for v in df[column].tolist()}
            if column == "Måneder i træk dårligere":
                continue  # months, not persons
            assert not values & {"1", "2", "1.0", "2.0"}, (column, values & {"1", "2"})
    for metric in at.metric:
        assert metric.value not in ("1", "2"), metric.label


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception_and_shows_the_data_date(app, page):
    at = app(page)
    assert "Data til og med august 2019" in _texts(at)
    _no_small_counts(at)


def test_deep_link_to_a_job_centre_month_and_indicator(app):
    at = app("pages/jobcentre.py", jobcenter="851", maaned="2018-12", indikator="ordinary_hours")
    assert at.selectbox(key="_sel_home").value == "851"  # the Kommune role: the link sets its own job centre
    assert at.title[0].value == "Jobcenter Aalborg"
    minister = app("pages/jobcentre.py", rolle="ministeriet", jobcenter="851", maaned="2018-12")
    assert minister.selectbox(key="_sel_jobcenter").value == "851"
    at = minister
    assert at.selectbox(key="_sel_maaned").value == "2018-12"
    assert "Status for Jobcenter Aalborg, december 2018" in _texts(at)
    assert at.query_params["jobcenter"] == ["851"] or at.query_params["jobcenter"] == "851"
    _no_small_counts(at)


def test_invalid_link_values_give_a_danish_message_and_a_default(app):
    at = app("pages/compare.py", indikator="nonsense")
    warnings = " ".join(w.value for w in at.warning)
    assert "ukendt værdi for indikator" in warnings and "»nonsense«" in warnings
    office = app("pages/overview.py", amk="XX")
    assert "ukendt værdi for arbejdsmarkedskontor: »XX«" in " ".join(w.value for w in office.warning)
    assert at.selectbox(key="_sel_indikator").value == "company_offer"
    first = app("pages/overview.py", maaned="2030-01")
    # the value from the link is escaped, so it reads as plain text
    assert r"ukendt værdi for måned: »2030\-01«" in " ".join(w.value for w in first.warning)
    assert first.selectbox(key="_sel_maaned").value == "2019-08"


def test_role_defaults(app, demo_db):
    con = store.connect(demo_db)
    lagging = figures.laggards(con, "2019-08")["unit_code"].n_unique()
    con.close()
    minister = app("pages/overview.py", rolle="ministeriet")
    assert minister.subheader[0].value == f"{lagging} jobcentre halter i hele landet i august 2019"  # laggards first
    municipality = app("pages/overview.py", rolle="kommune", jobcenter="851")
    assert "Status for Jobcenter Aalborg, august 2019" in _texts(municipality)  # its own job centre first
    assert not municipality.subheader[0].value.endswith("halter i hele landet i august 2019")
    asking = app("pages/overview.py", rolle="kommune")
    assert asking.selectbox(key="_sel_home").value is None and "Vælg dit jobcenter" in asking.info[0].value
    office = app("pages/compare.py", rolle="arbejdsmarkedskontor")
    assert office.selectbox(key="_sel_amk").value == "OEST"
    everyone = app("pages/compare.py", rolle="kommune")
    assert everyone.selectbox(key="_sel_amk").value == "alle"


def test_group2_page_leaves_out_small_job_centres_with_a_footnote(app):
    at = app("pages/group2.py", maaned="2018-12")
    assert "2.273" in _texts(at)  # the national number waiting, as the core computes it
    _no_small_counts(at)


def test_definitions_page_opens_the_linked_indicator(app):
    at = app("pages/definitions.py", indikator="passive")
    expanded = [e for e in at.expander if e.label == "Passive"]
    assert expanded and "Lavere er bedre" in " ".join(m.value for m in expanded[0].markdown)
    assert "Indlæsningslog" in " ".join(h.value for h in at.subheader)


def test_missing_database_gives_a_friendly_state(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "empty.duckdb"))
    from monitor.core import store

    store.ingest(tmp_path / "empty.duckdb", [])  # a database with no extracts loaded
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception
    assert "ingen månedstal" in " ".join(i.value for i in at.info)


def test_jobcentre_page_offers_the_statement_pdf(app):
    at = app("pages/jobcentre.py", jobcenter="851")
    button = next(b for b in at.button if "Lav månedsopgørelse for Jobcenter Aalborg" in b.label)
    button.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Hent månedsopgørelse (PDF)" in labels


def test_overview_as_of_an_earlier_vintage_shows_that_vintages_figures(app, demo_db):
    con = store.connect(demo_db)
    first = figures.indicators(con, month="2018-12", unit_type="country", indicator="visited", vintage="2018-12")
    latest = figures.indicators(con, month="2018-12", unit_type="country", indicator="visited")
    con.close()
    at = app("pages/overview.py", maaned="2018-12", udtraek="2018-12")
    assert [(s.label, s.value) for s in at.selectbox][:2] == [("Måned", "2018-12"), ("Udtræk", "2018-12")]
    assert at.query_params["udtraek"] in ("2018-12", ["2018-12"])
    shown = {m.label: m.help for m in at.metric}
    name = "Visiteret"
    wanted = f"{first['numerator'][0]:,}".replace(",", ".")
    assert any(wanted in (help_text or "") for label, help_text in shown.items() if name.lower() in label.lower())
    assert first["numerator"][0] != latest["numerator"][0]  # the late markings are a revision


def test_revisions_page_and_decisions_with_flags(app):
    at = app("pages/revisions.py", niveau="jobcentre", jobcenter="101", indikator="visited", maaned="2018-03")
    assert at.get("plotly_chart")
    revised = next(d.value for d in at.dataframe if "Jobcenter" in d.value.columns)
    assert set(revised.columns) >= {"Jobcenter", "Indikator", "Først offentliggjort (pct.)", "Seneste (pct.)",
                                    "Revision (pct.-point)"}
    # numbers stay numbers: the revision is the latest share minus the first, in points
    first, last, revision = (revised[c].astype(float) for c in
                             ("Først offentliggjort (pct.)", "Seneste (pct.)", "Revision (pct.-point)"))
    assert ((last - first - revision).abs() < 1e-9).all()
    rates = app("pages/instalments.py")
    decisions = [d.value for d in rates.dataframe if "Markering" in d.value.columns][0]
    assert decisions["Markering"].str.contains("Senere udtræk").any()


def _shown_cells(at: AppTest) -> list[str]:
    """The text of every table cell as the page draws it (the Styler's display values)."""
    cells = []
    for element in [*at.dataframe, *at.table]:
        arrow = element.proto.arrow_data if hasattr(element.proto, "arrow_data") else element.proto
        placeholder = getattr(element.proto, "placeholder", None) or "None"  # what a null is drawn as
        shown = pa.ipc.open_stream(arrow.styler.display_values if arrow.HasField("styler") else arrow.data).read_all()
        cells += [placeholder if v is None else str(v) for column in shown.columns for v in column.to_pylist()]
    return cells


@pytest.mark.parametrize(("page", "role"), [(p, "kommune") for p in PAGES] + [("pages/overview.py", "ministeriet")])
def test_no_table_cell_says_none_or_nan_and_hidden_cells_say_why(app, page, role):
    at = app(page, rolle=role, jobcenter="665", maaned="2019-08")  # Lemvig: small counts and a complement-hidden cell
    cells = _shown_cells(at)
    assert not {"None", "nan", "NaN", "null", "-1", "-1,0"} & set(cells)
    if page == "pages/jobcentre.py":
        assert "skjult" in cells and "<3" in cells
