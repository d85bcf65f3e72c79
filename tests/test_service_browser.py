"""Service mode end to end in Chromium: a real OpenID Connect provider on 127.0.0.1
(oidc-provider-mock), the dashboard logging users in through `st.login`, each user's role and
home unit from the mapping in the secrets, an unreleased month seen (marked) only by the
ministry, the audit log, no markup from a URL parameter, and zero axe-core WCAG 2.0/2.1 A/AA
violations on every page in every role."""

from __future__ import annotations

import datetime as dt
import threading
import urllib.parse
import urllib.request

import pytest
import werkzeug.serving
from axe_playwright_python.sync_playwright import Axe
from dashboard_server import CHROMIUM, OVERFLOW_JS, chromium, dashboard, free_port
from oidc_provider_mock import User, app

from monitor.core import audit, release
from monitor.core.settings import load as load_settings
from monitor.dashboard import plain

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
UNRELEASED_MONTH = "2019-08"
USERS = {  # e-mail -> the page texts that tell the role and home unit
    "leder@aalborg.dk": "Kommune, Jobcenter Aalborg",
    "konsulent@star.dk": "Arbejdsmarkedskontor, Arbejdsmarkedskontor Syd",
    "minister@bm.dk": "Ministeriet, hele landet",
}
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "test-only-cookie-secret-not-used-anywhere-else"
client_id = "monitor-test"
client_secret = "test-only-client-secret"
server_metadata_url = "http://127.0.0.1:{oidc_port}/.well-known/openid-configuration"

[access.users]
"leder@aalborg.dk" = {{ role = "kommune", unit = "851" }}

[access.domains]
"star.dk" = {{ role = "arbejdsmarkedskontor", unit = "SYD" }}
"bm.dk" = {{ role = "ministeriet" }}
"""
PAGES = ["overblik", "jobcenter", "sammenlign", "gruppe-2", "rater", "definitioner", "tilgaengelighed"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def provider():
    """The identity provider: any user name logs in; claims for the three known users."""
    users = [User(sub=email, claims={"email": email, "name": email}) for email in [*USERS, "eve@evil.example"]]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


@pytest.fixture(scope="module")
def service(demo_db, provider, tmp_path_factory):
    """The dashboard in service mode on its own view of the demonstration database (a link, so
    that its release times and audit log are its own), with August 2019 not yet released."""
    work = tmp_path_factory.mktemp("service")
    db = work / "monitor.duckdb"
    db.symlink_to(demo_db)
    settings = load_settings()
    release.set_release(db, UNRELEASED_MONTH, release.parse_local("2099-01-01 09:30", settings),
                        user="test", role="star")
    port = free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(SECRETS.format(port=port, oidc_port=provider), encoding="utf-8")
    with dashboard(db, f"--secrets.files={secrets}", port=port) as url:
        yield url, db


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _settle(page) -> None:
    """Waits until the page's script has finished and its charts are drawn."""
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')", timeout=60_000, polling=250)
    page.wait_for_timeout(300)


def _login(browser, url: str, email: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("button", name="Log ind").click(timeout=60_000)
    page.locator("input[name='sub']").fill(email, timeout=30_000)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=60_000)
    _settle(page)
    return context, page


def _axe_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"{v['id']}: {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary'][:200]}"
            for v in results.response["violations"]]


def _open(page, url: str, path: str) -> str:
    page.goto(f"{url}/{path}", wait_until="domcontentloaded")
    _settle(page)
    return page.inner_text("body")


def test_municipality_user_lands_on_its_job_centre_without_the_unreleased_month(service, browser):
    url, db = service
    context, page = _login(browser, url, "leder@aalborg.dk")
    try:
        body = page.inner_text("body")
        assert "Jobcenter Aalborg" in body and USERS["leder@aalborg.dk"] in body
        assert "juli 2019" in body
        assert "august 2019" not in body and release.UNRELEASED not in body
        assert "Revisionsspor" not in body
        body = _open(page, url, f"gruppe-2?maaned={UNRELEASED_MONTH}")
        assert "ukendt værdi for måned" in body and "august 2019" not in body.replace(f"»{UNRELEASED_MONTH}«", "")
    finally:
        context.close()
    events = audit.log(db)
    assert {"login"} <= set(events.filter(events["user_name"] == "leder@aalborg.dk")["event"])


def test_ministry_user_sees_the_unreleased_month_marked_and_the_audit_log(service, browser):
    url, db = service
    context, page = _login(browser, url, "minister@bm.dk")
    try:
        body = page.inner_text("body")
        assert USERS["minister@bm.dk"] in body
        assert "august 2019" in body and f"er {release.UNRELEASED}" in body
        body = _open(page, url, "revisionsspor")
        shown = audit.log(db, since=dt.date.today() - dt.timedelta(days=30))
        assert f"{shown.height} hændelser" in body  # the table itself is drawn on a canvas
        assert "minister@bm.dk" in shown.filter(shown["event"] == "login")["user_name"].to_list()
    finally:
        context.close()


def test_regional_office_user_gets_its_office_and_unknown_users_get_no_data(service, browser):
    url, _ = service
    context, page = _login(browser, url, "konsulent@star.dk")
    try:
        assert USERS["konsulent@star.dk"] in page.inner_text("body")
        body = _open(page, url, "sammenlign")
        assert "Arbejdsmarkedskontor Syd" in body
    finally:
        context.close()
    context, page = _login(browser, url, "eve@evil.example")
    try:
        body = page.inner_text("body")
        assert "Ingen adgang" in body and "ikke oprettet" in body
        assert "Overblik" not in body and "bruttomålgruppen" not in body
    finally:
        context.close()


def test_markup_in_a_url_parameter_is_shown_as_plain_text(service, browser):
    url, _ = service
    context, page = _login(browser, url, "leder@aalborg.dk")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        for value in ("[Klik her](https://evil.example/login)", "![x](http://host.invalid/img.png)",
                      "**fed** $x^2$ <b>html</b>"):
            body = _open(page, url, f"jobcenter?jobcenter={urllib.request.quote(value)}")
            assert value in body.replace(plain.ZERO_WIDTH_SPACE, "")  # literally, as typed
            warning = page.locator("[data-testid='stAlertContainer']").first
            assert warning.locator("a, img, strong, b, .katex").count() == 0, warning.inner_html()
        assert not [r for r in requests if urllib.parse.urlsplit(r).hostname in ("evil.example", "host.invalid")]
    finally:
        context.close()


@pytest.mark.parametrize("email", list(USERS))
def test_every_page_has_no_axe_violations(service, browser, email):
    url, _ = service
    context, page = _login(browser, url, email)
    try:
        found = {}
        for path in PAGES + (["revisionsspor"] if email.endswith("@bm.dk") else []):
            _open(page, url, path)
            violations = _axe_violations(page)
            if violations:
                found[path] = violations
        assert not found, found
    finally:
        context.close()


def test_the_pages_only_a_logged_in_ministry_sees_fit_a_phone_and_ask_no_other_host(service, browser):
    url, _ = service
    context, page = _login(browser, url, "minister@bm.dk", width=390)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urllib.parse.urlsplit(r.url).hostname not in
            ("127.0.0.1", "localhost") and r.url.startswith(("http", "ws")) else None)
    try:
        for path in ("revisionsspor", "revisioner", "rater"):
            body = _open(page, url, path)
            assert page.evaluate(OVERFLOW_JS) == [], path
            assert "None" not in body.split() and "nan" not in body.split(), path
        assert outside == [], outside
    finally:
        context.close()
