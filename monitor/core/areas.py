"""Areas for regional meetings: a region (reference/municipalities.csv) or a STAR office, its
participating municipalities and its figures pooled over them, with discretion applied."""

from __future__ import annotations

import duckdb
import polars as pl

from monitor.core import discretion, figures, pattern_store, reference
from monitor.core.settings import load as load_settings

OFFICES = {"OEST": "Arbejdsmarkedskontor Øst", "MIDTNORD": "Arbejdsmarkedskontor Midt-Nord",
           "SYD": "Arbejdsmarkedskontor Syd"}


class AreaError(ValueError):
    """An unknown region or office; message in Danish."""


def regions() -> dict[str, str]:
    """Region code (text) -> region name, the five regions."""
    frame = reference.municipalities().select("region_code", "region_name").unique().sort("region_code")
    return {str(c): n for c, n in frame.iter_rows()}


def area(region: str | None = None, office: str | None = None) -> dict:
    """{kind: region|office, code, name, municipality_codes (participating, ascending)}."""
    towns = reference.municipalities().filter(
        ~pl.col("municipality_code").is_in(list(load_settings().non_participating)))
    if region is not None:
        names = regions()
        if str(region) not in names:
            listed = ", ".join(f"{c} ({n})" for c, n in names.items())
            raise AreaError(f"Ukendt region: {region}. Brug en af regionskoderne {listed}.")
        towns = towns.filter(pl.col("region_code").cast(pl.String) == str(region))
        kind, code, name = "region", str(region), names[str(region)]
    elif office is not None:
        if office not in OFFICES:
            raise AreaError(f"Ukendt arbejdsmarkedskontor: {office}. Brug {', '.join(OFFICES)}.")
        towns = towns.filter(pl.col("star_office_code") == office)
        kind, code, name = "office", office, OFFICES[office]
    else:
        raise AreaError("Angiv en region eller et arbejdsmarkedskontor.")
    return {"kind": kind, "code": code, "name": name,
            "municipality_codes": sorted(towns["municipality_code"].to_list())}


def area_figures(con: duckdb.DuckDBPyConnection, month: str, municipality_codes: list[int],
                 indicators: list[str]) -> pl.DataFrame:
    """The area's figures for a month: numerators and denominators summed over its
    municipalities (each person belongs to one), share = their ratio, with the month's stored
    discretion pattern applied (the regions are units of that pattern, so a pooled figure
    cannot reveal a hidden municipality). Columns as figures.indicators' month, unit_type
    ('area'), unit_code ('AREA'), indicator, numerator, denominator, share, suppressed,
    suppression. Only published units (a region, an office, the country, a job centre or a
    municipality) can be pooled: any other set of municipalities raises AreaError."""
    units = pattern_store.published_units(con)
    wanted = sorted(municipality_codes)
    sets = units.group_by("unit_type", "unit_code").agg(pl.col("municipality_code").sort())
    match = sets.filter(pl.col("municipality_code") == pl.lit(pl.Series([wanted], dtype=pl.List(pl.Int64))))
    if match.is_empty():
        raise AreaError("Kun en region, et arbejdsmarkedskontor eller en anden offentliggjort enhed kan samles "
                        "(andre grupper af kommuner kunne afsløre skjulte tal).")
    unit_type, unit_code = match.row(0)[:2]
    raw = figures.indicators(con, month=month, unit_type="municipality", indicator=indicators, raw=True)
    own = raw.filter(pl.col("unit_code").cast(pl.Int64).is_in(municipality_codes))
    pooled = (own.group_by("indicator").agg(
        pl.col("numerator").sum(),
        pl.when(pl.col("denominator").is_null().all()).then(None).otherwise(pl.col("denominator").sum()).alias("denominator"))
              .with_columns(pl.lit(month).alias("month"), pl.lit(unit_type).alias("unit_type"), pl.lit(unit_code).alias("unit_code"),
                            (pl.col("numerator") / pl.col("denominator")).alias("share")))
    shown = discretion.apply_pattern(pooled, pattern_store.pattern(con, month), figures.withheld_months(con))
    return shown.with_columns(pl.lit("area").alias("unit_type"), pl.lit("AREA").alias("unit_code")).select(
        "month", "unit_type", "unit_code", "indicator", "numerator", "denominator", "share", "suppressed", "suppression")
