"""Hostile and broken extracts (issue 10): every failure kind gets a Danish report naming file,
row and column, no value that could be an id is echoed, no reader's exception name leaks, and
a rejected load leaves the stored data exactly as before."""

import datetime as dt
import os
import re

import polars as pl
import pytest

from extract_factory import person, snapshot, valid_tables, write_extract
from monitor.core import extracts, figures, store

CAUSE_NAMES = re.compile(r"\((\w+Error|\w+Exception)\)|Traceback")


@pytest.fixture
def loaded(tmp_path):
    folder = write_extract(tmp_path / "good", "2017-08", **valid_tables())
    db = tmp_path / "db" / "monitor.duckdb"
    assert store.ingest(db, [folder]).ok
    return db


def reject(db, folder, *expected):
    """Loads folder, expects a rejection with every expected text; returns the report."""
    before = snapshot(db)
    result = store.ingest(db, [folder])
    assert not result.ok
    for text in expected:
        assert text in result.report, result.report
    assert not CAUSE_NAMES.search(result.report), result.report
    assert snapshot(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["monitor.duckdb", "monitor.duckdb.lock"]
    return result.report


def extract_with(tmp_path, month="2017-09", **changes):
    tables = valid_tables()
    tables.update(changes)
    return write_extract(tmp_path / "x", month, **tables)


# --- no value that could be an id is echoed --------------------------------------------------

def test_cpr_like_values_in_other_columns_are_hidden_in_report_log_and_page_data(tmp_path, loaded):
    folder = extract_with(
        tmp_path,
        markings=[{"person_id": "P1", "marking": "3112999999", "from_date": "2017-08-15"}],
        hours=[{"person_id": "P1", "month": "311299-9999", "ordinary_hours": "1"}],
    )
    report = reject(loaded, folder, "markings.csv, række 1, kolonne marking, værdi '(ikke vist)': ukendt kode",
                    "hours.csv, række 1, kolonne month, værdi '(ikke vist)': skal være en gyldig måned")
    assert "3112999999" not in report and "311299-9999" not in report
    con = store.connect(loaded)
    stored = con.sql("select message from load_log where outcome = 'rejected'").fetchall()[0][0]
    shown = figures.load_log(con).filter(pl.col("outcome") == "rejected")["message"][0]
    assert "3112999999" not in stored and "(ikke vist)" in stored and shown == stored


def test_swapped_header_hides_the_ids_that_land_in_another_column(tmp_path, loaded):
    folder = extract_with(tmp_path, persons=[person("Q7"), person("ZX9")])
    hours = folder / "hours.csv"
    hours.write_text("month,person_id,ordinary_hours\nZX9,2017-09,3\nQ7,2017-09,4\n")
    report = reject(loaded, folder, "hours.csv, række 1, kolonne month, værdi '(ikke vist)'",
                    "hours.csv, række 2, kolonne month, værdi '(ikke vist)'")
    assert "ZX9" not in report and "'Q7'" not in report


def test_a_column_name_that_could_be_an_id_is_not_echoed(tmp_path, loaded):
    folder = extract_with(tmp_path)
    (folder / "hours.csv").write_text("person_id,month,ordinary_hours,0101801234\nP1,2017-09,3,x\n")
    result = store.ingest(loaded, [folder])
    assert result.ok, result.report
    con = store.connect(loaded)
    columns = con.sql("select column_name from quality_warnings where rule = 'ukendt kolonne ignoreres'").fetchall()
    assert columns == [("(ikke vist)",)]


@pytest.mark.parametrize("pid", ["123456789", "0123456789", "010180-1234"])
def test_nine_or_ten_digit_ids_are_rejected_as_cpr_numbers(tmp_path, loaded, pid):
    report = reject(loaded, extract_with(tmp_path, persons=[person(pid)]),
                    "persons.csv, række 1, kolonne person_id, værdi '(ikke vist)': ligner et CPR-nummer")
    assert pid not in report


def test_an_old_stored_message_with_an_id_is_hidden_on_the_page(tmp_path, loaded):
    con = store.connect(loaded, read_only=False)
    con.execute("insert into load_log (extract_month, folder, loaded_at, outcome, files, row_counts, message) values ('2017-09', '2017-09', now(), 'rejected', '{}', '{}', "
                "'hours.csv, række 1, kolonne month, værdi ''3112999999'': skal være en gyldig måned')")
    con.close()
    shown = figures.load_log(store.connect(loaded))["message"].to_list()
    assert "hours.csv, række 1, kolonne month, værdi '(ikke vist)': skal være en gyldig måned" in shown


# --- the 1.1 rejection rules ------------------------------------------------------------------

def test_extract_month_later_than_the_current_month(tmp_path):
    folder = write_extract(tmp_path, "2017-09", **valid_tables())
    late = extracts.read_extract(folder, today=dt.date(2017, 8, 31))
    assert [str(p) for p in late.problems] == [
        "2017-09: udtræksmåneden 2017-09 ligger efter indeværende måned 2017-08; "
        "et udtræk kan ikke være fra en måned, der ikke er begyndt"]
    assert extracts.read_extract(folder, today=dt.date(2017, 9, 1)).ok


@pytest.mark.parametrize("kind", ["folder", "pipe", "device"])
def test_a_table_that_is_not_a_regular_file_is_rejected_without_opening_it(tmp_path, loaded, kind):
    folder = extract_with(tmp_path)
    table = folder / "hours.csv"
    table.unlink()
    {"folder": table.mkdir, "pipe": lambda: os.mkfifo(table), "device": lambda: table.symlink_to("/dev/zero")}[kind]()
    word = {"folder": "en mappe", "pipe": "et rør (pipe)", "device": "en enhed"}[kind]
    reject(loaded, folder, f"hours.csv: tabellen er {word}, ikke en almindelig fil; den er ikke åbnet")


def test_a_column_named_twice_also_after_stripping_spaces(tmp_path, loaded):
    folder = extract_with(tmp_path)
    (folder / "hours.csv").write_text("person_id,month , month,ordinary_hours\nP1,2017-09,2017-09,3\n")
    reject(loaded, folder, "hours.csv, kolonne month: kolonnen står to gange i overskriftsrækken (kolonne 2 og 3)")


# --- clear messages for broken files -----------------------------------------------------------

def test_semicolon_separated_files_say_so_once_with_how_to_save_them(tmp_path, loaded):
    folder = extract_with(tmp_path)
    for name in ("persons.csv", "hours.csv"):
        text = (folder / name).read_text()
        (folder / name).write_text(text.replace(",", ";"))
    report = reject(loaded, folder, "\n  - persons.csv, hours.csv: filen ser ud til at være semikolonsepareret som "
                    "dansk Excel gemmer CSV, ikke kommasepareret; gem den igen som kommasepareret CSV i UTF-8",
                    "CSV UTF-8 (kommasepareret)")
    assert "påkrævet kolonne mangler" not in report and "2 fejl fundet" in report
    assert report.count("semikolonsepareret") == 1


def test_extra_field_short_row_and_unclosed_quote_name_the_row(tmp_path, loaded):
    folder = extract_with(tmp_path, hours=[{"person_id": "P1", "month": "2017-09", "ordinary_hours": "1"}])
    (folder / "hours.csv").write_text("person_id,month,ordinary_hours\nP1,2017-09,1\nP2,2017-09,1,5\n")
    (folder / "offers.csv").write_text('person_id,offer_type,from_date,to_date\nP1,VP,2017-09-01,\nP1,"VO,2017-09-02,\n')
    (folder / "markings.csv").write_text("person_id,marking,from_date,to_date\nP1,FSM1,2017-09-01,\nP1,FSM2,2017-09-02\n")
    reject(loaded, folder,
           "markings.csv, række 2: rækken har 3 felter, men overskriften har 4 kolonner (rækken er afkortet",
           "hours.csv, række 2: rækken har 4 felter, men overskriften har 3 kolonner",
           'offers.csv, række 2: et anførselstegn (") i rækken er ikke lukket korrekt')


def test_empty_file_latin1_utf16_and_parquet_struct(tmp_path, loaded):
    folder = extract_with(tmp_path)
    (folder / "hours.csv").write_bytes(b"")
    markings = (folder / "markings.csv").read_text() + "P1,FSM1,2017-09-01,2017-09-0\xe6\n"
    (folder / "markings.csv").write_bytes(markings.encode("latin-1"))
    (folder / "offers.csv").write_bytes((folder / "offers.csv").read_text().encode("utf-16"))
    (folder / "benefits.csv").write_bytes((folder / "benefits.csv").read_text().encode("utf-16-le"))  # no BOM
    (folder / "persons.csv").unlink()
    pl.DataFrame({"person_id": ["P1"], "municipality_code": [{"code": 101}], "birth_year": [1975], "sex": ["K"],
                  "integration_programme_end": [None]}).write_parquet(folder / "persons.parquet")
    reject(loaded, folder,
           "hours.csv: filen er tom (0 byte); den skal mindst have overskriftsrækken person_id,month,ordinary_hours",
           "markings.csv, række 2, kolonne to_date: filen er ikke gyldig UTF-8", "Latin-1",
           "benefits.csv, offers.csv: filen er gemt som UTF-16 eller UTF-32",
           "persons.parquet, kolonne municipality_code: kolonnen har typen struct (en sammensat værdi med underfelter); "
           "forventet heltal")


def test_trailing_blank_lines_are_ignored(tmp_path, loaded):
    folder = extract_with(tmp_path, hours=[{"person_id": "P1", "month": "2017-09", "ordinary_hours": "1"}])
    with open(folder / "hours.csv", "a") as fh:
        fh.write("\n\r\n ,,\n\n")
    result = store.ingest(loaded, [folder])
    assert result.ok, result.report
    con = store.connect(loaded)
    assert con.sql("select month, ordinary_hours from hours where extract_month = '2017-09'").fetchall() == [("2017-09", 1.0)]
    assert con.sql("select row_counts from load_log where extract_month = '2017-09'").fetchall()[0][0].count('"hours": 1') == 1
