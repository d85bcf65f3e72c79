"""Flere skal med - monitoring dashboard. Run: streamlit run app.py"""

import os
import threading
import time

import streamlit as st

from monitor.dashboard import access, api, legacy_pages, login, state

# Streamlit runs an app with a pages/ folder in its legacy multipage mode until the first call
# of st.navigation. `python -m monitor.dashboard.serve` (project.py start) switches that mode off before
# the server starts; under a plain `streamlit run app.py` the first visit after a start is
# switched to the requested page at once, so it gets this navigation too, link intact (the
# page files have English names, so the legacy mode never runs a page without this entry).
LEGACY_FIRST_RUN = legacy_pages.active()

STARTED, STARTED_CPU = time.perf_counter(), time.thread_time()
st.set_page_config(page_title="Flere skal med - overvågning", page_icon="📊", layout="wide")


@st.cache_resource
def _build_lock() -> threading.Lock:
    """One build of the demonstration data per server, whatever the number of visitors."""
    return threading.Lock()


def build_demo_if_missing() -> None:
    """On a fresh machine: build the demonstration data with a visible progress bar."""
    path = api.database_path()
    if path.exists():
        return
    from monitor.demo.writer import build_demo_database  # costly (the simulation) and only on a fresh machine

    st.title("Flere skal med")
    st.write("Der er ingen database endnu. Demonstrationsdata dannes og indlæses nu (ca. et minut); "
             "næste gang åbner appen med det samme.")
    bar = st.progress(0.0, text="Forbereder demonstrationsdata")
    with _build_lock():  # a second visitor waits here for the first one's build
        if not path.exists():
            build_demo_database(path, progress=lambda fraction, message: bar.progress(
                min(max(fraction, 0.0), 1.0), text=message))
    bar.progress(1.0, text="Færdig")
    st.rerun()


def page_list(user: access.User) -> list:
    """The pages this user has: a logged-in municipality lands on its job centre; the audit log
    only for ministeriet and star; the accessibility statement for everybody. The root address
    is a hidden page that opens the landing page at its own path, so /overblik and /jobcenter
    can be opened directly too."""
    on_unit = user.mode == access.SERVICE and user.role == "kommune"
    overview = st.Page("pages/overview.py", title="Overblik", icon=":material/public:", url_path="overblik")
    jobcentre = st.Page("pages/jobcentre.py", title="Jobcenter", icon=":material/apartment:", url_path="jobcenter")

    def start() -> None:
        st.switch_page(jobcentre if on_unit else overview, query_params=st.query_params.to_dict())

    pages = [
        st.Page(start, title="Start", url_path="start", default=True, visibility="hidden"),
        overview,
        jobcentre,
        st.Page("pages/compare.py", title="Sammenlign", icon=":material/leaderboard:", url_path="sammenlign"),
        st.Page("pages/group2.py", title="Gruppe 2", icon=":material/hourglass_top:", url_path="gruppe-2"),
        st.Page("pages/instalments.py", title="Rater og tilskud", icon=":material/payments:", url_path="rater"),
        st.Page("pages/revisions.py", title="Revisioner", icon=":material/history:", url_path="revisioner"),
        st.Page("pages/definitions.py", title="Data og definitioner", icon=":material/menu_book:", url_path="definitioner"),
    ]
    if user.may_see_unreleased:
        pages.append(st.Page("pages/audit.py", title="Revisionsspor", icon=":material/policy:", url_path="revisionsspor"))
    pages.append(st.Page("pages/accessibility.py", title="Tilgængelighed", icon=":material/accessibility:",
                         url_path="tilgaengelighed"))
    return pages


build_demo_if_missing()
user = login.establish()  # stops here with the login page, or for a user nobody knows
navigation = st.navigation(page_list(user))
state.home_selector()  # open mode, Kommune role: which job centre is yours
if LEGACY_FIRST_RUN and not st.session_state.get("_navigation_switched"):
    # once per session: Streamlit's AppTest turns the legacy mode on again before every run,
    # and switching on every run would drop a button's click
    st.session_state["_navigation_switched"] = True
    st.switch_page(navigation, query_params=st.query_params.to_dict())
@st.cache_resource
def _page_runs() -> threading.BoundedSemaphore:
    """At most a few page runs at a time: fifty script threads competing for the interpreter
    lock starve each other and the server's event loop (health endpoint, websockets); the
    others wait here without using the processor."""
    return threading.BoundedSemaphore(int(os.environ.get("MONITOR_PAGE_RUNS", "3")))


WAITED, asked = 0.0, time.perf_counter()
try:
    with _page_runs():
        WAITED = time.perf_counter() - asked
        navigation.run()
finally:
    if os.environ.get("MONITOR_PAGE_TIMES"):  # benchmarks/bench_load.py: server-side time per page run
        with open(os.environ["MONITOR_PAGE_TIMES"], "a", encoding="utf-8") as times:
            times.write(f"{navigation.url_path or 'overblik'}\t{time.perf_counter() - STARTED:.4f}\t{WAITED:.4f}"
                        f"\t{time.thread_time() - STARTED_CPU:.4f}\n")
