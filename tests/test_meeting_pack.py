"""The regional meeting pack (spec administration.md, 3)."""

import io

import polars as pl
import pytest
from pypdf import PdfReader

from extract_factory import cash_weeks, load, person, write_extract
from monitor import cli
from monitor.core import areas, followup, store
from monitor.reports import meeting_pack


def test_area_figures_pool_the_municipalities_and_apply_discretion(tmp_path):
    # 101 København: 2 persons, 1 visited; 147 Frederiksberg: 5 persons, 3 visited (both Region Hovedstaden)
    people = {101: ["A1", "A2"], 147: ["B1", "B2", "B3", "B4", "B5"]}
    persons = [person(p, m) for m, ps in people.items() for p in ps]
    benefits = [row for ps in people.values() for p in ps for row in cash_weeks(p, -300, 9)]
    markings = [{"person_id": p, "marking": "FSM1", "from_date": "2017-08-10"} for p in ["A1", "B1", "B2", "B3"]]
    folder = write_extract(tmp_path / "x", "2017-08", persons=persons, benefits=benefits, markings=markings)
    result, con = load(tmp_path, folder)
    assert result.ok, result.report
    region = areas.area(region="1084")
    assert {101, 147} <= set(region["municipality_codes"]) and 155 not in region["municipality_codes"]
    codes = region["municipality_codes"]
    pooled = areas.area_figures(con, "2017-08", codes, ["target_group", "visited"]).sort("indicator")
    assert pooled.select("indicator", "numerator", "denominator", "suppressed").rows() == [
        ("target_group", 7, None, False), ("visited", 4, 7, False)]
    assert pooled.filter(pl.col("indicator") == "visited")["share"][0] == pytest.approx(4 / 7)
    alone = areas.area_figures(con, "2017-08", [101], ["visited"])
    assert alone.select("numerator", "share", "suppression").row(0) == (None, None, "primary")  # 1 of 2
    # Frederiksberg's 3 visited would give København's 1 from the region's 4: hidden too
    other = areas.area_figures(con, "2017-08", [147], ["visited"])
    assert other.select("numerator", "suppression").row(0) == (None, "secondary")
    with pytest.raises(areas.AreaError, match="Kun en region"):
        areas.area_figures(con, "2017-08", [101, 147], ["visited"])


def test_unknown_region_or_office():
    with pytest.raises(areas.AreaError, match="Ukendt region: 9999. Brug en af regionskoderne 1081"):
        areas.area(region="9999")
    with pytest.raises(areas.AreaError, match="Ukendt arbejdsmarkedskontor"):
        areas.area(office="NORD")


@pytest.fixture(scope="module")
def syd(demo_con, demo_db):
    log = followup.connect(followup.path(demo_db))
    return meeting_pack.pack_data(demo_con, log, "2019-08", office="SYD"), log


def test_one_page_per_participating_municipality_with_only_shared_actions(syd, demo_con):
    data, log = syd
    codes = areas.area(office="SYD")["municipality_codes"]
    assert [p["code"] for p in data["pages"]] == codes
    every = followup.actions(log, "star", "DK", codes)
    shared = every.filter(pl.col("shared"))
    assert every.height > shared.height > 0  # the demonstration log holds both kinds
    in_pack = sorted((a["entry_id"], a["action_no"]) for p in data["pages"] for a in p["actions"])
    assert in_pack == sorted(zip(shared["entry_id"], shared["action_no"]))
    assert all(len(p["documents"]) == 3 and len(p["instalments"]) == 3 for p in data["pages"])
    reader = PdfReader(io.BytesIO(meeting_pack.build_pdf(data)))
    assert len(reader.pages) == 1 + len(codes)
    first = data["pages"][0]
    text = reader.pages[1].extract_text()
    assert first["name"] in text and "Regnskaber og rapporter" in text
    assert "Arbejdsmarkedskontor Syd mod hele landet" in reader.pages[0].extract_text()


def test_command_line(demo_db, tmp_path):
    out = tmp_path / "pack.pdf"
    assert cli.main(["meeting-pack", "--db", str(demo_db), "--region", "1081", "--month", "2019-08", "--out", str(out)]) == 0
    pages = len(PdfReader(str(out)).pages)
    assert pages == 1 + len(areas.area(region="1081")["municipality_codes"])
    assert cli.main(["meeting-pack", "--db", str(demo_db), "--region", "1081", "--month", "2030-01",
                     "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()
