"""Discretion (diskretion): counts below the threshold never leave the core unsuppressed.

The cells to hide are chosen once per month at load time, across every unit and indicator
published that month (`monitor.core.pattern_store`, method in docs/discretion.md); this module
applies that stored pattern to rows of figures:

- a row's numerator is hidden when its cell is in the pattern, its denominator likewise (the
  denominator is the cell of the count the share is built on), and its share when either is;
- `suppression` says why: `primary` (a count of 1 or 2 persons: show "<3"), `secondary`
  (hidden so that no small count can be recovered by subtraction: show "skjult"),
  `withheld` (the month's disclosure audit failed, nothing of it is published) or null;
- control limits are hidden with the denominator, and the comparison with the country
  (better/worse, alarm, laggard, months worse) with the numerator too, since it tells in
  which range a hidden numerator lies; the national share is hidden if the country's cells are.
"""

from __future__ import annotations

import polars as pl

from monitor.core.published_cells import DENOMINATOR_CELL, NUMERATOR_CELL

LIMIT_COLUMNS = ("lower95", "upper95", "lower998", "upper998")
UNIT_KEYS = ["month", "unit_type", "unit_code"]


def is_small(column: str, threshold: int) -> pl.Expr:
    return pl.col(column).is_between(1, threshold - 1).fill_null(False)


def apply_pattern(frame: pl.DataFrame, pattern: pl.DataFrame, withheld: list[str]) -> pl.DataFrame:
    """Applies the stored pattern (rows month, unit_type, unit_code, cell, suppression) of one
    vintage to rows of `indicator_figures`; months in `withheld` are hidden whole. When the
    rows carry a `vintage` column (figures of several vintages), the pattern's rows of each
    vintage apply to that vintage's rows."""
    by = [*UNIT_KEYS, "vintage"] if "vintage" in frame.columns else UNIT_KEYS
    country_by = [k for k in by if k not in ("unit_type", "unit_code")]
    keys = pattern.select(*by, "cell", "suppression")
    country = pattern.filter(pl.col("unit_type") == "country").select(*country_by, "cell", pl.lit(True).alias("_country"))
    out = (
        frame.with_columns(
            pl.col("indicator").replace(NUMERATOR_CELL).alias("_num_cell"),
            pl.col("indicator").replace_strict(DENOMINATOR_CELL, default=None).alias("_den_cell"),
        )
        .join(keys.rename({"cell": "_num_cell", "suppression": "_num"}), on=[*by, "_num_cell"], how="left")
        .join(keys.rename({"cell": "_den_cell", "suppression": "_den"}), on=[*by, "_den_cell"], how="left")
        .join(country.rename({"cell": "_num_cell", "_country": "_cn"}), on=[*country_by, "_num_cell"], how="left")
        .join(country.rename({"cell": "_den_cell", "_country": "_cd"}), on=[*country_by, "_den_cell"], how="left")
    )
    month_hidden = pl.col("month").is_in(withheld)
    hide_num = pl.col("_num").is_not_null() | month_hidden
    hide_den = pl.col("_den").is_not_null() | month_hidden
    reason = (
        pl.when(month_hidden).then(pl.lit("withheld"))
        .when((pl.col("_num") == "primary") | (pl.col("_den") == "primary")).then(pl.lit("primary"))
        .when(pl.col("_num").is_not_null() | pl.col("_den").is_not_null()).then(pl.lit("secondary"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    hide_any = hide_num | hide_den
    optional = [c for c in LIMIT_COLUMNS if c in out.columns]
    out = out.with_columns(
        pl.when(hide_num).then(None).otherwise(pl.col("numerator")).alias("numerator"),
        pl.when(hide_den).then(None).otherwise(pl.col("denominator")).alias("denominator"),
        pl.when(hide_any).then(None).otherwise(pl.col("share")).alias("share"),
        *[pl.when(hide_den).then(None).otherwise(pl.col(c)).alias(c) for c in optional],
        reason.alias("suppression"),
        hide_any.alias("suppressed"),
        hide_den.alias("denominator_suppressed"),
    )
    if "national_share" in out.columns:
        national_hidden = pl.col("_cn").fill_null(False) | pl.col("_cd").fill_null(False) | month_hidden
        out = out.with_columns(pl.when(national_hidden).then(None).otherwise(pl.col("national_share")).alias("national_share"))
    if "comparison" in out.columns:
        out = out.with_columns(pl.when(hide_any).then(None).otherwise(pl.col("comparison")).alias("comparison"))
    for flag in ("alarm", "laggard"):
        if flag in out.columns:
            out = out.with_columns(pl.when(hide_any).then(False).otherwise(pl.col(flag)).alias(flag))
    if "months_worse" in out.columns:
        out = out.with_columns(pl.when(hide_any).then(0).otherwise(pl.col("months_worse")).alias("months_worse"))
    return out.drop("_num_cell", "_den_cell", "_num", "_den", "_cn", "_cd")


def unsuppressed(frame: pl.DataFrame) -> pl.DataFrame:
    """Raw rows (command line --raw only) with the same columns as `apply_pattern` gives."""
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias("suppression"),
                              pl.lit(False).alias("suppressed"), pl.lit(False).alias("denominator_suppressed"))


def suppress_counts(frame: pl.DataFrame, columns: list[str], threshold: int) -> pl.DataFrame:
    """Nulls each count column where it is 1 .. k-1 and adds `<column>_suppressed` flags."""
    return frame.with_columns(
        *[is_small(c, threshold).alias(f"{c}_suppressed") for c in columns],
        *[pl.when(is_small(c, threshold)).then(None).otherwise(pl.col(c)).alias(c) for c in columns],
    )
