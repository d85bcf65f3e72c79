"""The dashboard's typed access to the core: one named function per figure set, each the
core's `figures.<name>` on the one read-only connection, cached per database version (a new
load shows at once). Pages state their data first with these, then lay out.

Figures follow the vintage chosen next to the month (`state.vintage`, kept in the session;
None = the latest), so every page shows the figures as that extract showed them."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import polars as pl
import streamlit as st

from monitor import DEFAULT_DB
from monitor.core import figures, release, servicefile, store, vintages
from monitor.core.settings import load as load_settings
from monitor.dashboard import access


def database_path() -> Path:
    return Path(os.environ.get("MONITOR_DB") or DEFAULT_DB)


@st.cache_resource(max_entries=2)
def _connection(path: str, version: tuple):
    return store.connect(path)


def data_version() -> tuple | None:
    """The database file's version (None: no database yet)."""
    return store.data_version(database_path())


def cursor():
    """A cursor on the one read-only connection for the current database version."""
    version = data_version()
    if version is None:
        return None
    return store.cursor(_connection(str(database_path()), version))


@st.cache_data(max_entries=256, show_spinner=False)
def _figure(version: tuple, name: str, _read: Callable, args: tuple, kwargs: tuple):
    # Streamlit cannot hash a function: `_read` (a function of monitor.core.figures) is left out
    # of the cache key and its name stands for it
    con = store.cursor(_connection(str(database_path()), version))
    return _read(con, *args, **dict(kwargs))


def _cached(read: Callable, *args, **kwargs):
    return _figure(data_version(), read.__name__, read, args, tuple(sorted(kwargs.items())))


def has_data() -> bool:
    return _cached(figures.has_data)


def vintage() -> str | None:
    """The vintage the figures are shown as of: the one chosen on this page, else the latest
    this user may see (None: the latest loaded). Before a month's release time its extract is
    not the latest for those who may not see it: their figures, revisions and instalment
    decisions stay as the released extract showed them (service.md, Release)."""
    chosen = st.session_state.get("_vintage")
    if chosen is not None:
        return chosen
    visible = visible_vintages()
    return visible[-1] if visible and visible[-1] != vintage_list()[-1] else None


def freshness() -> dict | None:
    """Latest month the user may see and the load time (None before the first load); of the
    chosen vintage when one is chosen."""
    info = _cached(figures.freshness, vintage())
    if vintage() is not None:
        return info
    shown = months() if info else []
    return {**info, "latest_month": shown[-1]} if shown else info


def loaded_months() -> list[str]:
    """Every month with figures, released or not (for the command line's view; pages use months())."""
    return _cached(figures.months)


def vintage_list() -> list[str]:
    """The loaded extract months (vintages), ascending."""
    return _cached(vintages.vintages)


def visible_vintages() -> list[str]:
    """The vintages this user may see (the extracts of released months; all of them for
    logged-in ministeriet and star), ascending."""
    hidden = set(_hidden_months())
    return [v for v in vintage_list() if v not in hidden]


def revisions(month: str, unit_type: str | None = None) -> pl.DataFrame:
    """First published and latest value of every unit and indicator of a month (discretion applied)."""
    return _cached(vintages.revisions, month, unit_type)


def largest_revisions(month: str, unit_type: str = "jobcentre", n: int = 10) -> pl.DataFrame:
    return _cached(vintages.largest_revisions, month, unit_type, n)


def triangle(unit_type: str, unit_code: str, indicator: str) -> pl.DataFrame:
    """The revision triangle of an indicator for a unit (long: vintage, month, values)."""
    frame = _cached(vintages.triangle, unit_type, unit_code, indicator)
    shown = months()
    return frame.filter(pl.col("month").is_in(shown) & pl.col("vintage").is_in(shown))


def months() -> list[str]:
    """The months the current user may see: the released ones, and for logged-in ministeriet
    and star also those not yet released."""
    loaded = loaded_months()
    if access.current_user().may_see_unreleased:
        return list(loaded)
    known = _releases(tuple(loaded))
    return [m for m in loaded if known[m].released()]


def unreleased_months() -> set[str]:
    """The months this user sees that are not released yet (empty for everyone but ministeriet
    and star)."""
    known = _releases(tuple(loaded_months()))
    return {m for m in months() if not known[m].released()}


def _releases(loaded: tuple[str, ...]) -> dict[str, release.Release]:
    """Every loaded month's release time, read again only when the service file (or its
    write-ahead log) changed: pages ask for the visible months a dozen times per run."""
    db = database_path()
    service = servicefile.path(db)
    stamp = (store.data_version(service), store.data_version(service.with_name(service.name + "-wal")))
    return _release_times(str(db), loaded, stamp)


@lru_cache(maxsize=8)
def _release_times(db: str, loaded: tuple[str, ...], stamp: tuple) -> dict[str, release.Release]:
    # `stamp` (the service file's versions) is part of the key only; Release values are frozen
    return release.releases(db, list(loaded), load_settings())


def holds_unreleased(month: str) -> bool:
    """True when a report of `month` as of this page's vintage holds a month or an extract not
    yet released (only ministeriet and star can make one); it is then marked so."""
    return bool({month, vintage() or vintage_list()[-1]} & unreleased_months())


def _hidden_months() -> list[str]:
    shown = set(months())
    return [m for m in loaded_months() if m not in shown]


def units(unit_type: str) -> pl.DataFrame:
    return _cached(figures.units, unit_type)


def indicators(month: str | None = None, unit_type: str | None = None, unit_code: str | None = None,
               indicator: str | list[str] | None = None) -> pl.DataFrame:
    """Indicator figures with discretion applied (see docs/core-api.md), of the months the user
    may see."""
    frame = _cached(figures.indicators, month=month, unit_type=unit_type, unit_code=unit_code, indicator=indicator,
                    vintage=vintage())
    hidden = _hidden_months()
    return frame.filter(~pl.col("month").is_in(hidden)) if hidden else frame


def group2_waiting(month: str, unit_type: str = "jobcentre") -> pl.DataFrame:
    return _cached(figures.group2_waiting, month, unit_type, vintage=vintage())


def instalments() -> pl.DataFrame:
    return _cached(figures.instalments, vintage=vintage())


def laggards(month: str, unit_type: str = "jobcentre") -> pl.DataFrame:
    return _cached(figures.laggards, month, unit_type, vintage=vintage())


def discretion_summary(month: str) -> dict | None:
    """What discretion hid in a month (cells, never persons): figures.discretion_summary."""
    return _cached(figures.discretion_summary, month, vintage())


def load_log() -> pl.DataFrame:
    return _cached(figures.load_log)


def quality_warnings() -> pl.DataFrame:
    return _cached(figures.quality_warnings)


def similar_units(month: str, unit_code: str, unit_type: str = "jobcentre", n: int = 5) -> pl.DataFrame:
    return _cached(figures.similar_units, month, unit_code, unit_type, n)


def municipalities_of(unit_code: str, unit_type: str = "jobcentre") -> list[int]:
    return _cached(figures.municipalities_of, unit_code, unit_type)
