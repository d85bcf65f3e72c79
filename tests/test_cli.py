"""The command line interface others script against: commands, columns, exit codes."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract_factory import cash_weeks, person, write_extract

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    people = {"101": ["A1", "A2"], "147": ["B1", "B2", "B3", "B4", "B5"]}
    persons = [person(p, int(m)) for m, ps in people.items() for p in ps]
    benefits = [row for ps in people.values() for p in ps for row in cash_weeks(p, -300, 9)]
    markings = [{"person_id": p, "marking": "FSM1", "from_date": "2017-08-10"} for p in ["A1", "B1", "B2", "B3"]]
    write_extract(root / "extracts", "2017-08", persons=persons, benefits=benefits, markings=markings)
    bad = write_extract(root / "bad", "2017-09", persons=[person("0101801234")])
    return root, bad


def test_ingest_indicators_and_instalments(extracts, tmp_path):
    root, _ = extracts
    db = tmp_path / "cli.duckdb"
    done = _run("ingest", str(root / "extracts"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    out = _run("indicators", "--month", "2017-08", env={"MONITOR_DB": str(db)})
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert out.stdout.splitlines()[0] == "month,unit_type,unit_code,unit_name,indicator,numerator,denominator,share"
    assert {r["unit_type"] for r in rows} == {"jobcentre", "municipality", "star_office", "country"}
    country = {r["indicator"]: r for r in rows if r["unit_type"] == "country"}
    assert country["target_group"]["unit_code"] == "DK"
    assert (country["target_group"]["numerator"], country["target_group"]["denominator"], country["target_group"]["share"]) == ("7", "", "")
    assert country["visited"]["share"] == "0.571429"
    kbh = {r["indicator"]: r for r in rows if r["unit_type"] == "municipality" and r["unit_code"] == "101"}
    assert kbh["target_group"]["numerator"] == ""  # 2 persons: suppressed
    raw = _run("indicators", "--month", "2017-08", "--unit", "municipality", "--raw", "--db", str(db))
    raw_rows = {(r["unit_code"], r["indicator"]): r for r in csv.DictReader(io.StringIO(raw.stdout))}
    assert raw_rows[("101", "target_group")]["numerator"] == "2"
    assert {r["unit_type"] for r in raw_rows.values()} == {"municipality"}
    waiting = [r for r in rows if r["indicator"].startswith("g2_waiting_")]
    assert {r["indicator"] for r in waiting} == {"g2_waiting_0_3", "g2_waiting_3_6", "g2_waiting_6_9", "g2_waiting_over_9"}
    inst = _run("instalments", "--db", str(db))
    assert inst.returncode == 0
    inst_rows = list(csv.DictReader(io.StringIO(inst.stdout)))
    assert inst.stdout.splitlines()[0] == ("municipality_code,municipality_name,grant_dkk,instalment,percent,amount_dkk,"
                                           "state,due_month,decided_vintage,flag")
    assert {r["state"] for r in inst_rows} <= {"paid", "met_waiting", "not_met"}
    assert sum(int(r["amount_dkk"]) for r in inst_rows) == 257_000_000
    assert all(r["due_month"] == "" for r in inst_rows if r["state"] == "not_met")


def test_rejected_ingest_exits_1_with_the_report_on_stderr(extracts, tmp_path):
    _, bad = extracts
    out = _run("ingest", str(bad), "--db", str(tmp_path / "x.duckdb"))
    assert out.returncode == 1
    assert "CPR-nummer" in out.stderr and "0101801234" not in out.stderr + out.stdout


def test_unknown_month_and_missing_database(tmp_path):
    missing = _run("indicators", "--month", "2018-12", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "findes ikke" in missing.stderr
    bad_month = _run("indicators", "--month", "2018-13")
    assert bad_month.returncode == 2 and "Ugyldig måned" in bad_month.stderr


def test_every_command_has_help():
    for command in ("ingest", "indicators", "instalments", "revisions"):
        out = _run(command, "--help")
        assert out.returncode == 0 and "--db" in out.stdout
