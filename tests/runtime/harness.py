"""Test LMS: runs a SCORM 1.2 (or 2004) package in headless Chromium under scorm-again, the way an LMS launches it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

RUNTIME_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
SCORM_AGAIN = RUNTIME_DIR / "node_modules" / "scorm-again"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# What an LMS hands a first launch (SCORM 1.2 RTE 3.4: entry ab-initio, normal credit mode).
FIRST_LAUNCH = {
    "cmi.core.student_id": "learner-1",
    "cmi.core.student_name": "Learner, Test",
    "cmi.core.entry": "ab-initio",
    "cmi.core.credit": "credit",
    "cmi.core.lesson_mode": "normal",
}
SAVED_KEYS = ("cmi.core.lesson_location", "cmi.suspend_data", "cmi.core.lesson_status", "cmi.core.total_time")
# SCORM 2004 (RTE 4.2): the same first launch in the 2004 data model; what an LMS keeps for a suspended attempt.
FIRST_LAUNCH_2004 = {
    "cmi.learner_id": "learner-1",
    "cmi.learner_name": "Learner, Test",
    "cmi.entry": "ab-initio",
    "cmi.credit": "credit",
    "cmi.mode": "normal",
}
SAVED_KEYS_2004 = ("cmi.location", "cmi.suspend_data", "cmi.completion_status", "cmi.success_status",
                   "cmi.total_time")
STANDARDS = ("scorm12", "scorm2004")
"""The API the test LMS puts up: scorm12 as window.API (the default), scorm2004 as window.API_1484_11."""
_SETTERS = {"scorm12": "LMSSetValue", "scorm2004": "SetValue"}


def ensure_runtime() -> None:
    """Fail (never skip: CI must not go quiet) when Chromium or scorm-again is missing."""
    dists = [SCORM_AGAIN / "dist" / f"{standard}.min.js" for standard in STANDARDS]
    missing = [str(p) for p in (CHROMIUM, *dists) if not p.exists()]
    if missing:
        pytest.fail(f"SCORM runtime test needs {', '.join(missing)}; run `make test`, which installs them "
                    "(apt-get install chromium; npm ci --prefix tests/runtime)", pytrace=False)


def launch_browser(playwright: Any) -> Any:
    """Start Debian's Chromium (never a Playwright-downloaded one) with flags that work offline here."""
    ensure_runtime()
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@contextlib.contextmanager
def running_browser() -> Iterator[Any]:
    """A Chromium for the duration of the block; meant for a module-scoped fixture."""
    ensure_runtime()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            yield browser
        finally:
            browser.close()


PLAYER_READY = 'body[data-ready="true"]'
"""The player sets this once it has started (and read any saved state)."""


def open_player(browser: Any, url: str) -> Any:
    """Open ``url`` in a new page of ``browser`` and wait for the player; ``page.errors`` collects script errors."""
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url, wait_until="load")
    page.wait_for_selector(PLAYER_READY, state="attached")
    return page


def saved_state_from(commit: dict[str, str], standard: str = "scorm12") -> dict[str, str]:
    """What an LMS keeps from the last commit for the next launch; exit=suspend turns into entry=resume."""
    if standard == "scorm2004":
        state = {key: commit[key] for key in SAVED_KEYS_2004 if commit.get(key)}
        state["cmi.entry"] = "resume" if commit.get("cmi.exit") == "suspend" else ""
        return state
    state = {key: commit[key] for key in SAVED_KEYS if commit.get(key)}
    state["cmi.core.entry"] = "resume" if commit.get("cmi.core.exit") == "suspend" else ""
    return state


def sco_href(pkg_dir: Path, item_id: str | None = None) -> str:
    """The launch URL (resource href plus the item's parameters) of the first item in imsmanifest.xml, or of the
    item ``item_id`` (index.html if there is no manifest)."""
    manifest = pkg_dir / "imsmanifest.xml"
    if not manifest.exists():
        return "index.html"
    root = ET.parse(manifest).getroot()
    resources = {r.get("identifier"): r for r in root.iter() if _local(r.tag) == "resource"}
    for item in (e for e in root.iter() if _local(e.tag) == "item" and e.get("identifierref")
                 and item_id in (None, e.get("identifier"))):
        resource = resources.get(item.get("identifierref"))
        if resource is not None and resource.get("href"):
            return resource.get("href") + (item.get("parameters") or "")
    raise AssertionError(f"{manifest}: no item {item_id or ''} points at a resource with an href")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _RecordingServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server that also keeps the log entries the host page beacons to it."""

    daemon_threads = True

    def __init__(self, handler: Any) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.records: list[dict[str, Any]] = []
        self.lock = threading.Lock()


class _LmsHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder; POST /lms/record stores one beaconed log entry on the server."""

    server: _RecordingServer

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.path != "/lms/record":
            self.send_error(404)
            return
        entry = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        with self.server.lock:
            self.server.records.append(entry)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class LmsServer:
    """Loopback HTTP server on an ephemeral port: the host page and scorm-again at /, the package at /pkg/."""

    def __init__(self, package: Path) -> None:
        self.site = Path(tempfile.mkdtemp(prefix="c2e-lms-"))
        _lay_out_site(self.site, Path(package))
        self.httpd = _RecordingServer(functools.partial(_LmsHandler, directory=str(self.site)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def records(self) -> list[dict[str, Any]]:
        """Log entries the page posted with sendBeacon, ordered by their seq."""
        with self.httpd.lock:
            return sorted(self.httpd.records, key=lambda entry: entry["seq"])

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.site, ignore_errors=True)


def _lay_out_site(site: Path, package: Path) -> None:
    for name in ("lms.html", "lms.js"):
        shutil.copy(RUNTIME_DIR / name, site / name)
    for standard in STANDARDS:
        shutil.copy(SCORM_AGAIN / "dist" / f"{standard}.min.js", site / f"{standard}.js")
    if package.is_dir():
        shutil.copytree(package, site / "pkg")
    else:
        with zipfile.ZipFile(package) as archive:
            archive.extractall(site / "pkg")


class LmsSession:
    """One launch of a package: `with LmsSession(browser, zip_or_dir, resume_from=state) as lms: ...`."""

    def __init__(self, browser: Any, package: Path | str, resume_from: dict[str, str] | None = None,
                 ready: str | None = None, standard: str = "scorm12", item: str | None = None) -> None:
        """``resume_from``: a ``saved_state()``; ``ready``: a selector in the SCO to wait for after load;
        ``standard``: the API the LMS puts up, ``scorm12`` (window.API) or ``scorm2004`` (window.API_1484_11);
        ``item``: the manifest item to launch (default: the first), as an LMS launches one SCO of several."""
        if standard not in STANDARDS:
            raise ValueError(f"unknown standard {standard!r}; known: {', '.join(STANDARDS)}")
        self.browser, self.package, self.ready, self.standard = browser, Path(package), ready, standard
        self.item = item
        first_launch = FIRST_LAUNCH_2004 if standard == "scorm2004" else FIRST_LAUNCH
        self.launch_cmi = {**first_launch, **(resume_from or {})}
        self._log: list[dict[str, Any]] = []
        self.console: list[dict[str, str]] = []
        self.unloaded = False

    def __enter__(self) -> LmsSession:
        self.server = LmsServer(self.package)
        self.context = self.browser.new_context()
        try:
            self._launch()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _launch(self) -> None:
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.goto(self._launch_url(), wait_until="load")
        self.frame = self.page.wait_for_selector("#sco").content_frame()
        if self.ready:
            self.frame.wait_for_selector(self.ready, state="attached")

    def __exit__(self, *exc: object) -> None:
        self.context.close()
        self.server.close()

    def _launch_url(self) -> str:
        query = {"sco": sco_href(self.server.site / "pkg", self.item), "launch": json.dumps({"cmi": self.launch_cmi})}
        if self.standard != "scorm12":
            query["standard"] = self.standard
        return f"{self.server.origin}/lms.html?{urllib.parse.urlencode(query)}"

    def _on_console(self, message: Any) -> None:
        self.console.append({"type": message.type, "text": message.text, "url": message.location.get("url", "")})

    def _on_page_error(self, error: Any) -> None:
        self.console.append({"type": "pageerror", "text": f"{error.name}: {error.message}", "url": error.stack or ""})

    def calls(self, name: str | None = None) -> list[dict[str, Any]]:
        """Every API call the SCO made, in order: {seq, call, args, result, error, t[, cmi]}."""
        self._sync()
        return [entry for entry in self._log if name is None or entry["call"] == name]

    def set_values(self, element: str) -> list[str]:
        """The values the SCO set on one element with LMSSetValue (2004: SetValue), as it passed them, where the
        API accepted them."""
        setter = _SETTERS[self.standard]
        return [c["args"][1] for c in self.calls(setter) if c["args"][0] == element and c["result"] == "true"]

    def commits(self) -> list[dict[str, str]]:
        """Flattened cmi snapshots, one per successful LMSCommit or LMSFinish (2004: Commit or Terminate)."""
        return [entry["cmi"] for entry in self.calls() if "cmi" in entry]

    def cmi(self) -> dict[str, str]:
        """The API's current cmi, flattened; after unload, the last committed one."""
        if self.unloaded:
            return ([{}] + self.commits())[-1]
        return self.page.evaluate("window.__lms.current()")

    def errors(self, url_part: str = "/pkg/") -> list[dict[str, str]]:
        """Console errors and uncaught exceptions whose source URL contains url_part."""
        return [m for m in self.console if m["type"] in ("error", "pageerror") and url_part in m["url"]]

    def unload(self) -> None:
        """Navigate the host page away, as a learner closing the LMS window: the SCO gets pagehide.

        Calls made while the page unloads reach Python only through sendBeacon to the LMS server (Chromium
        allows 64 KiB of beacons in flight; a SCO that sets far more than that in pagehide would lose some).
        """
        if self.unloaded:
            return
        self._sync()
        self.page.evaluate("window.__lms.beacon = true")
        self.page.goto("about:blank")
        self.unloaded = True
        self._log.extend(self._await_beacons(first_seq=len(self._log)))

    def _await_beacons(self, first_seq: int, quiet: float = 0.3, deadline: float = 5.0) -> list[dict[str, Any]]:
        """Beaconed entries from first_seq on, once they are gap-free and none arrived for `quiet` seconds."""
        start, seen, last_change = time.monotonic(), -1, time.monotonic()
        while time.monotonic() - start < deadline:
            records = [r for r in self.server.records() if r["seq"] >= first_seq]
            if len(records) != seen:
                seen, last_change = len(records), time.monotonic()
            gap_free = [r["seq"] for r in records] == list(range(first_seq, first_seq + len(records)))
            if gap_free and time.monotonic() - last_change >= quiet:
                return records
            time.sleep(0.05)
        raise AssertionError(f"beaconed LMS calls incomplete after {deadline}s: {[r['seq'] for r in records]}")

    def saved_state(self) -> dict[str, str]:
        """What the LMS persists for the next launch (location, suspend_data, status, total_time, entry)."""
        commits = self.commits()
        assert commits, "the SCO never committed: an LMS would have nothing to resume from"
        return saved_state_from(commits[-1], self.standard)

    def _sync(self) -> None:
        if not self.unloaded:
            # One JSON string crosses the wire far faster than Playwright's per-value serialization.
            fresh = self.page.evaluate("n => JSON.stringify(window.__lms.log.slice(n))", len(self._log))
            self._log.extend(json.loads(fresh))
