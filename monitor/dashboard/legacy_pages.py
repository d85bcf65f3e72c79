"""Streamlit's legacy multipage mode, read and switched off in this one place.

The house keeps its page files in `pages/` (one thin file per page) and registers them with
st.navigation in app.py. Streamlit 1.67 still treats an app with a `pages/` folder next to its
entry script as a legacy multipage app until st.navigation first runs: the first visit after a
server start would get the folder's automatic navigation. There is no public setting to turn
that off (Streamlit's own advice is to give the folder another name, which the house
convention does not allow), so the private flag `PagesManager.uses_pages_directory` is used,
here only: `python -m monitor.dashboard.serve` switches the mode off before the server starts,
and app.py asks whether a plain `streamlit run app.py` started in it.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def active() -> bool:
    """True while Streamlit runs the app in its legacy pages/ mode."""
    return bool(PagesManager.uses_pages_directory)


def switch_off() -> None:
    """Before the server starts: never the legacy pages/ mode."""
    PagesManager.uses_pages_directory = False
