"""End to end in real Chromium, one server for the module: every page and tab at desk (1400 px)
and phone (390 px) width with no request to another host, no horizontal overflow at 390 px,
no "None"/"nan" on a page; each user group's task within two clicks of opening the dashboard
in its role. Screenshots go to tests/artifacts/ (docs/make_screenshots.py makes the README's)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import polars as pl
import pytest
from dashboard_server import CHROMIUM, OVERFLOW_JS, ROOT, chromium, dashboard

from monitor.core import figures, store
from monitor.present import status_wording

ARTIFACTS = ROOT / "tests" / "artifacts"
# page path -> text that must show once the page has run
PAGES = {
    "overblik": "i bruttomålgruppen",
    "jobcenter?jobcenter=851": "Jobcenter Aalborg",
    "sammenlign?indikator=ordinary_hours": "Ordinære timer",
    "gruppe-2?maaned=2018-12": "Ventende på kontanthjælpssystemet",
    "rater": "Rater og tilskud",
    "revisioner": "Månedens største revisioner",
    "definitioner?indikator=passive": "Indlæsningslog",
    "tilgaengelighed": "Feedback og kontakt",
}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def server(demo_db):
    with dashboard(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


class Visit:
    """One page in a fresh browser context, with every request to another host logged."""

    def __init__(self, browser, server, path, width):
        self.context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.page.on("request", self._log)
        self.page.goto(f"{server}/{path}", wait_until="domcontentloaded")

    def _log(self, request):
        host = urlparse(request.url).hostname
        if request.url.split(":")[0] in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            self.outside.append(request.url)

    def settle(self, text: str | None = None):
        if text:
            self.page.get_by_text(text).first.wait_for(timeout=90_000)
        self.page.wait_for_function(
            "!document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-testid=stSkeleton]')",
            timeout=90_000)
        self.page.wait_for_timeout(800)

    def body(self) -> str:
        return self.page.inner_text("[data-testid=stMain]")

    def close(self):
        self.context.close()


def _no_english_or_empty_words(text: str) -> None:
    words = set(text.replace("\n", " ").split(" "))
    assert not words & {"None", "nan", "NaN", "null"}, words & {"None", "nan", "NaN", "null"}
    for english in ("Page not found", "Traceback", "Exception", "Deploy"):
        assert english not in text


# every page at phone width; at desk width the pages with tabs (what a desk adds is width)
VISITS = [(path, 390) for path in PAGES] + [("overblik", 1400), ("sammenlign?indikator=ordinary_hours", 1400)]


@pytest.mark.parametrize(("path", "width"), VISITS)
def test_page_and_its_tabs_fit_and_ask_no_other_host(server, browser, path, width):
    visit = Visit(browser, server, path, width)
    try:
        visit.settle(PAGES[path])
        tabs = visit.page.get_by_role("tab")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            visit.settle()
            if width == 390:
                assert visit.page.evaluate(OVERFLOW_JS) == [], (path, i)
        if width == 390:
            assert visit.page.evaluate(OVERFLOW_JS) == [], path
        _no_english_or_empty_words(visit.body())
        assert "Deploy" not in visit.page.inner_text("body")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / f"{path.split('?')[0]}_{width}.png"))
        assert visit.outside == [], visit.outside
    finally:
        visit.close()


def _click_nav(visit, title):
    visit.page.locator("[data-testid=stSidebarNav] a", has_text=title).first.click()


def test_municipality_sees_its_status_against_the_country_and_what_it_lacks_within_two_clicks(server, browser):
    visit = Visit(browser, server, "?rolle=kommune&jobcenter=851", 390)
    try:
        visit.settle("i bruttomålgruppen")
        visit.page.get_by_test_id("stSidebarCollapsedControl").or_(visit.page.get_by_test_id("stExpandSidebarButton")).first.click()  # click 1
        _click_nav(visit, "Jobcenter")  # click 2
        visit.settle("Status for Jobcenter Aalborg")
        box = visit.body()
        assert "mod landets" in box or "som landet" in box
        assert "Rate 3:" in box and "krav 40 pct." in box and "tidligst" in box
        assert visit.outside == []
    finally:
        visit.close()


def test_ministers_office_sees_laggards_with_run_lengths_and_the_letter_sentences_within_two_clicks(server, browser):
    visit = Visit(browser, server, "?rolle=ministeriet", 1400)
    try:
        visit.settle("jobcentre halter i hele landet")
        body = visit.body()
        assert "Længste periode" in body and "måneder" in body and "Arbejdsmarkedskontor" in body
        visit.page.get_by_role("tab", name="Sætninger til breve").click()  # click 1
        visit.settle()
        assert "ligger dårligere end landet på" in visit.body()
    finally:
        visit.close()


def test_regional_office_sees_its_lagging_job_centres_with_indicators_within_two_clicks(server, browser, demo_db):
    con = store.connect(demo_db)
    lag = status_wording.laggards_by_jobcentre(figures.laggards(con, "2019-08").filter(pl.col("star_office") == "MIDTNORD"))
    con.close()
    visit = Visit(browser, server, "?rolle=arbejdsmarkedskontor&amk=MIDTNORD", 1400)
    try:
        visit.settle("halter under Arbejdsmarkedskontor Midt-Nord")
        body = visit.body()
        worst = lag.row(0, named=True)
        assert worst["unit_name"] in body and worst["indicators"] in body
        visit.page.get_by_role("tab", name="Matrix").click()  # click 1
        visit.page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=90_000)
    finally:
        visit.close()


def test_jobcentre_page_downloads_the_monthly_statement_pdf(server, browser):
    visit = Visit(browser, server, "jobcenter?rolle=ministeriet&jobcenter=851&maaned=2018-12", 1400)
    try:
        visit.page.get_by_text("Lav månedsopgørelse").first.click(timeout=90_000)
        visit.page.get_by_text("Hent månedsopgørelse (PDF)").first.wait_for(timeout=90_000)
        with visit.page.expect_download() as download:
            visit.page.get_by_text("Hent månedsopgørelse (PDF)").first.click()
        assert download.value.suggested_filename == "maanedsopgoerelse_851_2018-12.pdf"
        assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    finally:
        visit.close()


def test_a_table_downloads_as_csv_that_danish_excel_opens_in_columns(server, browser):
    visit = Visit(browser, server, "sammenlign?rolle=ministeriet&indikator=ordinary_hours&maaned=2019-08", 1400)
    try:
        visit.settle("Ordinære timer")
        visit.page.get_by_role("tab", name="Tabel").click()
        with visit.page.expect_download() as download:
            visit.page.get_by_text("Hent CSV").first.click()
        assert download.value.suggested_filename == "sammenlign_ordinary_hours_2019-08_data-til-2019-08.csv"
        lines = Path(download.value.path()).read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0] == "Jobcenter;Antal;Nævner;Andel (pct.);Mod landet;Måneder i træk dårligere"
        first = lines[1].split(";")
        assert len(first) == 6 and "," in first[3] and "." not in first[3]  # a share with a decimal comma
    finally:
        visit.close()
