"""Reference data: municipalities and the vocabularies of the extract contract (data/reference)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from monitor import DATA_DIR

REFERENCE_DIR = DATA_DIR / "reference"
STAR_OFFICE_CODES = {"Øst": "OEST", "Midt-Nord": "MIDTNORD", "Syd": "SYD"}


@lru_cache(maxsize=1)
def municipalities() -> pl.DataFrame:
    """The 98 municipalities with region, STAR office (name and code) and job centre."""
    frame = pl.read_csv(REFERENCE_DIR / "municipalities.csv")
    return frame.with_columns(
        pl.col("star_office").replace_strict(STAR_OFFICE_CODES).alias("star_office_code")
    )


@lru_cache(maxsize=None)
def _vocabulary(name: str) -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / f"{name}.csv", infer_schema=False)


def municipality_codes() -> list[int]:
    return municipalities()["municipality_code"].to_list()


def _codes(vocabulary: str, flag: str | None = None) -> list[str]:
    """The codes of a vocabulary, or those whose column `flag` is true."""
    frame = _vocabulary(vocabulary)
    return (frame if flag is None else frame.filter(pl.col(flag) == "true"))["code"].to_list()


def benefit_codes() -> list[str]:
    return _codes("benefits")


def cash_benefit_codes() -> list[str]:
    return _codes("benefits", "cash_system")


def match_category_codes() -> list[str]:
    return _codes("match_categories")


def marking_codes() -> list[str]:
    return _codes("markings")


def group_marking_codes() -> list[str]:
    frame = _vocabulary("markings")
    return frame.filter(pl.col("visitation_group").is_not_null())["code"].to_list()


def offer_codes() -> list[str]:
    return _codes("offers")


def company_directed_offer_codes() -> list[str]:
    return _codes("offers", "company_directed")


def active_offer_codes() -> list[str]:
    return _codes("offers", "active")


def benefit_codes_where(flag: str) -> list[str]:
    """Benefit codes whose vocabulary column `flag` is true (cash_system, counts_as_benefit, ...)."""
    return _codes("benefits", flag)
