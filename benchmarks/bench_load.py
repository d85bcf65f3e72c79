"""Release-morning load: N concurrent browser sessions against one dashboard server.

    .venv/bin/python benchmarks/bench_load.py --sessions 12 --seconds 90 [--db PATH] [--think 1.0]

Starts `python -m monitor.serve` on 127.0.0.1 (open mode) with MONITOR_PAGE_TIMES pointing at
a file, so that app.py writes the server-side time of every page run. One Debian Chromium,
N browser contexts; each context opens pages one after another (all six pages, random job
centres, months, indicators and STAR offices, by their URL) until the time is up, waiting
until the page's charts are drawn and its script has finished. Meanwhile /_stcore/health is
polled every second and the server's resident memory is sampled.

Prints: page loads, errors (timeouts, exception boxes, "Page not found"), browser p50/p95
per page and overall, server-side p50/p95 per page, the slowest health answer and the
server's peak memory. Exit status 1 when there were errors or the health endpoint failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
# url path -> charts that must be drawn (the page's script has finished when they are)
PAGES = {"overblik": 3, "jobcenter": 2, "sammenlign": 1, "gruppe-2": 2, "rater": 1, "definitioner": 0}
INDICATORS = ["company_offer", "ordinary_hours", "visited", "passive", "job_broker", "hours_30"]
OFFICES = ["alle", "OEST", "MIDTNORD", "SYD"]
ERROR_MARKERS = ("Traceback", "Page not found", "Exception")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database(given: Path | None) -> Path:
    path = given or (Path(os.environ["MONITOR_DB"]) if os.environ.get("MONITOR_DB") else OUT / "bench_load.duckdb")
    if not path.exists():
        from monitor.demo import build_demo_database

        print(f"building the demonstration database {path} ...", flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo_database(path)
    return path


def choices(db: Path) -> tuple[list[str], list[str]]:
    from monitor.core import figures, store

    con = store.connect(db)
    try:
        return figures.units(con, "jobcentre")["unit_code"].to_list(), figures.months(con)
    finally:
        con.close()


def random_url(rng: random.Random, jobcentres: list[str], months: list[str]) -> tuple[str, str]:
    page = rng.choice(list(PAGES))
    month = rng.choice(months)
    params = {
        "overblik": f"maaned={month}",
        "jobcenter": f"jobcenter={rng.choice(jobcentres)}&maaned={month}&indikator={rng.choice(INDICATORS)}",
        "sammenlign": f"indikator={rng.choice(INDICATORS)}&maaned={month}&amk={rng.choice(OFFICES)}",
        "gruppe-2": f"maaned={month}&amk={rng.choice(OFFICES)}",
        "rater": f"amk={rng.choice(OFFICES)}",
        "definitioner": f"indikator={rng.choice(INDICATORS)}",
    }[page]
    return page, f"{'' if page == 'overblik' else page}?{params}"  # Overblik is the default page, at /


class Monitor(threading.Thread):
    """Polls the health endpoint every second and samples the server's memory."""

    def __init__(self, url: str, pid: int):
        super().__init__(daemon=True)
        self.url, self.pid = url, pid
        self.stop = threading.Event()
        self.health_failures = 0
        self.health_max = 0.0
        self.polls = 0
        self.peak_rss = 0
        self.cpu: dict[int, tuple[float, bool]] = {}  # pid -> (processor seconds so far, part of the server)
        self.cpu_start: dict[int, float] = {}

    def rss(self) -> int:
        total = 0
        for pid in [self.pid, *children(self.pid)]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total

    def sample_cpu(self) -> None:
        """Processor time of the server and of every other process this benchmark started
        (Chromium and Playwright's driver), kept per process as the latest value seen."""
        server = {self.pid, *descendants(self.pid)}
        for pid in descendants(os.getpid()):
            seconds = cpu_seconds(pid)
            if seconds is not None:
                # counted from the first sample: the server's start (and warming) is not load
                self.cpu_start.setdefault(pid, seconds if pid in server else 0.0)
                self.cpu[pid] = (seconds - self.cpu_start[pid], pid in server)

    def cpu_split(self) -> tuple[float, float]:
        """(server, browsers and driver) processor seconds."""
        server = sum(s for s, is_server in self.cpu.values() if is_server)
        return server, sum(s for s, is_server in self.cpu.values() if not is_server)

    def run(self) -> None:
        while not self.stop.is_set():
            t = time.perf_counter()
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5).read()
            except OSError:
                self.health_failures += 1
            self.polls += 1
            self.health_max = max(self.health_max, time.perf_counter() - t)
            self.peak_rss = max(self.peak_rss, self.rss())
            self.sample_cpu()
            self.stop.wait(max(0.0, 1.0 - (time.perf_counter() - t)))


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    found, todo = [], children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children(child))
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system processor time of a process (its threads included), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


READY = ("(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n"
         " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
         " && !document.querySelector('[data-stale=\"true\"]')")
# counts the app's finished script runs (Streamlit sets data-test-script-state on stApp)
COUNT_RUNS = """() => {
  if (window.__benchRuns !== undefined) return;
  window.__benchRuns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  let running = app.getAttribute('data-test-script-state') !== 'notRunning';
  new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'notRunning' && running) { window.__benchRuns += 1; running = false; }
    else if (state !== 'notRunning') running = true;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# in-app navigation: what a click on a link inside the app does (no reload of the app itself)
NAVIGATE = "(url) => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }"


async def check_page(page) -> None:
    if await page.locator("[data-testid='stException']").count():
        raise RuntimeError("exception box on the page")
    body = await page.inner_text("body")
    for marker in ERROR_MARKERS:
        if marker in body:
            raise RuntimeError(f"{marker!r} on the page")


async def load_page(page, url: str, charts: int, timeout_ms: int) -> None:
    """Opens the URL as a new page load (the app and its JavaScript start again)."""
    await page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    await page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=timeout_ms)
    await page.wait_for_function(READY, arg=charts, timeout=timeout_ms, polling=250)
    await check_page(page)


async def navigate_in_app(page, url: str, charts: int, timeout_ms: int) -> None:
    """Moves the running app to the URL as a link inside the app does (the session and the
    loaded JavaScript stay; the server runs the page); waits for that run to finish."""
    await page.evaluate(COUNT_RUNS)
    before = await page.evaluate("() => window.__benchRuns")
    await page.evaluate(NAVIGATE, url)
    await page.wait_for_function(f"(n) => window.__benchRuns > {before} && ({READY[7:]})", arg=charts,
                                 timeout=timeout_ms, polling=250)
    await check_page(page)


async def session(browser, base: str, index: int, deadline: float, think: float, timeout_ms: int,
                  jobcentres: list[str], months: list[str], results: list, errors: list, in_app: bool) -> None:
    rng = random.Random(index)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    loaded = False  # in-app mode: the first page of a session is a page load, then links inside the app
    try:
        while time.time() < deadline:
            name, path = random_url(rng, jobcentres, months)
            t = time.perf_counter()
            try:
                if in_app and loaded:
                    await navigate_in_app(page, f"{base}/{path}", PAGES[name], timeout_ms)
                else:
                    await load_page(page, f"{base}/{path}", PAGES[name], timeout_ms)
                    loaded = True
                results.append((name, time.perf_counter() - t))
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                loaded = False  # start the next one from a fresh page load
                errors.append((name, path, f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"))
            await asyncio.sleep(rng.uniform(0, 2 * think))
    finally:
        await context.close()


async def drive(base: str, sessions: int, seconds: float, think: float, timeout_ms: int,
                jobcentres: list[str], months: list[str], in_app: bool, browser_nice: int):
    from playwright.async_api import async_playwright

    results: list = []
    errors: list = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        if browser_nice:
            renice_browsers(browser_nice)
        first = await browser.new_page()
        t = time.perf_counter()
        await load_page(first, f"{base}/", PAGES["overblik"], timeout_ms)
        first_page = time.perf_counter() - t
        await first.close()
        deadline = time.time() + seconds
        await asyncio.gather(*[
            session(browser, base, i, deadline, think, timeout_ms, jobcentres, months, results, errors, in_app)
            for i in range(sessions)])
        await browser.close()
    return first_page, results, errors


def renice_browsers(niceness: int) -> None:
    """Lowers the priority of Chromium and the driver (this benchmark's other processes, never
    the server): they stand in for the users' own computers, which in service do not take the
    server's processor. Processes Chromium starts later inherit it from the browser process."""
    for pid in descendants(os.getpid()):
        try:
            if "monitor.dashboard.serve" in Path(f"/proc/{pid}/cmdline").read_text():
                continue
            for task in Path(f"/proc/{pid}/task").iterdir():  # niceness is per thread on Linux
                os.setpriority(os.PRIO_PROCESS, int(task.name), niceness)
        except OSError:
            pass


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def column(path: Path, index: int) -> list[float]:
    """A column of app.py's page times: 2 = seconds waiting for a page-run slot, 3 = processor
    seconds of the page run's own thread."""
    if not path.exists():
        return []
    return [float(parts[index]) for parts in (line.split("\t") for line in path.read_text().splitlines())
            if len(parts) > index]


def server_times(path: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            page, seconds, *_ = line.split("\t")
            times.setdefault(page, []).append(float(seconds))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a session's pages (s)")
    parser.add_argument("--timeout", type=float, default=90, help="a page load slower than this is an error (s)")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--navigation", choices=["reload", "inapp"], default="reload",
                        help="reload: every page is a new page load (URL typed or opened from outside); "
                             "inapp: after each session's first page, pages are opened as links inside the app")
    parser.add_argument("--browser-nice", type=int, default=0,
                        help="run Chromium at this niceness (e.g. 10) so the browsers, which stand in for the "
                             "users' own computers, do not take the server's processor")
    args = parser.parse_args()
    db = database(args.db)
    jobcentres, months = choices(db)
    OUT.mkdir(parents=True, exist_ok=True)
    times_file = OUT / f"page_times_{os.getpid()}.tsv"
    times_file.unlink(missing_ok=True)
    port = free_port()
    env = {**os.environ, "MONITOR_DB": str(db), "MONITOR_PAGE_TIMES": str(times_file)}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "monitor.dashboard.serve", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
            break
        except OSError:
            if time.perf_counter() - started > 60:
                server.kill()
                sys.exit("server did not start")
            time.sleep(0.2)
    monitor = Monitor(base, server.pid)
    monitor.start()
    print(f"{args.sessions} sessions x {args.seconds:.0f} s against {base} (database {db}); "
          f"load average before: {os.getloadavg()[0]:.1f}; navigation {args.navigation}"
          + (f", browsers at nice {args.browser_nice}" if args.browser_nice else ""), flush=True)
    try:
        first_page, results, errors = asyncio.run(drive(
            base, args.sessions, args.seconds, args.think, int(args.timeout * 1000), jobcentres, months,
            args.navigation == "inapp", args.browser_nice))
    finally:
        monitor.stop.set()
        monitor.join()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    browser_all = [s for _, s in results]
    server_all = server_times(times_file)
    print(f"\nfirst page after server start (browser): {first_page:.2f} s")
    print(f"page loads: {len(results)}, errors: {len(errors)}")
    for name, path, message in errors[:15]:
        print(f"  error on /{path}: {message}")
    print(f"\n{'page':14} {'loads':>6} {'browser p50':>12} {'p95':>7} {'server runs':>12} {'p50':>7} {'p95':>7}")
    for name in PAGES:
        b = [s for n, s in results if n == name]
        s = server_all.get(name, [])
        print(f"{name:14} {len(b):6d} {pct(b, .5):12.2f} {pct(b, .95):7.2f} {len(s):12d} {pct(s, .5):7.3f} {pct(s, .95):7.3f}")
    every_run = [x for v in server_all.values() for x in v]
    print(f"{'all':14} {len(browser_all):6d} {pct(browser_all, .5):12.2f} {pct(browser_all, .95):7.2f} "
          f"{len(every_run):12d} {pct(every_run, .5):7.3f} {pct(every_run, .95):7.3f}")
    waits, own_cpu = column(times_file, 2), column(times_file, 3)
    if waits:
        print(f"server page runs: waiting for a page-run slot (included above) p50 {pct(waits, .5):.3f}, "
              f"p95 {pct(waits, .95):.3f}, max {max(waits):.3f} s; processor time of the run's thread "
              f"p50 {pct(own_cpu, .5):.3f}, p95 {pct(own_cpu, .95):.3f} s")
    server_cpu, browser_cpu = monitor.cpu_split()
    wall = time.perf_counter() - started
    print(f"processor time from the first page on: server {server_cpu:.0f} s ({server_cpu / max(len(every_run), 1):.2f} s "
          f"per page run), browsers and driver {browser_cpu:.0f} s ({browser_cpu / max(len(results), 1):.2f} s per page load) "
          f"(server {100 * server_cpu / max(server_cpu + browser_cpu, 1e-9):.0f} %); "
          f"{wall:.0f} s wall x 2 cores = {2 * wall:.0f} s available; load average {os.getloadavg()[0]:.1f}")
    print(f"\nhealth: {monitor.polls} polls, {monitor.health_failures} failed, slowest {monitor.health_max:.2f} s")
    print(f"server peak memory (RSS): {monitor.peak_rss / 2**20:.0f} MiB")
    times_file.unlink(missing_ok=True)
    return 1 if errors or monitor.health_failures else 0


if __name__ == "__main__":
    sys.exit(main())
