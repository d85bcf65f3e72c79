"""Makes the README's screenshots (docs/screenshots/): every page at desk (1400 px) and
phone (390 px) width, plus each role's first page, from a dashboard started on the given
database. Not part of the test run (the browser tests write to tests/artifacts/).

    .venv/bin/python docs/make_screenshots.py [--db data/monitor.duckdb]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "docs" / "screenshots")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
# file name -> (path, text that shows when the page has run)
SHOTS = {
    "ministeriet": ("overblik?rolle=ministeriet", "halter"),
    "arbejdsmarkedskontor": ("overblik?rolle=arbejdsmarkedskontor&amk=MIDTNORD", "halter"),
    "kommune": ("overblik?rolle=kommune&jobcenter=851", "Status for"),
    "jobcenter": ("jobcenter?jobcenter=851", "Status for"),
    "sammenlign": ("sammenlign?indikator=ordinary_hours", "Ordinære timer"),
    "gruppe-2": ("gruppe-2?maaned=2018-12", "Ventende på kontanthjælpssystemet"),
    "rater": ("rater", "Rater og tilskud"),
    "revisioner": ("revisioner", "Månedens største revisioner"),
    "definitioner": ("definitioner?indikator=passive", "Indlæsningslog"),
}
WIDTHS = {"": (1400, 1000), "-telefon": (390, 844)}
# the page's script has finished and every visible chart and table is drawn (not a grey placeholder)
SETTLED = """() => !document.querySelector('[data-testid=stStatusWidget]')
  && !document.querySelector('[data-testid=stSkeleton]')
  && [...document.querySelectorAll('[data-testid=stPlotlyChart]')].filter(c => c.offsetParent)
       .every(c => c.querySelector('.main-svg'))"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "monitor.duckdb"))
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "monitor.dashboard.serve", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=ROOT, env={**os.environ, "MONITOR_DB": args.db}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        shoot(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=20)


def shoot(url: str) -> None:
    from playwright.sync_api import sync_playwright  # only this script needs Playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for suffix, (width, height) in WIDTHS.items():
            for name, (path, text) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"{url}/{path}", wait_until="domcontentloaded")
                page.get_by_text(text).first.wait_for(timeout=60_000)
                page.wait_for_function(SETTLED, timeout=120_000)
                page.wait_for_timeout(2000)
                page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
                print(OUT / f"{name}{suffix}.png")
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
