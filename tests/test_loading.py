"""Loading extracts: every rejection rule with its report and an unchanged database, key
precedence, reloads, CSV and Parquet, the load log and data-quality warnings."""

import polars as pl
import pytest

from extract_factory import load, person, snapshot, valid_tables, write_extract
from monitor.core import store

@pytest.fixture
def loaded(tmp_path):
    """A database holding one valid extract (2017-08)."""
    folder = write_extract(tmp_path / "good", "2017-08", **valid_tables())
    result, con = load(tmp_path, folder)
    con.close()
    assert result.ok, result.report
    return tmp_path / "monitor.duckdb"


def _reject(tmp_path, db, folder, *expected):
    before = snapshot(db)
    result = store.ingest(db, [folder])
    assert not result.ok
    assert result.rejected == [str(folder)]
    for text in expected:
        assert text in result.report, result.report
    assert snapshot(db) == before  # the stored data is exactly as before
    return result.report


def _with(month="2017-09", **changes):
    tables = valid_tables()
    tables.update(changes)
    return month, tables


CASES = {
    "bad folder name": ("2017-13", valid_tables(), ["gyldig måned ÅÅÅÅ-MM"]),
    "birth year out of range": (*_with(persons=[person("P1", birth_year=1899)]), ["birth_year", "1899", "mellem 1900"]),
    "birth year not an integer": (*_with(persons=[{**person("P1"), "birth_year": "19x5"}]), ["birth_year", "heltal"]),
    "unknown municipality": (*_with(persons=[person("P1", municipality=999)]), ["municipality_code", "ukendt kommunekode"]),
    "bad sex": (*_with(persons=[person("P1", sex="X")]), ["sex", "M eller K"]),
    "unknown benefit": (*_with(benefits=[{"person_id": "P1", "week": "2017-W30", "benefit": "XX"}]), ["ukendt ydelseskode"]),
    "match category missing on cash": (*_with(benefits=[{"person_id": "P1", "week": "2017-W30", "benefit": "KH"}]), ["match_category", "påkrævet"]),
    "match category on other benefit": (*_with(benefits=[{"person_id": "P1", "week": "2017-W30", "benefit": "SD", "match_category": "A"}]), ["må kun udfyldes"]),
    "week 53 in a year without one": (*_with(benefits=[{"person_id": "P1", "week": "2017-W53", "benefit": "SD"}]), ["2017-W53", "ISO-uge"]),
    "week after the extract month": (*_with(benefits=[{"person_id": "P1", "week": "2017-W40", "benefit": "SD"}]), ["efter udtræksmåneden"]),
    "unknown marking": (*_with(markings=[{"person_id": "P1", "marking": "FSM4", "from_date": "2017-08-01"}]), ["marking", "ukendt kode"]),
    "marking from_date after the month": (*_with(markings=[{"person_id": "P1", "marking": "FSM1", "from_date": "2017-10-01"}]), ["from_date", "efter udtræksmåneden"]),
    "to_date before from_date": (*_with(offers=[{"person_id": "P1", "offer_type": "VP", "from_date": "2017-08-20", "to_date": "2017-08-19"}]), ["to_date", "før startdatoen"]),
    "invalid date": (*_with(offers=[{"person_id": "P1", "offer_type": "VP", "from_date": "2017-02-30"}]), ["from_date", "gyldig dato"]),
    "unknown offer": (*_with(offers=[{"person_id": "P1", "offer_type": "XX", "from_date": "2017-08-20"}]), ["offer_type", "ukendt kode"]),
    "hours above 744": (*_with(hours=[{"person_id": "P1", "month": "2017-09", "ordinary_hours": "745"}]), ["ordinary_hours", "0 og 744"]),
    "hours not a number": (*_with(hours=[{"person_id": "P1", "month": "2017-09", "ordinary_hours": "12,5"}]), ["decimaltal"]),
    "hours month after the extract month": (*_with(hours=[{"person_id": "P1", "month": "2017-10", "ordinary_hours": "3"}]), ["month", "efter udtræksmåneden"]),
    "key twice in a file": (*_with(hours=[{"person_id": "P1", "month": "2017-09", "ordinary_hours": "3"}] * 2), ["nøglen", "flere gange"]),
    "two groups the same day": (*_with(markings=[{"person_id": "P1", "marking": "FSM1", "from_date": "2017-09-01"},
                                                 {"person_id": "P1", "marking": "FSM2", "from_date": "2017-09-01"}]), ["samme startdato"]),
    "bad person id": (*_with(persons=[person("P 1!")]), ["person_id", "A-Z a-z 0-9"]),
    "missing value": (*_with(persons=[{**person("P1"), "sex": None}]), ["sex", "værdi mangler"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rejection_rule_reports_and_leaves_the_database_unchanged(tmp_path, loaded, case):
    month, tables, expected = CASES[case]
    folder = write_extract(tmp_path / "bad", month, **tables)
    report = _reject(tmp_path, loaded, folder, *expected)
    assert "række" in report or "mappens navn" in report


def test_cpr_like_id_is_rejected_without_echoing_it(tmp_path, loaded):
    for i, cpr in enumerate(["0101801234", "010180-1234"]):
        tables = valid_tables(pid=cpr)
        folder = write_extract(tmp_path / f"cpr{i}", "2017-09", **tables)
        report = _reject(tmp_path, loaded, folder, "CPR-nummer", "(ikke vist)")
        assert cpr not in report
        assert "0101801234" not in report and "1234" not in report


def test_missing_table_missing_column_not_utf8_and_unreadable(tmp_path, loaded):
    folder = write_extract(tmp_path / "files", "2017-09", **valid_tables())
    (folder / "offers.csv").unlink()
    (folder / "hours.csv").write_text("person_id,month\nP1,2017-09\n", encoding="utf-8")
    (folder / "markings.csv").write_bytes("person_id,marking,from_date,to_date\nP1,FSM1,2017-09-01,\xe6\n".encode("latin-1"))
    (folder / "persons.csv").unlink()
    (folder / "persons.parquet").write_bytes(b"not a parquet file")
    _reject(tmp_path, loaded, folder,
            "offers.csv/.parquet: tabellen mangler",
            "hours.csv, kolonne ordinary_hours: påkrævet kolonne mangler",
            "markings.csv, række 1, kolonne to_date: filen er ikke gyldig UTF-8",
            "Latin-1", "persons.parquet: filen er ikke en gyldig Parquet-fil")


def test_report_lists_every_problem_not_only_the_first(tmp_path, loaded):
    tables = valid_tables()
    tables["persons"] = [person("P1", sex="X", birth_year=1800)]
    tables["hours"] = [{"person_id": "P1", "month": "2017-09", "ordinary_hours": "-1"}]
    folder = write_extract(tmp_path / "many", "2017-09", **tables)
    report = _reject(tmp_path, loaded, folder, "sex", "birth_year", "ordinary_hours")
    assert "3 fejl fundet" in report


def test_bom_extra_columns_and_parquet_are_accepted(tmp_path):
    folder = write_extract(tmp_path / "x", "2017-08", **valid_tables())
    text = (folder / "persons.csv").read_text(encoding="utf-8")
    (folder / "persons.csv").write_bytes("\ufeff".encode() + text.replace("\n", ",\n", 1).replace("integration_programme_end,", "integration_programme_end,note", 1).encode())
    pl.read_csv(folder / "benefits.csv", infer_schema=False).write_parquet(folder / "benefits.parquet")
    (folder / "benefits.csv").unlink()
    result, con = load(tmp_path, folder)
    assert result.ok, result.report
    assert con.sql("select count(*) from benefits").fetchall()[0][0] == 310
    warnings = con.sql("select table_name, column_name, rule from quality_warnings").fetchall()
    assert ("persons.csv", "note", "ukendt kolonne ignoreres") in warnings


def test_same_extract_twice_changes_nothing(tmp_path, loaded):
    before = snapshot(loaded)
    folder = tmp_path / "good" / "2017-08"
    result = store.ingest(loaded, [folder])
    assert result.ok and result.unchanged == ["2017-08"] and result.loaded == []
    assert snapshot(loaded) == before


def test_key_precedence_by_extract_month_whatever_the_load_order(tmp_path):
    def extracts(root):
        aug = write_extract(root, "2017-08", persons=[person("K")],
                            offers=[{"person_id": "K", "offer_type": "VP", "from_date": "2017-08-01"}],
                            hours=[{"person_id": "K", "month": "2017-08", "ordinary_hours": "10"}])
        sep = write_extract(root, "2017-09", persons=[person("K")],
                            offers=[{"person_id": "K", "offer_type": "VP", "from_date": "2017-08-01", "to_date": "2017-09-10"}],
                            hours=[{"person_id": "K", "month": "2017-08", "ordinary_hours": "30"}])
        return aug, sep

    aug, sep = extracts(tmp_path / "src")
    forward = tmp_path / "forward"
    backward = tmp_path / "backward"
    store.ingest(forward / "monitor.duckdb", [aug])
    store.ingest(forward / "monitor.duckdb", [sep])
    store.ingest(backward / "monitor.duckdb", [sep])
    store.ingest(backward / "monitor.duckdb", [aug])
    assert snapshot(forward / "monitor.duckdb") == snapshot(backward / "monitor.duckdb")
    con = store.connect(forward / "monitor.duckdb")
    # both versions are kept; the later extract's version holds from its month on
    assert con.sql("select ordinary_hours, extract_month, valid_to from hours order by all").fetchall() == [
        (10.0, "2017-08", "2017-09"), (30.0, "2017-09", None)]
    assert con.sql("select ordinary_hours from hours_at('2017-08')").fetchall() == [(10.0,)]
    assert con.sql("select ordinary_hours from hours_at('2017-09')").fetchall() == [(30.0,)]
    assert str(con.sql("select to_date from offers_at('2017-09')").fetchall()[0][0]) == "2017-09-10"
    assert con.sql("select to_date from offers_at('2017-08')").fetchall() == [(None,)]


def test_folder_of_month_folders_loads_in_month_order_and_logs(tmp_path):
    root = tmp_path / "extracts"
    write_extract(root, "2017-09", persons=[person("L")])
    write_extract(root, "2017-08", persons=[person("L")])
    result, con = load(tmp_path, root)
    assert result.loaded == ["2017-08", "2017-09"]
    log = con.sql("select extract_month, outcome, files, row_counts from load_log order by extract_month").fetchall()
    assert [(m, o) for m, o, _, _ in log] == [("2017-08", "loaded"), ("2017-09", "loaded")]
    assert '"persons.csv"' in log[0][2] and '"persons": 1' in log[0][3]


def test_overlapping_group_markings_are_a_warning_without_person_ids(tmp_path):
    tables = valid_tables(pid="SECRET42")
    tables["markings"] = [
        {"person_id": "SECRET42", "marking": "FSM1", "from_date": "2017-08-01"},
        {"person_id": "SECRET42", "marking": "FSM2", "from_date": "2017-08-20"},
    ]
    folder = write_extract(tmp_path / "x", "2017-08", **tables)
    result, con = load(tmp_path, folder)
    assert result.ok, result.report
    warnings = con.sql("select table_name, rule from quality_warnings").fetchall()
    assert any("overlappende gruppemarkeringer for 1 personer" in rule for _, rule in warnings)
    assert all("SECRET42" not in rule for _, rule in warnings)
    # the latest from_date is the current group
    current = con.sql("select indicator, numerator from indicator_counts where month = '2017-08' "
                      "and unit_type = 'country' and indicator in ('group_1', 'group_2') order by indicator").fetchall()
    assert current == [("group_1", 0), ("group_2", 1)]


def test_readers_keep_the_previous_data_until_a_load_completes(tmp_path, loaded):
    reader = store.connect(loaded)
    version = store.data_version(loaded)
    folder = write_extract(tmp_path / "next", "2017-09", **valid_tables())
    assert store.ingest(loaded, [folder]).ok
    # the open connection still reads the previous database, consistently
    assert reader.sql("select max(extract_month) from persons").fetchall() == [("2017-08",)]
    assert store.data_version(loaded) != version
    fresh = store.connect(loaded)
    assert fresh.sql("select max(extract_month) from persons").fetchall() == [("2017-09",)]
