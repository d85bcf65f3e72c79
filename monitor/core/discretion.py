"""Discretion (diskretion): counts below the threshold never leave the core unsuppressed.

- A count of 1 .. k-1 persons is replaced by null (shown "<3") and a share built on it is
  hidden; so is a share whose complement (denominator - numerator) is 1 .. k-1, since it would
  give that count by subtraction (g2_changed_benefit and g2_waiting share the denominator G2); a unit whose denominator is 1 .. k-1 is left out of comparisons.
- Where a table shows parts and their total (the visitation groups of the gross target group,
  the four waiting-time groups of group 2), and exactly one part is suppressed, the smallest
  other part is suppressed too, so no hidden value can be recovered by subtraction.
"""

from __future__ import annotations

import polars as pl

# parts -> the indicator that is their total
PART_GROUPS: dict[tuple[str, ...], str] = {
    ("group_1", "group_2", "group_3", "not_visited"): "target_group",
    ("g2_waiting_0_3", "g2_waiting_3_6", "g2_waiting_6_9", "g2_waiting_over_9"): "g2_waiting",
}
COMPARISON_COLUMNS = ("lower95", "upper95", "lower998", "upper998", "comparison")
UNIT_KEYS = ("month", "unit_type", "unit_code")


def is_small(column: str, threshold: int) -> pl.Expr:
    return pl.col(column).is_between(1, threshold - 1).fill_null(False)


def indicators_needed(indicators: list[str]) -> list[str]:
    """The indicators to read so that second suppression can be decided for `indicators`."""
    needed = list(indicators)
    for parts, total in PART_GROUPS.items():
        if any(i in parts or i == total for i in indicators):
            needed += [*parts, total]
    return list(dict.fromkeys(needed))


def suppress_indicators(frame: pl.DataFrame, threshold: int) -> pl.DataFrame:
    """Applies primary and second suppression to rows of monitor.figures.indicators."""
    if frame.is_empty():
        return frame.with_columns(pl.lit(False).alias("suppressed"), pl.lit(False).alias("denominator_suppressed"),
                                  pl.lit(None, dtype=pl.String).alias("suppression"))
    out = frame.with_columns(
        is_small("denominator", threshold).alias("denominator_suppressed"),
        (is_small("numerator", threshold) | is_small("denominator", threshold)
         | (pl.col("denominator") - pl.col("numerator")).is_between(1, threshold - 1).fill_null(False)).alias("suppressed"),
    )
    out = _second_suppression(out)
    # why a cell is hidden: its own count (or denominator) is 1-2 ("<3"), or to protect another
    out = out.with_columns(
        pl.when(is_small("numerator", threshold) | is_small("denominator", threshold)).then(pl.lit("primary"))
        .when(pl.col("suppressed")).then(pl.lit("secondary")).otherwise(None).alias("suppression"))
    hide = pl.col("suppressed")
    hide_den = pl.col("denominator_suppressed")
    present = [c for c in COMPARISON_COLUMNS if c in out.columns]
    out = out.with_columns(
        pl.when(hide).then(None).otherwise(pl.col("numerator")).alias("numerator"),
        pl.when(hide_den).then(None).otherwise(pl.col("denominator")).alias("denominator"),
        pl.when(hide).then(None).otherwise(pl.col("share")).alias("share"),
        *[pl.when(hide_den).then(None).otherwise(pl.col(c)).alias(c) for c in present],
    )
    for flag in ("alarm", "laggard"):
        if flag in out.columns:
            out = out.with_columns(pl.when(hide_den).then(False).otherwise(pl.col(flag)).alias(flag))
    if "months_worse" in out.columns:
        out = out.with_columns(pl.when(hide_den).then(0).otherwise(pl.col("months_worse")).alias("months_worse"))
    return out


def _second_suppression(frame: pl.DataFrame) -> pl.DataFrame:
    out = frame.with_row_index("_i")
    extra: list[int] = []
    for parts in PART_GROUPS:
        rows = out.filter(pl.col("indicator").is_in(list(parts)))
        if rows.is_empty():
            continue
        flagged = rows.with_columns(pl.col("suppressed").sum().over(UNIT_KEYS).alias("_n_suppressed"))
        candidates = flagged.filter((pl.col("_n_suppressed") == 1) & ~pl.col("suppressed"))
        if candidates.is_empty():
            continue
        chosen = candidates.sort("numerator", "indicator").group_by(UNIT_KEYS, maintain_order=True).first()
        extra += chosen["_i"].to_list()
    if extra:
        out = out.with_columns((pl.col("suppressed") | pl.col("_i").is_in(extra)).alias("suppressed"))
    return out.drop("_i")


def suppress_counts(frame: pl.DataFrame, columns: list[str], threshold: int) -> pl.DataFrame:
    """Nulls each count column where it is 1 .. k-1 and adds `<column>_suppressed` flags."""
    return frame.with_columns(
        *[is_small(c, threshold).alias(f"{c}_suppressed") for c in columns],
        *[pl.when(is_small(c, threshold)).then(None).otherwise(pl.col(c)).alias(c) for c in columns],
    )
