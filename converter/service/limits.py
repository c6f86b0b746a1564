"""The request body limit, enforced as the body arrives: a request announcing more than ``limit`` bytes is
refused before it is read, and one that sends more (chunked, or lying about its length) is cut off at the
limit. Either way the client gets 413 with the JSON error body."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, error_response


class BodyLimit:
    """ASGI middleware: at most ``limit`` bytes of request body."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await error_response(413, "upload.too-large", self._words())(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise ApiError(413, "upload.too-large", self._words())
            return message

        await self.app(scope, counted, send)

    def _words(self) -> str:
        return f"the request is over the service's upload limit of {self.limit:,} bytes (c2e serve --max-upload-mb)"


def _content_length(scope: MutableMapping[str, Any]) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
