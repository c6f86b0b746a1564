"""Page furniture: running headers, footers and page numbers move out of the body into the unit's attrs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from .blocks import Para

ZONE = 0.08
"""Share of the page height at the top and at the bottom where headers and footers sit."""
MAX_CHARS = 120
MIN_PAGES = 3
MIN_SHARE = 0.4
PAGE_NUMBER = re.compile(r"^(page|seite|p\.|pg\.?)?\s*[#\d]{1,4}(\s*(of|/|von|de)\s*[#\d]{1,4})?$|^[ivxlc]{1,6}$",
                         re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


class _Page(Protocol):
    number: int
    height: float
    paras: list[Para]


def _zone(para: Para, height: float) -> str | None:
    if para.placed is not None or not para.lines or len(para.lines) > 2 or len(para.text) > MAX_CHARS:
        return None
    if max(line.bottom for line in para.lines) <= ZONE * height:
        return "header"
    if min(line.top for line in para.lines) >= (1 - ZONE) * height:
        return "footer"
    return None


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def remove_furniture(pages: Sequence[_Page]) -> dict[int, dict[str, str]]:
    """Remove repeated header/footer lines and page numbers from each page's paragraphs.

    Returns the removed text by page number as ``{"header": ..., "footer": ...}`` (kept, not lost).
    """
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        seen.update({(zone, _key(p.text)) for p in page.paras if (zone := _zone(p, page.height))})
    enough = max(MIN_PAGES, MIN_SHARE * len(pages))
    found: dict[int, dict[str, str]] = {}
    for page in pages:
        kept: list[Para] = []
        extras: dict[str, str] = {}
        for para in page.paras:
            zone = _zone(para, page.height)
            key = _key(para.text) if zone else ""
            if zone and (seen[(zone, key)] >= enough or PAGE_NUMBER.match(key)):
                extras[zone] = f"{extras[zone]} | {para.text}" if zone in extras else para.text
            else:
                kept.append(para)
        page.paras = kept
        if extras:
            found[page.number] = extras
    return found
