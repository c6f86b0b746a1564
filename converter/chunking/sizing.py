"""Module sizing: cut one source's learner units into pre-learning modules of about the target length.

The rule (``Timing``: a target, a minimum and a maximum, in learner minutes):

- A unit (a slide with its notes, a page, a document section with its tables and lists) is never split. A unit
  that continues the one before it (same title with "(cont.)", a "Solution"/"Answer" after a worked example,
  an ordered list that goes on numbering, a table that repeats the previous one's header row) is glued to it.
- The source's structure gives the cuts: PowerPoint sections first, then section-header slides and level-1
  document headings, then a change of title; cutting where the title stays the same is a last resort.
- A module under the minimum joins a neighbour, within its section where it can, across a section border when
  its whole section is short; a module over the maximum is split at unit borders, as evenly as the borders
  allow. Among the cuttings that respect these, the one closest to the target wins.

The cutting is chosen by dynamic programming over the unit borders, with costs for modules out of range, for
merged sections and for weak borders: deterministic and linear in the units (a module spans a bounded window).
Pure: no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ListBlock, Table, Timing, Unit, block_text
from ..model.identity import unit_key

GLUED_CUT = 100.0
"""The cost of cutting a glued run (only ever chosen when the run alone is far over the maximum)."""
CUT_COST = {"section": 0.0, "header": 0.5, "title": 2.0, "same": 6.0, "glued": GLUED_CUT}
"""The cost of starting a module before a unit, by what opens there."""
CROSS_COST = {"section": 8.0, "header": 3.0, "title": 0.0, "same": 0.0, "glued": 0.0}
"""The cost of a module spanning a border, by its kind (a section merged with its neighbour costs most)."""
OUT_OF_RANGE = 20.0
"""The cost of a module under the minimum or over the maximum, plus three times as much per its relative
distance (so two modules over the maximum cost less than the one they would make together)."""
WINDOW = 400
"""At most this many units in one module (bounds the search)."""
_CONTINUED = re.compile(r"\(?\b(?:cont(?:'d|d|\.|inued)?)\)?\s*$|\b\d+\s*/\s*\d+\s*$", re.I)
_SOLUTION = re.compile(r"^\W*(?:worked\s+)?(?:solutions?|answers?)\b", re.I)


@dataclass(frozen=True)
class UnitGroup:
    """A run of units that will become one module: its title and the key its id is made from."""

    title: str
    key: str
    units: tuple[Unit, ...]


def size_units(units: Sequence[Unit], minutes: Sequence[float], timing: Timing) -> list[UnitGroup]:
    """Return ``units`` (one source's learner units, in order; ``minutes`` each) cut into modules."""
    if not units:
        return []
    sections = _has_sections(units)
    borders = [border_kind(units[i - 1], units[i], sections) for i in range(1, len(units))]
    cuts = _best_cuts(list(minutes), borders, timing)
    return [_group(units, start, end) for start, end in zip(cuts, [*cuts[1:], len(units)], strict=True)]


def _has_sections(units: Sequence[Unit]) -> bool:
    return any(unit.section for unit in units)


def border_kind(before: Unit, unit: Unit, sections: bool) -> str:
    """Return what opens at ``unit`` after ``before``: section, header, title, same (title) or glued."""
    if sections and unit.section != before.section:
        return "section"
    if continues(before, unit):
        return "glued"
    if unit.role == "section-header" or unit.attrs.get("heading_level") == "1":
        return "header"
    if _plain_title(unit.title) != _plain_title(before.title):
        return "title"
    return "same"


def continues(before: Unit, unit: Unit) -> bool:
    """Return whether ``unit`` goes on with ``before``: a continued title, a solution after an example, a list
    that goes on numbering, a table that repeats the header of the table before."""
    title = unit.title or ""
    if _CONTINUED.search(title) and _plain_title(title) == _plain_title(before.title):
        return True
    if _SOLUTION.match(title) and re.search(r"\bexample|exercise|problem\b", before.title or "", re.I):
        return True
    first = unit.blocks[0] if unit.blocks else None
    if isinstance(first, ListBlock) and first.ordered and first.start > 1:
        return True
    last = before.blocks[-1] if before.blocks else None
    return (isinstance(first, Table) and isinstance(last, Table) and first.header_rows > 0
            and _header(first) == _header(last))


def _header(table: Table) -> list[str]:
    return [block_text(table.model_copy(update={"rows": (row,)})) for row in table.rows[:table.header_rows]]


def _plain_title(title: str | None) -> str:
    """Return a title without a continuation mark, folded: "Example (cont.)" and "Example" are the same."""
    return " ".join(re.findall(r"\w+", _CONTINUED.sub("", title or "").casefold()))


def _best_cuts(minutes: list[float], borders: list[str], timing: Timing) -> list[int]:
    """Return the start index of each module: the cutting of least cost (dynamic programming)."""
    n = len(minutes)
    total = [0.0]
    for value in minutes:
        total.append(total[-1] + value)
    crossed = [0.0, 0.0]  # crossed[i]: cost of the borders before units 1..i-1 (border before unit k is k-1)
    for kind in borders:
        crossed.append(crossed[-1] + CROSS_COST[kind])
    best = [0.0] + [math.inf] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(end - 1, max(-1, end - 1 - WINDOW), -1):
            span = total[end] - total[begin]
            if end - begin > 1 and span > 3 * timing.module_max:
                break
            cut = 0.0 if begin == 0 else CUT_COST[borders[begin - 1]]
            cost = best[begin] + cut + module_cost(span, timing) + crossed[end] - crossed[begin + 1]
            if cost < best[end]:
                best[end], start[end] = cost, begin
    cuts, end = [], n
    while end > 0:
        cuts.append(start[end])
        end = start[end]
    return cuts[::-1]


def module_cost(minutes: float, timing: Timing) -> float:
    """Return the cost of a module of ``minutes``: its squared distance from the target, relative to it, or a
    large cost growing with the distance when it is out of range."""
    if minutes < timing.module_min:
        return OUT_OF_RANGE * (1 + 3 * (timing.module_min - minutes) / max(timing.module_min, 1e-9))
    if minutes > timing.module_max:
        return OUT_OF_RANGE * (1 + 3 * (minutes - timing.module_max) / timing.module_max)
    return ((minutes - timing.module_minutes) / timing.module_minutes) ** 2


def _group(units: Sequence[Unit], start: int, end: int) -> UnitGroup:
    """Return the group of ``units[start:end]``, titled and keyed by the structure it starts at."""
    members = tuple(units[start:end])
    first = members[0]
    sections = _has_sections(units)
    opens_section = sections and (start == 0 or units[start - 1].section != first.section)
    if opens_section:
        names = list(dict.fromkeys(unit.section or first_title(members) for unit in members))
        return UnitGroup("; ".join(names), f"section:{first.section or ''}:"
                         + ("" if first.section else unit_key(first)), members)
    if sections and first.section:
        title = f"{first.section}: {first.title}" if first.title and first.title != first.section \
            else f"{first.section} (continued)"
        return UnitGroup(title, f"unit:{unit_key(first)}", members)
    return UnitGroup(first_title(members), f"unit:{unit_key(first)}", members)


def first_title(units: Sequence[Unit]) -> str:
    """Return the first title among ``units``, else "Part starting at slide N"."""
    for unit in units:
        if unit.title:
            return unit.title
    return f"Part starting at {units[0].kind} {units[0].index}"
