"""Target-group rule at national scale: the core's query against a straightforward pandas
gaps-and-islands implementation, on the same seeded synthetic data, in the same run.

    .venv/bin/python benchmarks/bench_target_group.py [--persons 300000] [--weeks 520] [--repeat 3]

Builds (once, cached in benchmarks/out/) a DuckDB file holding ~80 million person-weeks as
the core stores them, with versions: a second extract restates one week for 2 % of the
persons (benchmarks/synthetic_versions.sql), and the spell versions a load builds (each
person's cash weeks in the target-group window per vintage; the time to build them is printed:
every person after the first extract, the restated persons after the second). Runs each
implementation in its own child
process (so each one's peak memory is its own): the core for the latest vintage (first run
right after the file is built, then best of --repeat) and as of the earlier vintage, and
pandas on the latest vintage; checks that core and pandas find the same people.
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
EARLIER, LATER = "2017-08", "2017-09"  # the two extract months (vintages) of the synthetic file


def build(path: Path, persons: int, weeks: int, seed: int) -> None:
    from monitor.core import derive, queries, store
    from monitor.core.settings import load

    s = load()
    first_week = s.reference_week_index - (weeks - 20)  # history up to 20 weeks after R
    con = store.connect(path, read_only=False)
    sql = (ROOT / "benchmarks" / "synthetic_benefits.sql").read_text()
    params = {"persons": persons, "weeks": weeks, "first_week": first_week, "seed": seed,
              "extract_month": "2017-08", "municipalities": [101, 147, 751, 851, 461, 155]}
    for statement in con.extract_statements(sql):
        con.execute(statement, {k: v for k, v in params.items() if k in statement.named_parameters})
    queries.run(con, "create_tables")  # load_log, valid_to etc., as in a real database
    # what a load does after storing the rows: the spell versions of the persons it touched
    # (the first extract: everyone; the second: the restated persons)
    start = time.perf_counter()
    derive.refresh_spells(con, s, [EARLIER])
    print(f"spell versions of the first extract (every person): {time.perf_counter() - start:.2f} s", flush=True)
    add_versions(con)
    start = time.perf_counter()
    derive.refresh_spells(con, s, [LATER])
    print(f"spell versions of the second extract (the restated persons): {time.perf_counter() - start:.2f} s",
          flush=True)
    con.execute("checkpoint")
    con.close()


def add_versions(con) -> None:
    from monitor.core.settings import load

    sql = (ROOT / "benchmarks" / "synthetic_versions.sql").read_text()
    params = {"later_month": LATER, "reference_week": load().reference_week_index, "seed": 11}
    for statement in con.extract_statements(sql):
        con.execute(statement, {k: v for k, v in params.items() if k in statement.named_parameters})


def run_core(path: Path, vintage: str = LATER) -> tuple[float, list[str]]:
    from monitor.core import derive, queries, store
    from monitor.core.settings import load

    con = store.connect(path, read_only=False)
    start = time.perf_counter()
    derive.build_target_group(con, load(), vintage)
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
    table = con.table("benefits").filter("valid_to is null").project("* exclude (valid_to)").arrow().read_all()
    persons = con.table("persons").filter(f"extract_month = '{LATER}'").df()  # a constant of this script
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
    runners = {"core": run_core, "core_earlier": lambda p: run_core(p, EARLIER), "pandas": run_pandas}
    runner = runners[approach]
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
    parser.add_argument("--child", choices=["core", "core_earlier", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.repeat)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"benefits_{args.persons}x{args.weeks}_s{args.seed}_spells.duckdb"  # versions and spell versions
    fresh = not db.exists()
    if fresh:
        print(f"building {db.name} ...", flush=True)
        t0 = time.perf_counter()
        build(db, args.persons, args.weeks, args.seed)
        print(f"built in {time.perf_counter() - t0:.1f} s", flush=True)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    rows = con.table("benefits").aggregate("count(*), count(*) filter (where valid_to is null)").fetchall()[0]
    con.close()
    print(f"data: {args.persons:,} persons x {args.weeks} weeks = {rows[0]:,} stored person-week versions, "
          f"{rows[1]:,} in the latest vintage")

    def run_child(approach: str, repeat: int) -> dict:
        out = subprocess.run([sys.executable, __file__, "--child", approach, "--db", str(db), "--repeat", str(repeat)],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    first = run_child("core", 1)
    print(f"core, first run {'right after the file was built' if fresh else '(file built before)'}: "
          f"{first['times'][0]:.2f} s, peak {first['peak_mib']:.0f} MiB")
    results = {approach: run_child(approach, args.repeat if approach != "pandas" else 1)
               for approach in ("core", "core_earlier", "pandas")}
    earlier = results["core_earlier"]
    print(f"core as of the earlier vintage {EARLIER}: best {min(earlier['times']):.2f} s of {earlier['times']}, "
          f"peak {earlier['peak_mib']:.0f} MiB, {len(earlier['people']):,} persons")
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
