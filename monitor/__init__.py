"""Monitoring core of "Flere skal med": extracts in, aggregated and suppressed figures out."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
QUERIES_DIR = PROJECT_ROOT / "queries"
DEFAULT_DB = DATA_DIR / "monitor.duckdb"
