"""Indicator metadata (Danish names, polarity, definitions) from data/indicators.toml. Programme
constants in its texts are placeholders ({band_1}, {activity_threshold}, ...) filled from the settings."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from monitor import DATA_DIR
from monitor.core import calendar
from monitor.core.settings import load as load_settings

METADATA_FILE = DATA_DIR / "indicators.toml"
POLARITIES = ("high", "low", "none")
KINDS = ("share", "count")


@lru_cache(maxsize=1)
def load() -> dict[str, dict]:
    with open(METADATA_FILE, "rb") as fh:
        entries = tomllib.load(fh)
    values = programme_values()
    for ind, meta in entries.items():
        if meta.get("polarity") not in POLARITIES or meta.get("kind") not in KINDS:
            raise ValueError(f"data/indicators.toml: {ind} har ugyldig polarity/kind")
        for key, text in meta.items():
            if isinstance(text, str):
                meta[key] = text.format_map(values)
    return entries


def programme_values() -> dict[str, str]:
    """The settings' values the indicator texts quote, as Danish text."""
    s = load_settings()
    year, week = s.reference_week.split("-W")
    activity = next(i for i in s.instalments if i.condition == "activity")
    first, second, third = s.waiting_bands_months
    month_year = calendar.parse_month(activity.not_before)
    return {
        "band_1": str(first), "band_2": str(second), "band_3": str(third),
        "activity_threshold": f"{s.activity_threshold * 100:g}".replace(".", ",") + " pct.",
        "activity_months": str(s.activity_consecutive_months),
        "activity_from": f"{calendar.MONTH_NAMES[month_year[1] - 1]} {month_year[0]}",
        "reference_week": str(int(week)), "reference_year": year,
        "minimum_spell_weeks": str(s.minimum_spell_weeks), "max_gap_weeks": str(s.max_gap_weeks),
    }


def ids() -> list[str]:
    return list(load())


def name(indicator: str) -> str:
    return load()[indicator]["name"]


def polarity(indicator: str) -> str:
    return load()[indicator]["polarity"]


def kind(indicator: str) -> str:
    return load()[indicator]["kind"]
