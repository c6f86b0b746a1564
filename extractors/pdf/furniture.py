"""Page furniture: running headers, footers and page numbers move out of the body into the unit's attrs.

A running header or footer is a line of at most body-size type in the top or bottom band of the page whose
text (digits ignored, so "page 3" and "page 4" are one) stands at about the same height on many pages. It is
found line by line, not paragraph by paragraph, so it leaves every page where it occurs, also where it was
read into one paragraph with the text next to it; the document reports each one once.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Protocol

from .blocks import Para, list_marker
from .text import Line

ZONE = 0.08
"""Share of the page height at the top and at the bottom where a lone page number sits."""
RUNNING_ZONE = 0.1
"""Share of the page height at the top and at the bottom where running headers and footers sit."""
POSITION_TOLERANCE = 0.015
"""How far (share of the page height) a running line may move from its usual height and still be one."""
MAX_CHARS = 120
MIN_PAGES = 3
MIN_SHARE = 0.4
SIZE_RATIO = 1.05
"""Running lines are set no larger than this times the body size (a title repeated on slides is not one)."""
PAGE_NUMBER = re.compile(r"^(page|seite|p\.|pg\.?)?\s*[#\d]{1,4}(\s*(of|/|von|de)\s*[#\d]{1,4})?$|^[ivxlc]{1,6}$",
                         re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


class _Page(Protocol):
    number: int
    height: float
    paras: list[Para]


@dataclass(frozen=True)
class Running:
    """A running header or footer: its band, its text as first seen, and the pages it was removed from."""

    zone: str
    text: str
    pages: tuple[int, ...]


@dataclass
class Furniture:
    """What left the pages: the text by page number (``{"header": ..., "footer": ...}``, kept in the unit's
    attrs), each running header or footer once, and the lone page numbers (their first text and pages)."""

    attrs: dict[int, dict[str, str]] = field(default_factory=dict)
    running: list[Running] = field(default_factory=list)
    numbers: Running | None = None

    def get(self, number: int) -> dict[str, str] | None:
        """Return the furniture text of page ``number``, or None."""
        return self.attrs.get(number)


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _band(top: float, bottom: float, height: float, share: float) -> str | None:
    """Return "header" or "footer" for a box inside the top or bottom ``share`` of the page, else None (always
    None on a page of no height, which a damaged page box can give)."""
    if height <= 0:
        return None
    if bottom <= share * height:
        return "header"
    if top >= (1 - share) * height:
        return "footer"
    return None


def _running_zone(line: Line, height: float, body: float) -> str | None:
    """Return the band a line could be a running header or footer in, else None."""
    if line.rotated or len(line.text) > MAX_CHARS or line.size > SIZE_RATIO * body:
        return None
    return _band(line.top, line.bottom, height, RUNNING_ZONE)


def _page_number_zone(para: Para, height: float) -> str | None:
    """Return the band of a paragraph that is a lone page number ("3", "Page 3 of 10", "iv"), else None."""
    if para.placed is not None or not para.lines or len(para.lines) > 2 or not PAGE_NUMBER.match(_key(para.text)):
        return None
    return _band(min(line.top for line in para.lines), max(line.bottom for line in para.lines), height, ZONE)


def body_size(pages: Sequence[_Page]) -> float:
    """Return the size most characters are set in (10 when there is no text)."""
    weights: Counter[float] = Counter()
    for page in pages:
        for para in page.paras:
            for line in para.lines:
                weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def find_running(pages: Sequence[_Page], body: float) -> dict[tuple[str, str], tuple[float, float]]:
    """Return the running lines by (band, text key): the usual height (share of the page) and how far from it
    an occurrence may stand. A line is running when it stands there on enough pages (3, and 40% of them)."""
    seen: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for page in pages:
        for para in page.paras:
            for line in para.lines:
                if (zone := _running_zone(line, page.height, body)) is not None:
                    seen[(zone, _key(line.text))].append((page.number, line.middle / page.height))
    enough = max(MIN_PAGES, MIN_SHARE * len(pages))
    running: dict[tuple[str, str], tuple[float, float]] = {}
    for key, where in seen.items():
        usual = median(position for _, position in where)
        pages_there = {number for number, position in where if abs(position - usual) <= POSITION_TOLERANCE}
        if len(pages_there) >= enough:
            running[key] = (usual, POSITION_TOLERANCE)
    return running


def remove_furniture(pages: Sequence[_Page]) -> Furniture:
    """Remove running header and footer lines and lone page numbers from every page's paragraphs.

    Returns the removed text by page number (kept, not lost) and each running header or footer once.
    """
    body = body_size(pages)
    running = find_running(pages, body)
    furniture = Furniture()
    removed: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    numbers: list[tuple[int, str]] = []
    for page in pages:
        extras: dict[str, str] = {}
        kept: list[Para] = []
        for para in page.paras:
            zone = _page_number_zone(para, page.height)
            if zone is not None:
                _note(extras, zone, para.text)
                numbers.append((page.number, para.text))
                continue
            lines = []
            for line in para.lines:
                key = _running_key(line, page, body, running)
                if key is None:
                    lines.append(line)
                else:
                    _note(extras, key[0], line.text)
                    removed[key].append((page.number, line.text))
            if len(lines) == len(para.lines):
                kept.append(para)
            elif lines:
                kept.append(Para(lines, list_marker(lines[0].text)))
        page.paras = kept
        if extras:
            furniture.attrs[page.number] = extras
    furniture.running = [Running(key[0], found[0][1], tuple(sorted({number for number, _ in found})))
                         for key, found in removed.items()]
    if numbers:
        furniture.numbers = Running("page number", numbers[0][1], tuple(sorted({number for number, _ in numbers})))
    return furniture


def _running_key(line: Line, page: _Page, body: float, running: dict[tuple[str, str], tuple[float, float]]
                 ) -> tuple[str, str] | None:
    """Return the running line ``line`` is on ``page`` (its band and text key), else None."""
    zone = _running_zone(line, page.height, body)
    if zone is None:
        return None
    key = (zone, _key(line.text))
    found = running.get(key)
    if found is None or abs(line.middle / page.height - found[0]) > found[1]:
        return None
    return key


def _note(extras: dict[str, str], zone: str, text: str) -> None:
    extras[zone] = f"{extras[zone]} | {text}" if zone in extras else text


def page_ranges(numbers: Sequence[int]) -> str:
    """Return page numbers as short ranges: ``1-4, 7, 9-10``."""
    parts: list[str] = []
    start = previous = None
    for number in sorted(numbers):
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ", ".join(parts)
