"""Rejecting an extract whose hours table has a million bad rows (goal: < 2 s, < 1 GiB).

    .venv/bin/python benchmarks/bench_ingest_reject.py [--rows 1000000] [--repeat 3]

Each kind of bad row is measured in a fresh process (`--kind K`): the whole `store.ingest`
against a small database (validation, report, load log, swap), wall-clock time and the
process's peak resident memory, and the processor time used (all threads). Kinds: a value of the wrong type in every row, a CPR-like
person id in every row, the same key in every row, an extra field in every row (the CSV
parser fails and the exact scan finds the rows), Latin-1 text (one bad byte per row).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
KINDS = {
    "wrong type": lambda i: f"P{i},2017-09,x{i % 7}",
    "cpr-like id": lambda i: f"{1000000000 + i},2017-09,1.5",
    "same key": lambda i: "P1,2017-09,1.5",
    "extra field": lambda i: f"P{i},2017-09,1.5,1",
    "latin-1": lambda i: f"P{i},2017-09,1.5 \xe6",
}


def write_bad_extract(root: Path, kind: str, rows: int) -> Path:
    from extract_factory import valid_tables, write_extract

    folder = write_extract(root, "2017-09", **valid_tables())
    encoding = "latin-1" if kind == "latin-1" else "utf-8"
    make = KINDS[kind]
    with open(folder / "hours.csv", "w", encoding=encoding, newline="") as fh:
        fh.write("person_id,month,ordinary_hours\n")
        fh.writelines(make(i) + "\n" for i in range(rows))
    return folder


def measure(kind: str, rows: int, repeat: int) -> dict:
    from extract_factory import valid_tables, write_extract
    from monitor.core import store

    with tempfile.TemporaryDirectory(prefix="bench-reject-") as tmp:
        root = Path(tmp)
        db = root / "db" / "monitor.duckdb"
        assert store.ingest(db, [write_extract(root / "good", "2017-08", **valid_tables())]).ok
        folder = write_bad_extract(root / "bad", kind, rows)
        times, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = store.ingest(db, [folder])
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert not result.ok
        report = result.report.splitlines()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"kind": kind, "rows": rows, "median_s": statistics.median(times), "cpu_s": statistics.median(cpu),
            "peak_bytes": peak,
            "first_lines": report[:4], "last_line": report[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", choices=sorted(KINDS))
    args = parser.parse_args()
    if args.kind:
        print(json.dumps(measure(args.kind, args.rows, args.repeat), ensure_ascii=False))
        return 0
    print(f"{'kind':<12} {'rows':>9} {'median s':>9} {'cpu s':>7} {'peak MiB':>9}")
    worst = 0.0
    for kind in KINDS:
        done = subprocess.run([sys.executable, __file__, "--kind", kind, "--rows", str(args.rows),
                               "--repeat", str(args.repeat)], capture_output=True, text=True, check=True)
        m = json.loads(done.stdout)
        worst = max(worst, m["median_s"])
        print(f"{kind:<12} {m['rows']:>9} {m['median_s']:>9.2f} {m['cpu_s']:>7.2f} {m['peak_bytes'] / 2**20:>9.0f}")
        for line in m["first_lines"][2:] + [m["last_line"]]:
            print(f"    {line[:150]}")
    print(f"slowest: {worst:.2f} s (goal < 2 s); load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(cpu s = processor time of all threads: what the load costs when it has the machine to itself)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
