"""End to end in real Chromium: `streamlit run` on a loopback port, every page opened, its
charts drawn, key content checked, a screenshot saved per page (docs/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_server import CHROMIUM, ROOT, chromium, dashboard

SCREENSHOTS = ROOT / "docs" / "screenshots"
# page path -> (text that must show, number of charts that must be drawn)
PAGES = {
    "": ("i bruttomålgruppen", 3),  # Overblik, the default page, lives at the root
    "jobcenter?jobcenter=851": ("Jobcenter Aalborg", 2),
    "sammenlign?indikator=ordinary_hours": ("Ordinære timer", 1),
    "gruppe-2?maaned=2018-12": ("Ventende på kontanthjælpssystemet", 2),
    "rater": ("Rater og tilskud", 1),
    "definitioner?indikator=passive": ("Indlæsningslog", 0),
}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def server(demo_db):
    with dashboard(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("path", list(PAGES))
def test_page_draws_its_charts(server, browser, path):
    text, charts = PAGES[path]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(text).first.wait_for(timeout=30_000)
        if charts:
            page.wait_for_function(
                f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=30_000)
        body = page.inner_text("body")
        assert "Page not found" not in body
        assert "Traceback" not in body and "Exception" not in body
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.split("?")[0] or "overblik"
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
    finally:
        page.close()


def test_jobcentre_page_downloads_the_monthly_statement_pdf(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{server}/jobcenter?jobcenter=851&maaned=2018-12", wait_until="domcontentloaded")
        page.get_by_text("Lav månedsopgørelse").first.click(timeout=30_000)
        page.get_by_text("Hent månedsopgørelse (PDF)").first.wait_for(timeout=90_000)
        with page.expect_download() as download:
            page.get_by_text("Hent månedsopgørelse (PDF)").first.click()
        assert download.value.suggested_filename == "maanedsopgoerelse_851_2018-12.pdf"
        assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    finally:
        page.close()
