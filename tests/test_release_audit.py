"""Release times (default rule, set by command, who sees what) and the audit log."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from monitor import cli
from monitor.core import audit, release, servicefile
from monitor.core.settings import load as load_settings

APP = Path(__file__).resolve().parent.parent / "app.py"
CPH = ZoneInfo("Europe/Copenhagen")
MONTHS = ["2019-06", "2019-07", "2019-08"]


@pytest.fixture
def settings():
    return load_settings()


def test_easter_sundays():
    assert release.easter_sunday(2018) == dt.date(2018, 4, 1)
    assert release.easter_sunday(2019) == dt.date(2019, 4, 21)
    assert release.easter_sunday(2024) == dt.date(2024, 3, 31)


@pytest.mark.parametrize("month, expected", [
    ("2019-08", dt.datetime(2019, 9, 13, 9, 30)),   # month ends on a Saturday; ten plain weekdays
    ("2018-03", dt.datetime(2018, 4, 16, 9, 30)),   # Easter Monday 2 April is not a working day
    ("2017-12", dt.datetime(2018, 1, 15, 9, 30)),   # New Year's Day
    ("2019-05", dt.datetime(2019, 6, 18, 9, 30)),   # Constitution Day 5 June and Whit Monday 10 June
    ("2023-04", dt.datetime(2023, 5, 15, 9, 30)),   # Great Prayer Day 5 May 2023 (still a holiday)
])
def test_default_release_is_the_tenth_working_day_at_half_past_nine(settings, month, expected):
    assert release.default_release(month, settings) == expected.replace(tzinfo=CPH)


def test_great_prayer_day_is_a_working_day_from_2024(settings):
    assert not release.is_working_day(dt.date(2023, 5, 5), settings)
    assert release.is_working_day(dt.date(2024, 4, 26), settings)


def test_a_month_set_later_is_seen_only_by_those_who_may_see_unreleased(tmp_path, settings):
    db = tmp_path / "monitor.duckdb"
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc)
    assert release.visible_months(MONTHS, False, db, settings, now) == MONTHS
    release.set_release(db, "2019-08", release.parse_local("2099-01-01 09:30", settings), user="star@star.dk", role="star")
    assert release.visible_months(MONTHS, False, db, settings, now) == ["2019-06", "2019-07"]
    assert release.visible_months(MONTHS, True, db, settings, now) == MONTHS
    assert release.unreleased(MONTHS, db, settings, now) == {"2019-08"}
    later = release.releases(db, MONTHS, settings)["2019-08"]
    assert (later.at, later.source, later.set_by) == (dt.datetime(2099, 1, 1, 9, 30, tzinfo=CPH), "sat", "star@star.dk")
    # the latest setting holds
    release.set_release(db, "2019-08", release.parse_local("2019-09-13 09:30", settings), user="star@star.dk", role="star")
    assert release.visible_months(MONTHS, False, db, settings, now) == MONTHS
    events = audit.log(db)
    assert events["event"].to_list() == ["release", "release"]
    assert events["month"].to_list() == ["2019-08", "2019-08"]
    assert events["detail"][0] == "offentliggøres 2099-01-01 09:30 (CET)"


def test_a_malformed_release_time_says_how_to_write_it(settings):
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM-DD TT:MM"):
        release.parse_local("13/9 2019", settings)


def test_audit_log_takes_writes_from_many_threads_and_filters_by_date(tmp_path):
    db = tmp_path / "monitor.duckdb"
    old = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone.utc)
    audit.record(db, "login", user="a@aalborg.dk", role="kommune", at=old)

    def download(i):
        audit.record(db, "download", user=f"u{i}@x.dk", role="kommune", what=f"jobcenter-851_{i}.csv",
                     unit="851", month="2019-08", vintage="2019-08")

    threads = [threading.Thread(target=download, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert audit.log(db).height == 21
    recent = audit.log(db, since=dt.date(2026, 11, 2))
    assert recent.height == 20 and set(recent["event"]) == {"download"}
    assert audit.log(db, since=dt.date(2026, 11, 1))["user_name"][0] == "a@aalborg.dk"
    assert servicefile.path(db) == tmp_path / "monitor.service.sqlite"


def test_audit_refuses_unknown_events(tmp_path):
    with pytest.raises(ValueError, match="ukendt hændelse"):
        audit.record(tmp_path / "x.duckdb", "peek", user="a", role="kommune")


def test_release_and_audit_commands(demo_db, tmp_path, capsys):
    """python -m monitor release / audit, and reports kept to released months."""
    db = tmp_path / "monitor.duckdb"
    db.symlink_to(demo_db)
    assert cli.main(["release", "--db", str(db), "--month", "2019-08", "--at", "2099-01-01 09:30"]) == 0
    assert cli.main(["release", "--db", str(db)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[-1].startswith("2019-08  2099-01-01 09:30  ikke offentliggjort  (sat af ")
    assert listing[-2] == "2019-07  2019-08-14 09:30  offentliggjort  (standard)"
    with pytest.raises(SystemExit, match="ikke offentliggjort endnu; brug --unreleased"):
        cli.main(["laggards", "--db", str(db), "--month", "2019-08", "--out", str(tmp_path / "l.xlsx")])
    assert cli.main(["laggards", "--db", str(db), "--out", str(tmp_path / "l.xlsx")]) == 0
    capsys.readouterr()
    assert cli.main(["audit", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "at,user_name,role,event,what,unit,month,vintage,detail"
    assert [line.split(",")[3] for line in lines[1:]] == ["release", "report"]
    assert lines[2].split(",")[4:8] == ["laggards (xlsx)", "", "2019-07", "2019-07"]
    assert cli.main(["audit", "--db", str(db), "--since", "2099-01-01"]) == 0
    assert capsys.readouterr().out.splitlines() == [lines[0]]


def test_a_relative_database_path_reads_the_service_file(tmp_path, monkeypatch):
    """MONITOR_DB=data/monitor.duckdb (relative, as in the README) once the service file exists."""
    monkeypatch.chdir(tmp_path)
    audit.record("monitor.duckdb", "download", user="a@aalborg.dk", role="kommune", what="x.csv")
    assert audit.log("monitor.duckdb")["what"].to_list() == ["x.csv"]


def _decision_vintages(at) -> set[str]:
    frames = [f.value for f in at.dataframe if "Besluttet på udtrækket for" in f.value.columns]
    assert len(frames) == 1
    return set(frames[0]["Besluttet på udtrækket for"].tolist())


def test_before_release_the_unreleased_extract_is_not_the_latest_for_others(demo_db, tmp_path, monkeypatch, settings):
    """With 2019-08 not yet released, the open mode (and municipalities, offices) see figures,
    instalment decisions and the extract choice as the 2019-07 extract showed them: the three
    rate-3 decisions first made on the 2019-08 extract do not show before its release."""
    db = tmp_path / "monitor.duckdb"
    db.symlink_to(demo_db)
    monkeypatch.setenv("MONITOR_DB", str(db))

    def rater() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        at.switch_page("pages/instalments.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    released = rater()
    assert "august 2019" in _decision_vintages(released)
    assert [s for s in released.selectbox if s.label == "Udtræk"][0].value == "2019-08"
    release.set_release(db, "2019-08", release.parse_local("2099-01-01 09:30", settings), user="star@star.dk", role="star")
    before = rater()
    assert "august 2019" not in _decision_vintages(before)
    extract = [s for s in before.selectbox if s.label == "Udtræk"][0]
    assert extract.value == "2019-07" and extract.options[0] == "juli 2019 (seneste)"
    assert not [o for o in extract.options if "august 2019" in o]
    assert "Data til og med juli 2019" in "\n".join(c.value for c in before.caption)


def _cells(path) -> list:
    book = load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def test_reports_before_release_use_the_released_extract_and_unreleased_ones_are_marked(demo_db, tmp_path, settings):
    """With 2019-08 not released: a statement or laggard report of 2019-07 is the one of extract
    2019-07 (not 2019-07 as the unreleased extract restates it); one made with --unreleased
    for 2019-08 says "IKKE OFFENTLIGGJORT" on its first page."""
    db = tmp_path / "monitor.duckdb"
    db.symlink_to(demo_db)
    release.set_release(db, "2019-08", release.parse_local("2099-01-01 09:30", settings), user="star@star.dk", role="star")
    made = {}
    for name, extra in {"default": [], "as_of_2019_07": ["--as-of", "2019-07"], "latest": ["--unreleased"],
                        "unreleased": ["--unreleased", "--month", "2019-08"]}.items():
        for report in ("statement", "laggards"):
            out = tmp_path / f"{report}_{name}.xlsx"
            target = ["--jobcentre", "101"] if report == "statement" else []
            month = [] if "--month" in extra else ["--month", "2019-07"]
            assert cli.main([report, "--db", str(db), *month, *target, *extra, "--out", str(out)]) == 0, (report, name)
            made[report, name] = _cells(out)
    for report in ("statement", "laggards"):
        assert made[report, "default"] == made[report, "as_of_2019_07"]
        assert made[report, "default"] != made[report, "latest"]  # the 2019-08 extract restates July
        assert not [c for c in made[report, "default"] if isinstance(c, str) and "august 2019" in c]
        marked = [c for c in made[report, "unreleased"] if isinstance(c, str) and "IKKE OFFENTLIGGJORT" in c]
        assert set(marked) == {"Udtræk: august 2019 (det seneste) · IKKE OFFENTLIGGJORT"}
        assert [c for c in made[report, "latest"] if isinstance(c, str) and "IKKE OFFENTLIGGJORT" in c]
        assert not [c for c in made[report, "default"] if isinstance(c, str) and "OFFENTLIGGJORT" in c]
        with pytest.raises(SystemExit, match="Udtrækket for 2019-08 er ikke offentliggjort endnu; brug --unreleased"):
            cli.main([report, "--db", str(db), "--as-of", "2019-08", "--jobcentre", "101", "--out", str(tmp_path / "x.xlsx")]
                     if report == "statement" else [report, "--db", str(db), "--as-of", "2019-08", "--out", str(tmp_path / "x.xlsx")])
