"""The demonstration data: reproducible, valid extracts whose population holds the near misses
of the target-group rule, in both file formats."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from monitor.core import calendar, figures, queries, store
from monitor.core.extracts import COLUMNS, TABLES
from monitor.core.settings import load as load_settings
from monitor.demo import population as dp, writer as demo

SCALE = 0.02
SEED = 7


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "extracts"
    demo.prepare_out_dir(out)
    demo.write_extracts(out, scale=SCALE, seed=SEED)
    return out


@pytest.fixture(scope="module")
def loaded(extracts, tmp_path_factory):
    db = tmp_path_factory.mktemp("demo_db") / "monitor.duckdb"
    result = store.ingest(db, [extracts])
    con = store.connect(db)
    yield result, con
    con.close()


@pytest.fixture(scope="module")
def population():
    return dp.simulate(load_settings(), scale=SCALE, seed=SEED)


def test_one_folder_per_monitored_month_with_five_tables(extracts):
    months = load_settings().monitored_months()
    folders = sorted(p.name for p in extracts.iterdir() if p.is_dir())
    assert folders == months
    for month in months:
        assert sorted(p.name for p in (extracts / month).iterdir()) == sorted(f"{t}.parquet" for t in TABLES)


def test_same_seed_gives_byte_identical_extracts(extracts, tmp_path):
    again = tmp_path / "again"
    demo.prepare_out_dir(again)
    demo.write_extracts(again, scale=SCALE, seed=SEED)
    assert _digests(again) == _digests(extracts)


def test_another_seed_gives_other_extracts(extracts, tmp_path):
    other = tmp_path / "other"
    demo.prepare_out_dir(other)
    demo.write_extracts(other, scale=SCALE, seed=SEED + 1)
    theirs, ours = _digests(other), _digests(extracts)
    assert theirs.keys() == ours.keys()
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert any(name.endswith("benefits.parquet") for name in differing)
    assert any(name.endswith("persons.parquet") for name in differing)


def test_every_extract_passes_the_cores_validation(loaded):
    result, con = loaded
    assert result.ok, result.report
    assert result.rejected == []
    assert result.loaded == load_settings().monitored_months()


def test_person_ids_are_pseudonymous(extracts):
    ids = pl.read_parquet(extracts / "2017-08" / "persons.parquet")["person_id"]
    assert ids.str.contains(r"^P\d{7}$").all()
    assert ids.is_unique().all()


def test_target_group_is_exactly_the_qualifying_categories(loaded, population):
    """The core's target-group rule picks every intended member in a participating
    municipality and none of the near misses; as first delivered (vintage 2017-08) and after the
    later extracts restated weeks before R (a few members out of G, a few near misses in)."""
    _, con = loaded
    in_g = set(queries.frame(con, "target_group_ids")["person_id"].to_list())
    ids = np.array([f"P{n:07d}" for n in population.person_number])
    rows = np.arange(len(ids))
    participating = np.isin(population.municipality[:, 0], population.extras["participating_codes"])
    first = np.isin(population.category, dp.TARGET_CATEGORIES)
    latest = (first | np.isin(rows, population.extras["late_in"])) & ~np.isin(rows, population.extras["late_out"])
    assert set(ids[latest & participating]) == in_g
    assert len(in_g) > 0 and set(ids[first & participating]) != in_g
    as_first = figures.indicators(con, month="2017-08", unit_type="country", indicator="target_group", raw=True,
                                  vintage="2017-08")
    assert as_first["numerator"][0] == (first & participating).sum()


def test_every_near_miss_category_is_present(population):
    counts = np.bincount(population.category, minlength=len(dp.CATEGORY_NAMES))
    missing = [dp.CATEGORY_NAMES[c] for c, k in enumerate(counts) if k == 0]
    assert missing == []


def _history(extracts: Path, population, category: int) -> pl.DataFrame:
    """The first extract's benefit rows of the persons of one category, with week indexes."""
    ids = [f"P{n:07d}" for n in population.person_number[population.category == category]]
    frame = pl.read_parquet(extracts / "2017-08" / "benefits.parquet").filter(pl.col("person_id").is_in(ids))
    weeks = frame["week"].unique().to_list()
    index = pl.DataFrame({"week": weeks, "w": [calendar.iso_week_to_index(w) for w in weeks]})
    return frame.join(index, on="week")


def _longest_cash_gap(history: pl.DataFrame, first: int, last: int) -> pl.DataFrame:
    """Per person: the longest run of weeks without a cash-system week between first and last."""
    cash = history.filter(pl.col("benefit").is_in(["KH", "UH", "IY"]) & pl.col("w").is_between(first, last))
    return cash.sort("person_id", "w").group_by("person_id").agg(
        ((pl.col("w").diff() - 1).max().fill_null(0)).alias("gap")
    )


def test_near_misses_have_the_features_they_are_named_after(extracts, population):
    s = load_settings()
    r = s.reference_week_index
    window = (r - s.minimum_spell_weeks + 1, r)
    # a gap of exactly the maximum: qualifies
    gaps = _longest_cash_gap(_history(extracts, population, dp.G_GAP4), *window)
    assert gaps.height > 0 and (gaps["gap"] == s.max_gap_weeks).all()
    # a gap one week longer or more inside the last 260 weeks
    gaps = _longest_cash_gap(_history(extracts, population, dp.NM_BROKEN), *window)
    assert gaps.height > 0 and (gaps["gap"] > s.max_gap_weeks).all()
    # ... holding other benefits
    history = _history(extracts, population, dp.NM_BROKEN_OTHER)
    other = history.filter(pl.col("w").is_between(*window) & pl.col("benefit").is_in(["SD", "DP", "OT", "JA"]))
    assert other["person_id"].n_unique() == history["person_id"].n_unique() > 0
    # job- or education-ready at R
    at_r = _history(extracts, population, dp.NM_JOB_READY).filter(pl.col("w") == r)
    assert at_r.height > 0 and at_r["match_category"].is_in(["J", "U"]).all()
    # no cash week at R although a long spell
    at_r = _history(extracts, population, dp.NM_GAP_AT_R).filter(pl.col("w") == r)
    assert at_r.height == 0
    # spell of four to five years: the spell running at R starts after a gap of 5+ weeks
    cash = _history(extracts, population, dp.NM_SHORT).filter(
        pl.col("benefit").is_in(["KH", "UH", "IY"]) & (pl.col("w") <= r)
    ).sort("person_id", "w")
    starts = cash.with_columns(
        (pl.col("w") - pl.col("w").shift(1).over("person_id") - 1).fill_null(10_000).alias("gap_before")
    ).filter(pl.col("gap_before") > s.max_gap_weeks).group_by("person_id").agg(pl.col("w").max())
    length = r - starts["w"] + 1
    assert starts.height > 0 and length.is_between(4 * 52, s.minimum_spell_weeks - 1).all()


def test_recent_integration_programme_ends_are_in_the_persons_snapshot(extracts, population):
    s = load_settings()
    persons = pl.read_parquet(extracts / "2017-08" / "persons.parquet")
    ids = [f"P{n:07d}" for n in population.person_number[population.category == dp.NM_INTEGRATION]]
    ends = persons.filter(pl.col("person_id").is_in(ids))["integration_programme_end"]
    r_monday = calendar.week_monday(s.reference_week_index)
    assert ends.len() > 0 and ends.null_count() == 0
    assert ((r_monday - ends).dt.total_days() < 7 * s.minimum_spell_weeks).all()


def test_later_extracts_correct_earlier_weeks_including_no_rows(extracts):
    corrected, no_rows = 0, 0
    for month in load_settings().monitored_months()[1:]:
        frame = pl.read_parquet(extracts / month / "benefits.parquet")
        weeks = frame["week"].unique().to_list()
        earlier = [w for w in weeks if calendar.week_month(calendar.iso_week_to_index(w)) < month]
        rows = frame.filter(pl.col("week").is_in(earlier))
        corrected += rows.height
        no_rows += rows.filter(pl.col("benefit") == "NO").height
    assert corrected > 0 and no_rows > 0


def test_markings_are_restated_with_their_end_date(extracts):
    months = load_settings().monitored_months()
    frames = [pl.read_parquet(extracts / m / "markings.parquet").with_columns(pl.lit(m).alias("extract"))
              for m in months]
    markings = pl.concat(frames)
    restated = markings.group_by("person_id", "marking", "from_date").agg(
        pl.col("extract").n_unique().alias("extracts"), pl.col("to_date").is_not_null().any().alias("closed")
    ).filter(pl.col("extracts") > 1)
    assert restated.filter(pl.col("closed")).height > 0
    assert set(markings["marking"].unique()) == {"FSM1", "FSM2", "FSM3", "PJF", "FRI"}


def test_overlapping_group_markings_are_reported_as_warnings(loaded):
    from monitor.core import figures

    _, con = loaded
    warnings = figures.quality_warnings(con)
    assert warnings.filter(pl.col("rule").str.contains("overlappende gruppemarkeringer")).height > 0


def test_csv_format_loads_and_follows_the_contract(tmp_path):
    out = tmp_path / "csv"
    demo.prepare_out_dir(out)
    demo.write_extracts(out, scale=0.01, seed=SEED, fmt="csv")
    for table, columns in COLUMNS.items():
        header = (out / "2017-08" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(columns)
    result = store.ingest(tmp_path / "csv.duckdb", [out])
    assert result.ok, result.report
    assert len(result.loaded) == len(load_settings().monitored_months())


def test_build_demo_database_reports_progress_in_danish(tmp_path):
    seen: list[tuple[float, str]] = []
    db = tmp_path / "demo.duckdb"
    demo.build_demo_database(db, scale=0.01, seed=SEED, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] >= 0.0
    messages = [m for _, m in seen]
    assert "Danner udtræk for august 2017" in messages
    assert "Danner udtræk for august 2019" in messages
    from monitor.core import figures

    con = store.connect(db)
    try:
        assert figures.has_data(con)
        assert figures.months(con)[-1] == load_settings().last_month
    finally:
        con.close()


def test_command_writes_extracts_and_refuses_a_foreign_folder(tmp_path, capsys):
    from monitor.cli import main

    out = tmp_path / "extracts"
    assert main(["demo", "--scale", "0.01", "--out", str(out), "--no-load", "--format", "csv"]) == 0
    assert (out / "2019-08" / "benefits.csv").exists()
    err = capsys.readouterr().err
    assert "Danner udtræk for september 2017" in err
    foreign = tmp_path / "real"
    foreign.mkdir()
    (foreign / "2017-08").mkdir()
    assert main(["demo", "--scale", "0.01", "--out", str(foreign), "--no-load"]) == 2
    assert (foreign / "2017-08").exists()
