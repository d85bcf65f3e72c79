"""Monthly statement per job centre (PDF and Excel): the job centre's figures against its STAR
office and the country, trends, visitation, group-2 waiting, instalments and definitions.

Everything comes from monitor.core.figures (discretion already applied); this module only arranges
and formats it in Danish.
"""

from __future__ import annotations

import io
import sys
from functools import lru_cache
from pathlib import Path

from monitor.core import calendar, metadata
from monitor.present import danish

TREND_PX = (760, 480)  # pixels of a trend chart: small enough that its text stays legible at half a page's width
TREND_INDICATORS = ["visited", "activity", "employed_off_benefits", "g2_waiting"]
VISITATION_INDICATORS = ["target_group", "visited", "group_1", "group_2", "group_3", "not_visited"]
COMPARISON_TEXT = {"better": "Bedre", "similar": "Som landet", "worse": "Dårligere"}
WAITING_ROWS = [("waiting_0_3", "Op til 3 måneder"), ("waiting_3_6", "Over 3 til 6 måneder"),
                ("waiting_6_9", "Over 6 til 9 måneder"), ("waiting_over_9", "Over 9 måneder"),
                ("waiting_total", "Ventende i alt")]
DISCRETION_NOTE = ("Diskretion: antal på 1 eller 2 personer vises som \"<3\", og andele bygget på dem vises ikke; "
                   "hvor dele og total vises sammen, skjules en del mere, så intet skjult tal kan regnes ud.")
COMPARISON_NOTE = ("Sammenligning med landet: \"Bedre\" eller \"Dårligere\", når jobcentrets andel ligger uden for "
                   "95 pct.-kontrolgrænserne omkring landets andel for jobcentrets nævner (tragtdiagram, "
                   "udvidet ved overspredning); ellers \"Som landet\". Tom, når indikatoren ikke har en retning, "
                   "for antal, og når nævneren er under 3.")


class StatementError(ValueError):
    """A request the statement cannot answer (unknown month or job centre); message in Danish."""


class Source:
    """The core's figures for statements, each read once (one Source serves many statements)."""

    def __init__(self, con):
        self.con = con

    @lru_cache(maxsize=None)
    def months(self) -> tuple[str, ...]:
        from monitor.core import figures
        return tuple(figures.months(self.con))

    @lru_cache(maxsize=None)
    def units(self, unit_type: str):
        from monitor.core import figures
        return figures.units(self.con, unit_type)

    @lru_cache(maxsize=None)
    def history(self, unit_type: str, unit_code: str):
        from monitor.core import figures
        return figures.indicators(self.con, unit_type=unit_type, unit_code=unit_code)

    @lru_cache(maxsize=None)
    def group2(self, month: str):
        from monitor.core import figures
        return figures.group2_waiting(self.con, month, "jobcentre")

    @lru_cache(maxsize=None)
    def instalments(self):
        from monitor.core import figures
        return figures.instalments(self.con)

    @lru_cache(maxsize=None)
    def municipalities_of(self, code: str) -> tuple[int, ...]:
        from monitor.core import figures
        return tuple(figures.municipalities_of(self.con, code, "jobcentre"))

    @lru_cache(maxsize=None)
    def freshness(self):
        from monitor.core import figures
        return figures.freshness(self.con)


def check_request(source: Source, month: str, code: str) -> dict:
    """The job centre's unit row; StatementError with a Danish message when month or code is unknown."""
    import polars as pl

    if not calendar.is_month(month or ""):
        raise StatementError(f"Ugyldig måned: {month!s}. Skriv måneden som ÅÅÅÅ-MM, fx 2019-08.")
    months = source.months()
    if not months:
        raise StatementError("Databasen indeholder ingen tal endnu. Indlæs udtræk først (python -m monitor ingest).")
    if month not in months:
        raise StatementError(f"Der er ingen tal for {danish.month_name(month)} ({month}). Databasen har tal for "
                             f"{danish.month_name(months[0])} til {danish.month_name(months[-1])}.")
    rows = source.units("jobcentre").filter(pl.col("unit_code") == str(code))
    if rows.height == 0:
        raise StatementError(f"Ukendt jobcenter: {code}. Angiv koden for jobcentrets (værts)kommune, fx 101 "
                             "for Jobcenter København; kun jobcentre, der deltager i indsatsen, har opgørelser.")
    return rows.row(0, named=True)


def statement_data(con_or_source, month: str, code: str) -> dict:
    """Every table of one statement as plain Python values (None where suppressed or absent)."""
    import polars as pl

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
    instalments = (source.instalments().filter(pl.col("municipality_code").is_in(list(municipalities)))
                   .sort("municipality_name", "instalment"))

    fresh = source.freshness() or {}
    return {
        "month": month, "previous_month": previous, "unit": unit, "office_code": office_code,
        "office_name": office_name, "indicators": indicator_rows, "by_id": by_id,
        "history": history, "waiting": waiting, "peers": peers,
        "instalments": instalments.to_dicts(), "freshness": fresh,
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
    from monitor.present import wording

    return wording.data_date(fresh)


def waiting_sentence(waiting: dict | None) -> str:
    """The minister's sentence for the job centre; never quotes a suppressed count."""
    if waiting is None:
        return ""
    if waiting["waiting_over_9_suppressed"]:
        return "Færre end 3 borgere har været i gruppe 2 i mere end 9 måneder og er stadig på kontanthjælpssystemet."
    n = waiting["waiting_over_9"]
    if not n:
        return "Ingen borgere har været i gruppe 2 i mere end 9 måneder uden at have skiftet ydelse."
    return (f"{danish.integer(n)} borgere har været i gruppe 2 i mere end 9 måneder og er stadig på "
            "kontanthjælpssystemet.")


def instalment_rows(data: dict) -> list[list[str]]:
    from monitor.present import wording

    return [[row["municipality_name"], str(row["instalment"]), f"{row['percent']} pct.",
             danish.kroner(row["amount_dkk"]), wording.instalment_state(row), wording.instalment_distance(row)]
            for row in data["instalments"]]


def title_lines(data: dict) -> list[str]:
    return [
        f"{data['unit']['unit_name']} · {data['office_name']}",
        f"Opgørelsesmåned: {danish.month_name(data['month'])}"
        + (f" (ændringer i forhold til {danish.month_name(data['previous_month'])})" if data["previous_month"] else ""),
        data_date_text(data["freshness"]),
    ]


# ---- PDF ----------------------------------------------------------------------------------

def _charts(data: dict, renderer) -> list[tuple[str, bytes]]:
    from monitor.present import charts

    images = []
    frame = data["history"]
    code = data["unit"]["unit_code"]
    trend_frame = frame.filter(frame["unit_type"].is_in(["jobcentre", "star_office", "country"]))
    for ind in TREND_INDICATORS:
        if ind in data["by_id"]:
            fig = charts.indicator_trend(trend_frame, ind, code)
            # the page heading says what the lines are; half a page's width keeps only the indicator's name
            fig.update_layout(title=dict(text=metadata.name(ind), font=dict(size=16)),
                              legend=dict(y=-0.32), margin=dict(b=110, t=50))
            fig.update_xaxes(title_text=None)
            images.append((charts.alt_text(fig), renderer.png(fig, *TREND_PX)))
    peers = data["peers"]
    if peers is not None and peers.height:
        # the same chart for every job centre of an office: render it once per office and month
        key = ("group2_peers", data["office_code"], data["month"])
        if key not in renderer.cache:
            fig = charts.group2_waiting_bars(peers)
            fig.update_layout(title=dict(text="Gruppe 2: ventende fordelt på tid i gruppe 2, jobcentre i "
                                              f"{data['office_name']}", font=dict(size=15)),
                              legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
                              margin=dict(t=90, b=160))
            renderer.cache[key] = (charts.alt_text(fig), renderer.png(fig, 1000, 560))
        images.append(renderer.cache[key])
    return images


def build_pdf(data: dict, renderer) -> bytes:
    from monitor.reports.pdf import ReportPDF

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
                  "(pct.-point for andele). \"Halter\": dårligere end landet ved 99,8 pct.-grænsen eller ved "
                  "95 pct.-grænsen tre måneder i træk.", size=7)

    with renderer:
        images = _charts(data, renderer)
    pdf.add_page()
    pdf.heading("Udvikling i hovedindikatorerne")
    width = pdf.usable_width / 2 - 2
    height = width * TREND_PX[1] / TREND_PX[0]
    trend_images = images[:len(images) - (1 if data["peers"] is not None and data["peers"].height else 0)]
    top = pdf.get_y()
    for i, (alt, png) in enumerate(trend_images):
        x = pdf.l_margin + (i % 2) * (width + 4)
        y = top + (i // 2) * (height + 3)
        pdf.image_png(png, width, x=x, y=y)
    pdf.set_y(top + ((len(trend_images) + 1) // 2) * (height + 3))
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
    if len(images) > len(trend_images):
        alt, png = images[-1]
        w = pdf.usable_width * 0.85
        if pdf.get_y() + w * 560 / 1000 > pdf.h - 20:
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
    pdf.paragraph(DISCRETION_NOTE, size=7)
    return pdf.output_bytes()


def render_pdf(con, month: str, jobcentre_code: str, *, source: Source | None = None, renderer=None) -> bytes:
    """The monthly statement of one job centre as PDF bytes (used by the dashboard's Jobcenter page)."""
    from monitor.reports.pdf import ChartRenderer

    data = statement_data(source or Source(con), month, str(jobcentre_code))
    return build_pdf(data, renderer or ChartRenderer())


# ---- Excel --------------------------------------------------------------------------------

PERCENT_FORMAT = "0.0%"


def build_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    title = f"Månedsopgørelse for {data['unit']['unit_name']}, {danish.month_name(data['month'])}"

    def sheet(name: str, header: list[str], rows: list[list], percent_cols: set[int] = frozenset()):
        ws = book.create_sheet(name)
        ws.append([title])
        ws["A1"].font = Font(bold=True)
        ws.append([data_date_text(data["freshness"])])
        ws.append(header)
        for c in ws[3]:
            c.font = Font(bold=True)
        for values in rows:
            ws.append(values)
            for idx in percent_cols:
                c = ws.cell(row=ws.max_row, column=idx + 1)
                if isinstance(c.value, float):
                    c.number_format = PERCENT_FORMAT
        for column in ws.columns:
            width = max((len(str(c.value)) for c in column[2:] if c.value is not None), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
        return ws

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
    ws = sheet("Indikatorer", ["Indikator", "Id", "Type", "Jobcenter: antal/tæller", "Nævner", "Andel",
                               "Ændring fra forrige måned", data["office_name"], "Hele landet", "Mod landet",
                               "Måneder i træk dårligere (95 pct.)", "Halter"], rows)
    for i, r in enumerate(data["indicators"], start=4):
        if r["kind"] == "share":
            for col in (6, 7, 8, 9):
                if isinstance(ws.cell(row=i, column=col).value, float):
                    ws.cell(row=i, column=col).number_format = PERCENT_FORMAT

    trend = (data["history"].filter(data["history"]["indicator"].is_in(TREND_INDICATORS))
             .sort("indicator", "unit_type", "month"))
    sheet("Udvikling", ["Måned", "Indikator", "Enhed", "Tæller", "Nævner", "Andel", "Mod landet"],
          [[m, metadata.name(i), n, num(a, s), num(b, s), num(sh, s), COMPARISON_TEXT.get(c, "")]
           for m, i, n, a, b, sh, s, c in trend.select("month", "indicator", "unit_name", "numerator", "denominator",
                                                       "share", "suppressed", "comparison").iter_rows()],
          {5})

    vrows = []
    for ind in VISITATION_INDICATORS:
        r = data["by_id"].get(ind)
        if r:
            vrows.append([r["name"], num(r["numerator"], r["suppressed"]),
                          num(r["share"], r["suppressed"]) if r["kind"] == "share" else None, r["country_value"]])
    sheet("Visitation", ["", "Personer", "Andel af bruttomålgruppen", "Hele landet"], vrows, {2, 3})

    waiting = data["waiting"]
    wrows = []
    if waiting is not None:
        wrows = [[label, num(waiting[col], waiting[f"{col}_suppressed"])] for col, label in WAITING_ROWS]
        wrows.append(["Borgere i gruppe 2 i alt", num(waiting["g2_count"], waiting["g2_count_suppressed"])])
    sheet("Gruppe 2", ["Tid i gruppe 2", "Personer"], wrows)

    from monitor.present import wording
    sheet("Rater", ["Kommune", "Rate", "Procent", "Beløb (kr.)", "Status", "Afstand til betingelsen"],
          [[r["municipality_name"], r["instalment"], r["percent"], r["amount_dkk"], wording.instalment_state(r),
            wording.instalment_distance(r)] for r in data["instalments"]])

    meta = metadata.load()
    sheet("Definitioner", ["Indikator", "Tæller", "Nævner", "Kilde", "Forbehold"],
          [[m["name"], m.get("numerator", ""), m.get("denominator", ""), m.get("source", ""), m.get("caveats", "")]
           for m in (meta[r["indicator"]] for r in data["indicators"])]
          + [[], ["Sammenligning", COMPARISON_NOTE], ["Diskretion", DISCRETION_NOTE]])
    del book["Sheet"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_xlsx(con, month: str, jobcentre_code: str, *, source: Source | None = None) -> bytes:
    """The monthly statement's tables as an Excel workbook (one sheet per table)."""
    return build_xlsx(statement_data(source or Source(con), month, str(jobcentre_code)))


# ---- writing files (the command line's `statement`) ----------------------------------------

def _write_one(con, source: Source, renderer, month: str, code: str, fmt: str, target: Path) -> None:
    if fmt == "pdf":
        payload = render_pdf(con, month, code, source=source, renderer=renderer)
    else:
        payload = render_xlsx(con, month, code, source=source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)


def _progress(done: int, total: int) -> None:
    bar = int(30 * done / total)
    print(f"\r[{'#' * bar}{'.' * (30 - bar)}] {done}/{total} jobcentre", end="", file=sys.stderr, flush=True)


_WORKER: dict = {}


def _worker_start(db: str, fmt: str) -> None:
    """Each worker process: its own read-only connection, figures cache and kaleido session."""
    import atexit

    from monitor.core import store
    from monitor.reports.pdf import ChartRenderer

    con = store.connect(Path(db), read_only=True)
    renderer = ChartRenderer()
    if fmt == "pdf":
        renderer.__enter__()
        atexit.register(renderer.__exit__, None, None, None)
    _WORKER.update(con=con, source=Source(con), renderer=renderer)


def _worker_render(month: str, code: str, fmt: str, target: str) -> str:
    _write_one(_WORKER["con"], _WORKER["source"], _WORKER["renderer"], month, code, fmt, Path(target))
    return code


def _render_parallel(db: Path, month: str, targets: dict[str, Path], fmt: str, jobs: int) -> None:
    """Statements in `jobs` worker processes (kaleido renders in one while another lays out a PDF)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start, initargs=(str(db), fmt)) as pool:
        futures = [pool.submit(_worker_render, month, code, fmt, str(target)) for code, target in targets.items()]
        for i, future in enumerate(as_completed(futures), start=1):
            future.result()
            _progress(i, len(targets))


def file_name(code: str, month: str, fmt: str) -> str:
    return f"maanedsopgoerelse_{code}_{month}.{fmt}"


def write_statements(db: Path, month: str, targets: dict[str, Path], fmt: str, jobs: int = 1,
                     progress: bool = False) -> None:
    """Writes one statement per job centre code to its target file, in `jobs` processes; the
    request must have been checked (check_request)."""
    from monitor.core import store
    from monitor.reports.pdf import ChartRenderer

    jobs = max(1, min(jobs, len(targets)))
    if jobs > 1:
        _render_parallel(db, month, targets, fmt, jobs)
        return
    con = store.connect(db, read_only=True)
    try:
        source = Source(con)
        with ChartRenderer() as renderer:
            for i, (code, target) in enumerate(targets.items(), start=1):
                _write_one(con, source, renderer, month, code, fmt, target)
                if progress:
                    _progress(i, len(targets))
    finally:
        con.close()
