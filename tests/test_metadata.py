"""Every indicator the core computes is documented (data/indicators.toml), and completely."""

import pytest

from monitor.core import figures, metadata

FIELDS = ("name", "kind", "polarity", "group", "numerator", "denominator", "source", "caveats")


def test_every_computed_indicator_has_a_complete_entry(demo_con):
    computed = set(figures.indicators(demo_con, month="2018-12", unit_type="country", raw=True)["indicator"])
    entries = metadata.load()
    missing = computed - set(entries)
    assert not missing, f"indicators without a definition in data/indicators.toml: {sorted(missing)}"
    for ind in computed:
        lacking = [f for f in FIELDS if f not in entries[ind]]
        assert not lacking, f"{ind} lacks {lacking}"
        assert entries[ind]["name"] and entries[ind]["numerator"]
        if entries[ind]["kind"] == "share":
            assert entries[ind]["denominator"], f"{ind} is a share without a denominator text"


def test_no_entry_describes_an_indicator_the_core_does_not_compute(demo_con):
    computed = set(figures.indicators(demo_con, month="2018-12", unit_type="country", raw=True)["indicator"])
    assert set(metadata.ids()) <= computed
