"""PDF link annotations to web addresses: only http, https and mailto targets are kept; actions never run."""

from __future__ import annotations

import ctypes
import re
from typing import Any

MAX_LINKS = 1_000
MAX_URI_BYTES = 8_192
WEB_ADDRESS = re.compile(r"^(https?://|mailto:)[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)
PDFACTION_URI = 3
"""pdfium's ``PDFACTION_URI``: a link that opens an address (GoTo, Launch and JavaScript actions are ignored)."""


def read_links(raw: Any, document: Any, page: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    """Return the page's web links as ``((left, bottom, right, top), address)`` in user space."""
    links: list[tuple[tuple[float, float, float, float], str]] = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while len(links) < MAX_LINKS and raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != PDFACTION_URI:
            continue
        address = _address(raw, document, action)
        if address and raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            box = (min(rect.left, rect.right), min(rect.bottom, rect.top), max(rect.left, rect.right),
                   max(rect.bottom, rect.top))
            links.append((box, address))
    return links


def _address(raw: Any, document: Any, action: Any) -> str | None:
    """Return the action's address when it is a web or mail address, else None."""
    size = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
    if size <= 1 or size > MAX_URI_BYTES:
        return None
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
    address = buffer.value.decode("utf-8", "replace").strip()
    return address if WEB_ADDRESS.match(address) else None
