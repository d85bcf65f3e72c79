"""Vintages at the national size of the demonstration data.

    .venv/bin/python benchmarks/bench_vintages.py --db data/monitor.duckdb [--repeat 3]

1. size: the database with every version and vintage against a latest-only copy of it (the
   latest version of each row and the latest figures only, written to a fresh file);
2. one month's figures as of a vintage from a cold start: a fresh Python process that imports
   the core, opens the database and computes every unit's figures of a month as an earlier
   vintage showed them (wall time of the whole process, several (month, vintage) pairs).
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
LATEST_ONLY = ("persons", "benefits", "markings", "offers", "hours")
COLD = """
import sys
from monitor.core import figures, store
con = store.connect(sys.argv[1])
frame = figures.indicators(con, month=sys.argv[2], vintage=sys.argv[3])
assert frame.height > 0
"""


def latest_only_copy(db: Path, target: Path) -> None:
    """A fresh file with the latest version of each extract row and the latest figures."""
    import duckdb

    from monitor.core import queries

    for f in target.parent.glob(target.name + "*"):
        f.unlink()
    con = duckdb.connect()
    con.execute("attach ? as source (read_only)", [str(db)])
    con.execute("use source")
    tables = queries.frame(con, "table_names")["table_name"].to_list()
    con.execute("attach ? as target", [str(target)])
    for table in tables:
        if table in ("vintage_counts", "vintage_grants", "instalment_decisions", "spell_versions", "spell_parameters"):
            continue  # kept for the vintages (spell versions: counted against them, though they speed up latest too)
        rows = con.table(table)
        if table in LATEST_ONLY:
            rows = rows.filter("valid_to is null").project("* exclude (valid_to)")
        rows.create(f"target.main.{table}")
    con.execute("detach target")
    con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "monitor.duckdb")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "latest_only.duckdb"
    latest_only_copy(args.db, target)
    full, latest = args.db.stat().st_size, target.stat().st_size
    print(f"size: every version and vintage {full / 2**20:.1f} MiB, latest only {latest / 2**20:.1f} MiB, "
          f"ratio {full / latest:.2f}")
    for month, vintage in (("2017-08", "2017-08"), ("2018-12", "2018-12"), ("2018-06", "2019-07")):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", COLD, str(args.db), month, vintage], cwd=ROOT, check=True)
            times.append(time.perf_counter() - t)
        print(f"figures of {month} as of {vintage}, cold start (fresh process): median "
              f"{statistics.median(times):.2f} s of {[round(x, 2) for x in times]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
