"""Requests from elsewhere than the service's own page and clients: a request that changes something (POST,
DELETE) sent by a browser from another site's page (its ``Origin`` or ``Sec-Fetch-Site`` says so) is refused,
so a web page a user visits cannot submit or delete jobs through their browser; and a service bound to loopback
answers only to a loopback ``Host``, so a DNS name rebound to 127.0.0.1 cannot reach it. Both are 403 with the
JSON error body."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_response
from .settings import is_loopback

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class OriginGuard:
    """ASGI middleware: refuse cross-site changes, and foreign ``Host`` names on a loopback service."""

    def __init__(self, app: ASGIApp, loopback_only: bool) -> None:
        self.app, self.loopback_only = app, loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem is not None:
                await error_response(403, *problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _problem(self, scope: Scope) -> tuple[str, str] | None:
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.loopback_only and not is_loopback(urlsplit(f"//{host}").hostname or ""):
            return "request.bad-host", ("this service listens on loopback and answers only to localhost, "
                                        "127.0.0.1 or [::1]")
        if scope.get("method") not in UNSAFE:
            return None
        origin = headers.get("origin")
        if headers.get("sec-fetch-site") == "cross-site" or (
                origin is not None and origin != "null" and urlsplit(origin).netloc != host):
            return "request.cross-origin", "a request from another site's page cannot change jobs here"
        return None
