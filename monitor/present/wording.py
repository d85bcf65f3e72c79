"""Danish wording built from figures (instalment states and distances)."""

from __future__ import annotations

import polars as pl

from monitor.core.settings import Settings, load as load_settings
from monitor.present import danish

STATE_NAMES = {"paid": "Udbetalt", "met_waiting": "Opfyldt, venter", "not_met": "Ikke opfyldt"}
VISIT_SHORTFALL = "mangler at visitere {} personer"
AWAITING_ACCOUNT = "afventer regnskab for rate 1"
ACTIVITY_SHORTFALL = "{} måned(er) i træk med mindst 40 pct.; mangler {} personer denne måned"


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


def vintage_line(vintage: str | None, latest: str | None) -> str:
    """Which vintage a report's figures come from, for its first page."""
    if vintage is None:
        return "Udtræk: ukendt"
    if vintage == latest:
        return f"Udtræk: {danish.month_name(vintage)} (det seneste)"
    return (f"Udtræk: {danish.month_name(vintage)} - tallene, som de stod efter udtrækket for "
            f"{danish.month_name(vintage)}; senere rettelser er ikke medregnet")


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
