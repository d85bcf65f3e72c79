"""Demonstration data: synthetic monthly extracts 2017-08 to 2019-08 for all 98 municipalities,
in exactly the format of the extract contract, loaded through the ordinary loading path.

`python -m monitor demo [--out DIR] [--seed N] [--format csv|parquet] [--scale F] [--no-load]`
writes the extract folders and (unless --no-load) loads them into the database.
`build_demo_database(db_path, ...)` does the same into a temporary folder; the app calls it on
a fresh machine and the tests call it once per session. The same seed gives byte-identical
extracts. The population itself is simulated in `monitor.demo.population`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import polars as pl

from monitor import DATA_DIR
from monitor.core import calendar, store
from monitor.core.settings import load as load_settings
from monitor.demo import administration as demo_administration, population as demo_population
from monitor.demo.programme import BENEFIT_CODES, MARKING_CODES, MATCH_CODES, OFFER_CODES
from monitor.present import danish

DEFAULT_OUT = DATA_DIR / "extracts"
DEFAULT_SEED = 2017
MARKER = "DEMONSTRATIONSDATA.txt"  # marks a folder of demonstration extracts (safe to overwrite)
MARKER_TEXT = (
    "Syntetiske demonstrationsudtræk dannet af `python -m monitor demo`.\n"
    "Mappen overskrives, når demonstrationsdata dannes igen.\n"
)
FORMATS = ("parquet", "csv")

Progress = Callable[[float, str], None]

# share of the progress bar used by generating the extracts (the rest is loading)
GENERATE_SHARE = 0.35


def build_demo_database(db_path, scale: float = 1.0, seed: int = DEFAULT_SEED,
                        progress: Progress | None = None, out_dir=None):
    """Generates the demonstration extracts (into a temporary folder unless out_dir is given)
    and loads them into a fresh database at db_path. Returns the loading result; raises
    RuntimeError when the extracts were rejected (which would be a bug)."""
    report = progress or (lambda fraction, message: None)
    with tempfile.TemporaryDirectory(prefix="demo-extracts-") as tmp:
        out = Path(out_dir) if out_dir is not None else Path(tmp)
        if out_dir is not None:
            prepare_out_dir(out)
        write_extracts(out, scale=scale, seed=seed, fmt="parquet",
                       progress=scaled(report, 0.0, GENERATE_SHARE))
        result = load_fresh(Path(db_path), out, progress=scaled(report, GENERATE_SHARE, 1.0), seed=seed)
    if not result.ok:
        raise RuntimeError(f"Demonstrationsdata blev afvist ved indlæsning:\n{result.report}")
    return result


def load_fresh(db_path: Path, out: Path, progress: Progress | None = None, seed: int = DEFAULT_SEED):
    """Loads the extracts in `out` into a new database file that then replaces db_path, so
    demonstration data never mixes with what the database held before (and a running
    dashboard sees the new file as a new data version)."""
    report = progress or (lambda fraction, message: None)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fresh = db_path.with_name(db_path.name + ".demo-new")
    _remove_database(fresh)
    n_months = len(load_settings().monitored_months())
    done = [0]

    def on_message(message: str) -> None:
        if message.startswith("Indlæst") or message.startswith("Uændret"):
            done[0] += 1
            report(0.9 * done[0] / n_months, message)
        elif message.startswith("Beregner"):
            report(0.92, message)
        elif message.startswith("Afvist"):
            report(0.9 * done[0] / n_months, message)

    report(0.0, "Indlæser udtrækkene i databasen")
    result = store.ingest(fresh, [out], progress=on_message)
    if result.ok:
        report(0.95, "Dokumenter og opfølgningslog")
        demo_administration.write_all(fresh, db_path, out, seed)
        os.replace(fresh, db_path)
        report(1.0, "Demonstrationsdata er klar")
    _remove_database(fresh)
    return result


def prepare_out_dir(out: Path) -> None:
    """Creates the folder, or empties one that holds earlier demonstration extracts. Refuses
    to touch a folder with other content (it could hold real extracts)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ValueError(
            f"Mappen {out} findes og indeholder andet end demonstrationsdata; "
            "vælg en anden mappe med --out."
        )
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def write_extracts(out: Path, scale: float = 1.0, seed: int = DEFAULT_SEED, fmt: str = "parquet",
                   progress: Progress | None = None) -> list[str]:
    """Simulates the population and writes one extract folder per monitored month."""

    if fmt not in FORMATS:
        raise ValueError(f"ukendt format {fmt!r}")
    report = progress or (lambda fraction, message: None)
    report(0.0, "Danner en syntetisk befolkning")
    population = demo_population.simulate(load_settings(), scale=scale, seed=seed)
    writer = _ExtractWriter(population)
    months = population.months
    for i, month in enumerate(months):
        report((i + 0.5) / (len(months) + 1), f"Danner udtræk for {danish.month_name(month)}")
        writer.write(Path(out) / month, i, fmt)
    report(1.0, f"{len(months)} udtræk dannet")
    return months


def scaled(progress: Progress, low: float, high: float) -> Progress:
    return lambda fraction, message: progress(low + (high - low) * min(max(fraction, 0.0), 1.0), message)


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")):
        leftover.unlink(missing_ok=True)


class _ExtractWriter:
    """Turns the simulated population into the five tables of each extract month."""

    def __init__(self, population):
        self.p = population
        numbers = pl.Series(population.person_number).cast(pl.String).str.zfill(7)
        self.ids = ("P" + numbers).rename("person_id")
        self.week_labels = pl.Series("week", [calendar.index_to_iso_week(int(w)) for w in population.weeks])
        self.benefit_labels = pl.Series("benefit", list(BENEFIT_CODES)).replace("", None)
        self.match_labels = pl.Series("match_category", list(MATCH_CODES)).replace("", None)
        self.marking_labels = pl.Series("marking", list(MARKING_CODES))
        self.offer_labels = pl.Series("offer_type", list(OFFER_CODES))
        first_abs = np.datetime64(population.months[0], "M").astype(np.int64)
        self.month_of_day = lambda days: (
            np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) - first_abs
        )
        self.markings = self._emissions(population.markings)
        self.offers = self._emissions(population.offers)
        cr, cc, cm = population.corrections
        self.corrections = (cr, cc, cm)

    def _emissions(self, spells):
        """Each spell appears in the extract of its from_date's month (open unless it has
        already ended), and again with its to_date in the extract of the month it ends."""
        n_months = len(self.p.months)
        repeat = spells.repeat_month if spells.repeat_month is not None else np.full(len(spells.person), -1)
        delay = spells.delay if spells.delay is not None else 0
        emit = np.where(repeat >= 0, repeat, np.maximum(self.month_of_day(spells.from_day), 0) + delay)
        closed = spells.to_day >= 0
        end = np.where(closed, self.month_of_day(np.where(closed, spells.to_day, 0)), n_months)
        at_once = closed & (end <= emit)
        first_to = np.where(at_once, spells.to_day, -1)
        later = closed & ~at_once & (end < n_months) & (repeat < 0)
        idx = np.concatenate([np.arange(len(emit)), np.flatnonzero(later)])
        months = np.concatenate([emit, end[later]])
        to_day = np.concatenate([first_to, spells.to_day[later]])
        # nothing is reported for a person after they have left the country, nor after the
        # last extract (a spell registered later than that is not delivered)
        listed = self.p.present[spells.person[idx], np.minimum(months, n_months - 1)] & (months < n_months)
        idx, months, to_day = idx[listed], months[listed], to_day[listed]
        order = np.lexsort((to_day, spells.from_day[idx], spells.code[idx], spells.person[idx], months))
        # a spell registered late can land in the month it is repeated in: one row per key
        key = np.stack([months, spells.person[idx], spells.code[idx], spells.from_day[idx]])[:, order]
        last = np.ones(len(order), dtype=bool)
        last[:-1] = (key[:, 1:] != key[:, :-1]).any(axis=0)
        order = order[last]
        return {
            "month": months[order], "person": spells.person[idx][order], "code": spells.code[idx][order],
            "from_day": spells.from_day[idx][order], "to_day": to_day[order],
        }

    def write(self, folder: Path, m: int, fmt: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tables = {
            "persons": self._persons(m),
            "benefits": self._benefits(m),
            "markings": self._spells(self.markings, m, "marking", self.marking_labels),
            "offers": self._spells(self.offers, m, "offer_type", self.offer_labels),
            "hours": self._hours(m),
        }
        for name, frame in tables.items():
            if fmt == "csv":
                frame.write_csv(folder / f"{name}.csv")
            else:
                frame.write_parquet(folder / f"{name}.parquet", compression="zstd", compression_level=1)

    def _dates(self, days, name):
        days = np.asarray(days, dtype=np.int64)
        return pl.Series(name, days).cast(pl.Int32).cast(pl.Date).set(pl.Series(days < 0), None) if len(days) else pl.Series(name, [], dtype=pl.Date)

    def _persons(self, m):
        p = self.p
        rows = np.flatnonzero(p.present[:, m])
        return pl.DataFrame([
            self.ids.gather(rows),
            pl.Series("municipality_code", p.municipality[rows, m].astype(np.int32)),
            pl.Series("birth_year", p.birth_year[rows].astype(np.int32)),
            pl.Series("sex", np.where(p.sex[rows] == 1, "K", "M")),
            self._dates(p.integration_end[rows], "integration_programme_end"),
        ])

    def _benefits(self, m):
        p = self.p
        cols = np.flatnonzero(p.week_month <= 0) if m == 0 else np.flatnonzero(p.week_month == m)
        sub = p.reported[:, cols]
        r, c = np.nonzero(sub)
        code = sub[r, c]
        c = cols[c]
        truth_match = p.match[r, c]
        match = np.where((code >= 1) & (code <= 3), np.where(truth_match > 0, truth_match, 3), 0)
        cr, cc, cm = self.corrections
        fix = cm == m
        if fix.any():
            fr, fc = cr[fix], cc[fix]
            fcode = p.benefit[fr, fc]
            fmatch = np.where((fcode >= 1) & (fcode <= 3), np.maximum(p.match[fr, fc], 1), 0)
            fcode = np.where(fcode == 0, 14, fcode)  # NO: the week is without benefit after all
            r = np.concatenate([r, fr])
            c = np.concatenate([c, fc])
            code = np.concatenate([code, fcode])
            match = np.concatenate([match, fmatch])
            order = np.lexsort((c, r))
            r, c, code, match = r[order], c[order], code[order], match[order]
        return pl.DataFrame([
            self.ids.gather(r),
            self.week_labels.gather(c),
            self.benefit_labels.gather(code.astype(np.int64)),
            self.match_labels.gather(match.astype(np.int64)),
        ])

    def _spells(self, emissions, m, code_name, labels):
        lo, hi = np.searchsorted(emissions["month"], [m, m + 1])
        sl = slice(lo, hi)
        return pl.DataFrame([
            self.ids.gather(emissions["person"][sl]),
            labels.gather(emissions["code"][sl].astype(np.int64)).rename(code_name),
            self._dates(emissions["from_day"][sl], "from_date"),
            self._dates(emissions["to_day"][sl], "to_date"),
        ])

    def _hours(self, m):
        p = self.p
        person, month, value = p.hours
        late, restated = p.extras["hours_late"], p.extras["hours_restated"]
        first = (month == m) & ~late  # a restated row is first reported at half its value
        again = (month == m - 1) & (late | restated)
        sel = np.flatnonzero(first | again)
        order = sel[np.lexsort((month[sel], person[sel]))]
        shown = np.where(first[order] & restated[order], np.round(value[order]) / 2, value[order])
        return pl.DataFrame([
            self.ids.gather(person[order]),
            pl.Series("month", np.array(p.months)[month[order]], dtype=pl.String),
            pl.Series("ordinary_hours", shown.astype(np.float64)),
        ])
