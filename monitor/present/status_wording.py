"""Sentences and rows for the status of one job centre and for the laggard overview: run
lengths, instalment progress, mirror indicators merged. Built from discretion-applied figures
and the programme settings only."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from monitor.core import calendar, metadata
from monitor.present import danish, wording
from monitor.core.settings import Settings

# an indicator that says the same as another from the other side is shown under that one
MIRRORS = {"not_visited": "visited", "g2_waiting": "g2_changed_benefit"}


def months_text(n: int) -> str:
    """'1 måned' / '21 måneder'."""
    return f"{danish.integer(n)} {'måned' if n == 1 else 'måneder'}"


def months_expr(months: pl.Expr) -> pl.Expr:
    """months_text for a column (run lengths stay below 1.000: no thousands separator)."""
    return pl.when(months == 1).then(pl.lit("1 måned")).otherwise(months.cast(pl.String) + " måneder")


def jobcentres_text(n: int) -> str:
    """'1 jobcenter halter' / '18 jobcentre halter' / 'Ingen jobcentre halter'."""
    if n == 0:
        return "Ingen jobcentre halter"
    return f"{danish.integer(n)} {'jobcenter' if n == 1 else 'jobcentre'} halter"


def merge_mirrors(lag: pl.DataFrame) -> pl.DataFrame:
    """Laggard rows (figures.laggards) with mirror indicators folded into one row per unit and
    indicator: the longer run and the stronger level count."""
    return (
        lag.with_columns(pl.col("indicator").replace(MIRRORS).alias("indicator"))
        .group_by("unit_code", "unit_name", "star_office", "indicator", maintain_order=True)
        .agg(pl.col("months_worse").max(), (pl.col("level") == "alarm").any().alias("alarm"))
    )


def laggards_by_jobcentre(lag: pl.DataFrame) -> pl.DataFrame:
    """One row per lagging unit, most severe first (longest run, then most indicators, then
    any alarm): unit_code, unit_name, star_office, indicators (text: 'Passive (21 måneder),
    ...'), n_indicators, longest_run, alarm."""
    merged = merge_mirrors(lag).sort("months_worse", "indicator", descending=[True, False])
    merged = merged.with_columns(
        (pl.col("indicator").replace_strict(metadata.ids(), [metadata.name(i) for i in metadata.ids()])
         + " (" + months_expr(pl.col("months_worse")) + ")").alias("text"))
    return (
        merged.group_by("unit_code", "unit_name", "star_office", maintain_order=True)
        .agg(pl.col("text").str.join(", ").alias("indicators"), pl.len().cast(pl.Int64).alias("n_indicators"),
             pl.col("months_worse").max().cast(pl.Int64).alias("longest_run"), pl.col("alarm").any())
        .sort(["longest_run", "n_indicators", "alarm", "unit_name"], descending=[True, True, True, False])
    )


@dataclass(frozen=True)
class Alert:
    indicator: str
    months: int
    alarm: bool
    text: str


def alerts(rows: pl.DataFrame) -> list[Alert]:
    """The lagging indicators of one unit (rows of figures.indicators for one unit and month,
    mirrors merged), longest run first, each as a sentence."""
    lag = rows.filter(pl.col("laggard")).with_columns(
        pl.when(pl.col("alarm")).then(pl.lit("alarm")).otherwise(pl.lit("alert_run")).alias("level"))
    if lag.is_empty():
        return []
    shares = {r["indicator"]: r for r in rows.iter_rows(named=True)}
    out = []
    for r in merge_mirrors(lag).sort("months_worse", descending=True).iter_rows(named=True):
        own = shares[r["indicator"]]
        values = "" if own["share"] is None else \
            f" ({danish.percent(own['share'])} mod landets {danish.percent(own['national_share'])})"
        run = f"dårligere end landet {months_text(r['months_worse'])} i træk" if r["months_worse"] \
            else f"dårligere end landet ved {wording.alarm_limit('%')}-grænsen"
        out.append(Alert(r["indicator"], r["months_worse"], r["alarm"], f"**{metadata.name(r['indicator'])}**: {run}{values}."))
    return out


def instalment_progress(row: dict, share: float | None, latest: str, settings: Settings) -> str:
    """One instalment of one municipality as a line: paid / met / how far, and the earliest
    month it can be paid. Instalment 3 reads '41,1 pct. (krav 40 pct.), 1 af 3 måneder -
    tidligst oktober 2019'."""
    number = row["instalment"]
    if row["state"] == "paid":
        return f"Rate {number}: udbetalt i {danish.month_name(row['due_month'])}."
    if row["state"] == "met_waiting":
        return f"Rate {number}: opfyldt, udbetales {danish.month_name(row['due_month'])}."
    not_before = next(i.not_before for i in settings.instalments if i.number == number)
    if number == 3:
        need = settings.activity_consecutive_months
        run = min(row["run_months"] or 0, need)
        earliest = max(calendar.add_months(latest, need - run), not_before)
        now = "andel skjult" if share is None else danish.percent(share)
        return (f"Rate 3: {now} (krav {danish.percent(settings.activity_threshold, 0)}), {run} af {need} måneder"
                f" - tidligst {danish.month_name(earliest)}.")
    if number == 2:
        earliest = max(calendar.add_months(latest, 1), not_before)
        missing = row.get("not_visited")
        if row.get("not_visited_suppressed"):
            what = f"{wording.fewer_than()} personer mangler at blive visiteret"
        elif missing:
            what = f"{danish.integer(missing)} {'person' if missing == 1 else 'personer'} mangler at blive visiteret"
        else:  # visited in full: only the account for instalment 1 is missing (pool call)
            what = wording.AWAITING_ACCOUNT
        return f"Rate 2: ikke opfyldt, {what} - tidligst {danish.month_name(earliest)}."
    return f"Rate {number}: ikke opfyldt."
