"""Test LRS: a real LRS (PyPI ``ralph-malph`` with its file-system backend, in its own virtual environment
``.venv-lrs`` because it pins other versions of our dependencies) behind the test LMS's loopback xAPI endpoint,
plus a static server for the package on another port, so the player reaches its LRS cross-origin the way it
does from a real LMS.

Statements go to ralph: the endpoint forwards every statements request (with the launch's ``Authorization``,
which ralph checks against its own users file) and answers with ralph's reply, so a statement ralph's xAPI
models refuse fails the test; ``statements()`` reads back what ralph stored. ralph has no State API, so the
endpoint keeps State API documents itself, as the LMS side does (and ``LMS.LaunchData`` for cmi5 tests), and
answers Agent Profile reads from ``profiles`` (cmi5's learner preferences). ``Lrs(site, slow=S)`` answers each
statements POST after S seconds and drops one whose browser closed it meanwhile, as a proxy in front of a slow
LRS does. The
endpoint records every request with its headers and refuses (400) one without ``X-Experience-API-Version``,
which ralph would let through, and (401) one whose ``Authorization`` is not the launch's. ralph starts once per
test process (a few seconds) on an ephemeral loopback port and stops when the process ends. Every stored
statement is also checked with ``@learninglocker/xapi-validation`` (see ``validate_statements``).
"""

from __future__ import annotations

import atexit
import base64
import functools
import http.server
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNTIME_DIR = Path(__file__).resolve().parent
VALIDATOR = RUNTIME_DIR / "validate_statements.js"
XAPI_VALIDATION = RUNTIME_DIR / "node_modules" / "@learninglocker" / "xapi-validation"
VERSION = "1.0.3"
LEARNER, SECRET = "learner", "secret"
AUTH = "Basic " + base64.b64encode(f"{LEARNER}:{SECRET}".encode()).decode()  # what the LMS hands the launch
LRS_VENV = Path(os.environ.get("C2E_LRS_VENV", RUNTIME_DIR.parents[1] / ".venv-lrs"))
"""Where ``make install-test`` installs ralph (its own venv: ralph pins click and pydantic versions unlike ours)."""
RALPH_AUTHORITY = "mailto:lms@example.org"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version",
    "Access-Control-Expose-Headers": "X-Experience-API-Version",
    "Access-Control-Max-Age": "600",
}


class Ralph:
    """One ralph LRS process (uvicorn, file-system backend, one Basic-auth user: the launch's) for this test
    process; ``Ralph.shared()`` starts it on first use."""

    _running: Ralph | None = None

    def __init__(self) -> None:
        ralph = LRS_VENV / "bin" / "ralph"
        if not ralph.exists():
            raise AssertionError(f"{ralph} is missing: the xAPI and cmi5 runtime tests need the ralph LRS; run "
                                 "`make test` (it creates .venv-lrs with ralph-malph) or set C2E_LRS_VENV")
        self.home = Path(tempfile.mkdtemp(prefix="c2e-ralph-"))
        self.port = _free_port()
        self.env = {**os.environ, "RALPH_APP_DIR": str(self.home / "app"), "RALPH_AUTH_FILE": str(self.home / "auth.json"),
                    "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "100000",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.home / "data"),
                    "RALPH_SENTRY_DSN": "", "SENTRY_DSN": ""}
        subprocess.run([str(ralph), "auth", "-u", LEARNER, "-p", SECRET, "-s", "all", "-M", RALPH_AUTHORITY, "-w"],
                       env=self.env, check=True, capture_output=True, timeout=60)
        self.log = open(self.home / "ralph.log", "wb")  # noqa: SIM115 - open for the process's lifetime
        self.process = subprocess.Popen(
            [str(LRS_VENV / "bin" / "python"), str(RUNTIME_DIR / "ralph_app.py"), str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/xAPI/statements/"
        self._wait_until_up()

    @classmethod
    def shared(cls) -> Ralph:
        """Return this process's ralph, started on first use and stopped when the process exits."""
        if cls._running is None or cls._running.process.poll() is not None:
            cls._running = cls()
            atexit.register(cls._running.stop)
        return cls._running

    def _wait_until_up(self, deadline: float = 60.0) -> None:
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"ralph did not start in {deadline}s: {(self.home / 'ralph.log').read_text()[-2000:]}")

    def stop(self) -> None:
        """End the ralph process (ours, by its process group) and remove its files."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)

    def forward(self, method: str, query: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """Send one statements request on to ralph; return its status and body."""
        url = self.url + (f"?{query}" if query else "")
        request = urllib.request.Request(url, data=body or None, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stored(self, since: str) -> list[dict[str, Any]]:
        """Every statement ralph stored since the ISO 8601 time ``since``, oldest first."""
        query = urllib.parse.urlencode({"since": since, "ascending": "true", "limit": "100000"})
        status, body = self.forward("GET", query, b"", {"Authorization": AUTH, "X-Experience-API-Version": VERSION})
        if status != 200:
            raise AssertionError(f"ralph answered {status} to a statements query: {body[:500]!r}")
        statements: list[dict[str, Any]] = json.loads(body)["statements"]
        return statements


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: list[str] = []
        """Ids of the statements ralph accepted through this endpoint, in the order it accepted them."""
        self.state: dict[tuple[str, str, str, str], bytes] = {}
        self.profiles: dict[tuple[str, str], bytes] = {}
        """Agent Profile documents by (agent JSON, profileId): what an LMS keeps, e.g. cmi5LearnerPreferences."""
        self.requests: list[dict[str, Any]] = []
        self.slow = 0.0
        """Seconds a statements POST waits before it reaches ralph (``Lrs(site, slow=...)``)."""
        self.dropped: list[str] = []
        """Bodies of statements POSTs dropped because the browser closed the request while it waited."""
        self.ralph = Ralph.shared()
        self.since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 2))


class _LrsHandler(http.server.BaseHTTPRequestHandler):
    store: _Store

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def _reply(self, status: int, body: bytes = b"", content_type: str = "application/json") -> None:
        self.send_response(status)
        for name, value in CORS_HEADERS.items():
            self.send_header(name, value)
        self.send_header("X-Experience-API-Version", VERSION)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _record(self, body: bytes) -> tuple[str, dict[str, str]]:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        with self.store.lock:
            self.store.requests.append({"method": self.command, "path": url.path, "query": query,
                                        "headers": {k.lower(): v for k, v in self.headers.items()},
                                        "body": body.decode("utf-8", "replace"), "t": time.monotonic()})
        return url.path, query

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self._record(b"")
        self._reply(204)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, query = self._record(body)
        if self.headers.get("X-Experience-API-Version") != VERSION:
            self._reply(400, b'{"error": "X-Experience-API-Version 1.0.3 required"}')
        elif self.headers.get("Authorization") != AUTH:
            self._reply(401, b'{"error": "unauthorized"}')
        elif path == "/xapi/statements":
            self._statements(body)
        elif path == "/xapi/activities/state":
            self._state(query, body)
        elif path == "/xapi/agents/profile" and self.command == "GET":
            saved = self.store.profiles.get((query.get("agent", ""), query.get("profileId", "")))
            self._reply(404) if saved is None else self._reply(200, saved)
        else:
            self._reply(404)

    do_GET = do_PUT = do_POST = do_DELETE = _handle  # noqa: N815 - http.server's naming

    def _statements(self, body: bytes) -> None:
        if self.command == "POST" and self.store.slow and self._client_left_within(self.store.slow):
            with self.store.lock:
                self.store.dropped.append(body.decode("utf-8", "replace"))
            return
        query = urllib.parse.urlsplit(self.path).query
        headers = {name: self.headers[name] for name in ("Authorization", "X-Experience-API-Version", "Content-Type")
                   if self.headers.get(name)}
        status, reply = self.store.ralph.forward(self.command, query, body, headers)
        if status == 200 and self.command == "POST":
            with self.store.lock:
                self.store.ids.extend(json.loads(reply))
        elif status == 204 and self.command == "PUT":
            with self.store.lock:
                self.store.ids.append(dict(urllib.parse.parse_qsl(query)).get("statementId", ""))
        self._reply(status, reply)

    def _client_left_within(self, seconds: float) -> bool:
        """Wait ``seconds``, as a slow LRS answers; return True as soon as the browser closes the connection, the
        way a proxy in front of an LRS (nginx by default) gives up a request whose client went away."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
            if readable and not self.connection.recv(1, socket.MSG_PEEK):
                return True
        return False

    def _state(self, query: dict[str, str], body: bytes) -> None:
        key = (query.get("activityId", ""), query.get("agent", ""), query.get("registration", ""),
               query.get("stateId", ""))
        with self.store.lock:
            if self.command == "GET":
                saved = self.store.state.get(key)
            elif self.command == "DELETE":
                saved = self.store.state.pop(key, b"")
            else:
                self.store.state[key] = body
                saved = b""
        if self.command == "GET":
            self._reply(404) if saved is None else self._reply(200, saved)
        else:
            self._reply(204)


class _QuietStatic(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def _serve(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Lrs:
    """``with Lrs(site_folder) as lrs:`` the package at ``lrs.site_origin``, the LRS at ``lrs.endpoint``."""

    def __init__(self, site: Path, slow: float = 0.0) -> None:
        self.site = site
        self.store = _Store()
        self.store.slow = slow

    def __enter__(self) -> Lrs:
        handler = type("Handler", (_LrsHandler,), {"store": self.store})
        self._lrs = _serve(handler)
        self._static = _serve(functools.partial(_QuietStatic, directory=str(self.site)))
        self.endpoint = f"http://127.0.0.1:{self._lrs.server_address[1]}/xapi/"
        self.site_origin = f"http://127.0.0.1:{self._static.server_address[1]}"
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the servers; when the block ended normally, fail unless every statement ralph stored from this
        endpoint passes ``@learninglocker/xapi-validation``."""
        for server in (self._lrs, self._static):
            server.shutdown()
            server.server_close()
        if exc and exc[0] is not None:
            return
        stored = self.statements()
        problems = validate_statements(stored) if stored else []
        invalid = [(s["verb"]["id"], p) for s, p in zip(stored, problems, strict=True) if p]
        assert not invalid, f"statements stored in the LRS that xapi-validation refuses: {invalid}"

    def launch_url(self, actor: dict[str, Any], registration: str, activity_id: str | None = None,
                   auth: str = AUTH, launch: str = "index.html") -> str:
        """``launch`` (an activity's ``<launch>`` in tincan.xml) with the Rustici launch parameters appended, the
        way an LMS opens an xAPI package."""
        query = {"endpoint": self.endpoint, "auth": auth, "actor": json.dumps(actor), "registration": registration}
        if activity_id:
            query["activity_id"] = activity_id
        return f"{self.site_origin}/{launch}{'&' if '?' in launch else '?'}{urllib.parse.urlencode(query)}"

    def statements(self) -> list[dict[str, Any]]:
        """Every statement ralph stored from this endpoint, read back from ralph, in the order it accepted them."""
        with self.store.lock:
            ids = list(self.store.ids)
        if not ids:
            return []
        stored = {statement["id"]: statement for statement in self.store.ralph.stored(self.store.since)}
        return [stored[i] for i in ids if i in stored]

    def dropped(self) -> list[str]:
        """Bodies of the statements POSTs a slow LRS dropped because the browser closed them before the answer."""
        with self.store.lock:
            return list(self.store.dropped)

    def requests(self) -> list[dict[str, Any]]:
        """Every request but CORS preflights: {method, path, query, headers (lower-case names), body, t}."""
        with self.store.lock:
            return [r for r in self.store.requests if r["method"] != "OPTIONS"]

    def state(self) -> dict[tuple[str, str, str, str], Any]:
        """The State API documents, (activityId, agent JSON, registration, stateId) -> parsed JSON."""
        with self.store.lock:
            return {key: json.loads(value) for key, value in self.store.state.items()}

    def wait_for(self, condition: Callable[[list[dict[str, Any]]], bool], deadline: float = 5.0) -> list[dict[str, Any]]:
        """The statements once ``condition(statements)`` holds; fails after ``deadline`` seconds."""
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            statements = self.statements()
            if condition(statements):
                return statements
            time.sleep(0.05)
        verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in self.statements()]
        raise AssertionError(f"the LRS did not get the expected statements in {deadline}s; it has: {verbs}")


def validate_statements(statements: list[dict[str, Any]]) -> list[list[dict[str, str]]]:
    """Run ``@learninglocker/xapi-validation`` (Learning Locker's conformance-tested validator) with node on each
    statement; return its problems per statement (``[]`` for a valid one)."""
    if not XAPI_VALIDATION.exists():
        raise AssertionError(f"{XAPI_VALIDATION} is missing; run `make test` (npm ci --prefix tests/runtime)")
    done = subprocess.run(["node", str(VALIDATOR)], input=json.dumps(statements), capture_output=True, text=True,
                          cwd=RUNTIME_DIR, timeout=60, check=True)
    problems: list[list[dict[str, str]]] = json.loads(done.stdout)
    return problems
