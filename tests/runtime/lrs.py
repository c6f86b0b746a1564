"""Test LRS: a loopback xAPI endpoint (statements and the State API) plus a static server for the package, on
another port, so the player reaches its LRS cross-origin the way it does from a real LMS.

It stores what it is sent and records every request with its headers; it refuses (400) a request without
``X-Experience-API-Version`` and (401) one whose ``Authorization`` is not the launch's, so a careless adapter
fails loudly. It is not a conforming LRS: whether each statement is valid xAPI is checked separately, with
``@learninglocker/xapi-validation`` (see ``validate_statements``).
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNTIME_DIR = Path(__file__).resolve().parent
VALIDATOR = RUNTIME_DIR / "validate_statements.js"
XAPI_VALIDATION = RUNTIME_DIR / "node_modules" / "@learninglocker" / "xapi-validation"
VERSION = "1.0.3"
AUTH = "Basic " + "bGVhcm5lcjpzZWNyZXQ="  # base64 of learner:secret
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version",
    "Access-Control-Expose-Headers": "X-Experience-API-Version",
    "Access-Control-Max-Age": "600",
}


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statements: list[dict[str, Any]] = []
        self.state: dict[tuple[str, str, str, str], bytes] = {}
        self.requests: list[dict[str, Any]] = []


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
        else:
            self._reply(404)

    do_GET = do_PUT = do_POST = do_DELETE = _handle  # noqa: N815 - http.server's naming

    def _statements(self, body: bytes) -> None:
        if self.command == "GET":
            with self.store.lock:
                listed = json.dumps({"statements": self.store.statements, "more": ""})
            self._reply(200, listed.encode())
            return
        sent = json.loads(body)
        batch = sent if isinstance(sent, list) else [sent]
        with self.store.lock:
            self.store.statements.extend(batch)
        self._reply(200, json.dumps([s.get("id") for s in batch]).encode())

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

    def __init__(self, site: Path) -> None:
        self.site = site
        self.store = _Store()

    def __enter__(self) -> Lrs:
        handler = type("Handler", (_LrsHandler,), {"store": self.store})
        self._lrs = _serve(handler)
        self._static = _serve(functools.partial(_QuietStatic, directory=str(self.site)))
        self.endpoint = f"http://127.0.0.1:{self._lrs.server_address[1]}/xapi/"
        self.site_origin = f"http://127.0.0.1:{self._static.server_address[1]}"
        return self

    def __exit__(self, *exc: object) -> None:
        for server in (self._lrs, self._static):
            server.shutdown()
            server.server_close()

    def launch_url(self, actor: dict[str, Any], registration: str, activity_id: str | None = None,
                   auth: str = AUTH) -> str:
        """``index.html`` with the Rustici launch parameters, the way an LMS opens an xAPI package."""
        query = {"endpoint": self.endpoint, "auth": auth, "actor": json.dumps(actor), "registration": registration}
        if activity_id:
            query["activity_id"] = activity_id
        return f"{self.site_origin}/index.html?{urllib.parse.urlencode(query)}"

    def statements(self) -> list[dict[str, Any]]:
        """Every statement stored, in the order it arrived."""
        with self.store.lock:
            return list(self.store.statements)

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
