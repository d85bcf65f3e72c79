"""The checks every report request goes through, with one set of Danish messages: the month
(format, data present), the job centre (a participating one) and the file format."""

from __future__ import annotations

import polars as pl

from monitor.core import calendar
from monitor.present import danish

FORMATS = ("pdf", "xlsx")


class ReportError(ValueError):
    """A request a report cannot answer (unknown month, job centre or format); message in Danish."""


def check_month(months: list[str] | tuple[str, ...], month: str | None) -> None:
    if not calendar.is_month(month or ""):
        raise ReportError(f"Ugyldig måned: {month!s}. Skriv måneden som ÅÅÅÅ-MM, fx 2019-08.")
    if not months:
        raise ReportError("Databasen indeholder ingen tal endnu. Indlæs udtræk først (python -m monitor ingest).")
    if month not in months:
        raise ReportError(f"Der er ingen tal for {danish.month_name(month)} ({month}). Databasen har tal for "
                          f"{danish.month_name(months[0])} til {danish.month_name(months[-1])}.")


def check_jobcentre(jobcentres: pl.DataFrame, code: str) -> dict:
    """The job centre's unit row among `jobcentres` (figures.units(con, "jobcentre"))."""
    rows = jobcentres.filter(pl.col("unit_code") == str(code))
    if rows.height == 0:
        raise ReportError(f"Ukendt jobcenter: {code}. Angiv koden for jobcentrets (værts)kommune, fx 101 "
                          "for Jobcenter København; kun jobcentre, der deltager i indsatsen, har opgørelser.")
    return rows.row(0, named=True)


def check_format(fmt: str | None) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"Ukendt format: {fmt or '(ingen endelse)'}. Brug .pdf eller .xlsx (eller --format).")
    return fmt
