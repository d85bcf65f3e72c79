"""Discretion across everything published, on the full-scale demonstration data (all months)."""

import polars as pl

from monitor.core import figures, pattern_store, published_cells

UNIT_SUMS = published_cells.UNIT_IDENTITIES[:3]  # target group, waiting, group 2 (parts and totals)


def _published_cells(con) -> pl.DataFrame:
    """Every count cell as the non-raw figures publish it: value (null when hidden)."""
    frame = figures.indicators(con)
    return (frame.select("month", "unit_type", "unit_code", pl.col("indicator").alias("cell"), "numerator")
            .filter(pl.col("cell").is_in(published_cells.COUNT_CELLS)))


def test_every_month_passed_its_audit_at_load_time(demo_con):
    months = pattern_store.months(demo_con)
    assert months.height == len(figures.months(demo_con)) == 25
    assert months["published"].all() and months["message"].null_count() == 25
    assert (months["secondary_cells"] > 0).all()


def test_no_hidden_count_follows_from_one_subtraction_in_any_month(demo_con):
    # the attack of issue 9: a total minus its shown parts, where exactly one part is hidden
    cells = _published_cells(demo_con)
    units = pl.concat([figures.units(demo_con, t).select(pl.lit(t).alias("unit_type"), "unit_code", "star_office")
                       for t in ("jobcentre", "municipality")])
    hierarchy = []
    for code in units.filter(pl.col("unit_type") == "jobcentre")["unit_code"]:
        hierarchy.append((("jobcentre", code), [("municipality", str(m)) for m in figures.municipalities_of(demo_con, code)]))
    for office in figures.units(demo_con, "star_office")["unit_code"]:
        jcs = units.filter((pl.col("unit_type") == "jobcentre") & (pl.col("star_office") == office))["unit_code"]
        hierarchy.append((("star_office", office), [("jobcentre", c) for c in jcs]))
    hierarchy.append((("country", "DK"), [("star_office", o) for o in figures.units(demo_con, "star_office")["unit_code"]]))
    value = {(r[0], r[1], r[2], r[3]): r[4] for r in cells.iter_rows()}
    recoverable = []
    months = figures.months(demo_con)
    for month in months:
        for cell in published_cells.COUNT_CELLS:
            for parent, children in hierarchy:
                parts = [value[(month, *c, cell)] for c in children]
                if value[(month, *parent, cell)] is not None and sum(p is None for p in parts) == 1:
                    recoverable.append((month, parent, cell))
        for unit_type in figures.UNIT_TYPES:
            for code in (["DK"] if unit_type == "country" else figures.units(demo_con, unit_type)["unit_code"]):
                for total, parts in UNIT_SUMS:
                    shown = [value[(month, unit_type, code, c)] for c in (total, *parts)]
                    if sum(v is None for v in shown) == 1:
                        recoverable.append((month, unit_type, code, total))
    assert recoverable == []
    assert cells["numerator"].null_count() > 0


def test_the_independent_audit_finds_every_small_count_protected(demo_con):
    for month in ("2017-08", "2019-08"):
        rows, ok = pattern_store.audit_month(demo_con, month)
        assert ok
        small = rows.filter(pl.col("value").is_between(1, 2))
        assert small.height > 20
        assert small.filter(pl.col("max").is_not_null() & (pl.col("max") < 3)).height == 0
        assert rows.filter(pl.col("min") == pl.col("max")).height == 0
        assert rows.filter((pl.col("value") < pl.col("min")) | (pl.col("value") > pl.col("max"))).height == 0


def test_revisions_of_one_or_two_persons_are_protected_like_counts(demo_con):
    # two states of the same reference month; here two months stand in for two vintages
    counts = pattern_store.queries.frame(demo_con, "indicator_counts")
    members = pattern_store.published_units(demo_con)
    before, after = (counts.filter(pl.col("month") == m) for m in ("2019-07", "2019-08"))
    stored = {m: pattern_store.pattern(demo_con, m) for m in ("2019-07", "2019-08")}
    rows, pattern = published_cells.revision_pattern(before, after, members, stored["2019-07"], stored["2019-08"])
    assert pattern.audit.ok
    small = rows.filter(pl.col("value").abs().is_between(1, 2))
    assert small.height > 0 and (small["suppression"] == "primary").all()
    assert rows.filter(pl.col("suppression") == "secondary").height > 0
    # a cell hidden in either month has its revision hidden
    keys = set(rows.select("unit_type", "unit_code", "cell").rows())
    assert set(stored["2019-08"].select("unit_type", "unit_code", "cell").rows()) <= keys


def test_every_month_of_every_vintage_has_a_stored_pattern_that_passes_its_audit(demo_con):
    stored = pattern_store.months(demo_con, all_vintages=True)
    assert stored.height == 25 * 26 // 2 and stored["published"].all()
    for month, vintage in (("2017-08", "2017-08"), ("2018-06", "2019-01")):
        rows, ok = pattern_store.audit_month(demo_con, month, vintage=vintage)
        assert ok
        assert rows.filter(pl.col("value").is_between(1, 2) & (pl.col("max") < 3)).height == 0
        assert rows.filter(pl.col("min") == pl.col("max")).height == 0
    # a month whose counts a later vintage did not change keeps its pattern there
    same = stored.join(stored, on=["month", "input_hash"], suffix="_later").filter(pl.col("vintage") < pl.col("vintage_later"))
    month, first, later = same.select("month", "vintage", "vintage_later").row(0)
    drop = ["vintage"]
    assert pattern_store.pattern(demo_con, month, first).drop(drop).equals(pattern_store.pattern(demo_con, month, later).drop(drop))
