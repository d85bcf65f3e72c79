"""Danish wording: sentences built from figures (instalment states and distances) and every
sentence that states a programme constant, built from the settings (data/settings/programme.toml)."""

from __future__ import annotations

import polars as pl

from monitor.core import reference
from monitor.core.release import UNRELEASED
from monitor.core.settings import Settings, load as load_settings
from monitor.present import danish

UNRELEASED_MARK = UNRELEASED.upper()  # on a report holding a month or an extract not yet released
STATE_NAMES = {"paid": "Udbetalt", "met_waiting": "Opfyldt, venter", "not_met": "Ikke opfyldt"}
VISIT_SHORTFALL = "mangler at visitere {} personer"
AWAITING_ACCOUNT = "afventer regnskab for rate 1"
ACTIVITY_SHORTFALL = ("{} måned(er) i træk med mindst " + danish.percent(load_settings().activity_threshold, 0)
                      + "; mangler {} personer denne måned")


def instalment_state(row: dict) -> str:
    """'udbetalt i januar 2018' / 'opfyldt, udbetales januar 2019' / 'ikke opfyldt'."""
    if row["state"] == "paid":
        return f"udbetalt i {danish.month_name(row['due_month'])}"
    if row["state"] == "met_waiting":
        return f"opfyldt, udbetales {danish.month_name(row['due_month'])}"
    return "ikke opfyldt"


def instalment_distance(row: dict) -> str:
    """How far an unmet instalment is from its condition ('' when met or instalment 1)."""
    if row["state"] != "not_met":
        return ""
    if row["instalment"] == 2 and row.get("awaiting_account"):
        return AWAITING_ACCOUNT
    if row["instalment"] == 2:
        return VISIT_SHORTFALL.format(danish.count(row['not_visited'], row['not_visited_suppressed']))
    if row["instalment"] == 3:
        return ACTIVITY_SHORTFALL.format(row['run_months'], danish.count(row['shortfall'], row['shortfall_suppressed']))
    return ""


def instalment_detail_expr() -> pl.Expr:
    """Per instalment row: instalment_distance(row), else the due month's name ('' when none),
    as one Polars expression (no Python callback per row)."""
    not_met = pl.col("state") == "not_met"
    return (
        pl.when(not_met & (pl.col("instalment") == 2) & pl.col("awaiting_account").fill_null(False))
        .then(pl.lit(AWAITING_ACCOUNT))
        .when(not_met & (pl.col("instalment") == 2))
        .then(pl.format(VISIT_SHORTFALL, danish.count_expr(pl.col("not_visited"), pl.col("not_visited_suppressed"))))
        .when(not_met & (pl.col("instalment") == 3))
        .then(pl.format(ACTIVITY_SHORTFALL, pl.col("run_months"),
                        danish.count_expr(pl.col("shortfall"), pl.col("shortfall_suppressed"))))
        .otherwise(danish.month_name_expr(pl.col("due_month")))
    )


def instalment_rules(s: Settings | None = None) -> str:
    """The instalment rules in Danish, from the programme settings (pool call)."""
    s = s or load_settings()
    first, second, third = s.instalments
    return (
        f"Puljen på {danish.kroner(s.pool_dkk)} fordeles efter kommunernes andel af bruttomålgruppen. "
        f"**Rate 1** ({first.percent} pct.) udbetales ved tilsagnet ({danish.month_name(s.grant_month)}). "
        f"**Rate 2** ({second.percent} pct.) når hele bruttomålgruppen er visiteret"
        + (" og kommunens ledelsespåtegnede regnskab for rate 1 er modtaget; den forfalder i den seneste af "
           "måneden, hvor visiteringen blev fuldført, måneden, hvor regnskabet blev modtaget, og "
           if second.requires_document else "; den forfalder i måneden, hvor visiteringen blev fuldført, eller ")
        + f"{danish.month_name(second.not_before)}. Mangler kun regnskabet, står der \"{AWAITING_ACCOUNT}\". "
        f"**Rate 3** ({third.percent} pct.) når mindst {danish.percent(s.activity_threshold, 0)} af indsatsgruppen "
        f"har været i virksomhedsrettet tilbud eller haft ordinære timer {s.activity_consecutive_months} måneder i "
        f"træk, tidligst {danish.month_name(third.not_before)}."
    )


def data_date(fresh: dict | None) -> str:
    """'Data til og med august 2019, indlæst 22. november 2026' (the freshness stamp)."""
    if not fresh or fresh.get("latest_month") is None:
        return "Datadato: ukendt"
    text = f"Data til og med {danish.month_name(fresh['latest_month'])}"
    if fresh.get("loaded_at") is not None:
        text += f", indlæst {danish.date(fresh['loaded_at'])}"
    return text


def vintage_line(vintage: str | None, latest: str | None, unreleased: bool = False) -> str:
    """Which vintage a report's figures come from, for its first page; `latest`: the latest
    extract the reader may see. A report holding a month or an extract not yet released
    (made by ministeriet or star) says so (service.md, Release)."""
    mark = f" · {UNRELEASED_MARK}" if unreleased else ""
    if vintage is None:
        return "Udtræk: ukendt" + mark
    if vintage == latest:
        return f"Udtræk: {danish.month_name(vintage)} (det seneste)" + mark
    return (f"Udtræk: {danish.month_name(vintage)} - tallene, som de stod efter udtrækket for "
            f"{danish.month_name(vintage)}; senere rettelser er ikke medregnet" + mark)


def decision_note(row: dict) -> str:
    """'besluttet på udtrækket for marts 2018', with the flag when a later vintage disagrees."""
    if not row.get("decided_vintage"):
        return ""
    text = f"besluttet på udtrækket for {danish.month_name(row['decided_vintage'])}"
    flag = row.get("flag") or ""
    if flag == "later_not_met":
        text += "; senere udtræk viser ikke betingelsen opfyldt (beslutningen står)"
    elif flag.startswith("later_met_in:"):
        text += (f"; senere udtræk viser den opfyldt i {danish.month_name(flag.split(':', 1)[1])} "
                 "(beslutningen står)")
    return text


# ---- programme constants in sentences (every number from data/settings/programme.toml) ------

NUMBER_WORDS = {1: "en", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte", 9: "ni",
                10: "ti", 11: "elleve", 12: "tolv"}


def number_word(n: int) -> str:
    """3 -> 'tre' (Danish words up to twelve, digits above)."""
    return NUMBER_WORDS.get(n, danish.integer(n))


def level(fraction: float) -> str:
    """A funnel limit as Danish text without trailing zeros: 0.998 -> '99,8', 0.95 -> '95'."""
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def alarm_limit(sign: str = "pct.") -> str:
    """'99,8 pct.' (or with sign='%': '99,8 %')."""
    return f"{level(load_settings().alarm_level)} {sign}"


def alert_limit(sign: str = "pct.") -> str:
    return f"{level(load_settings().alert_level)} {sign}"


def alert_run() -> str:
    """'tre måneder i træk' (the run at the alert limit that makes a laggard)."""
    return f"{number_word(load_settings().laggard_alert_months)} måneder i træk"


def laggard_rule(sign: str = "pct.") -> str:
    """'dårligere end landet ved 99,8 pct.-grænsen eller ved 95 pct.-grænsen tre måneder i træk'."""
    return (f"dårligere end landet ved {alarm_limit(sign)}-grænsen eller ved {alert_limit(sign)}-grænsen "
            f"{alert_run()}")


def laggard_levels(sign: str = "pct.", short: bool = False) -> dict[str, str]:
    """Names of the two laggard levels (figures.laggards' `level`)."""
    months = load_settings().laggard_alert_months
    if short:
        return {"alarm": f"Uden for {alarm_limit(sign)}", "alert_run": f"Uden for {alert_limit(sign)} i {months}+ mdr."}
    return {"alarm": f"Dårligere ved {alarm_limit(sign)}-grænsen",
            "alert_run": f"Dårligere ved {alert_limit(sign)}-grænsen {months}+ mdr. i træk"}


def threshold() -> str:
    """'3' (the discretion threshold)."""
    return str(load_settings().discretion_threshold)


def fewer_than() -> str:
    """'færre end 3' (the discretion threshold)."""
    return f"færre end {load_settings().discretion_threshold}"


def small_counts() -> str:
    """'1 eller 2' (the counts discretion hides)."""
    k = load_settings().discretion_threshold
    if k <= 2:
        return "1"
    return f"1 eller {k - 1}" if k == 3 else f"1 til {k - 1}"


def discretion_rule() -> str:
    """'antal på 1 eller 2 personer vises som "<3"'."""
    return f"antal på {small_counts()} personer vises som \"{danish.SUPPRESSED}\""


def participating() -> str:
    """'88' (participating municipalities)."""
    s = load_settings()
    return danish.integer(len(reference.municipality_codes()) - len(s.non_participating))


def programme_start() -> str:
    """'august 2017' (the first monitored month)."""
    return danish.month_name(load_settings().first_month)


def activity_rule() -> str:
    """'mindst 40 pct. ... tre måneder i træk' (the condition of the activity instalment)."""
    s = load_settings()
    return (f"mindst {danish.percent(s.activity_threshold, 0)} af indsatsgruppen har været i virksomhedsrettet "
            f"tilbud eller ordinære timer {number_word(s.activity_consecutive_months)} måneder i træk")


INSTALMENT_CONDITIONS = {"grant": "ved tilsagn", "visitation": "når hele bruttomålgruppen er visiteret"}


def instalment_summary() -> str:
    """'Rate 1 (30 pct.) ved tilsagn; rate 2 (40 pct.) når ...; rate 3 (30 pct.) når ...' (one line;
    instalment_rules is the long version)."""
    parts = []
    for i in load_settings().instalments:
        condition = INSTALMENT_CONDITIONS.get(i.condition) or f"når {activity_rule()}"
        text = f"rate {i.number} ({i.percent} pct.) {condition}"
        if i.requires_document:
            text += " og regnskabet for rate 1 er modtaget, i den seneste af de to måneder og"
        elif i.condition != "grant":
            text += ","
        if i.condition != "grant":
            text += f" tidligst {danish.month_name(i.not_before)}"
        parts.append(text)
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def waiting_bands(short: bool = False) -> list[str]:
    """Labels of the four group-2 waiting bands from the settings' boundaries, e.g. [3, 6, 9]:
    'Op til 3 måneder', 'Over 3 til 6 måneder', 'Over 6 til 9 måneder', 'Over 9 måneder'
    (short: 'Op til 3 mdr.', '3-6 mdr.', '6-9 mdr.', 'Over 9 mdr.')."""
    b = load_settings().waiting_bands_months
    if short:
        return [f"Op til {b[0]} mdr.", f"{b[0]}-{b[1]} mdr.", f"{b[1]}-{b[2]} mdr.", f"Over {b[2]} mdr."]
    return [f"Op til {b[0]} måneder", f"Over {b[0]} til {b[1]} måneder", f"Over {b[1]} til {b[2]} måneder",
            f"Over {b[2]} måneder"]


def longest_wait() -> str:
    """'9 måneder' (the start of the last waiting band)."""
    return f"{load_settings().waiting_bands_months[-1]} måneder"


def discretion_sentence(summary: dict | None) -> str:
    """How many cells discretion hid in a month (never which persons), from
    figures.discretion_summary: 'I august 2019 er 97 tal på 1 eller 2 personer skjult (vist som
    «<3»), og den sekundære diskretion har skjult yderligere 149 tal ...'."""
    if summary is None:
        return ""
    month = danish.month_name(summary["month"])
    if not summary["published"]:
        return f"Tallene for {month} offentliggøres ikke: diskretionsrevisionen bestod ikke."
    return (f"I {month} er {danish.integer(summary['primary_cells'])} tal på {small_counts()} personer skjult "
            f"(vist som «{danish.SUPPRESSED}»), og den sekundære diskretion har skjult yderligere "
            f"{danish.integer(summary['secondary_cells'])} tal (vist som «skjult»), så intet lille tal kan regnes ud "
            "af månedens øvrige tal.")
