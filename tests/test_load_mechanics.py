"""Load mechanics (issue 10): the database file keeps its mode, a new one is readable by its
owner only, a symlinked --db is followed, no work file is left after any outcome, free space
is checked, a load that must wait says so (or stops with --no-wait), odd paths work or get a
clear message - and the command line never shows a traceback."""

import errno
import fcntl
import os
import stat
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path

import pytest

from extract_factory import person, snapshot, valid_tables, write_extract
from monitor.core import derive, store, work_copy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    root = tmp_path_factory.mktemp("mechanics")
    good = write_extract(root / "good", "2017-08", **valid_tables())
    later = write_extract(root / "later", "2017-09", **valid_tables())
    bad = write_extract(root / "bad", "2017-09", persons=[person("P1", sex="X")])
    return good, later, bad


def files_in(folder):
    return sorted(p.name for p in Path(folder).iterdir())


def cli(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "monitor", *map(str, args)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_new_database_is_owner_only_and_an_existing_one_keeps_its_mode(tmp_path, extracts):
    good, later, bad = extracts
    db = tmp_path / "monitor.duckdb"
    assert store.ingest(db, [good]).ok
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    os.chmod(db, 0o640)
    assert store.ingest(db, [later]).ok
    assert not store.ingest(db, [bad]).ok
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o640


def test_a_symlinked_database_is_followed_and_the_link_kept(tmp_path, extracts):
    good, later, _ = extracts
    real = tmp_path / "real" / "monitor.duckdb"
    assert store.ingest(real, [good]).ok
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    assert store.ingest(link, [later]).ok
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert snapshot(real)["hours"][-1][3] == "2017-09"  # extract_month (valid_to follows)
    assert files_in(tmp_path) == ["link.duckdb", "real"]
    assert files_in(real.parent) == ["monitor.duckdb", "monitor.duckdb.lock"]


def failing_rebuild(monkeypatch, exc):
    def rebuild(con, *args, **kwargs):
        raise exc

    monkeypatch.setattr(derive, "rebuild", rebuild)


@pytest.mark.parametrize("failure", ["exception", "disk full"])
def test_no_work_file_is_left_after_a_failure_and_the_data_is_unchanged(tmp_path, extracts, monkeypatch, failure):
    good, later, _ = extracts
    db = tmp_path / "monitor.duckdb"
    assert store.ingest(db, [good]).ok
    before = snapshot(db)
    if failure == "exception":
        failing_rebuild(monkeypatch, RuntimeError("simulated failure while rebuilding"))
        with pytest.raises(RuntimeError):
            store.ingest(db, [later])
    else:
        failing_rebuild(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
        result = store.ingest(db, [later])
        assert not result.ok
        assert result.report.startswith(f"Disken blev fuld under indlæsningen i {tmp_path}. Frigør plads")
    assert files_in(tmp_path) == ["monitor.duckdb", "monitor.duckdb.lock"]
    assert snapshot(db) == before


def test_free_space_is_checked_before_copying(tmp_path, extracts, monkeypatch):
    good, later, _ = extracts
    db = tmp_path / "monitor.duckdb"
    assert store.ingest(db, [good]).ok
    size = os.stat(db).st_size
    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(work_copy.shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 5 * 2**20, 5 * 2**20))
    result = store.ingest(db, [later])
    assert not result.ok
    incoming = sum(p.stat().st_size for p in later.iterdir())
    needed = (2 * size + incoming + 64 * 2**20) // 2**20
    assert result.report == (
        f"Der er ikke plads nok på disken til indlæsningen: den kræver ca. {needed} MB ledig plads i {tmp_path} "
        f"(en arbejdskopi af databasen på {size // 2**20} MB plus plads til de nye data), men der er kun 5 MB. "
        "Frigør plads, og prøv igen. Intet er ændret.")
    assert files_in(tmp_path) == ["monitor.duckdb", "monitor.duckdb.lock"]


def test_a_load_that_must_wait_says_so_at_once_and_no_wait_exits(tmp_path, extracts):
    good, _, _ = extracts
    db = tmp_path / "monitor.duckdb"
    with open(tmp_path / "monitor.duckdb.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("proces 4242, startet 2026-11-24 10:00:00")
        held.flush()
        refused = cli("ingest", "--no-wait", "--db", db, good)
        out, err = refused.communicate(timeout=60)
        assert refused.returncode == 1
        assert f"En anden indlæsning i {db} er i gang (proces 4242, startet 2026-11-24 10:00:00)" in err
        waiting = cli("ingest", "--db", db, good)
        first_line = waiting.stderr.readline()
        assert first_line.startswith(f"Venter på, at en anden indlæsning i {db} bliver færdig")
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting
        fcntl.flock(held, fcntl.LOCK_UN)
    rest = waiting.communicate(timeout=120)[1]
    assert waiting.returncode == 0, rest
    assert "1 udtræk indlæst" in rest
    assert files_in(tmp_path) == ["monitor.duckdb", "monitor.duckdb.lock", "monitor.service.sqlite"]


@pytest.mark.parametrize("name", ["mappe med mellemrum#1", "æøå:x", "a'b\"c"])
def test_odd_characters_in_the_database_path_work(tmp_path, extracts, name):
    good, _, _ = extracts
    db = tmp_path / name / "monitor.duckdb"
    assert store.ingest(db, [good]).ok
    assert snapshot(db)["persons"] == [("P1", 101, 1975, "K", None, "2017-08", None)]  # valid_to: latest


def test_a_question_mark_in_the_database_path_is_a_clear_message_not_a_traceback(tmp_path, extracts):
    good, _, bad = extracts
    db = tmp_path / "hvad?nu" / "monitor.duckdb"
    done = cli("ingest", "--db", db, good)
    out, err = done.communicate(timeout=60)
    assert done.returncode == 1
    assert "indeholder tegnet «?», som DuckDB læser som begyndelsen på tilvalg til filnavnet" in err
    assert "Traceback" not in err
    assert not (tmp_path / "hvad?nu").exists()
    rejected = cli("ingest", "--db", tmp_path / "ok.duckdb", bad)
    err = rejected.communicate(timeout=60)[1]
    assert rejected.returncode == 1 and "Traceback" not in err
    assert "persons.csv, række 1, kolonne sex, værdi 'X': skal være M eller K" in err
    # every file the loading process creates (here the lock; while loading DuckDB's log) is owner-only
    assert stat.S_IMODE(os.stat(tmp_path / "ok.duckdb.lock").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "ok.duckdb").st_mode) == 0o600
