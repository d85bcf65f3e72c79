"""Starts the dashboard: `python -m monitor.dashboard.serve [streamlit run options]`.

The same as `streamlit run app.py`, except that Streamlit's legacy multipage mode (for apps
with a pages/ folder) is off from the start: app.py registers its pages with st.navigation.
"""

import sys

from streamlit.web import cli

from monitor import PROJECT_ROOT
from monitor.dashboard import legacy_pages


def main() -> None:
    legacy_pages.switch_off()
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
