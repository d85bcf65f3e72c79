"""The dashboard as a real server for browser tests: `python -m monitor.dashboard.serve` on a
free loopback port, started, waited for (health endpoint) and stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# elements that stick out of the viewport, outside any element that scrolls or clips on purpose,
# and Plotly texts cut off by their chart's edge
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid=stMain]');
  const bad = [];
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('svg')) continue;
    if (r.right > width + 1 && !clipped(el)) bad.push(el.tagName + ' ' + (el.dataset.testid || el.className) + ' ' + Math.round(r.right));
  }
  for (const svg of main.querySelectorAll('.js-plotly-plot svg.main-svg:first-of-type')) {
    const edge = svg.getBoundingClientRect().right;
    for (const t of svg.parentElement.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width && r.right > edge + 2) bad.push('chart text "' + t.textContent.slice(0, 30) + '" ' + Math.round(r.right - edge) + ' px');
    }
  }
  if (main.scrollWidth > main.clientWidth + 1) bad.push('main scrolls sideways ' + (main.scrollWidth - main.clientWidth) + ' px');
  return bad;
}"""
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(db: Path, *options: str, port: int | None = None) -> Iterator[str]:
    """Yields the server's address; `options` go to `streamlit run` (e.g. --secrets.files=...)."""
    port = port or free_port()
    env = {**os.environ, "MONITOR_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.dashboard.serve", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", *options],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def chromium():
    """Debian's Chromium through Playwright (one browser; tests open contexts or pages in it)."""
    from playwright.sync_api import sync_playwright  # costly import, only for browser tests

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
