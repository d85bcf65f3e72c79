"""Programme settings, read from data/settings/programme.toml (no programme constant in code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from monitor import DATA_DIR
from monitor.core import calendar

SETTINGS_FILE = DATA_DIR / "settings" / "programme.toml"


@dataclass(frozen=True)
class Instalment:
    number: int
    percent: int
    condition: str
    not_before: str
    requires_document: str = ""   # a document (documents register) the condition also needs


@dataclass(frozen=True)
class Settings:
    first_month: str
    last_month: str
    reference_week: str
    minimum_spell_weeks: int
    max_gap_weeks: int
    cash_benefits: tuple[str, ...]
    required_match_category: str
    non_participating: tuple[int, ...]
    pool_dkk: int
    grant_month: str
    instalments: tuple[Instalment, ...]
    activity_threshold: float
    activity_consecutive_months: int
    alert_level: float
    alarm_level: float
    laggard_alert_months: int
    overdispersion_min_units: int
    winsorize: float
    discretion_threshold: int
    waiting_bands_months: tuple[int, ...]
    timezone: str
    release_working_days: int
    release_time: str
    release_fixed_holidays: tuple[str, ...]
    release_easter_offsets: tuple[int, ...]
    release_great_prayer_day_offset: int
    release_great_prayer_day_until: int

    @property
    def reference_week_index(self) -> int:
        return calendar.iso_week_to_index(self.reference_week)

    def monitored_months(self) -> list[str]:
        return calendar.month_range(self.first_month, self.last_month)


def parse(raw: dict) -> Settings:
    tg, money, comp = raw["target_group"], raw["money"], raw["comparison"]
    return Settings(
        first_month=raw["time"]["first_month"],
        last_month=raw["time"]["last_month"],
        reference_week=tg["reference_week"],
        minimum_spell_weeks=int(tg["minimum_spell_weeks"]),
        max_gap_weeks=int(tg["max_gap_weeks"]),
        cash_benefits=tuple(tg["cash_benefits"]),
        required_match_category=tg["required_match_category"],
        non_participating=tuple(int(c) for c in raw["participation"]["non_participating"]),
        pool_dkk=int(money["pool_dkk"]),
        grant_month=money["grant_month"],
        instalments=tuple(Instalment(**i) for i in money["instalments"]),
        activity_threshold=float(money["activity"]["threshold"]),
        activity_consecutive_months=int(money["activity"]["consecutive_months"]),
        alert_level=float(comp["alert_level"]),
        alarm_level=float(comp["alarm_level"]),
        laggard_alert_months=int(comp["laggard_alert_months"]),
        overdispersion_min_units=int(comp["overdispersion_min_units"]),
        winsorize=float(comp["winsorize"]),
        discretion_threshold=int(raw["discretion"]["threshold"]),
        waiting_bands_months=_waiting_bands(raw["group2"]["waiting_bands_months"]),
        timezone=raw["release"]["timezone"],
        release_working_days=int(raw["release"]["working_days_after_month_end"]),
        release_time=raw["release"]["time"],
        release_fixed_holidays=tuple(raw["release"]["fixed_holidays"]),
        release_easter_offsets=tuple(int(d) for d in raw["release"]["easter_offsets"]),
        release_great_prayer_day_offset=int(raw["release"]["great_prayer_day_offset"]),
        release_great_prayer_day_until=int(raw["release"]["great_prayer_day_until"]),
    )


def _waiting_bands(months: list) -> tuple[int, ...]:
    """Three increasing boundaries in months: the four waiting bands of group 2 (the indicators
    g2_waiting_0_3 .. g2_waiting_over_9 are the first to the fourth band, whatever the months)."""
    bands = tuple(int(m) for m in months)
    if len(bands) != 3 or not 0 < bands[0] < bands[1] < bands[2]:
        raise ValueError(f"[group2] waiting_bands_months skal være tre stigende antal måneder, fx [3, 6, 9]; "
                         f"fandt {list(months)}")
    return bands


@lru_cache(maxsize=4)
def load(path: Path = SETTINGS_FILE) -> Settings:
    with open(path, "rb") as fh:
        return parse(tomllib.load(fh))
