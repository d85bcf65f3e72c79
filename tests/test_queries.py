"""The SQL files: each one documented, used, and parameters never formatted into SQL."""

import re
from pathlib import Path

import pytest

from monitor.core import queries

ROOT = Path(__file__).resolve().parent.parent
SQL_FILES = sorted((ROOT / "queries").rglob("*.sql"))
PYTHON = [p for d in ("monitor", "pages", "benchmarks") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_each_query_file_has_a_header_with_grain_and_parameters(path):
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("--"))
    assert text.startswith("-- "), "first line must say what the query returns or builds"
    assert "Grain" in header, "header must state the grain"
    assert "Parameters" in header, "header must list the parameters (or say none)"
    assert "%s" not in text and "{}" not in text, "placeholders are DuckDB's ($name), never Python formatting"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_each_query_file_is_in_a_layer_folder(path):
    assert path.parent.name in queries.LAYERS and path.parent.parent == ROOT / "queries", \
        f"{path.relative_to(ROOT)}: put it in queries/load, queries/build or queries/read"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_each_query_file_is_used(path):
    name = path.stem
    used = any(re.search(rf'["\']{name}["\']|{name}\.sql', p.read_text(encoding="utf-8"))
               for p in PYTHON if p.exists())
    assert used, f"{path.name} is not used by any module"


def test_no_sql_in_python_strings():
    pattern = re.compile(r'["\'](\s*)(select|insert into|create table|delete from|update \w+ set)\s', re.IGNORECASE)
    offenders = []
    for p in PYTHON:
        if p.exists():
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line) and "noqa: sql" not in line:
                    offenders.append(f"{p.relative_to(ROOT)}:{i}")
    assert not offenders, offenders
