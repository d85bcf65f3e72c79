"""The follow-up log and the documents on the dashboard (open mode: read-only), on the
demonstration data (documents for every participating municipality, a log for office Syd)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from monitor.core import documents, followup, reference, store
from monitor.dashboard import plain

APP = Path(__file__).resolve().parent.parent / "app.py"


def _page(demo_db, monkeypatch, page, **params) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(demo_db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture(scope="module")
def unshared(demo_db):
    """A municipality of the demonstration log with an entry not shared with it, and its job centre."""
    log = followup.connect(followup.path(demo_db))
    entries = followup.entries(log, "star", "DK")
    code = entries.filter(~pl.col("shared"))["municipality_code"][0]
    towns = reference.municipalities()
    jobcentre = towns.filter(pl.col("municipality_code") == code)["jobcentre_code"][0]
    return code, str(jobcentre), entries.filter(pl.col("municipality_code") == code)


def test_a_municipality_sees_only_shared_entries_on_the_jobcentre_page(demo_db, monkeypatch, unshared):
    code, jobcentre, entries = unshared
    shared_kinds = set(entries.filter(pl.col("shared"))["kind"])
    private_texts = [plain.markdown(t) for t in entries.filter(~pl.col("shared"))["text"]]  # as shown
    at = _page(demo_db, monkeypatch, "pages/jobcentre.py", jobcenter=jobcentre, rolle="kommune")
    text = _markdown(at)
    assert "Opfølgning fra arbejdsmarkedskontoret" in [h.value for h in at.subheader]
    assert all(f"· {kind}**" in text for kind in shared_kinds)
    assert not any(t in text for t in private_texts)
    # open mode: read-only, no form
    assert any("kan kun læses" in c.value for c in at.caption)
    assert not at.text_area
    at = _page(demo_db, monkeypatch, "pages/jobcentre.py", jobcenter=jobcentre, rolle="ministeriet")
    assert all(t in _markdown(at) for t in private_texts)


def test_the_instalments_page_shows_documents_and_overdue_actions(demo_db, monkeypatch):
    at = _page(demo_db, monkeypatch, "pages/instalments.py", rolle="arbejdsmarkedskontor", amk="SYD")
    assert {"Regnskaber og rapporter", "Aftaler med overskredet frist"} <= {h.value for h in at.subheader}
    tables = [d.value for d in at.dataframe]
    docs = next(t for t in tables if "Slutregnskab" in t.columns)
    con = store.connect(demo_db)
    status = documents.status(con).filter(pl.col("star_office") == "SYD")
    assert len(docs) == status["municipality_code"].n_unique()
    overdue = next(t for t in tables if "Aftale" in t.columns)
    assert len(overdue) == followup.overdue_actions(followup.connect(followup.path(demo_db)), "star", "DK",
                                                    office="SYD").height > 0


def test_the_meeting_pack_is_a_download_on_the_overview(demo_db, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(demo_db))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["maaned"] = "2019-08"
    at.run()
    at.selectbox(key="_sel_moedemateriale").select("region:1081").run()
    button = next(b for b in at.button if b.label.startswith("Lav mødemateriale for Region Nordjylland, august 2019"))
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(b.proto.label == "Hent mødemateriale (PDF)" for b in at.get("download_button"))


def test_writes_show_in_a_running_session_without_a_restart(demo_db, monkeypatch, tmp_path):
    import datetime as dt
    import shutil

    db = tmp_path / "monitor.duckdb"
    shutil.copyfile(demo_db, db)
    shutil.copyfile(followup.path(demo_db), followup.path(db))
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"jobcenter": "851", "rolle": "ministeriet"})
    at.run()
    at.switch_page("pages/jobcentre.py")
    at.run()
    assert "Ny aftale om mentorordning" not in _markdown(at)  # no punctuation: the same when escaped
    writer = followup.Writer("anne@star.dk", "star", "DK")
    followup.add_entry(followup.path(db), writer, 851, dt.date(2019, 8, 1), "møde", "Ny aftale om mentorordning", False)
    at.run()  # the same session, the same server process
    assert "Ny aftale om mentorordning" in _markdown(at)
    path = tmp_path / "d.csv"
    path.write_text("municipality_code,document,received_date,endorsement\n851,final_report,2020-05-05,\n", encoding="utf-8")
    assert documents.load_file(db, path, "test").ok
    at.switch_page("pages/instalments.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "Slutrapport" in d.value.columns)
    assert table.loc[table["Kommune"] == "Aalborg", "Slutrapport"].tolist() == ["5. maj 2020"]


def _followup_app(jobcentre: str, office: str, codes: list[int]) -> None:
    from monitor.dashboard import administration

    who = administration.Viewer("arbejdsmarkedskontor", office, "bo@star.dk", True)
    administration.followup_section(jobcentre, office, codes, who=who)


def test_service_mode_writes_are_checked_saved_and_audited(demo_db, monkeypatch, tmp_path):
    import shutil

    from monitor.core import audit

    db = tmp_path / "monitor.duckdb"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_function(_followup_app, args=("851", "MIDTNORD", [851]), default_timeout=60)
    at.run()
    assert not any("kan kun læses" in c.value for c in at.caption)
    at.text_area[0].input("Borger 0101801234 har fået tilbud")
    at.button[0].click().run()  # the form's submit button
    assert [e.value for e in at.error] and "personnummer" in at.error[0].value
    assert "0101801234" not in at.error[0].value
    assert not followup.path(db).exists()  # nothing written
    at.text_area[0].input("Møde om virksomhedspraktik")
    at.checkbox[0].check()
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Opfølgningen er gemt."]
    entries = followup.entries(followup.connect(followup.path(db)), "kommune", "851")
    assert entries.select("text", "shared", "author").rows() == [("Møde om virksomhedspraktik", True, "bo@star.dk")]
    log = audit.log(db)
    assert log.filter(pl.col("event") == "write").select("user_name", "role", "unit").rows() == [
        ("bo@star.dk", "arbejdsmarkedskontor", "851")]
