"""The figures pages, statements and reports read: aggregated, with discretion applied.

Contract: docs/core-api.md. Only the command line's `--raw` passes raw=True.
"""

from __future__ import annotations

import math

import duckdb
import polars as pl

from monitor.core import discretion, pattern_store, queries, vintages
from monitor.core.privacy import redact_column
from monitor.core.settings import load as load_settings

UNIT_TYPES = ("jobcentre", "municipality", "star_office", "country")
WAITING_PARTS = ("g2_waiting_0_3", "g2_waiting_3_6", "g2_waiting_6_9", "g2_waiting_over_9")
DERIVED_TABLES = {"indicator_figures", "instalments", "unit_members", "discretion_months"}
FIGURE_COLUMNS = [
    "month", "unit_type", "unit_code", "unit_name", "star_office", "indicator", "numerator", "denominator",
    "share", "national_share", "lower95", "upper95", "lower998", "upper998", "overdispersion",
    "comparison", "alarm", "months_worse", "laggard",
]


def _threshold() -> int:
    return load_settings().discretion_threshold


def has_data(con: duckdb.DuckDBPyConnection) -> bool:
    tables = set(queries.frame(con, "table_names")["table_name"].to_list())
    if not DERIVED_TABLES <= tables:
        return False
    return bool(months(con))


def freshness(con: duckdb.DuckDBPyConnection, vintage: str | None = None) -> dict | None:
    """The data date: latest extract month and load time; for a vintage, its own month and the
    time it was loaded (so a report remade as of a vintage says the same)."""
    if not vintages.is_latest(con, vintage):
        current = queries.frame(con, "current_load", {"extract_month": vintage})
        return {"latest_month": vintage, "loaded_at": current["loaded_at"][0] if current.height else None}
    row = queries.frame(con, "freshness").row(0, named=True)
    if row["latest_month"] is None:
        return None
    return row


def months(con: duckdb.DuckDBPyConnection) -> list[str]:
    return queries.frame(con, "figure_months")["month"].to_list()


def units(con: duckdb.DuckDBPyConnection, unit_type: str) -> pl.DataFrame:
    _check_unit_type(unit_type)
    return queries.frame(con, "units", {"unit_type": unit_type})


def indicators(
    con: duckdb.DuckDBPyConnection,
    month: str | None = None,
    unit_type: str | None = None,
    unit_code: str | None = None,
    indicator: str | list[str] | None = None,
    raw: bool = False,
    vintage: str | None = None,
) -> pl.DataFrame:
    """Indicator figures; `vintage` (an extract month) gives them as that vintage showed them
    (None: the latest)."""
    if unit_type is not None:
        _check_unit_type(unit_type)
    wanted = [indicator] if isinstance(indicator, str) else (list(indicator) if indicator else None)
    params = {"month": month, "unit_type": unit_type, "unit_code": unit_code, "indicators": wanted}
    if vintages.is_latest(con, vintage):
        frame = queries.frame(con, "indicator_figures", params)
        if raw:
            return discretion.unsuppressed(frame)
        return discretion.apply_pattern(frame, pattern_store.pattern(con, month), withheld_months(con))
    vintages.check(con, vintage, month)
    frame = _filtered(vintages.figures_as_of(con, vintage, month), params)
    if raw:
        return discretion.unsuppressed(frame)
    # an earlier vintage's figures get the pattern stored for that vintage (chosen on its counts)
    return discretion.apply_pattern(frame, pattern_store.pattern(con, month, vintage), withheld_months(con, vintage))


def withheld_months(con: duckdb.DuckDBPyConnection, vintage: str | None = None) -> list[str]:
    """Months kept but not published in a vintage (None: the latest): their disclosure audit
    failed (pattern_store)."""
    return pattern_store.withheld(con, vintage)


def discretion_summary(con: duckdb.DuckDBPyConnection, month: str, vintage: str | None = None) -> dict | None:
    """What discretion hid in a month as of a vintage (None: the latest), for the Data og
    definitioner page and the statement footer: `{"published", "primary_cells",
    "secondary_cells", "secondary_persons", "message"}` (cells over all units and indicators of
    the month; never which persons); None when the month has no figures."""
    rows = pattern_store.months(con, month, vintage)
    return rows.row(0, named=True) if rows.height else None


def _filtered(frame: pl.DataFrame, params: dict) -> pl.DataFrame:
    """The rows of computed figures that queries/indicator_figures.sql would return."""
    for column in ("month", "unit_type", "unit_code"):
        if params[column] is not None:
            frame = frame.filter(pl.col(column) == params[column])
    if params["indicators"] is not None:
        frame = frame.filter(pl.col("indicator").is_in(params["indicators"]))
    return frame.select(FIGURE_COLUMNS).sort("month", "unit_type", "unit_name", "indicator")


def group2_waiting(con: duckdb.DuckDBPyConnection, month: str, unit_type: str = "jobcentre", raw: bool = False,
                   vintage: str | None = None) -> pl.DataFrame:
    """One row per unit: the waiting group-2 citizens split by time in group 2."""
    long = indicators(con, month=month, unit_type=unit_type,
                      indicator=[*WAITING_PARTS, "g2_waiting", "g2_count"], raw=raw, vintage=vintage)
    base = units(con, unit_type) if unit_type != "country" else pl.DataFrame(
        {"unit_code": ["DK"], "unit_name": ["Hele landet"], "star_office": [None]},
        schema={"unit_code": pl.String, "unit_name": pl.String, "star_office": pl.String},
    )
    names = {p: p.replace("g2_", "") for p in WAITING_PARTS} | {"g2_waiting": "waiting_total", "g2_count": "g2_count"}
    values = long.select("unit_code", pl.col("indicator").replace_strict(names).alias("col"), "numerator")
    flags = long.select("unit_code", (pl.col("indicator").replace_strict(names) + "_suppressed").alias("col"), "suppressed")
    kinds = long.select("unit_code", (pl.col("indicator").replace_strict(names) + "_suppression").alias("col"), "suppression")
    wide = values.pivot(on="col", index="unit_code", values="numerator")
    wide_flags = flags.pivot(on="col", index="unit_code", values="suppressed")
    wide_kinds = kinds.pivot(on="col", index="unit_code", values="suppression")
    over9 = long.filter(pl.col("indicator") == "g2_waiting_over_9").select("unit_code", pl.col("share").alias("over_9_share"))
    out = base.join(wide, on="unit_code", how="left").join(wide_flags, on="unit_code", how="left").join(
        wide_kinds, on="unit_code", how="left").join(over9, on="unit_code", how="left")
    flag_cols = [f"{names[i]}_suppressed" for i in names]
    for col in flag_cols:
        if col not in out.columns:
            out = out.with_columns(pl.lit(False).alias(col))
    kind_cols = [f"{names[i]}_suppression" for i in names]
    for col in kind_cols:
        if col not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    for col in names.values():
        if col not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=pl.Int64).alias(col))
    out = out.with_columns(pl.any_horizontal([pl.col(c).fill_null(False) for c in flag_cols]).alias("suppressed_any"))
    return out.select(
        "unit_code", "unit_name", "star_office",
        "waiting_0_3", "waiting_3_6", "waiting_6_9", "waiting_over_9", "waiting_total", "g2_count",
        "over_9_share", "suppressed_any", *flag_cols, *kind_cols,
    )


def instalments(con: duckdb.DuckDBPyConnection, raw: bool = False, vintage: str | None = None) -> pl.DataFrame:
    """Grants and instalment states with each decision, its vintage and flag; as of `vintage`
    (None: the latest): the decisions recorded by that vintage."""
    if vintages.is_latest(con, vintage):
        frame = queries.frame(con, "instalments")
    else:
        vintages.check(con, vintage)
        frame = vintages.instalments_as_of(con, vintage)
    if raw:
        return frame.with_columns(pl.lit(False).alias("not_visited_suppressed"), pl.lit(False).alias("shortfall_suppressed"))
    # not_visited = target group - visited and shortfall = 40 % of the effort group - activity
    # in the latest month: shown only where the stored pattern publishes both cells they come
    # from (otherwise they would reveal a hidden cell), and never when 1 .. k-1
    latest = (months(con)[-1:] or [None])[0] if vintages.is_latest(con, vintage) else vintage
    hidden = pattern_store.pattern(con, latest, vintage, unit_type="municipality")
    withheld = latest in withheld_months(con, vintage)
    frame = discretion.suppress_counts(frame, ["not_visited", "shortfall"], _threshold())
    for column, cells in (("not_visited", ["target_group", "visited"]), ("shortfall", ["effort_group", "activity"])):
        codes = hidden.filter(pl.col("cell").is_in(cells))["unit_code"].cast(pl.Int64).to_list()
        gone = (pl.col("municipality_code").is_in(codes) | pl.lit(withheld)) & pl.col(column).is_not_null()
        frame = frame.with_columns(pl.when(gone).then(None).otherwise(pl.col(column)).alias(column),
                                   (pl.col(f"{column}_suppressed") | gone).alias(f"{column}_suppressed"))
    return frame


def laggards(con: duckdb.DuckDBPyConnection, month: str, unit_type: str = "jobcentre",
             vintage: str | None = None) -> pl.DataFrame:
    """Units worse than the country at 99.8 %, or at 95 % three months in a row."""
    frame = indicators(con, month=month, unit_type=unit_type, vintage=vintage)
    lagging = frame.filter(pl.col("laggard"))
    return lagging.select(
        "unit_code", "unit_name", "star_office", "indicator", "numerator", "denominator", "share",
        "national_share", "suppressed",
        pl.when(pl.col("alarm")).then(pl.lit("alarm")).otherwise(pl.lit("alert_run")).alias("level"),
        "months_worse",
    ).sort("indicator", "months_worse", "unit_name", descending=[False, True, False])


def load_log(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The load log; any value that could be a person id hidden, also in messages stored by
    earlier versions."""
    return queries.frame(con, "load_log").with_columns(redact_column("folder"), redact_column("message"))


def quality_warnings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return queries.frame(con, "quality_warnings").with_columns(redact_column("column_name"), redact_column("rule"))


def _check_unit_type(unit_type: str) -> None:
    if unit_type not in UNIT_TYPES:
        raise ValueError(f"ukendt enhedstype {unit_type!r}; brug en af {', '.join(UNIT_TYPES)}")


def similar_units(con: duckdb.DuckDBPyConnection, month: str, unit_code: str, unit_type: str = "jobcentre", n: int = 5) -> pl.DataFrame:
    """The n units of the same type whose gross target group this month is closest in size
    (on a log scale) to the unit's own: `unit_code, unit_name, star_office, target_group`."""
    sizes = indicators(con, month=month, unit_type=unit_type, indicator="target_group", raw=True)
    own = sizes.filter(pl.col("unit_code") == unit_code)
    if own.is_empty() or not own["numerator"][0]:
        return sizes.head(0).select("unit_code", "unit_name", "star_office", pl.col("numerator").alias("target_group"))
    own_size = own["numerator"][0]
    others = sizes.filter((pl.col("unit_code") != unit_code) & (pl.col("numerator") >= _threshold()))
    return (
        others.with_columns((pl.col("numerator").log() - math.log(own_size)).abs().alias("_distance"))
        .sort("_distance", "unit_name")
        .head(n)
        .select("unit_code", "unit_name", "star_office", pl.col("numerator").alias("target_group"))
    )


def municipalities_of(con: duckdb.DuckDBPyConnection, unit_code: str, unit_type: str = "jobcentre") -> list[int]:
    """The municipality codes that make up a unit (a job centre serves one or two)."""
    _check_unit_type(unit_type)
    return queries.frame(con, "unit_municipalities", {"unit_type": unit_type, "unit_code": unit_code})["municipality_code"].to_list()
