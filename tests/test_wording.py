"""Every sentence that states a programme constant is built from the settings: the defaults give
the programme's own wording, and changed settings change the sentences."""

from __future__ import annotations

import tomllib

import pytest

from monitor.core import metadata, settings
from monitor.present import wording

SETTINGS_TEXT = settings.SETTINGS_FILE.read_text(encoding="utf-8")


def test_the_programme_wording_from_the_default_settings():
    assert wording.laggard_rule() == ("dårligere end landet ved 99,8 pct.-grænsen eller ved 95 pct.-grænsen "
                                      "tre måneder i træk")
    assert wording.laggard_levels("%", short=True) == {"alarm": "Uden for 99,8 %", "alert_run": "Uden for 95 % i 3+ mdr."}
    assert wording.discretion_rule() == 'antal på 1 eller 2 personer vises som "<3"'
    assert wording.fewer_than() == "færre end 3"
    assert wording.participating() == "88"
    assert wording.programme_start() == "august 2017"
    assert wording.instalment_summary() == (
        "Rate 1 (30 pct.) ved tilsagn; rate 2 (40 pct.) når hele bruttomålgruppen er visiteret og regnskabet for "
        "rate 1 er modtaget, i den seneste af de to måneder og tidligst januar 2018; "
        "rate 3 (30 pct.) når mindst 40 pct. af indsatsgruppen har været i virksomhedsrettet tilbud eller ordinære "
        "timer tre måneder i træk, tidligst januar 2019.")
    assert wording.waiting_bands() == ["Op til 3 måneder", "Over 3 til 6 måneder", "Over 6 til 9 måneder",
                                       "Over 9 måneder"]
    assert wording.waiting_bands(short=True) == ["Op til 3 mdr.", "3-6 mdr.", "6-9 mdr.", "Over 9 mdr."]


@pytest.fixture
def changed(tmp_path, monkeypatch):
    text = (SETTINGS_TEXT.replace("laggard_alert_months = 3", "laggard_alert_months = 4")
            .replace("alarm_level = 0.998", "alarm_level = 0.999")
            .replace("threshold = 0.40", "threshold = 0.45")
            .replace("threshold = 3 ", "threshold = 5 ")
            .replace('first_month = "2017-08"', 'first_month = "2017-09"')
            .replace("waiting_bands_months = [3, 6, 9]", "waiting_bands_months = [2, 4, 12]"))
    path = tmp_path / "programme.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(wording, "load_settings", lambda: settings.load(path))


def test_changed_settings_change_the_sentences(changed):
    assert wording.laggard_rule() == ("dårligere end landet ved 99,9 pct.-grænsen eller ved 95 pct.-grænsen "
                                      "fire måneder i træk")
    assert wording.fewer_than() == "færre end 5"
    assert wording.small_counts() == "1 til 4"
    assert wording.programme_start() == "september 2017"
    assert "mindst 45 pct. af indsatsgruppen" in wording.instalment_summary()
    assert "mindst 45 pct. af indsatsgruppen" in wording.instalment_rules()
    assert wording.waiting_bands() == ["Op til 2 måneder", "Over 2 til 4 måneder", "Over 4 til 12 måneder",
                                       "Over 12 måneder"]
    assert wording.longest_wait() == "12 måneder"


def test_waiting_bands_must_be_three_increasing_months():
    raw = tomllib.loads(SETTINGS_TEXT)
    raw["group2"]["waiting_bands_months"] = [3, 6]
    with pytest.raises(ValueError, match="tre stigende antal måneder"):
        settings.parse(raw)


def test_indicator_definitions_quote_the_settings():
    meta = metadata.load()
    assert meta["g2_waiting_3_6"]["name"] == "Ventende: over 3 til 6 måneder i gruppe 2"
    assert meta["activity"]["caveats"] == ("Rate 3 udbetales, når andelen har været mindst 40 pct. 3 måneder i træk, "
                                           "tidligst januar 2019.")
    assert "(uge 26, 2017)" in meta["target_group"]["numerator"]
    assert "mindst 260 ugers forløb (afbrydelse ved mere end 4 uger uden ydelse)" in meta["target_group"]["numerator"]
    assert not any("{" in text for m in meta.values() for text in m.values() if isinstance(text, str))
