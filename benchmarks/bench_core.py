"""Core speed at the national size of the demonstration data.

    .venv/bin/python benchmarks/bench_core.py [--extracts DIR] [--repeat 3]

1. every monthly figure for all 25 months (the rebuild of the derived tables after a load:
   target group, person-month status, indicators of every unit, comparison, instalments);
2. loading one later monthly extract (2019-08) into a database holding 2017-08 .. 2019-07,
   validation, merge, rebuild and swap included.
The extracts are made with `python -m monitor demo --no-load --out DIR` when DIR is empty.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extracts", type=Path, default=OUT / "demo_extracts")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from monitor.core import derive, queries, store

    folders = sorted(p for p in args.extracts.glob("20??-??") if p.is_dir())
    if len(folders) < 25:
        print(f"making the demonstration extracts in {args.extracts} ...", flush=True)
        subprocess.run([sys.executable, "-m", "monitor", "demo", "--no-load", "--out", str(args.extracts)],
                       cwd=ROOT, check=True)
        folders = sorted(p for p in args.extracts.glob("20??-??") if p.is_dir())
    OUT.mkdir(parents=True, exist_ok=True)
    base = OUT / "core_24_months.duckdb"
    for f in OUT.glob("core_24_months.duckdb*"):
        f.unlink()
    t0 = time.perf_counter()
    result = store.ingest(base, folders[:-1])
    assert result.ok, result.report
    print(f"loaded {len(folders) - 1} extracts in {time.perf_counter() - t0:.1f} s")

    # 1. every monthly figure, 25 months
    full = OUT / "core_25_months.duckdb"
    shutil.copyfile(base, full)
    result = store.ingest(full, [folders[-1]])
    assert result.ok, result.report
    con = store.connect(full, read_only=False)
    rebuild = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        derive.rebuild(con)
        rebuild.append(time.perf_counter() - t)
    months = len(queries.frame(con, "figure_months"))
    rows = queries.frame(con, "indicator_counts").height
    g = queries.frame(con, "target_group_ids").height
    con.close()
    print(f"every monthly figure ({months} months, {rows:,} unit-indicator-months, G = {g:,}): "
          f"median {statistics.median(rebuild):.2f} s of {[round(x, 2) for x in rebuild]}")

    # 2. loading one later monthly extract
    loads = []
    for _ in range(args.repeat):
        work = OUT / "core_load.duckdb"
        shutil.copyfile(base, work)
        t = time.perf_counter()
        result = store.ingest(work, [folders[-1]])
        loads.append(time.perf_counter() - t)
        assert result.ok and result.loaded == [folders[-1].name], result.report
        work.unlink()
    print(f"loading one later extract ({folders[-1].name}): median {statistics.median(loads):.2f} s of "
          f"{[round(x, 2) for x in loads]}")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
