"""Shared fixtures: the full-scale demonstration database (built once per test session)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS_DIR))  # tests/extract_factory.py

DEMO_SEED = 2017


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """Path to a demonstration database at national scale (MONITOR_TEST_DEMO_DB reuses one)."""
    given = os.environ.get("MONITOR_TEST_DEMO_DB")
    if given:
        return Path(given)
    from monitor.demo.writer import build_demo_database

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_database(path, scale=1.0, seed=DEMO_SEED)
    return path


@pytest.fixture(scope="session")
def demo_con(demo_db):
    from monitor.core import store

    con = store.connect(demo_db)
    yield con
    con.close()
