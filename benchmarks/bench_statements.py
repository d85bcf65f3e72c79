"""Monthly statements for every participating job centre at national demonstration scale.

    /work/venv/bin/python benchmarks/bench_statements.py [--db FILE] [--format pdf|xlsx] [--month YYYY-MM]

Runs `python -m monitor statement --all` in-process (one kaleido session for all charts) against
a demonstration database (built with monitor.demo at scale 1.0 when --db is missing) and prints
the wall-clock time, the number of statements and the time per statement. Target: all 86
job centres as PDF in under 2 minutes on 2 cores. Also times the laggard report.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"


def main() -> int:
    from monitor import cli

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=OUT / "demo_statements.duckdb")
    parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    parser.add_argument("--month", default=None)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (the command's default: 2)")
    args = parser.parse_args()
    if not args.db.exists():
        from monitor.demo.writer import build_demo_database

        print(f"building demonstration database {args.db} ...", file=sys.stderr)
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build_demo_database(args.db, scale=1.0, seed=2017)
    with tempfile.TemporaryDirectory() as tmp:
        month = ["--month", args.month] if args.month else []
        start = time.perf_counter()
        code = cli.main(["statement", "--db", str(args.db), "--all", "--out-dir", tmp, "--format", args.format,
                         "--jobs", str(args.jobs), *month])
        elapsed = time.perf_counter() - start
        files = list(Path(tmp).iterdir())
        size = sum(f.stat().st_size for f in files)
        print(file=sys.stderr)
        print(f"statements ({args.format}, {args.jobs} processes): {len(files)} files, {elapsed:.1f} s in all, "
              f"{elapsed / max(len(files), 1):.2f} s each, {size / 1e6:.1f} MB, exit code {code}")
        start = time.perf_counter()
        code = cli.main(["laggards", "--db", str(args.db), *month, "--out", str(Path(tmp) / "laggards.pdf")])
        print(f"laggard report (pdf): {time.perf_counter() - start:.1f} s, exit code {code}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
