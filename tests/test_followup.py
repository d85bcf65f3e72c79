"""The follow-up log (spec administration.md, 2): who writes and reads, no person-level text."""

import datetime as dt

import polars as pl
import pytest

from monitor.core import followup
from monitor.core.followup import Action, FollowupError, Writer

NOW = dt.datetime(2019, 3, 10, 9, 30)
STAR = Writer("anne@star.dk", "star", "DK")
OEST = Writer("bo@star.dk", "arbejdsmarkedskontor", "OEST")
SYD = Writer("carl@star.dk", "arbejdsmarkedskontor", "SYD")


@pytest.fixture
def log(tmp_path):
    """101 København (Øst): one entry shared, one not; 147 Frederiksberg (Øst): one shared."""
    path = followup.path(tmp_path / "monitor.duckdb")
    followup.add_entry(path, OEST, 101, dt.date(2019, 2, 1), "møde", "Status på visitationen", True,
                       [Action("Plan for de sidste visitationer", dt.date(2019, 3, 1)),
                        Action("Ny opgørelse af aktivering", dt.date(2019, 4, 1), "i gang")], now=NOW)
    followup.add_entry(path, STAR, 101, dt.date(2019, 2, 20), "telefon", "Intern note om bemanding", False,
                       [Action("Ring igen", dt.date(2019, 3, 5))], now=NOW)
    followup.add_entry(path, OEST, 147, dt.date(2019, 1, 15), "besøg", "Besøg i jobcentret", True, now=NOW)
    return path


def test_a_text_with_an_id_like_value_is_refused_and_nothing_is_written(tmp_path, log):
    before = followup.entries(followup.connect(log), "star", "DK").height
    with pytest.raises(FollowupError) as refused:
        followup.add_entry(log, STAR, 101, dt.date(2019, 3, 1), "møde", "Borger 0101801234 mangler samtale", False, now=NOW)
    message = str(refused.value)
    assert "tegn nr. 8" in message and "personnummer" in message
    assert "0101801234" not in message
    # in an action, with a dash, and as 9 digits without the leading zero: refused just the same
    for bad in ("se sag 010180-1234", "cpr 101801234"):
        with pytest.raises(FollowupError, match="Aftale 1 kan ikke gemmes"):
            followup.add_entry(log, STAR, 101, dt.date(2019, 3, 1), "møde", "Møde", False,
                               [Action(bad, dt.date(2019, 4, 1))], now=NOW)
    assert followup.entries(followup.connect(log), "star", "DK").height == before
    # eight digits (a telephone number) is not id-like
    followup.add_entry(log, STAR, 101, dt.date(2019, 3, 1), "telefon", "Ring til 33 92 33 92 eller 33923392", False, now=NOW)


def test_a_municipality_user_sees_only_the_entries_shared_with_it(log):
    con = followup.connect(log)
    assert followup.entries(con, "kommune", "101")["text"].to_list() == ["Status på visitationen"]
    assert followup.actions(con, "kommune", "101")["text"].to_list() == [
        "Plan for de sidste visitationer", "Ny opgørelse af aktivering"]
    assert followup.entries(con, "kommune", "147")["text"].to_list() == ["Besøg i jobcentret"]
    assert followup.entries(con, "arbejdsmarkedskontor", "OEST").height == 3
    assert followup.entries(con, "arbejdsmarkedskontor", "SYD").height == 0
    assert followup.entries(con, "ministeriet", "DK", municipality_codes=[101])["text"].to_list() == [
        "Intern note om bemanding", "Status på visitationen"]
    assert followup.entries(con, "gæst", None).height == 0


def test_writing_rights_and_the_record_of_writes(log):
    with pytest.raises(FollowupError, match="kun STAR og kommunens arbejdsmarkedskontor"):
        followup.add_entry(log, SYD, 101, dt.date(2019, 3, 1), "møde", "Møde", True, now=NOW)
    with pytest.raises(FollowupError, match="kun STAR"):
        followup.add_entry(log, Writer("k@kk.dk", "kommune", "101"), 101, dt.date(2019, 3, 1), "møde", "Møde", True, now=NOW)
    with pytest.raises(FollowupError, match="Ukendt type"):
        followup.add_entry(log, STAR, 101, dt.date(2019, 3, 1), "middag", "Møde", True, now=NOW)
    writes = followup.writes(followup.connect(log))
    assert sorted(writes.select("user_name", "role", "action", "entry_id", "municipality_code").rows()) == [
        ("anne@star.dk", "star", "entry", 2, 101), ("bo@star.dk", "arbejdsmarkedskontor", "entry", 1, 101),
        ("bo@star.dk", "arbejdsmarkedskontor", "entry", 3, 147)]
    assert "text" not in writes.columns


def test_status_changes_keep_versions_and_overdue_actions_per_office(log):
    con = followup.connect(log)
    overdue = followup.overdue_actions(con, "arbejdsmarkedskontor", "OEST", today=dt.date(2019, 3, 10))
    assert overdue.select("entry_id", "action_no", "text").rows() == [
        (1, 1, "Plan for de sidste visitationer"), (2, 1, "Ring igen")]
    followup.set_action_status(log, OEST, 1, 1, "gennemført", now=NOW)
    con = followup.connect(log)
    overdue = followup.overdue_actions(con, "star", "DK", today=dt.date(2019, 3, 10), office="OEST")
    assert overdue["text"].to_list() == ["Ring igen"]
    done = followup.actions(con, "star", "DK").filter((pl.col("entry_id") == 1) & (pl.col("action_no") == 1))
    assert done.select("status", "version").row(0) == ("gennemført", 2)
    assert followup.overdue_actions(con, "arbejdsmarkedskontor", "SYD", today=dt.date(2019, 3, 10)).height == 0
    with pytest.raises(FollowupError, match="kun STAR"):
        followup.set_action_status(log, SYD, 2, 1, "gennemført", now=NOW)
