"""Packages built from hostile documents run inert in headless Chromium inside the scorm-again test LMS.

Each package is paged through screen by screen, every transcript opened and every element hovered and
focused; no payload may run (``window.__pwned`` stays undefined in the SCO frame and the LMS page), the
browser may request nothing but the LMS's own files, the loopback beacon must hear nothing, and the console
must show no CSP violation and no error: payloads are escaped text, so nothing is even blocked.
"""

from __future__ import annotations

import uuid

import pytest

import converter

from hostile.catalog import by_name
from hostile.payloads import Env, text_payloads
from hostile.watchers import Beacon, Canary
from runtime.harness import LmsSession, running_browser

pytestmark = pytest.mark.runtime

CASES = by_name()
BROWSER_CASES = [name for name in ("pptx-payloads", "docx-payloads", "pdf-payloads", "pptx-escaping-relationships",
                                   "pptx-active-content-assets", "pptx-xxe", "pptx-xinclude",
                                   "pptx-traversal-entries") if name in CASES]
PLAYER_READY = 'body[data-ready="true"]'
PROVOKE = """() => {
  const kinds = ["mouseover", "mouseenter", "focus", "focusin", "load", "error", "animationstart", "pointerover"];
  for (const element of document.querySelectorAll("*")) {
    for (const kind of kinds) element.dispatchEvent(new Event(kind));
  }
  return document.querySelectorAll("*").length;
}"""
"""Fire the events payload handlers listen for on every element (an escaped payload has no handler to run)."""


class WatchedSession(LmsSession):
    """An LMS session that also records every request the browser makes, from the first one on."""

    def _launch(self) -> None:
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        super()._launch()


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-browser")
    marker = f"C2E-SECRET-{uuid.uuid4().hex}"
    (folder / "secret.txt").write_text(marker)
    beacon, canary = Beacon(), Canary(folder / "canary.pipe")
    yield Env(beacon.url, str(folder / "secret.txt"), marker, str(canary.path)), beacon, canary
    beacon.close()
    canary.close()


def page_through(lms: WatchedSession) -> int:
    """Open the transcript of each screen, provoke every element, click Next until it is disabled."""
    frame, screens = lms.frame, 0
    while True:
        screens += 1
        for toggle in frame.locator("section.screen:not([hidden]) .transcript-toggle").all():
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
        frame.evaluate(PROVOKE)
        next_button = frame.locator("#next")
        if not next_button.is_enabled():
            return screens
        next_button.click()


def unexpected_requests(lms: WatchedSession) -> list[str]:
    origin = lms.server.origin + "/"
    return [url for url in lms.requests if not url.startswith(origin) and url != "data:,"]


def csp_or_error_messages(lms: WatchedSession) -> list[dict]:
    return [m for m in lms.console if m["type"] in ("error", "pageerror", "warning")
            or "Content Security Policy" in m["text"] or "Refused to" in m["text"]]


@pytest.mark.parametrize("name", BROWSER_CASES)
def test_hostile_package_runs_inert_in_the_lms(name, browser, env, tmp_path):
    env_, beacon, canary = env
    before = len(beacon.hits), len(canary.hits)
    source = CASES[name].build(tmp_path, env_)
    package = converter.convert(source, tmp_path / "out").value.package
    with WatchedSession(browser, package, ready=PLAYER_READY) as lms:
        screens = page_through(lms)
        lms.page.wait_for_timeout(200)  # lazy pictures of the last screen, late handlers
        assert screens == int(lms.frame.locator("body").get_attribute("data-screens"))
        assert lms.frame.locator("body").get_attribute("data-complete") == "true"
        assert lms.frame.evaluate("typeof window.__pwned") == "undefined"
        assert lms.page.evaluate("typeof window.__pwned") == "undefined"
        assert unexpected_requests(lms) == []
        assert csp_or_error_messages(lms) == []
        if name.endswith("-payloads"):
            shown = lms.frame.evaluate("document.querySelector('main').textContent")
            assert text_payloads(env_)["script"] in shown, "the payload is in the page as text"
        lms.unload()
        assert lms.page.evaluate("typeof window.__pwned") == "undefined"
    assert (len(beacon.hits), len(canary.hits)) == before, "the browser contacted the beacon or read the canary"


def test_report_page_of_a_payload_deck_is_inert(browser, env, tmp_path):
    """The conversion report beside the package names shapes and links the payloads wrote; it must stay text."""
    env_, beacon, _ = env
    before = len(beacon.hits)
    source = CASES["pptx-payloads"].build(tmp_path, env_)
    report = converter.convert(source, tmp_path / "out").value.report_html
    context = browser.new_context()
    try:
        page = context.new_page()
        requests, console = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: console.append(message.text))
        page.goto(report.as_uri(), wait_until="load")
        page.evaluate(PROVOKE)
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert requests == [report.as_uri()]
        assert console == []
    finally:
        context.close()
    assert len(beacon.hits) == before
