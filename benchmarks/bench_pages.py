"""Dashboard speed at the national size of the demonstration data.

    /work/venv/bin/python benchmarks/bench_pages.py [--db PATH] [--repeat 5] [--no-browser]

1. first page after a start in a fresh process (imports, connection and figures included);
2. server run of each page (Streamlit's AppTest, in this process): the first run (cold caches for
   that page's figures) and the median of warm runs;
3. in real Chromium against `python -m monitor.dashboard.serve`: time from navigating to a page until all
   its charts are drawn, the first visit and the median of warm visits.
The database is MONITOR_DB, --db, or a demonstration database built into benchmarks/out/.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
PAGES = {  # page file -> (url path, charts drawn)
    "pages/overview.py": ("", 3),
    "pages/jobcentre.py": ("jobcenter?jobcenter=851", 2),
    "pages/compare.py": ("sammenlign?indikator=ordinary_hours", 1),
    "pages/group2.py": ("gruppe-2", 2),
    "pages/instalments.py": ("rater", 1),
    "pages/definitions.py": ("definitioner", 0),
}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def database(given: Path | None) -> Path:
    path = given or (Path(os.environ["MONITOR_DB"]) if os.environ.get("MONITOR_DB") else OUT / "bench_pages.duckdb")
    if not path.exists():
        from monitor.demo.writer import build_demo_database

        print(f"building the demonstration database {path} ...", flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo_database(path)
    return path


def run_page(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if page != "pages/overview.py":
        at.run()  # the default page first; only the switched-to page's run is timed
        at.switch_page(page)
    t = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]
    return elapsed


def server_runs(repeat: int) -> None:
    print("\n2. server run per page (AppTest: app.py, sidebar and the page; the first run fills the caches)")
    print(f"{'page':28} {'first (s)':>10} {'warm median (s)':>16} {'warm max (s)':>13}")
    for page in PAGES:
        first = run_page(page)
        warm = [run_page(page) for _ in range(repeat)]
        print(f"{page:28} {first:10.3f} {statistics.median(warm):16.3f} {max(warm):13.3f}", flush=True)


def first_page_fresh_process() -> None:
    code = ("import time; t=time.perf_counter(); from streamlit.testing.v1 import AppTest; "
            "at=AppTest.from_file('app.py', default_timeout=120); at.run(); assert not at.exception; "
            "print(f'{time.perf_counter()-t:.3f}')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    print(f"\n1. first page (Overblik) after a start, fresh process, imports included: {out.stdout.strip()} s")


def browser_runs(repeat: int) -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.dashboard.serve", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.perf_counter() - started > 60:
                    raise
                time.sleep(0.2)
        print(f"\n3. browser (Chromium): server healthy {time.perf_counter() - started:.2f} s after start")
        print(f"{'page':40} {'first (s)':>10} {'warm median (s)':>16}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for path, charts in PAGES.values():
                times = []
                for _ in range(repeat + 1):
                    t = time.perf_counter()
                    page.goto(f"{url}/{path}", wait_until="domcontentloaded")
                    page.get_by_text("Data til og med").first.wait_for(timeout=60_000)
                    if charts:
                        page.wait_for_function(
                            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                            timeout=60_000)
                    times.append(time.perf_counter() - t)
                print(f"{'/' + path:40} {times[0]:10.3f} {statistics.median(times[1:]):16.3f}", flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    os.environ["MONITOR_DB"] = str(database(args.db))
    os.chdir(ROOT)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    print(f"database: {os.environ['MONITOR_DB']}")
    first_page_fresh_process()
    server_runs(args.repeat)
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        browser_runs(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
