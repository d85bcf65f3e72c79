"""Indicator metadata (Danish names, polarity, definitions) from data/indicators.toml."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from monitor import DATA_DIR

METADATA_FILE = DATA_DIR / "indicators.toml"
POLARITIES = ("high", "low", "none")
KINDS = ("share", "count")


@lru_cache(maxsize=1)
def load() -> dict[str, dict]:
    with open(METADATA_FILE, "rb") as fh:
        entries = tomllib.load(fh)
    for ind, meta in entries.items():
        if meta.get("polarity") not in POLARITIES or meta.get("kind") not in KINDS:
            raise ValueError(f"data/indicators.toml: {ind} har ugyldig polarity/kind")
    return entries


def ids() -> list[str]:
    return list(load())


def name(indicator: str) -> str:
    return load()[indicator]["name"]


def polarity(indicator: str) -> str:
    return load()[indicator]["polarity"]


def kind(indicator: str) -> str:
    return load()[indicator]["kind"]
