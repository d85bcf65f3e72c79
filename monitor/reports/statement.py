"""Monthly statement per job centre as PDF and as Excel: the layouts of the content that
monitor.reports.statement_data gathers (figures with discretion applied, Danish texts)."""

from __future__ import annotations

from monitor.core import metadata
from monitor.present import charts, danish, tables, wording
from monitor.reports.pdf import ChartRenderer, ReportPDF
from monitor.reports.statement_data import (
    COMPARISON_NOTE, COMPARISON_TEXT, DISCRETION_NOTE, TREND_INDICATORS, VISITATION_INDICATORS,
    WAITING_ROWS, Source, change_text, comparison_text, data_date_text, fraction_text, instalment_rows,
    statement_data, title_lines, value_text, waiting_sentence,
)

TREND_PX = (1200, 780)  # the four trend panels at a page's width: text stays legible in print
PEERS_PX = (1000, 560)


# ---- PDF ----------------------------------------------------------------------------------

def trend_image(data: dict, renderer: ChartRenderer) -> tuple[str, bytes] | None:
    """The job centre's main indicators over the months, as one image of four panels."""
    shown = [ind for ind in TREND_INDICATORS if ind in data["by_id"]]
    if not shown:
        return None
    frame = data["history"]
    frame = frame.filter(frame["unit_type"].is_in(["jobcentre", "star_office", "country"]))
    fig = charts.indicator_trend_grid(frame, shown, data["unit"]["unit_code"])
    return charts.alt_text(fig), renderer.png(fig, *TREND_PX)


def peers_image(peers, office_name: str, renderer: ChartRenderer) -> tuple[str, bytes]:
    """Group-2 waiting for the job centres of one STAR office: the same image in the statement
    of every job centre of the office (rendered once per run, see shared_images)."""
    fig = charts.group2_waiting_bars(peers)
    fig.update_layout(title=dict(text=f"Gruppe 2: ventende fordelt på tid i gruppe 2, jobcentre i {office_name}",
                                 font=dict(size=15)),
                      legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
                      margin=dict(t=90, b=160))
    return charts.alt_text(fig), renderer.png(fig, *PEERS_PX)


def shared_images(source: Source, month: str, renderer: ChartRenderer) -> dict[str, tuple[str, bytes]]:
    """The images that are the same for many statements, by STAR office code."""
    offices = source.units("star_office")
    waiting = source.group2(month)
    images = {}
    for office in offices.iter_rows(named=True):
        peers = waiting.filter(waiting["star_office"] == office["unit_code"])
        if peers.height:
            with renderer:
                images[office["unit_code"]] = peers_image(peers, office["unit_name"], renderer)
    return images


def _office_image(data: dict, renderer: ChartRenderer, shared: dict | None) -> tuple[str, bytes] | None:
    peers = data["peers"]
    if peers is None or not peers.height:
        return None
    if shared is not None and data["office_code"] in shared:
        return shared[data["office_code"]]
    return peers_image(peers, data["office_name"], renderer)


def build_pdf(data: dict, renderer: ChartRenderer, shared: dict | None = None) -> bytes:
    unit_name = data["unit"]["unit_name"]
    pdf = ReportPDF(f"Månedsopgørelse · {unit_name} · {danish.month_name(data['month'])}")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.title_block(f"Flere skal med: månedsopgørelse for {unit_name}", title_lines(data))

    pdf.heading("Indikatorer: jobcentret, arbejdsmarkedskontoret og hele landet")
    header = ["Indikator", "Jobcenter", "Antal / nævner", "Ændring", data["office_name"], "Hele landet", "Mod landet"]
    rows = []
    for r in data["indicators"]:
        rows.append([
            r["name"], value_text(r["kind"], r["share"] if r["kind"] == "share" else r["numerator"], r["suppressed"], r["denominator"]),
            fraction_text(r), change_text(r["kind"], r["change"]),
            value_text(r["kind"], r["region_value"], r["region_suppressed"]),
            value_text(r["kind"], r["country_value"], False), comparison_text(r),
        ])
    pdf.data_table(header, rows, [58, 18, 26, 24, 20, 18, 22], ["L", "R", "R", "R", "R", "R", "L"], size=7.5)
    pdf.paragraph("Andele i pct. af nævneren; antal i personer. \"Ændring\" er ændringen siden forrige måned "
                  "(pct.-point for andele). \"Halter\": "
                  f"{wording.laggard_rule()}.", size=7)

    with renderer:
        trend = trend_image(data, renderer)
        office = _office_image(data, renderer, shared)
    pdf.add_page()
    pdf.heading("Udvikling i hovedindikatorerne")
    if trend is not None:
        pdf.image_png(trend[1], pdf.usable_width)
    pdf.paragraph("Stiplet sort linje: hele landet; orange: arbejdsmarkedskontoret; blå: jobcentret. "
                  "Markeringer: trekant op = bedre end landet, cirkel = som landet, trekant ned = dårligere.", size=7)

    pdf.heading("Visitation")
    visit_rows = []
    for ind in VISITATION_INDICATORS:
        r = data["by_id"].get(ind)
        if r is None:
            continue
        visit_rows.append([r["name"], danish.count(r["numerator"], r["suppressed"]),
                           "" if r["kind"] == "count" else value_text("share", r["share"], r["suppressed"], r["denominator"]),
                           value_text(r["kind"], r["country_value"], False)])
    pdf.data_table(["", "Personer", "Andel af bruttomålgruppen", "Hele landet"], visit_rows, [80, 30, 40, 30], size=8)

    pdf.heading("Gruppe 2: ventende på kontanthjælpssystemet, fordelt på tid i gruppe 2")
    waiting = data["waiting"]
    if waiting is not None:
        wrows = [[label, danish.count(waiting[col], waiting[f"{col}_suppressed"])] for col, label in WAITING_ROWS]
        wrows.append(["Borgere i gruppe 2 i alt", danish.count(waiting["g2_count"], waiting["g2_count_suppressed"])])
        pdf.data_table(["Tid i gruppe 2", "Personer"], wrows, [80, 30], size=8)
        pdf.paragraph(waiting_sentence(waiting))
    if office is not None:
        alt, png = office
        w = pdf.usable_width * 0.85
        if pdf.get_y() + w * PEERS_PX[1] / PEERS_PX[0] > pdf.h - 20:
            pdf.add_page()
        pdf.image_png(png, w)
        pdf.paragraph(alt, size=7)

    pdf.heading("Tilskud og rater")
    pdf.paragraph("Status for rater er opgjort på de senest indlæste data, uanset opgørelsesmåned.", size=7)
    pdf.data_table(["Kommune", "Rate", "Andel", "Beløb", "Status", "Afstand til betingelsen"],
                   instalment_rows(data), [28, 10, 14, 26, 42, 60], ["L", "R", "R", "R", "L", "L"], size=7.5)

    pdf.heading("Definitioner", size=10)
    meta = metadata.load()
    for r in data["indicators"]:
        m = meta[r["indicator"]]
        text = m.get("numerator", "")
        if m.get("denominator"):
            text += f". Nævner: {m['denominator']}"
        pdf.definition(r["name"], text)
    pdf.paragraph(COMPARISON_NOTE, size=7)
    pdf.paragraph(f"{DISCRETION_NOTE} {data['discretion_sentence']}", size=7)
    return pdf.output_bytes()


def render_pdf(con, month: str, jobcentre_code: str, *, source: Source | None = None,
               renderer: ChartRenderer | None = None, shared: dict | None = None) -> bytes:
    """The monthly statement of one job centre as PDF bytes (also the dashboard's Jobcenter page);
    `shared`: images from shared_images, so a run renders them once."""
    data = statement_data(source or Source(con), month, str(jobcentre_code))
    return build_pdf(data, renderer or ChartRenderer(), shared)


# ---- Excel --------------------------------------------------------------------------------

def build_xlsx(data: dict) -> bytes:
    lines = [f"Månedsopgørelse for {data['unit']['unit_name']}, {danish.month_name(data['month'])}",
             data_date_text(data["freshness"]), data["vintage_line"]]

    def num(value, suppressed: bool):
        return danish.SUPPRESSED if suppressed else value

    rows = []
    for r in data["indicators"]:
        share = r["kind"] == "share"
        rows.append([
            r["name"], r["indicator"], "andel" if share else "antal",
            num(r["numerator"], r["suppressed"]), num(r["denominator"], r["suppressed"]) if share else None,
            num(r["share"], r["suppressed"]) if share else None,
            r["change"],
            num(r["region_value"], r["region_suppressed"]), r["country_value"],
            COMPARISON_TEXT.get(r["comparison"], ""), r["months_worse"], "ja" if r["laggard"] else "nej",
        ])
    shares = {i for i, r in enumerate(data["indicators"]) if r["kind"] == "share"}
    indicators = tables.Sheet(
        "Indikatorer", ["Indikator", "Id", "Type", "Jobcenter: antal/tæller", "Nævner", "Andel",
                        "Ændring fra forrige måned", data["office_name"], "Hele landet", "Mod landet",
                        f"Måneder i træk dårligere ({wording.alert_limit()})", "Halter"], rows, lines,
        percent_columns={5, 6, 7, 8}, percent_rows=shares)

    trend = (data["history"].filter(data["history"]["indicator"].is_in(TREND_INDICATORS))
             .sort("indicator", "unit_type", "month"))
    development = tables.Sheet(
        "Udvikling", ["Måned", "Indikator", "Enhed", "Tæller", "Nævner", "Andel", "Mod landet"],
        [[m, metadata.name(i), n, num(a, s), num(b, s), num(sh, s), COMPARISON_TEXT.get(c, "")]
         for m, i, n, a, b, sh, s, c in trend.select("month", "indicator", "unit_name", "numerator", "denominator",
                                                     "share", "suppressed", "comparison").iter_rows()],
        lines, percent_columns={5})

    vrows = []
    for ind in VISITATION_INDICATORS:
        r = data["by_id"].get(ind)
        if r:
            vrows.append([r["name"], num(r["numerator"], r["suppressed"]),
                          num(r["share"], r["suppressed"]) if r["kind"] == "share" else None, r["country_value"]])
    visitation = tables.Sheet("Visitation", ["", "Personer", "Andel af bruttomålgruppen", "Hele landet"], vrows,
                              lines, percent_columns={2, 3})

    waiting = data["waiting"]
    wrows = []
    if waiting is not None:
        wrows = [[label, num(waiting[col], waiting[f"{col}_suppressed"])] for col, label in WAITING_ROWS]
        wrows.append(["Borgere i gruppe 2 i alt", num(waiting["g2_count"], waiting["g2_count_suppressed"])])

    meta = metadata.load()
    return tables.workbook_bytes([
        indicators, development, visitation,
        tables.Sheet("Gruppe 2", ["Tid i gruppe 2", "Personer"], wrows, lines),
        tables.Sheet("Rater", ["Kommune", "Rate", "Procent", "Beløb (kr.)", "Status", "Afstand til betingelsen",
                               "Beslutning"],
                     [[r["municipality_name"], r["instalment"], r["percent"], r["amount_dkk"],
                       wording.instalment_state(r), wording.instalment_distance(r), wording.decision_note(r)]
                      for r in data["instalments"]],
                     lines),
        tables.Sheet("Definitioner", ["Indikator", "Tæller", "Nævner", "Kilde", "Forbehold"],
                     [[m["name"], m.get("numerator", ""), m.get("denominator", ""), m.get("source", ""),
                       m.get("caveats", "")] for m in (meta[r["indicator"]] for r in data["indicators"])]
                     + [[], ["Sammenligning", COMPARISON_NOTE], ["Diskretion", f"{DISCRETION_NOTE} {data['discretion_sentence']}"]], lines),
    ])


def render_xlsx(con, month: str, jobcentre_code: str, *, source: Source | None = None) -> bytes:
    """The monthly statement's tables as an Excel workbook (one sheet per table)."""
    return build_xlsx(statement_data(source or Source(con), month, str(jobcentre_code)))
