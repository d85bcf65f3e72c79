"""Secondary suppression across everything published: speed and information loss per month.

    .venv/bin/python benchmarks/bench_discretion.py [--db FILE] [--no-vintages]

For each of the 25 demonstration months: the time to choose the pattern and audit it (what a
load does), the cells and persons the secondary suppression hides, and the same for the old
table-by-table rule (a share whose complement is 1-2 hides its numerator; where a unit's parts
and total are shown and one part is hidden, the smallest other part is hidden too), with what
the LP auditor recovers from that old rule: hidden counts determined exactly, and hidden counts
of 1-2 whose largest possible value is below 3 - and the same audit of the new pattern. Cells are
counted per unit as published (a job centre of one municipality and that municipality count
twice), persons summed over those cells. Then the chain over every vintage, as a load of all
extracts at once builds it (kept / warm-started / from scratch). The load average is printed at
start and end. The database defaults to data/monitor.duckdb (build it with `python -m monitor demo`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.core import pattern_store, published_cells, queries, store  # noqa: E402

PART_GROUPS = published_cells.UNIT_IDENTITIES[:2]  # the parts-and-total tables of the old rule


def table_rule(counts: pl.DataFrame) -> pl.DataFrame:
    """Cells (unit_type, unit_code, cell) hidden by the old table-by-table rule."""
    rows = counts.with_columns(
        pl.col("indicator").replace(published_cells.NUMERATOR_CELL).alias("cell"),
        ((pl.col("numerator").is_between(1, 2)) | (pl.col("denominator").is_between(1, 2))
         | (pl.col("denominator") - pl.col("numerator")).is_between(1, 2)).fill_null(False).alias("hidden"),
    )
    extra = []
    for _, parts in PART_GROUPS:
        part_rows = rows.filter(pl.col("indicator").is_in(list(parts)))
        lonely = part_rows.with_columns(pl.col("hidden").sum().over("unit_type", "unit_code").alias("n"))
        extra.append(lonely.filter((pl.col("n") == 1) & ~pl.col("hidden")).sort("numerator", "indicator")
                     .group_by("unit_type", "unit_code", maintain_order=True).first().select("unit_type", "unit_code", "cell"))
    numerators = rows.filter(pl.col("hidden")).select("unit_type", "unit_code", "cell")
    denominators = rows.filter(pl.col("denominator").is_between(1, 2).fill_null(False)).select(
        "unit_type", "unit_code", pl.col("indicator").replace_strict(published_cells.DENOMINATOR_CELL, default=None).alias("cell"))
    return pl.concat([numerators, denominators.drop_nulls(), *extra]).unique()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "monitor.duckdb")
    parser.add_argument("--no-vintages", action="store_true", help="skip the chain over every vintage")
    args = parser.parse_args()
    con = store.connect(args.db)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    latest(con)
    if not args.no_vintages:
        every_vintage(con)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


def latest(con) -> None:
    """The 25 months of the latest vintage, each chosen from scratch (the worst case of a load)."""
    counts = queries.frame(con, "indicator_counts")
    members = pattern_store.published_units(con)
    header = ("month", "seconds", "primary", "new: cells", "persons", "new: exact", "new: 1-2 below 3",
              "old: cells", "persons", "old: exact", "old: 1-2 below 3")
    print(" | ".join(header))
    totals = dict.fromkeys(("seconds", "new_cells", "new_persons", "new_exact", "new_weak", "old_cells", "old_persons",
                            "exact", "weak"), 0)
    months = counts["month"].unique().sort().to_list()
    for month in months:
        rows = counts.filter(pl.col("month") == month)
        start = time.perf_counter()
        frame, pattern = published_cells.pattern_for(rows, members)
        seconds = time.perf_counter() - start
        assert pattern.audit.ok, month
        new = frame.filter(pl.col("suppression") == "secondary")
        new_exact, new_weak = _leaks(published_cells.audit_pattern(rows, members, frame)[0])
        old, _ = published_cells.audit_pattern(rows, members, table_rule(rows))
        old_secondary = old.filter(~pl.col("value").is_between(1, 2))
        exact, weak = _leaks(old)
        primary = frame.filter(pl.col("suppression") == "primary").height
        print(f"{month} | {seconds:.2f} | {primary} | {new.height} | {new['value'].sum()} | {new_exact} | {new_weak} | "
              f"{old_secondary.height} | {old_secondary['value'].sum()} | {exact} | {weak}", flush=True)
        for key, value in (("seconds", seconds), ("new_cells", new.height), ("new_persons", new["value"].sum()),
                           ("new_exact", new_exact), ("new_weak", new_weak),
                           ("old_cells", old_secondary.height), ("old_persons", old_secondary["value"].sum()),
                           ("exact", exact), ("weak", weak)):
            totals[key] += value
    print(f"all {len(months)} months | {totals['seconds']:.1f} s (suppression + audit) | secondary cells new "
          f"{totals['new_cells']} / old {totals['old_cells']} | persons new {totals['new_persons']} / old "
          f"{totals['old_persons']} | hidden cells exactly recoverable: new {totals['new_exact']} / old "
          f"{totals['exact']} | hidden 1-2 with upper bound below 3: new {totals['new_weak']} / old {totals['weak']}")


def _leaks(rows: pl.DataFrame) -> tuple[int, int]:
    """Hidden cells an outsider determines exactly, and hidden 1-2 counts whose largest value is below 3."""
    exact = rows.filter(pl.col("min") == pl.col("max")).height
    weak = rows.filter(pl.col("value").is_between(1, 2) & pl.col("max").is_not_null() & (pl.col("max") < 3)).height
    return exact, weak


def every_vintage(con) -> None:
    """What a load of every extract at once does (the demonstration build): every month of every
    vintage, kept where the counts did not change, warm-started from the previous vintage where
    they did, from scratch in the month's own vintage (as pattern_store.build)."""
    members = pattern_store.published_units(con)
    loaded = queries.frame(con, "loaded_vintages")["vintage"].to_list()
    previous: dict[str, tuple[str, pl.DataFrame, pl.DataFrame]] = {}
    kinds = {"kept": 0, "warm": 0, "scratch": 0}
    seconds = {"warm": 0.0, "scratch": 0.0}
    start_all = time.perf_counter()
    for vintage in loaded:
        counts = queries.frame(con, "vintage_counts", {"vintage": vintage, "last_month": vintage})
        for (month,), rows in counts.group_by("month", maintain_order=True):
            digest = pattern_store.input_digest(rows, members, 3)
            if month in previous and previous[month][0] == digest:
                kinds["kept"] += 1
                continue
            kind = "warm" if month in previous else "scratch"
            start = time.perf_counter()
            before = previous.get(month, (None, None, None))
            frame, pattern = published_cells.pattern_for(rows, members, previous=before[1], previous_counts=before[2])
            seconds[kind] += time.perf_counter() - start
            assert pattern.audit.ok, (month, vintage)
            kinds[kind] += 1
            previous[month] = (digest, frame, rows)
    total = time.perf_counter() - start_all
    print(f"every vintage: {len(loaded)} vintages, {sum(kinds.values())} (month, vintage) pairs: {kinds['kept']} kept, "
          f"{kinds['warm']} warm-started ({seconds['warm']:.1f} s), {kinds['scratch']} from scratch "
          f"({seconds['scratch']:.1f} s); {total:.1f} s in all")


if __name__ == "__main__":
    sys.exit(main())
