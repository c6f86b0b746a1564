"""The PDF outline (bookmarks) to sections and page titles; the walk is capped and cycle-proof."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Any

MAX_ENTRIES = 10_000
MAX_DEPTH = 16
PAGE_INDEX_SHARE = 0.8
"""An outline with a top-level entry for (nearly) every page is a page index, not a list of sections."""
GENERIC = re.compile(r"^(slide|folie|diapositive|diapositiva|page|seite|p\.?)(\s*(number|nr\.?|no\.?))?\s*\d+$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page: int | None
    """0-based page index the entry points at, or None when it points nowhere in this file."""
    has_children: bool = False


def read_outline(raw: Any, document: Any) -> list[OutlineEntry]:
    """Return the outline entries in document order (depth first), or [] when the PDF has none."""
    entries: list[OutlineEntry] = []
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(raw.FPDFBookmark_GetFirstChild(document.raw, None), 0)]
    while stack and len(entries) < MAX_ENTRIES:
        bookmark, level = stack.pop()
        if not bookmark:
            continue
        address = ctypes.cast(bookmark, ctypes.c_void_p).value or 0
        if address in seen:
            continue
        seen.add(address)
        child = raw.FPDFBookmark_GetFirstChild(document.raw, bookmark) if level + 1 < MAX_DEPTH else None
        stack.append((raw.FPDFBookmark_GetNextSibling(document.raw, bookmark), level))
        stack.append((child, level + 1))
        title = " ".join(_title(raw, bookmark).split())
        title = "" if GENERIC.match(title) else title
        entries.append(OutlineEntry(level, title, _page(raw, document, bookmark), bool(child)))
    return entries


def _title(raw: Any, bookmark: Any) -> str:
    size = raw.FPDFBookmark_GetTitle(bookmark, None, 0)
    if size <= 2 or size > 100_000:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFBookmark_GetTitle(bookmark, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace")


def _page(raw: Any, document: Any, bookmark: Any) -> int | None:
    dest = raw.FPDFBookmark_GetDest(document.raw, bookmark)
    if not dest:
        action = raw.FPDFBookmark_GetAction(bookmark)
        dest = raw.FPDFAction_GetDest(document.raw, action) if action else None
    if not dest:
        return None
    index = raw.FPDFDest_GetDestPageIndex(document.raw, dest)
    return index if index >= 0 else None


def section_entries(entries: list[OutlineEntry]) -> list[OutlineEntry]:
    """Return the entries that name sections: the top level, or the level below a single all-covering entry."""
    level = 0
    while True:
        top = [entry for entry in entries if entry.level == level and entry.title]
        if len(top) == 1 and top[0].has_children and level + 1 < MAX_DEPTH:
            level += 1
            continue
        return [entry for entry in top if entry.page is not None]


def sections_by_page(entries: list[OutlineEntry], pages: int) -> dict[int, str]:
    """Return the section title of each 0-based page index covered by a section entry."""
    starts = sorted((entry.page, order, entry.title) for order, entry in enumerate(section_entries(entries))
                    if entry.page is not None)
    if len(starts) >= max(4, PAGE_INDEX_SHARE * pages):
        return {}
    found: dict[int, str] = {}
    for number, (page, _, title) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else pages
        for index in range(page, max(end, page + 1)):
            found.setdefault(index, title)
    return found


def titles_by_page(entries: list[OutlineEntry]) -> dict[int, str]:
    """Return, for each page index an entry points at, the title of the first such entry."""
    found: dict[int, str] = {}
    for entry in entries:
        if entry.page is not None and entry.title:
            found.setdefault(entry.page, entry.title)
    return found
