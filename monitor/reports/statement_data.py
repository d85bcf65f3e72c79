"""The monthly statement's content: every table of one job centre's statement as plain values
(the job centre against its STAR office and the country, trends, visitation, group-2 waiting,
instalments) and the Danish texts of its cells. Everything comes from monitor.core.figures
(discretion already applied). The layouts are in monitor.reports.statement (PDF, Excel)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from monitor.core import calendar, figures, metadata, vintages
from monitor.core.settings import load as load_settings
from monitor.present import danish, wording
from monitor.reports.request import check_jobcentre, check_month

TREND_INDICATORS = ["visited", "activity", "employed_off_benefits", "g2_waiting"]
VISITATION_INDICATORS = ["target_group", "visited", "group_1", "group_2", "group_3", "not_visited"]
COMPARISON_TEXT = {"better": "Bedre", "similar": "Som landet", "worse": "Dårligere"}
WAITING_ROWS = [*zip(("waiting_0_3", "waiting_3_6", "waiting_6_9", "waiting_over_9"), wording.waiting_bands()),
                ("waiting_total", "Ventende i alt")]
DISCRETION_NOTE = (f"Diskretion: {wording.discretion_rule()}, og andele bygget på dem vises ikke; "
                   "tal markeret \"skjult\" er skjult, så intet lille tal kan regnes ud af alt, hvad der "
                   "offentliggøres for måneden (alle enheder og indikatorer).")
COMPARISON_NOTE = ("Sammenligning med landet: \"Bedre\" eller \"Dårligere\", når jobcentrets andel ligger uden for "
                   f"{wording.alert_limit()}-kontrolgrænserne omkring landets andel for jobcentrets nævner (tragtdiagram, "
                   "udvidet ved overspredning); ellers \"Som landet\". Tom, når indikatoren ikke har en retning, "
                   f"for antal, og når nævneren er under {load_settings().discretion_threshold}.")




class Source:
    """The core's figures for statements, each read once (one Source serves many statements)."""

    def __init__(self, con, vintage: str | None = None, unreleased: bool = False):
        self.con = con
        self.vintage = vintage  # None: the latest vintage
        self.unreleased = unreleased  # marked "ikke offentliggjort" (service.md, Release)

    @lru_cache(maxsize=None)
    def months(self) -> tuple[str, ...]:
        return tuple(figures.months(self.con))

    @lru_cache(maxsize=None)
    def units(self, unit_type: str):
        return figures.units(self.con, unit_type)

    @lru_cache(maxsize=None)
    def history(self, unit_type: str, unit_code: str):
        return figures.indicators(self.con, unit_type=unit_type, unit_code=unit_code, vintage=self.vintage)

    @lru_cache(maxsize=None)
    def group2(self, month: str):
        return figures.group2_waiting(self.con, month, "jobcentre", vintage=self.vintage)

    @lru_cache(maxsize=None)
    def instalments(self, month: str):
        """The states decided by the vintage of the statement's month (vintages.md)."""
        return figures.instalments(self.con, vintage=vintages.first_vintage(self.con, month))

    @lru_cache(maxsize=None)
    def vintage_line(self) -> str:
        latest = vintages.latest(self.con)
        return wording.vintage_line(self.vintage or latest, latest, self.unreleased)

    @lru_cache(maxsize=None)
    def municipalities_of(self, code: str) -> tuple[int, ...]:
        return tuple(figures.municipalities_of(self.con, code, "jobcentre"))

    @lru_cache(maxsize=None)
    def freshness(self):
        return figures.freshness(self.con, self.vintage)

    @lru_cache(maxsize=None)
    def discretion(self, month: str):
        return figures.discretion_summary(self.con, month, self.vintage)


def check_request(source: Source, month: str, code: str) -> dict:
    """The job centre's unit row; ReportError with a Danish message when month or code is unknown."""
    check_month(source.months(), month)
    return check_jobcentre(source.units("jobcentre"), code)


def statement_data(con_or_source, month: str, code: str) -> dict:
    """Every table of one statement as plain Python values (None where suppressed or absent)."""
    source = con_or_source if isinstance(con_or_source, Source) else Source(con_or_source)
    code = str(code)
    unit = check_request(source, month, code)
    offices = source.units("star_office")
    office_code = unit["star_office"]
    office_rows = offices.filter(pl.col("unit_code") == office_code)
    office_name = office_rows["unit_name"][0] if office_rows.height else (office_code or "")
    months = source.months()
    previous = calendar.add_months(month, -1)
    previous = previous if previous in months else None

    history = pl.concat([
        source.history("jobcentre", code),
        source.history("star_office", office_code) if office_code else source.history("country", "DK").clear(),
        source.history("country", "DK"),
    ], how="diagonal_relaxed").filter(pl.col("month") <= month)

    def cell(unit_type: str, at: str | None, indicator: str) -> dict | None:
        if at is None:
            return None
        rows = history.filter((pl.col("unit_type") == unit_type) & (pl.col("month") == at)
                              & (pl.col("indicator") == indicator))
        return rows.row(0, named=True) if rows.height else None

    indicator_rows = []
    for ind in metadata.ids():
        here = cell("jobcentre", month, ind)
        if here is None:
            continue
        kind = metadata.kind(ind)
        before = cell("jobcentre", previous, ind)
        region = cell("star_office", month, ind)
        country = cell("country", month, ind)
        key = "share" if kind == "share" else "numerator"
        change = None
        if before is not None and not here["suppressed"] and not before["suppressed"] \
                and here[key] is not None and before[key] is not None:
            change = here[key] - before[key]
        indicator_rows.append({
            "indicator": ind, "name": metadata.name(ind), "kind": kind,
            "numerator": here["numerator"], "denominator": here["denominator"], "share": here["share"],
            "suppressed": bool(here["suppressed"]),
            "change": change,
            "region_value": region[key] if region and not region["suppressed"] else None,
            "region_suppressed": bool(region["suppressed"]) if region else False,
            "country_value": country[key] if country else None,
            "comparison": here["comparison"], "months_worse": here["months_worse"], "alarm": here["alarm"],
            "laggard": here["laggard"],
        })
    by_id = {r["indicator"]: r for r in indicator_rows}

    g2 = source.group2(month).filter(pl.col("unit_code") == code)
    waiting = g2.row(0, named=True) if g2.height else None
    peers = source.group2(month).filter(pl.col("star_office") == office_code) if office_code else None

    municipalities = source.municipalities_of(code)
    instalments = (source.instalments(month).filter(pl.col("municipality_code").is_in(list(municipalities)))
                   .sort("municipality_name", "instalment"))

    fresh = source.freshness() or {}
    return {
        "month": month, "previous_month": previous, "unit": unit, "office_code": office_code,
        "office_name": office_name, "indicators": indicator_rows, "by_id": by_id,
        "history": history, "waiting": waiting, "peers": peers,
        "instalments": instalments.to_dicts(), "freshness": fresh, "vintage_line": source.vintage_line(),
        "discretion_sentence": wording.discretion_sentence(source.discretion(month)),
    }


# ---- formatting ---------------------------------------------------------------------------

def value_text(kind: str, value, suppressed: bool, denominator=None) -> str:
    if suppressed:
        return danish.SUPPRESSED
    if kind == "count":
        return danish.integer(value)
    if value is None and denominator == 0:
        return danish.NO_ONE
    return danish.percent(value)


def change_text(kind: str, change) -> str:
    if change is None:
        return ""
    if kind == "share":
        return danish.percent_points(round(change, 3) + 0.0)  # no "−0,0" for a change below 0,05 pct.-point
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{danish.integer(abs(change))}"


def fraction_text(row: dict) -> str:
    if row["kind"] == "count":
        return ""
    if row["suppressed"]:
        return danish.SUPPRESSED
    return f"{danish.integer(row['numerator'])} / {danish.integer(row['denominator'])}"


def comparison_text(row: dict) -> str:
    text = COMPARISON_TEXT.get(row["comparison"], "")
    if row.get("laggard"):
        text += " (halter)"
    return text


def data_date_text(fresh: dict) -> str:
    return wording.data_date(fresh)


def waiting_sentence(waiting: dict | None) -> str:
    """The minister's sentence for the job centre; never quotes a suppressed count."""
    if waiting is None:
        return ""
    if waiting["waiting_over_9_suppressed"]:
        return (f"{wording.fewer_than().capitalize()} borgere har været i gruppe 2 i mere end {wording.longest_wait()} "
                "og er stadig på kontanthjælpssystemet.")
    n = waiting["waiting_over_9"]
    if not n:
        return f"Ingen borgere har været i gruppe 2 i mere end {wording.longest_wait()} uden at have skiftet ydelse."
    return (f"{danish.integer(n)} borgere har været i gruppe 2 i mere end {wording.longest_wait()} og er stadig på "
            "kontanthjælpssystemet.")


def instalment_rows(data: dict) -> list[list[str]]:
    return [[row["municipality_name"], str(row["instalment"]), f"{row['percent']} pct.",
             danish.kroner(row["amount_dkk"]), wording.instalment_state(row),
             wording.instalment_distance(row) or wording.decision_note(row)]
            for row in data["instalments"]]


def title_lines(data: dict) -> list[str]:
    return [
        f"{data['unit']['unit_name']} · {data['office_name']}",
        f"Opgørelsesmåned: {danish.month_name(data['month'])}"
        + (f" (ændringer i forhold til {danish.month_name(data['previous_month'])})" if data["previous_month"] else ""),
        data_date_text(data["freshness"]),
        data["vintage_line"],
    ]
