"""Benchmark: `python -m monitor demo` at national scale, generation and loading included.

Runs the command in a child process (into a temporary folder and database) and prints its wall
time and peak memory (maximum resident set size of the child, from its rusage via os.wait4), plus the size
of what it wrote. Target: under 60 s and under 4 GiB on a 2-core machine.

    python benchmarks/bench_demo.py [--scale 1] [--format parquet] [--repeat 1] [--seed 2017]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024 ** 3


def run_once(scale: float, fmt: str, seed: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        out, db = Path(tmp) / "extracts", Path(tmp) / "demo.duckdb"
        cmd = [sys.executable, "-m", "monitor", "demo", "--out", str(out), "--db", str(db),
               "--scale", str(scale), "--format", fmt, "--seed", str(seed)]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, _, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        if proc.returncode not in (0, None) and usage is None:
            raise SystemExit(stderr)
        extract_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        first_bytes = sum(p.stat().st_size for p in (out / "2017-08").iterdir())
        return {
            "wall_s": wall,
            "peak_rss_gib": usage.ru_maxrss * 1024 / GIB,  # ru_maxrss is in KiB on Linux
            "user_s": usage.ru_utime,
            "sys_s": usage.ru_stime,
            "extract_mib": extract_bytes / 2 ** 20,
            "first_extract_mib": first_bytes / 2 ** 20,
            "db_mib": db.stat().st_size / 2 ** 20 if db.exists() else float("nan"),
            "ok": "Demonstrationsdata indlæst" in stderr,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    print(f"python -m monitor demo --scale {args.scale} --format {args.format} ({os.cpu_count()} CPU)")
    for i in range(args.repeat):
        r = run_once(args.scale, args.format, args.seed)
        print(
            f"run {i + 1}: wall {r['wall_s']:.1f} s, peak RSS {r['peak_rss_gib']:.2f} GiB, "
            f"cpu {r['user_s']:.1f} s user + {r['sys_s']:.1f} s sys, extracts {r['extract_mib']:.0f} MiB "
            f"(first {r['first_extract_mib']:.0f} MiB), database {r['db_mib']:.0f} MiB, "
            f"{'ok' if r['ok'] else 'FAILED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
