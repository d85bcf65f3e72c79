"""Fuzz test of loading (issue 10): 500 seeded mutations of a valid extract (tests/fuzz_mutations.py)
loaded in-process into a small database. Each load ends loaded, or rejected with a Danish
report; never an exception, never a changed store after a rejection, never an id or a
CPR-like value echoed (report, load log, warnings), never a file left behind. A few cases run
through the command line to check exit codes and stderr."""

import os
import random
import re
import shutil
import string
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from extract_factory import DATA_TABLES, cash_weeks, person, write_extract
from fuzz_mutations import CPR_LIKE, mutate
from monitor.core import store

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261124
CASES = 500
NAMES = re.compile(r"\w+(Error|Exception)\b|Traceback")
_ids = random.Random(SEED)
IDS = ["K" + "".join(_ids.choices(string.ascii_letters + string.digits, k=11)) for _ in range(8)]
SECRETS = [*IDS, *(c.strip() for c in CPR_LIKE)]


def extract_tables(month_of_hours: str) -> dict[str, list[dict]]:
    return dict(
        persons=[person(pid, municipality=(101, 147, 851)[i % 3], sex="MK"[i % 2]) for i, pid in enumerate(IDS)],
        benefits=[row for pid in IDS for row in cash_weeks(pid, -3, 9, match="JUA"[len(pid) % 3])],
        markings=[{"person_id": pid, "marking": "FSM1", "from_date": "2017-08-15"} for pid in IDS[:4]],
        offers=[{"person_id": pid, "offer_type": "VP", "from_date": "2017-08-20", "to_date": "2017-09-10"} for pid in IDS[2:6]],
        hours=[{"person_id": pid, "month": month_of_hours, "ordinary_hours": f"{i * 7.5}"} for i, pid in enumerate(IDS)],
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A folder in memory (/dev/shm) where there is one: DuckDB's fsync on every swap is what
    makes 500 loads slow on a disk; the loads themselves are the same."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="monitor-fuzz-", dir=shm))
        yield root
        shutil.rmtree(root, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def base(scratch):
    """A small database holding 2017-08, and the files of a valid 2017-09 extract."""
    db = scratch / "db" / "monitor.duckdb"
    assert store.ingest(db, [write_extract(scratch / "src", "2017-08", **extract_tables("2017-08"))]).ok
    valid = write_extract(scratch / "src", "2017-09", **extract_tables("2017-09"))
    return db, {p.name: p.read_bytes() for p in sorted(valid.iterdir())}


def write_case(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True)
    for name, data in files.items():
        if data is None:
            (folder / name).mkdir()
        else:
            (folder / name).write_bytes(data)
    return folder


def fuzzed(rng: random.Random, files: dict, root: Path, case: int) -> tuple[Path, list[str]]:
    mutated, applied = mutate(dict(files), rng)
    month = rng.choices(["2017-09", "2099-01", "2017-9", "0101801234"], weights=[94, 2, 2, 2])[0]
    return write_case(root / f"case{case}" / month, mutated), applied


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text] + NAMES.findall(text)


def stored_state(db: Path) -> tuple[dict, str]:
    """The stored extract tables, and the texts a page shows from the last load."""
    con = store.connect(db)
    try:
        tables = {t: con.sql(f"select * from {t} order by all").fetchall() for t in DATA_TABLES}
        message = con.sql("select message from load_log order by loaded_at desc limit 1").fetchall()
        warned = con.sql("select column_name, rule from quality_warnings").fetchall()
        return tables, " ".join(map(str, [*message, *warned]))
    finally:
        con.close()


def test_fuzzed_extracts_end_loaded_or_rejected_with_a_report_and_nothing_else(base, scratch):
    db, files = base
    rng = random.Random(SEED)
    outcomes = Counter()
    before, _ = stored_state(db)
    for case in range(CASES):
        folder, applied = fuzzed(rng, files, scratch, case)
        label = f"case {case} {applied} {folder.name}"
        try:
            result = store.ingest(db, [folder], replace=True)  # each valid mutation re-delivers 2017-09
        except Exception as exc:  # a traceback: fail with what reproduces it
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
        after, shown = stored_state(db)
        assert not leaks(result.report) and not leaks(shown), f"{label}: {result.report}"
        if result.ok:
            outcomes["loaded"] += 1
        else:
            outcomes["rejected"] += 1
            assert result.report.startswith("Udtrækket ") and " er afvist: " in result.report, label
            assert after == before, label
        assert sorted(p.name for p in db.parent.iterdir()) == ["monitor.duckdb", "monitor.duckdb.lock"], label
        shutil.rmtree(scratch / f"case{case}")
        before = after
    # the mutations reach both ends: most are rejected, some still make a valid extract
    assert outcomes["loaded"] + outcomes["rejected"] == CASES
    assert outcomes["rejected"] > CASES // 2 and outcomes["loaded"] >= 10, outcomes


def test_fuzzed_extracts_through_the_command_line(base, scratch):
    db, files = base
    copy = scratch / "cli" / "monitor.duckdb"
    copy.parent.mkdir()
    shutil.copy2(db, copy)
    rng = random.Random(SEED + 1)
    codes = []
    for case in range(6):
        folder, applied = fuzzed(rng, files, scratch / "cli", case)
        done = subprocess.run([sys.executable, "-m", "monitor", "ingest", "--db", str(copy), str(folder)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), (applied, done.stderr)
        assert not leaks(done.stderr), (applied, done.stderr)
        if done.returncode == 1:
            assert " er afvist: " in done.stderr, (applied, done.stderr)
        assert done.stderr.rstrip().endswith(f"({copy}).")
        codes.append(done.returncode)
    assert 1 in codes
