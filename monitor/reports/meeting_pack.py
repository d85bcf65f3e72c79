"""Regional meeting pack (spec administration.md, 3): for a region or a STAR office and a month,
a cover page with the area's figures against the country and its lagging job centres, then
one page per participating municipality: key indicators against the country, instalment
states and distances, documents received, and the follow-up actions shared with the
municipality. Everything comes from the core with discretion applied."""

from __future__ import annotations

import datetime as dt

import polars as pl

from monitor.core import areas, documents, figures, followup, metadata
from monitor.present import danish, wording
from monitor.reports.pdf import ReportPDF
from monitor.reports.request import check_month
from monitor.reports.statement_data import COMPARISON_NOTE, DISCRETION_NOTE, comparison_text, fraction_text, value_text

KEY_INDICATORS = ["target_group", "visited", "group_1", "group_2", "group_3", "company_offer", "ordinary_hours",
                  "activity", "employed_off_benefits", "g2_waiting"]
LEVELS = {"alarm": f"dårligere ved {wording.alarm_limit()}-grænsen",
          "alert_run": f"dårligere ved {wording.alert_limit()}-grænsen flere måneder i træk"}


def pack_data(con, log_con, month: str, region: str | None = None, office: str | None = None,
              today: dt.date | None = None) -> dict:
    """Every table of the pack as plain values. `log_con` is the follow-up log (or None)."""
    check_month(figures.months(con), month)
    where = areas.area(region=region, office=office)
    codes = where["municipality_codes"]
    country = figures.indicators(con, month=month, unit_type="country", indicator=KEY_INDICATORS)
    national = {r["indicator"]: r for r in country.iter_rows(named=True)}
    pooled = areas.area_figures(con, month, codes, KEY_INDICATORS)
    cover = []
    for r in pooled.iter_rows(named=True):
        cover.append({**r, "kind": metadata.kind(r["indicator"]), "name": metadata.name(r["indicator"]),
                      "country": national.get(r["indicator"], {})})
    cover.sort(key=lambda r: KEY_INDICATORS.index(r["indicator"]))
    jobcentres = figures.units(con, "jobcentre")
    members = {jc: set(figures.municipalities_of(con, jc, "jobcentre")) for jc in jobcentres["unit_code"]}
    own_jobcentres = [jc for jc, ms in members.items() if ms & set(codes)]
    lagging = figures.laggards(con, month, "jobcentre").filter(pl.col("unit_code").is_in(own_jobcentres))
    mine = figures.indicators(con, month=month, unit_type="municipality", indicator=KEY_INDICATORS)
    inst = figures.instalments(con)
    docs = documents.status(con, today)
    shared = followup.actions(log_con, "star", "DK", codes, shared_only=True)
    names = dict(zip(*figures.units(con, "municipality").select("unit_code", "unit_name").get_columns()))
    pages = []
    for code in codes:
        rows = [r | {"kind": metadata.kind(r["indicator"]), "name": metadata.name(r["indicator"]),
                     "country_value": _value(national.get(r["indicator"]))}
                for r in mine.filter(pl.col("unit_code") == str(code)).iter_rows(named=True)]
        rows.sort(key=lambda r: KEY_INDICATORS.index(r["indicator"]))
        pages.append({
            "code": code, "name": names.get(str(code), str(code)),
            "jobcentre": next((jobcentres.filter(pl.col("unit_code") == jc)["unit_name"][0]
                               for jc in own_jobcentres if code in members[jc]), ""),
            "indicators": rows,
            "instalments": inst.filter(pl.col("municipality_code") == code).sort("instalment").to_dicts(),
            "documents": docs.filter(pl.col("municipality_code") == code).to_dicts(),
            "actions": shared.filter(pl.col("municipality_code") == code).sort("due_date").to_dicts(),
        })
    return {"month": month, "area": where, "cover": cover, "laggards": lagging.to_dicts(), "pages": pages,
            "freshness": figures.freshness(con) or {}, "today": today or dt.date.today()}


def _value(row: dict | None):
    if row is None:
        return None
    return row["share"] if metadata.kind(row["indicator"]) == "share" else row["numerator"]


def _cover_rows(data: dict) -> list[list[str]]:
    out = []
    for r in data["cover"]:
        value = r["share"] if r["kind"] == "share" else r["numerator"]
        country = _value(r["country"]) if r["country"] else None
        difference = ""
        if r["kind"] == "share" and value is not None and country is not None and not r["suppressed"]:
            difference = danish.percent_points(round(value - country, 3) + 0.0)
        out.append([r["name"], value_text(r["kind"], value, r["suppressed"], r["denominator"]),
                    fraction_text(r), value_text(r["kind"], country, False), difference])
    return out


def build_pdf(data: dict) -> bytes:
    area_name, month = data["area"]["name"], danish.month_name(data["month"])
    pdf = ReportPDF(f"Regionalt møde · {area_name} · {month}")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.title_block(f"Flere skal med: {area_name}, {month}", [
        f"Mødemateriale til regionalt møde med borgmestrene. {len(data['pages'])} deltagende kommuner.",
        wording.data_date(data["freshness"]),
    ])
    pdf.heading(f"{area_name} mod hele landet")
    pdf.data_table(["Indikator", area_name, "Antal / nævner", "Hele landet", "Forskel"], _cover_rows(data),
                   [70, 26, 34, 26, 24], ["L", "R", "R", "R", "R"], size=8)
    pdf.paragraph("Området er summen af de deltagende kommuners borgere. Forskel i pct.-point.", size=7)
    pdf.heading("Jobcentre, der halter efter landet")
    if data["laggards"]:
        rows = [[r["unit_name"], metadata.name(r["indicator"]),
                 danish.SUPPRESSED if r["suppressed"] else danish.percent(r["share"]),
                 danish.percent(r["national_share"]), LEVELS.get(r["level"], r["level"])] for r in data["laggards"]]
        pdf.data_table(["Jobcenter", "Indikator", "Andel", "Landet", "Hvordan"], rows, [36, 52, 16, 16, 60],
                       ["L", "L", "R", "R", "L"], size=7.5)
    else:
        pdf.paragraph("Ingen af områdets jobcentre halter efter landet i denne måned.")
    pdf.paragraph(DISCRETION_NOTE, size=7)
    for page in data["pages"]:
        _municipality_page(pdf, page, data)
    return pdf.output_bytes()


def _municipality_page(pdf: ReportPDF, page: dict, data: dict) -> None:
    pdf.add_page()
    pdf.title_block(page["name"], [f"{page['jobcentre']} · {danish.month_name(data['month'])}"])
    pdf.heading("Nøgletal mod hele landet", size=11)
    rows = [[r["name"], value_text(r["kind"], r["share"] if r["kind"] == "share" else r["numerator"], r["suppressed"],
                                   r["denominator"]),
             fraction_text(r), value_text(r["kind"], r["country_value"], False), comparison_text(r)]
            for r in page["indicators"]]
    pdf.data_table(["Indikator", "Kommunen", "Antal / nævner", "Hele landet", "Mod landet"], rows,
                   [70, 24, 32, 24, 30], ["L", "R", "R", "R", "L"], size=7.5)
    pdf.heading("Rater", size=11)
    rows = [[str(r["instalment"]), f"{r['percent']} pct.", danish.kroner(r["amount_dkk"]), wording.instalment_state(r),
             wording.instalment_distance(r)] for r in page["instalments"]]
    pdf.data_table(["Rate", "Andel", "Beløb", "Status", "Afstand til betingelsen"], rows, [12, 16, 28, 50, 74],
                   ["R", "R", "R", "L", "L"], size=7.5)
    pdf.heading("Regnskaber og rapporter", size=11)
    rows = [[r["document_name"], danish.date(r["received_date"]) if r["received_date"] else "",
             documents.ENDORSEMENTS.get(r["endorsement"] or "", ""), r["state_name"]] for r in page["documents"]]
    pdf.data_table(["Dokument", "Modtaget", "Påtegning", "Status"], rows, [62, 32, 32, 54], ["L", "L", "L", "L"], size=7.5)
    pdf.heading("Aftaler fra opfølgningen (delt med kommunen)", size=11)
    if page["actions"]:
        rows = [[r["text"], danish.date(r["due_date"]), r["status"] + (
                 " (fristen er overskredet)" if r["status"] != followup.DONE and r["due_date"] < data["today"] else "")]
                for r in page["actions"]]
        pdf.data_table(["Aftale", "Frist", "Status"], rows, [110, 30, 40], ["L", "L", "L"], size=7.5)
    else:
        pdf.paragraph("Ingen aftaler delt med kommunen.", size=8)
    pdf.paragraph(COMPARISON_NOTE, size=6.5)


def render(con, log_con, month: str, region: str | None = None, office: str | None = None) -> bytes:
    return build_pdf(pack_data(con, log_con, month, region=region, office=office))


def file_name(area: dict, month: str) -> str:
    return f"moedemateriale_{area['kind']}-{area['code']}_{month}.pdf"
