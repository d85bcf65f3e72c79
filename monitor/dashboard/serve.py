"""Starts the dashboard: `python -m monitor.dashboard.serve [streamlit run options]`.

The same as `streamlit run app.py`, except that
- Streamlit's legacy multipage mode (for apps with a pages/ folder) is off from the start:
  app.py registers its pages with st.navigation;
- before the server answers, one run of the default page in this process warms it: the
  imports a page run needs (pandas and pyarrow for tables, Plotly, the pages' modules and the
  reports), the database connection, the latest month's figures and the default page's charts
  are then in memory, so the first visitor after a start does not wait for them (about 2-3 s
  of processor time moved to the start; `MONITOR_WARM=0` skips it).
"""

import os
import sys

from streamlit.testing.v1 import AppTest
from streamlit.web import cli

from monitor import PROJECT_ROOT
from monitor.dashboard import api, legacy_pages

APP = PROJECT_ROOT / "app.py"


def warm() -> None:
    """Runs the default page once (its caches are process-wide, so the server's sessions reuse
    them). A failure here only costs the first visitor the time; the server starts anyway.
    Without a database there is nothing to warm: the first visitor sees the demonstration data
    being built (app.py)."""
    if not api.database_path().exists():
        return
    times = os.environ.pop("MONITOR_PAGE_TIMES", None)  # the warming run is no visitor's page run
    try:
        AppTest.from_file(str(APP), default_timeout=120).run()
    except Exception as failure:  # noqa: BLE001 - warming is an optimisation, never a reason not to start
        print(f"Opvarmning af dashboardet mislykkedes ({type(failure).__name__}); serveren starter alligevel.",
              file=sys.stderr)
    finally:
        if times is not None:
            os.environ["MONITOR_PAGE_TIMES"] = times


def main() -> None:
    if os.environ.get("MONITOR_WARM", "1") != "0":
        warm()
    legacy_pages.switch_off()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
