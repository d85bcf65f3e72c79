"""Target-group rule at national scale: the core's query against a straightforward pandas
gaps-and-islands implementation, on the same seeded synthetic data, in the same run.

    .venv/bin/python benchmarks/bench_target_group.py [--persons 300000] [--weeks 520] [--repeat 3]

Builds (once, cached in benchmarks/out/) a DuckDB file holding ~80 million person-weeks as
the core stores them, then runs each implementation in its own child process (so each one's
peak memory is its own), checks that both find the same people and prints both times (best
of --repeat), their ratio and each one's peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"


def build(path: Path, persons: int, weeks: int, seed: int) -> None:
    from monitor.core import queries, store
    from monitor.core.settings import load

    s = load()
    first_week = s.reference_week_index - (weeks - 20)  # history up to 20 weeks after R
    con = store.connect(path, read_only=False)
    sql = (ROOT / "benchmarks" / "synthetic_benefits.sql").read_text()
    params = {"persons": persons, "weeks": weeks, "first_week": first_week, "seed": seed,
              "extract_month": "2017-08", "municipalities": [101, 147, 751, 851, 461, 155]}
    for statement in con.extract_statements(sql):
        con.execute(statement, {k: v for k, v in params.items() if k in statement.named_parameters})
    queries.run(con, "create_tables")  # load_log etc., as in a real database
    con.execute("checkpoint")
    con.close()


def run_core(path: Path) -> tuple[float, list[str]]:
    from monitor.core import derive, queries, store
    from monitor.core.settings import load

    con = store.connect(path, read_only=False)
    start = time.perf_counter()
    derive.build_target_group(con, load())
    elapsed = time.perf_counter() - start
    people = queries.frame(con, "target_group_ids")["person_id"].to_list()
    con.close()
    return elapsed, people


def run_pandas(path: Path) -> tuple[float, list[str]]:
    """Gaps and islands, the textbook way: sort, diff, cumulative sum of breaks, islands.
    Reads through Arrow with dictionary-encoded text columns (plain object strings need more
    than the machine's 24 GiB at this size)."""
    import duckdb
    import pandas as pd
    import pyarrow.compute as pc

    from monitor.core.settings import load

    s = load()
    r = s.reference_week_index
    start = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    table = con.table("benefits").arrow().read_all()
    persons = con.table("persons").df()
    con.close()
    for column in ("person_id", "benefit", "match_category"):
        index = table.schema.get_field_index(column)
        table = table.set_column(index, column, pc.dictionary_encode(table[column]))
    benefits = table.to_pandas()
    del table
    cash = benefits[benefits["benefit"].isin(s.cash_benefits) & (benefits["week"] <= r)]
    del benefits
    ipe_week = (pd.to_datetime(persons["integration_programme_end"]) - pd.Timestamp("1970-01-05")).dt.days // 7
    cut = pd.Series(ipe_week.values, index=persons["person_id"].values).dropna()
    cut_week = cut.reindex(cash["person_id"].astype(str).values).values
    cash = cash[pd.isna(cut_week) | (cash["week"].values > cut_week)]
    cash = cash.sort_values(["person_id", "week"])
    new_person = cash["person_id"].ne(cash["person_id"].shift())
    gap = cash["week"].diff().fillna(0)
    island = (new_person | (gap > s.max_gap_weeks + 1)).cumsum()
    starts = cash["week"].groupby(island.values).transform("min")
    at_r = (cash["week"] == r) & (cash["match_category"] == s.required_match_category)
    qualified = cash.loc[at_r & (r - starts + 1 >= s.minimum_spell_weeks), "person_id"].astype(str)
    municipality = persons.set_index("person_id")["municipality_code"]
    qualified = qualified[~municipality.reindex(qualified.values).isin(s.non_participating).values]
    elapsed = time.perf_counter() - start
    return elapsed, sorted(qualified.tolist())


def child(approach: str, path: Path, repeat: int) -> None:
    runner = run_core if approach == "core" else run_pandas
    times, people = [], []
    for _ in range(repeat):
        elapsed, people = runner(path)
        times.append(elapsed)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "peak_mib": peak_mib, "people": sorted(people)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["core", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.repeat)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"benefits_{args.persons}x{args.weeks}_s{args.seed}.duckdb"
    if not db.exists():
        print(f"building {db.name} ...", flush=True)
        t0 = time.perf_counter()
        build(db, args.persons, args.weeks, args.seed)
        print(f"built in {time.perf_counter() - t0:.1f} s", flush=True)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    rows = con.table("benefits").count("*").fetchall()[0][0]
    con.close()
    print(f"data: {args.persons:,} persons x {args.weeks} weeks = {rows:,} person-weeks with a benefit")
    results = {}
    for approach in ("core", "pandas"):
        repeat = args.repeat if approach == "core" else 1
        out = subprocess.run([sys.executable, __file__, "--child", approach, "--db", str(db), "--repeat", str(repeat)],
                             capture_output=True, text=True, check=True)
        results[approach] = json.loads(out.stdout.strip().splitlines()[-1])
    core, pandas = results["core"], results["pandas"]
    same = core["people"] == pandas["people"]
    best_core, best_pandas = min(core["times"]), min(pandas["times"])
    print(f"target group: {len(core['people']):,} persons (core) / {len(pandas['people']):,} (pandas); same people: {same}")
    print(f"core (DuckDB, one bit string per person): best {best_core:.2f} s of {core['times']}, peak {core['peak_mib']:.0f} MiB")
    print(f"pandas gaps-and-islands:                  {best_pandas:.2f} s, peak {pandas['peak_mib']:.0f} MiB")
    print(f"ratio: core is {best_pandas / best_core:.1f}x faster")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
