"""Danish wording built from figures (instalment states and distances)."""

from __future__ import annotations

from monitor import danish

STATE_NAMES = {"paid": "Udbetalt", "met_waiting": "Opfyldt, venter", "not_met": "Ikke opfyldt"}


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
    if row["instalment"] == 2:
        return f"mangler at visitere {danish.count(row['not_visited'], row['not_visited_suppressed'])} personer"
    if row["instalment"] == 3:
        return (f"{row['run_months']} måned(er) i træk med mindst 40 pct.; mangler "
                f"{danish.count(row['shortfall'], row['shortfall_suppressed'])} personer denne måned")
    return ""


def data_date(fresh: dict | None) -> str:
    """'Data til og med august 2019, indlæst 22. november 2026' (the freshness stamp)."""
    if not fresh or fresh.get("latest_month") is None:
        return "Datadato: ukendt"
    text = f"Data til og med {danish.month_name(fresh['latest_month'])}"
    if fresh.get("loaded_at") is not None:
        text += f", indlæst {danish.date(fresh['loaded_at'])}"
    return text
