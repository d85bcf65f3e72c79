"""Regional meeting pack for the largest region (most participating municipalities) at
national demonstration scale.

    .venv/bin/python benchmarks/bench_meeting_pack.py [--db FILE] [--month YYYY-MM]

Runs `python -m monitor meeting-pack --region CODE` as a fresh process (imports included) three
times against a demonstration database (built with monitor.demo when --db is missing) and
prints the median wall-clock time and the pages. Target: under 20 s on 2 cores.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"


def main() -> int:
    from pypdf import PdfReader

    from monitor.core import areas
    from monitor.demo.writer import build_demo_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=OUT / "demo_meeting_pack.duckdb")
    parser.add_argument("--month", default="2019-08")
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build_demo_database(args.db)
    sizes = {code: len(areas.area(region=code)["municipality_codes"]) for code in areas.regions()}
    largest = max(sizes, key=sizes.get)
    out = OUT / f"meeting_pack_{largest}.pdf"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "monitor", "meeting-pack", "--db", str(args.db), "--region", largest,
                        "--month", args.month, "--out", str(out)], cwd=ROOT, check=True)
        times.append(time.perf_counter() - started)
    pages = len(PdfReader(str(out)).pages)
    print(f"region {largest} ({areas.regions()[largest]}): {sizes[largest]} municipalities, {pages} pages; "
          f"median {statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
