"""Laggard report: per indicator the job centres worse than the country (99.8 % limit, or 95 % limit
three months in a row), and per municipality the plain Danish sentences a letter to the mayor
would quote. PDF or Excel; all figures from monitor.core.figures (discretion applied)."""

from __future__ import annotations

import polars as pl

from monitor.core import figures, metadata, vintages
from monitor.core.settings import load as load_settings
from monitor.present import danish, tables, wording
from monitor.reports.pdf import ReportPDF
from monitor.reports.request import check_month

LEVEL_TEXT = wording.laggard_levels()
INTRO = ("Rapporten viser for hver indikator de jobcentre, der i måneden ligger dårligere end hele landet "
         f"ved {wording.alarm_limit()}-kontrolgrænsen, eller ved {wording.alert_limit()}-grænsen "
         f"{wording.alert_run().replace(' i træk', ' eller flere i træk')}. "
         "\"Måneder\" er antallet af måneder i træk, til og med denne, hvor jobcentret har ligget dårligere "
         f"end landet ved {wording.alert_limit()}-grænsen. {wording.discretion_rule().capitalize()}.")


def _count_phrase(value, suppressed: bool) -> str | None:
    """'23 borgere' / 'færre end 3 borgere'; None when there is nothing to say (no value or zero)."""
    if suppressed:
        return f"{wording.fewer_than()} borgere"
    if value is None or value == 0:
        return None
    return f"{danish.integer(value)} {'borger' if value == 1 else 'borgere'}"


def municipality_sentences(month: str, figures_row: dict[str, dict], waiting: dict | None,
                           instalments: list[dict], lagging: list[dict], jobcentre_name: str | None) -> list[str]:
    """The sentences for one municipality, built only from discretion-applied figures."""
    out = []
    name = danish.month_name(month)
    if waiting is not None:
        phrase = _count_phrase(waiting["waiting_over_9"], waiting["waiting_over_9_suppressed"])
        if phrase:
            out.append(f"I jeres kommune har {phrase} været i gruppe 2 i mere end {wording.longest_wait()} uden at have "
                       "forladt kontanthjælpssystemet.")
    not_visited = figures_row.get("not_visited")
    if not_visited:
        phrase = _count_phrase(not_visited["numerator"], not_visited["suppressed"])
        if phrase:
            share = "" if not_visited["suppressed"] or not_visited["share"] is None \
                else f" ({danish.percent(not_visited['share'])} af målgruppen)"
            out.append(f"Ved udgangen af {name} var {phrase}{share} i jeres kommune endnu ikke i en visitationsgruppe.")
    activity = figures_row.get("activity")
    if activity and not activity["suppressed"] and activity["share"] is not None:
        out.append(f"I {name} havde {danish.percent(activity['share'])} af indsatsgruppen i jeres kommune "
                   f"virksomhedsrettet tilbud eller ordinære timer, mod {danish.percent(activity['national_share'])} "
                   "i hele landet.")
    for row in instalments:
        if row["state"] != "not_met":
            continue
        if row["instalment"] == 2 and row.get("awaiting_account"):
            out.append(f"Kommunen har visiteret hele målgruppen, men rate 2 ({danish.kroner(row['amount_dkk'])}) "
                       "afventer kommunens regnskab for rate 1.")
        elif row["instalment"] == 2:
            phrase = _count_phrase(row["not_visited"], row["not_visited_suppressed"])
            if phrase:
                out.append(f"Kommunen har endnu ikke opfyldt betingelsen for rate 2 ({danish.kroner(row['amount_dkk'])}): "
                           f"{phrase} i målgruppen mangler at blive visiteret.")
        elif row["instalment"] == 3:
            phrase = _count_phrase(row["shortfall"], row["shortfall_suppressed"])
            if phrase:
                out.append(f"For at nå {danish.percent(load_settings().activity_threshold, 0)} i virksomhedsrettet tilbud "
                           "eller ordinære timer, som er betingelsen for "
                           f"rate 3 ({danish.kroner(row['amount_dkk'])}), mangler kommunen {phrase} denne måned.")
    if lagging and jobcentre_name:
        names = ", ".join(metadata.name(r["indicator"]).lower() for r in lagging)
        out.append(f"{jobcentre_name} ligger dårligere end landet på: {names}.")
    return out


def report_data(con, month: str, vintage: str | None = None, unreleased: bool = False) -> dict:
    """The report's figures for a month, as vintage `vintage` showed them (None: the latest);
    instalment states as decided by the vintage of the month; `unreleased`: the report holds a
    month or an extract not yet released and says so on its first page."""
    months = figures.months(con)
    check_month(months, month)
    lag = figures.laggards(con, month, "jobcentre", vintage=vintage)
    jobcentres = figures.units(con, "jobcentre")
    municipalities = figures.units(con, "municipality")
    jobcentre_of: dict[str, dict] = {}
    for jc in jobcentres.iter_rows(named=True):
        for m in figures.municipalities_of(con, jc["unit_code"], "jobcentre"):
            jobcentre_of[str(m)] = jc
    ind = figures.indicators(con, month=month, unit_type="municipality",
                             indicator=["not_visited", "activity"], vintage=vintage)
    by_unit: dict[str, dict[str, dict]] = {}
    for row in ind.iter_rows(named=True):
        by_unit.setdefault(row["unit_code"], {})[row["indicator"]] = row
    waiting = {r["unit_code"]: r for r in
               figures.group2_waiting(con, month, "municipality", vintage=vintage).iter_rows(named=True)}
    inst = figures.instalments(con, vintage=vintages.first_vintage(con, month))
    lag_rows = lag.to_dicts()
    sentences = []
    for mun in municipalities.iter_rows(named=True):
        code = mun["unit_code"]
        jc = jobcentre_of.get(code)
        lagging = [r for r in lag_rows if jc and r["unit_code"] == jc["unit_code"]]
        rows = inst.filter(pl.col("municipality_code").cast(pl.String) == code).sort("instalment").to_dicts()
        sentences.append({
            "municipality_code": code, "municipality_name": mun["unit_name"],
            "jobcentre_name": jc["unit_name"] if jc else "",
            "sentences": municipality_sentences(month, by_unit.get(code, {}), waiting.get(code), rows, lagging,
                                                jc["unit_name"] if jc else None),
        })
    latest = vintages.latest(con)
    return {"month": month, "laggards": lag_rows, "sentences": sentences, "freshness": figures.freshness(con, vintage) or {},
            "vintage_line": wording.vintage_line(vintage or latest, latest, unreleased)}


def _share_text(row: dict) -> str:
    return danish.SUPPRESSED if row["suppressed"] else danish.percent(row["share"])


def _fraction_text(row: dict) -> str:
    if row["suppressed"]:
        return danish.SUPPRESSED
    return f"{danish.integer(row['numerator'])} / {danish.integer(row['denominator'])}"


def build_pdf(data: dict) -> bytes:
    name = danish.month_name(data["month"])
    pdf = ReportPDF(f"Jobcentre, der halter efter landet · {name}")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.title_block(f"Flere skal med: jobcentre, der halter efter landet, {name}",
                    [wording.data_date(data["freshness"]), data["vintage_line"],
                     f"{len({r['unit_code'] for r in data['laggards']})} jobcentre halter på mindst én indikator "
                     f"({len(data['laggards'])} tilfælde)."])
    pdf.paragraph(INTRO, size=8)
    by_indicator: dict[str, list[dict]] = {}
    for row in data["laggards"]:
        by_indicator.setdefault(row["indicator"], []).append(row)
    order = [i for i in metadata.ids() if i in by_indicator]
    for ind in order:
        rows = by_indicator[ind]
        pdf.heading(f"{metadata.name(ind)} (hele landet: {danish.percent(rows[0]['national_share'])})", size=10)
        pdf.data_table(["Jobcenter", "Andel", "Tæller / nævner", "Niveau", "Måneder"],
                       [[r["unit_name"], _share_text(r), _fraction_text(r), LEVEL_TEXT[r["level"]],
                         danish.integer(r["months_worse"])] for r in rows],
                       [52, 20, 30, 62, 16], ["L", "R", "R", "L", "R"], size=7.5)
    if not order:
        pdf.paragraph("Ingen jobcentre halter efter landet i denne måned.")
    pdf.add_page()
    pdf.heading("Sætninger til breve til borgmestre")
    pdf.paragraph("Sætningerne er bygget af kommunens egne tal for måneden (diskretion er overholdt: antal under "
                  f"{load_settings().discretion_threshold} nævnes som \"{wording.fewer_than()}\"). Tilskud og rater er "
                  "opgjort på de senest indlæste data.", size=8)
    for mun in data["sentences"]:
        if not mun["sentences"]:
            continue
        pdf.heading(f"{mun['municipality_name']} ({mun['jobcentre_name']})", size=9)
        for sentence in mun["sentences"]:
            pdf.paragraph(f"• {sentence}", size=8)
    return pdf.output_bytes()


def build_xlsx(data: dict) -> bytes:
    lines = [f"Jobcentre, der halter efter landet, {danish.month_name(data['month'])}", wording.data_date(data["freshness"]),
             data["vintage_line"]]

    def hidden(row, value):
        return danish.SUPPRESSED if row["suppressed"] else value

    return tables.workbook_bytes([
        tables.Sheet("Haltende jobcentre",
                     ["Indikator", "Id", "Jobcenter", "Kode", "Arbejdsmarkedskontor", "Tæller", "Nævner", "Andel",
                      "Landets andel", "Niveau", f"Måneder i træk dårligere ({wording.alert_limit()})"],
                     [[metadata.name(r["indicator"]), r["indicator"], r["unit_name"], r["unit_code"], r["star_office"],
                       hidden(r, r["numerator"]), hidden(r, r["denominator"]), hidden(r, r["share"]), r["national_share"],
                       LEVEL_TEXT[r["level"]], r["months_worse"]] for r in data["laggards"]],
                     lines, percent_columns={7, 8}),
        tables.Sheet("Sætninger", ["Kommunekode", "Kommune", "Jobcenter", "Sætning"],
                     [[m["municipality_code"], m["municipality_name"], m["jobcentre_name"], s]
                      for m in data["sentences"] for s in m["sentences"]], lines),
        tables.Sheet("Om rapporten", ["Emne", "Tekst"], [["Indhold", INTRO]], lines),
    ])
