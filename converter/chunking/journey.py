"""The blended journey's live session: which units are classroom activities, what kind, and for how long.

A unit is an activity when its title opens with an activity word ("Activity:", "Exercise 2", "Discussion:",
"Role-play ...", "Case study:", "Breakout", "Group work", "Poll", "Q&A"), or when its facilitator cues say so
(an ``Activity:`` cue, or a ``Do:`` cue that gives minutes), in the body or in the speaker notes. Slides may
carry the word bare ("Discussion"); document sections need it followed by ``:``, ``-`` or a number, so a
paper's "Discussion" section stays reading. Title and section-header slides are never activities.

An activity's minutes are, in this order: the sum of its cues' minutes, the sum of the time column of its
timing table ("Time | Activity | Materials"), a time in its title ("(15 min)"), the first time in its notes
("15 minutes"); else an estimate by kind (``ESTIMATED_MINUTES``).

When the course has a facilitator guide, an activity slide whose title matches a guide section's (after its
activity word: "Discussion: The patient journey" and "The patient journey") joins that section's activity;
the others follow the guide's activities in source order. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Activity, ActivityKind, Block, Cue, Table, Unit, block_text, spans_text

ESTIMATED_MINUTES: dict[ActivityKind, float] = {
    "discussion": 10.0, "exercise": 15.0, "role-play": 20.0, "case-study": 20.0, "breakout": 15.0,
    "q-and-a": 10.0, "poll": 5.0, "presentation": 10.0, "other": 10.0,
}
"""Classroom minutes of an activity whose source gives no time, by kind."""

_WORDS: tuple[tuple[str, ActivityKind], ...] = (
    (r"role[\s-]?plays?", "role-play"), (r"case[\s-]stud(?:y|ies)", "case-study"),
    (r"break[\s-]?outs?(?:\s+rooms?)?", "breakout"), (r"group[\s-]work", "breakout"),
    (r"q\s*&\s*a|questions\s+and\s+answers|questions\s*\?", "q-and-a"), (r"(?:quick\s+)?polls?", "poll"),
    (r"discuss(?:ion)?", "discussion"), (r"activit(?:y|ies)|exercises?|hands[\s-]on", "exercise"),
)
_OPENING = re.compile(r"^\W*(?:\d+[.)]?\s*)?(" + "|".join(word for word, _ in _WORDS) + r")\b(.*)$",
                      re.I | re.S)
_SPECIFIC = [(re.compile(rf"\b(?:{word})(?:\b|$)", re.I), kind) for word, kind in _WORDS[:-2]]
_MINUTES = re.compile(r"(\d{1,3}(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d{1,3}))?\s*(?:min|mins|minutes)\b", re.I)
_ACTIVITY_CUE = re.compile(r"^\s*(?:activity|exercise)\s*[:\uff1a]", re.I | re.M)
_DO_CUE = re.compile(r"^\s*do\s*[:\uff1a]", re.I | re.M)
_TIME_HEADERS = frozenset({"time", "timing", "minutes", "duration", "mins", "min"})
GENERIC_KINDS: frozenset[ActivityKind] = frozenset({"exercise", "other"})


def activity_kind(unit: Unit, bare_word: bool | None = None) -> ActivityKind | None:
    """Return the kind of classroom activity ``unit`` is, or None when it is content for self-study.

    ``bare_word``: whether a title's activity word counts without a ``:`` after it (default: for slides)."""
    if unit.role != "content":
        return None
    bare = unit.kind == "slide" if bare_word is None else bare_word
    by_title = _kind_from_title(unit.title or "", bare)
    if by_title:
        return by_title
    cues = _cue_text(unit)
    if _ACTIVITY_CUE.search(cues) or any(_DO_CUE.match(line) and _MINUTES.search(line) for line in cues.splitlines()):
        return _specific_kind(cues) or "exercise"
    return None


def _kind_from_title(title: str, bare: bool) -> ActivityKind | None:
    match = _OPENING.match(title.strip())
    if match is None:
        return None
    word, rest = match.group(1), match.group(2)
    if not bare and not re.match(r"\s*(?:[:\-–—]|\d)", rest):
        return None
    return _specific_kind(title) or _kind_of_word(word)


def _kind_of_word(word: str) -> ActivityKind:
    for pattern, kind in _WORDS:
        if re.fullmatch(pattern, word, re.I):
            return kind
    return "exercise"


def _specific_kind(text: str) -> ActivityKind | None:
    """Return the most specific kind a text names (role-play before discussion), else None."""
    for pattern, kind in _SPECIFIC:
        if pattern.search(text):
            return kind
    return None


def _cue_text(unit: Unit) -> str:
    """Return the text of the unit's cues and notes, a line per paragraph (where facilitator cues live)."""
    cues = [spans_text(block.spans) for block in unit.blocks if isinstance(block, Cue)]
    return "\n".join([*cues, *(block_text(block) for block in unit.notes)])


def explicit_minutes(unit: Unit) -> float | None:
    """Return the classroom minutes the source itself gives the unit (cues, timing table, title, notes)."""
    cue_minutes = sum(block.minutes or 0 for block in unit.blocks if isinstance(block, Cue))
    if cue_minutes:
        return round(cue_minutes, 2)
    table_minutes = sum(timing_table_minutes(block) or 0 for block in unit.blocks)
    if table_minutes:
        return round(table_minutes, 2)
    for text in (unit.title or "", _cue_text(unit)):
        found = first_minutes(text)
        if found:
            return found
    return None


def first_minutes(text: str) -> float | None:
    """Return the first time a text gives ("15 min", "10-15 minutes": the upper bound), else None."""
    match = _MINUTES.search(text)
    if match is None:
        return None
    return float(match.group(2) or match.group(1).replace(",", "."))


def timing_table_minutes(block: Block) -> float | None:
    """Return the sum of a timing table's time column ("Time | Activity | Materials"), else None."""
    if not isinstance(block, Table) or len(block.rows) < 2:
        return None
    header = [" ".join(spans_text(line) for line in cell.paragraphs).strip().lower() for cell in block.rows[0].cells]
    column = next((i for i, text in enumerate(header) if text in _TIME_HEADERS), None)
    if column is None:
        return None
    cells = [row.cells[column] for row in block.rows[1:] if len(row.cells) > column]
    times = [first_minutes(" ".join(spans_text(line) for line in cell.paragraphs)) for cell in cells]
    return sum(time for time in times if time) or None


def split_activities(units: Iterable[Unit], enabled: bool = True) -> tuple[list[Unit], list[Unit]]:
    """Return (the units for self-paced modules, the activity units for the live session), each in order;
    every unit stays self-paced when not ``enabled``."""
    learner: list[Unit] = []
    live: list[Unit] = []
    for unit in units:
        (live if enabled and activity_kind(unit) else learner).append(unit)
    return learner, live


@dataclass(frozen=True)
class LiveItem:
    """An activity on its way into the live plan; ``timed`` when its minutes come from the source."""

    activity: Activity
    timed: bool


def activity_key(title: str) -> str:
    """Return a title without its activity word, folded: what a slide and a guide section are matched on."""
    match = re.match(r"^\W*(?:activity|exercise|discussion|breakout|group work|poll|case study)\s*[:\-–—]\s*(.+)$",
                     title.strip(), re.I | re.S)
    text = match.group(1) if match else title
    return " ".join(re.findall(r"\w+", text.casefold()))


def plan_live(guide: Sequence[LiveItem], slides: Sequence[LiveItem]) -> tuple[Activity, ...]:
    """Return the live plan's activities: the guide's in order, each joined by the activity slides of the same
    title, then the slides no guide section matched, in source order."""
    by_key: dict[str, list[LiveItem]] = {}
    unmatched: list[Activity] = []
    keys = {activity_key(item.activity.title) for item in guide}
    for item in slides:
        key = activity_key(item.activity.title)
        if key and key in keys:
            by_key.setdefault(key, []).append(item)
        else:
            unmatched.append(item.activity)
    joined = [_joined(item, by_key.pop(activity_key(item.activity.title), [])) for item in guide]
    return (*joined, *unmatched)


def _joined(section: LiveItem, slides: list[LiveItem]) -> Activity:
    """Return a guide section's activity with its matching slides' content, cues and sources added."""
    if not slides:
        return section.activity
    parts = [section, *slides]
    kinds = [item.activity.kind for item in parts]
    kind = next((k for k in kinds if k not in GENERIC_KINDS), kinds[0] if kinds[0] != "other" else kinds[-1])
    timed = [item.activity.minutes for item in parts if item.timed]
    minutes = timed[0] if timed else max(item.activity.minutes for item in parts)
    first = section.activity
    return first.model_copy(update={
        "kind": kind, "minutes": minutes,
        "blocks": tuple(block for item in parts for block in item.activity.blocks),
        "notes": tuple(block for item in parts for block in item.activity.notes),
        "cues": tuple(cue for item in parts for cue in item.activity.cues),
        "units": tuple(ref for item in parts for ref in item.activity.units),
    })
