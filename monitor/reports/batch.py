"""Statements written to files for many job centres (the command line's `statement`): one
read-only connection, figures cache and chart renderer per process, in `jobs` processes."""

from __future__ import annotations

import atexit
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from monitor.core import store
from monitor.reports.pdf import ChartRenderer
from monitor.reports.statement import render_pdf, render_xlsx, shared_images
from monitor.reports.statement_data import Source


def _write_one(con, source: Source, renderer: ChartRenderer, shared: dict, month: str, code: str, fmt: str,
               target: Path) -> None:
    if fmt == "pdf":
        payload = render_pdf(con, month, code, source=source, renderer=renderer, shared=shared)
    else:
        payload = render_xlsx(con, month, code, source=source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)


def _progress(done: int, total: int) -> None:
    bar = int(30 * done / total)
    print(f"\r[{'#' * bar}{'.' * (30 - bar)}] {done}/{total} jobcentre", end="", file=sys.stderr, flush=True)


_WORKER: dict = {}


def _worker_start(db: str, fmt: str, shared: dict, vintage: str | None = None, unreleased: bool = False) -> None:
    """Each worker process: its own read-only connection, figures cache and kaleido session."""
    con = store.connect(Path(db), read_only=True)
    renderer = ChartRenderer()
    if fmt == "pdf":
        renderer.__enter__()
        atexit.register(renderer.__exit__, None, None, None)
    _WORKER.update(con=con, source=Source(con, vintage, unreleased), renderer=renderer, shared=shared)


def _worker_render(month: str, code: str, fmt: str, target: str) -> str:
    w = _WORKER
    _write_one(w["con"], w["source"], w["renderer"], w["shared"], month, code, fmt, Path(target))
    return code


def _render_parallel(db: Path, month: str, targets: dict[str, Path], fmt: str, jobs: int, shared: dict,
                     vintage: str | None = None, unreleased: bool = False) -> None:
    """Statements in `jobs` worker processes (kaleido renders in one while another lays out a PDF)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start,
                             initargs=(str(db), fmt, shared, vintage, unreleased)) as pool:
        futures = [pool.submit(_worker_render, month, code, fmt, str(target)) for code, target in targets.items()]
        for i, future in enumerate(as_completed(futures), start=1):
            future.result()
            _progress(i, len(targets))


def file_name(code: str, month: str, fmt: str) -> str:
    return f"maanedsopgoerelse_{code}_{month}.{fmt}"


def write_statements(db: Path, month: str, targets: dict[str, Path], fmt: str, jobs: int = 1,
                     progress: bool = False, vintage: str | None = None, unreleased: bool = False) -> None:
    """Writes one statement per job centre code to its target file, in `jobs` processes; the
    request must have been checked (check_request); `vintage`: the figures as that extract
    showed them (None: the latest). The images that are the same for several
    job centres are rendered once, here, and handed to every statement."""
    jobs = max(1, min(jobs, len(targets)))
    con = store.connect(db, read_only=True)
    try:
        source = Source(con, vintage, unreleased)
        renderer = ChartRenderer()
        shared = {}
        if fmt == "pdf":
            with renderer:
                shared = shared_images(source, month, renderer)
        if jobs > 1:
            _render_parallel(db, month, targets, fmt, jobs, shared, vintage, unreleased)
            return
        with renderer:
            for i, (code, target) in enumerate(targets.items(), start=1):
                _write_one(con, source, renderer, shared, month, code, fmt, target)
                if progress:
                    _progress(i, len(targets))
    finally:
        con.close()
