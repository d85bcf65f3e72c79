"""Comparison with the country: funnel-plot control limits, overdispersion, better/worse.

Method (Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in
Medicine 2005):
- the target is the national pooled share p0; a unit with denominator n has control limits
  p0 +/- z * sqrt(phi * p0 * (1 - p0) / n), clipped to [0, 1], with z = 1.96 (95 %) and
  z = 3.09 (99.8 %) - the normal approximation to the binomial;
- overdispersion: z-scores z_i = (y_i - p0) / sqrt(p0 (1 - p0) / n_i) of the units, winsorised
  at 10 % in each tail; phi = mean(z_i^2). The limits are widened by phi when I * phi exceeds
  the 95 % point of a chi-square distribution with I - 1 degrees of freedom (the units are
  more spread than chance allows), else phi = 1;
- a unit is worse (better) than the country when its share lies outside the limit on the
  worse (better) side, where the side follows the indicator's polarity.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import polars as pl

_NORMAL = NormalDist()


def z_for(level: float) -> float:
    """Two-sided normal quantile: 0.95 -> 1.96, 0.998 -> 3.09."""
    return _NORMAL.inv_cdf(1 - (1 - level) / 2)


def chi2_quantile(df: int, p: float) -> float:
    """Chi-square quantile by the Wilson-Hilferty approximation (good for df >= 3)."""
    z = _NORMAL.inv_cdf(p)
    a = 2 / (9 * df)
    return df * (1 - a + z * math.sqrt(a)) ** 3


def control_limits(p0: float, n: int, level: float, phi: float = 1.0) -> tuple[float, float]:
    """(lower, upper) limits around p0 for denominator n."""
    half = z_for(level) * math.sqrt(phi * p0 * (1 - p0) / n)
    return max(0.0, p0 - half), min(1.0, p0 + half)


def overdispersion(shares: list[float], denominators: list[int], p0: float, winsorize: float = 0.1) -> float:
    """phi for one set of units (1.0 when not overdispersed or not estimable)."""
    if not 0 < p0 < 1 or len(shares) < 3:
        return 1.0
    z = sorted((s - p0) / math.sqrt(p0 * (1 - p0) / n) for s, n in zip(shares, denominators))
    k = int(math.floor(winsorize * len(z)))
    if k:
        low, high = z[k], z[-k - 1]
        z = [min(max(v, low), high) for v in z]
    phi = sum(v * v for v in z) / len(z)
    if len(z) * phi > chi2_quantile(len(z) - 1, 0.95):
        return phi
    return 1.0


def compare(
    frame: pl.DataFrame,
    polarity: dict[str, str],
    alert_level: float,
    alarm_level: float,
    threshold: int,
    min_units: int,
    winsorize: float,
) -> pl.DataFrame:
    """Adds national_share, limits, overdispersion and comparison to indicator counts.

    `frame` has month, unit_type, unit_code, indicator, numerator, denominator (one row per
    unit, the country among them as unit_type "country"). Units with a denominator below the
    discretion threshold, counts, indicators without polarity and the country itself get no
    comparison.
    """
    shares = frame.with_columns(
        pl.when(pl.col("denominator") > 0).then(pl.col("numerator") / pl.col("denominator")).alias("share")
    )
    national = shares.filter(pl.col("unit_type") == "country").select(
        "month", "indicator", pl.col("share").alias("national_share")
    )
    out = shares.join(national, on=["month", "indicator"], how="left")
    pol = pl.col("indicator").replace_strict(polarity, default="none")
    comparable = (
        (pl.col("unit_type") != "country")
        & (pol != "none")
        & (pl.col("denominator") >= threshold)
        & pl.col("national_share").is_not_null()
        & (pl.col("national_share") > 0)
        & (pl.col("national_share") < 1)
    )
    out = out.with_columns(comparable.alias("_comparable"), pol.alias("_polarity"))

    # overdispersion per month, unit type and indicator, over the comparable units
    groups = (
        out.filter(pl.col("_comparable"))
        .group_by("month", "unit_type", "indicator")
        .agg("share", "denominator", pl.first("national_share"))
    )
    phis = [
        overdispersion(row["share"], row["denominator"], row["national_share"], winsorize)
        if len(row["share"]) >= min_units else 1.0
        for row in groups.iter_rows(named=True)
    ]
    groups = groups.select("month", "unit_type", "indicator").with_columns(
        pl.Series("overdispersion", phis, dtype=pl.Float64)
    )
    out = out.join(groups, on=["month", "unit_type", "indicator"], how="left").with_columns(
        pl.col("overdispersion").fill_null(1.0)
    )

    p0, n, phi = pl.col("national_share"), pl.col("denominator"), pl.col("overdispersion")
    se = (phi * p0 * (1 - p0) / n).sqrt()
    limits = []
    for level, suffix in ((alert_level, "95"), (alarm_level, "998")):
        z = z_for(level)
        limits += [
            pl.when(pl.col("_comparable")).then((p0 - z * se).clip(0.0, 1.0)).alias(f"lower{suffix}"),
            pl.when(pl.col("_comparable")).then((p0 + z * se).clip(0.0, 1.0)).alias(f"upper{suffix}"),
        ]
    out = out.with_columns(limits)
    share = pl.col("share")
    high = pl.col("_polarity") == "high"
    below95, above95 = share < pl.col("lower95"), share > pl.col("upper95")
    below998, above998 = share < pl.col("lower998"), share > pl.col("upper998")
    worse95 = pl.when(high).then(below95).otherwise(above95)
    better95 = pl.when(high).then(above95).otherwise(below95)
    worse998 = pl.when(high).then(below998).otherwise(above998)
    out = out.with_columns(
        pl.when(~pl.col("_comparable")).then(None)
        .when(worse95).then(pl.lit("worse"))
        .when(better95).then(pl.lit("better"))
        .otherwise(pl.lit("similar")).alias("comparison"),
        (pl.col("_comparable") & worse998).fill_null(False).alias("alarm"),
        (pl.col("_comparable") & worse95).fill_null(False).alias("_worse95"),
    )
    return out.drop("_comparable", "_polarity")


def runs_of_worse(frame: pl.DataFrame, months_in_row: int) -> pl.DataFrame:
    """Adds months_worse (months in a row up to this one worse at 95 %) and laggard."""
    keys = ["unit_type", "unit_code", "indicator"]
    out = frame.sort([*keys, "month"]).with_columns(
        (~pl.col("_worse95")).cum_sum().over(keys).alias("_run")
    )
    out = out.with_columns(
        pl.when(pl.col("_worse95"))
        .then(pl.col("_worse95").cast(pl.Int32).cum_sum().over([*keys, "_run"]))
        .otherwise(0)
        .alias("months_worse")
    )
    return out.with_columns(
        (pl.col("alarm") | (pl.col("months_worse") >= months_in_row)).alias("laggard")
    ).drop("_run", "_worse95")
