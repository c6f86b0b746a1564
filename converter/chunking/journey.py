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
the others follow the guide's activities in source order.

Job aids (``lift_job_aids``): checklists, numbered procedures and reference tables leave their screen for a
printable job aid page; the screen keeps a link to it in their place. Micro-items (``micro_items``): one per
module, its key sentence, a short explanation and two checks (its questions, then recall prompts from its
objectives), 2-5 minutes at the course's rates, spaced over ``ConvertOptions.micro_offsets`` days after the live
session. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import (
    Activity,
    ActivityKind,
    Block,
    Cue,
    JobAid,
    JobAidKind,
    ListBlock,
    MicroItem,
    Module,
    Paragraph,
    Question,
    Screen,
    Span,
    Table,
    Timing,
    Unit,
    block_text,
    spans_text,
)
from ..model.ids import short_hash

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


# ---------------------------------------------------------------- job aids
CHECKBOX = re.compile(r"^\s*(?:[\u2610\u2611\u2612\u25a1\u2713\u2714]|\[[ xX]?\])\s*")
"""A list item that opens with a checkbox (☐, ☑, □, ✓, [ ], [x]) is a checklist line."""
_CHECKLIST_TITLE = re.compile(r"\bcheck[\s-]?lists?\b", re.I)
_PROCEDURE_TITLE = re.compile(r"\b(?:steps?|how\s+to|procedures?)\b", re.I)
_REFERENCE_TITLE = re.compile(r"\b(?:reference|at\s+a\s+glance|cheat[\s-]?sheet|quick\s+guide)\b", re.I)
JOB_AID_ATTR = "job-aid"
"""The attribute of the link paragraph a screen gets where a job aid's blocks were: the job aid's id."""


def job_aid_kind(title: str, block: Block) -> JobAidKind | None:
    """Return the kind of job aid ``block`` is on a screen titled ``title``, or None.

    A checklist: a list whose items mostly open with a checkbox, or any list on a "Checklist" screen. A procedure:
    a numbered list of three or more steps on a "Steps"/"How to"/"Procedure" screen. A reference: a table with a
    header row and two or more columns on a "Reference"/"At a glance"/"Cheat sheet"/"Quick guide" screen."""
    if isinstance(block, ListBlock) and block.items:
        boxed = sum(1 for item in block.items if CHECKBOX.match(spans_text(item.spans)))
        if boxed * 2 > len(block.items) or _CHECKLIST_TITLE.search(title):
            return "checklist"
        if block.ordered and len(block.items) >= 3 and _PROCEDURE_TITLE.search(title):
            return "procedure"
    if (isinstance(block, Table) and block.header_rows and len(block.rows) > block.header_rows
            and max(len(row.cells) for row in block.rows) >= 2 and _REFERENCE_TITLE.search(title)):
        return "reference"
    return None


def lift_job_aids(screen: Screen) -> tuple[Screen, tuple[JobAid, ...]]:
    """Return the screen with each job aid block replaced by a link to it, and its job aids in order.

    The rule: a job aid's blocks leave the screen (each block lands once in the journey); in their place the
    screen gets a paragraph "Job aid (printable): TITLE" linking to ``job-aids/ID.html``."""
    blocks: list[Block] = []
    aids: list[JobAid] = []
    for block in screen.blocks:
        kind = job_aid_kind(screen.title, block)
        if kind is None:
            blocks.append(block)
            continue
        aid = JobAid(id=f"aid-{short_hash('aid', screen.id, block.id, length=12)}", title=screen.title, kind=kind,
                     blocks=(block,), units=screen.units)
        aids.append(aid)
        blocks.append(Paragraph(id=f"{aid.id}-link", where=block.where, attrs={JOB_AID_ATTR: aid.id},
                                spans=(Span(text=f"Job aid (printable): {aid.title}", href=job_aid_href(aid.id)),)))
    return (screen.model_copy(update={"blocks": tuple(blocks)}) if aids else screen), tuple(aids)


def job_aid_href(aid_id: str) -> str:
    """Return the package path of a job aid's printable page."""
    return f"job-aids/{aid_id}.html"


# ---------------------------------------------------------------- micro-items
MICRO_MINUTES = (2.0, 5.0)
"""A micro-item takes 2 to 5 minutes: its takeaway and explanation read, one or two checks answered."""
MICRO_TARGET = 3.0
"""The minutes a micro-item's explanation is sized to reach, where the module has the text for it."""
EXPLANATION_WORDS = 200
"""A micro-item's explanation is short: at most this many words."""
MICRO_CHECKS = 2
"""Checks per micro-item: the module's questions first, then recall prompts from its objectives."""
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


def _body_lines(module: Module, skipped: frozenset[tuple[str, int]] = frozenset()) -> list[str]:
    """Return the lines of a module's screens' body text (paragraphs and list items; not the job aid links, not
    the screens of ``skipped`` units: quiz slides)."""
    return [line.strip() for screen in module.screens
            if not any((ref.file, ref.index) in skipped for ref in screen.units)
            for block in screen.blocks
            if isinstance(block, (Paragraph, ListBlock)) and JOB_AID_ATTR not in block.attrs
            for line in block_text(block).splitlines() if line.strip()]


def key_sentence(module: Module, skipped: frozenset[tuple[str, int]] = frozenset()) -> str:
    """Return a module's key sentence: the first full sentence (six words or more, ending in ``.``, ``!`` or
    ``?``) of its screens' body text, else its first line of six words, else its title (speaker notes are the
    facilitator's talk: "Say: welcome everyone." is no takeaway; ``skipped``: units whose screens do not count)."""
    lines = _body_lines(module, skipped)
    sentences = [s.strip() for line in lines for s in _SENTENCE.findall(line) if len(s.split()) >= 6]
    full = next((s for s in sentences if s[-1] in ".!?"), None)
    return full or next(iter(sentences), module.title)


def day_offset(rank: int, count: int, offsets: Sequence[int]) -> int:
    """Return the day offset of the ``rank``-th of ``count`` micro-items: spread over ``offsets`` in order, the
    first item on the first offset and the last on the last (with fewer items than offsets, some are skipped)."""
    if count <= len(offsets):
        return offsets[round(rank * (len(offsets) - 1) / max(count - 1, 1))]
    return offsets[min(rank * len(offsets) // count, len(offsets) - 1)]


def explanation(module: Module, takeaway: str, words: int,
                skipped: frozenset[tuple[str, int]] = frozenset()) -> list[str]:
    """Return the lines that explain a takeaway: the module's body lines after the one holding it (from the
    start when it is the title), in order, up to ``words`` words."""
    lines = _body_lines(module, skipped)
    at = next((rank for rank, line in enumerate(lines) if takeaway in line), -1)
    chosen: list[str] = []
    count = 0
    for line in lines[at + 1:]:
        count += len(line.split())
        if count > words:
            break
        chosen.append(line)
    return chosen


def micro_items(modules: Sequence[Module], offsets: Sequence[int], timing: Timing,
                questions: Sequence[Question] = ()) -> tuple[MicroItem, ...]:
    """Return one micro-item per module, spaced after the live session over ``offsets`` days; none when there
    are no offsets.

    An item holds one idea: the module's key sentence as its takeaway, a short explanation (the lines after it,
    at most ``EXPLANATION_WORDS`` words and no more than fit ``MICRO_TARGET`` minutes; never a quiz slide's
    text), and two checks: the module's questions (at most two), then recall prompts from its objectives. Its
    minutes are what that content takes at the course's rates: reading, ``minutes_per_question`` per check,
    one screen's pause."""
    if not offsets:
        return ()
    quizzes = frozenset((q.where.file, q.where.unit) for q in questions if q.where and q.where.unit is not None)
    return tuple(_micro_item(module, rank, len(modules), offsets, timing, quizzes)
                 for rank, module in enumerate(modules))


def micro_checks(module: Module, timing: Timing) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return a micro-item's checks: (the module's question ids, the objective ids recalled), two in all where
    the module has them, fewer when ``minutes_per_question`` would not leave a minute for the takeaway."""
    pause = timing.seconds_per_screen / 60
    per_check = timing.minutes_per_question
    room = int((MICRO_MINUTES[1] - 1.0 - pause) // per_check) if per_check else MICRO_CHECKS
    checks = max(0, min(MICRO_CHECKS, room))
    questions = module.questions[:checks]
    return questions, module.objectives[:checks - len(questions)]


def _micro_item(module: Module, rank: int, count: int, offsets: Sequence[int], timing: Timing,
                quizzes: frozenset[tuple[str, int]]) -> MicroItem:
    """Return the micro-item of one module (see ``micro_items``)."""
    takeaway = key_sentence(module, quizzes)
    questions, recalls = micro_checks(module, timing)
    fixed = timing.seconds_per_screen / 60 + (len(questions) + len(recalls)) * timing.minutes_per_question
    budget = min(EXPLANATION_WORDS, round((MICRO_TARGET - fixed) * timing.reading_wpm) - len(takeaway.split()))
    lines = explanation(module, takeaway, budget, quizzes) if budget > 0 else []
    item_id = f"mic-{module.id.split('-', 1)[-1]}"
    read = (len(takeaway.split()) + sum(len(line.split()) for line in lines)) / timing.reading_wpm
    return MicroItem(
        id=item_id, title=module.title, day_offset=day_offset(rank, count, offsets), minutes=round(read + fixed, 2),
        takeaway=(Span(text=takeaway),), questions=questions, objectives=recalls,
        blocks=tuple(Paragraph(id=block_id, spans=(Span(text=line),)) for block_id, line in _line_ids(item_id, lines)))


def _line_ids(item_id: str, lines: Sequence[str]) -> list[tuple[str, str]]:
    """Return each explanation line with its id, from its text (and its rank among equal lines), never its
    position: a translation memory keys on it, so a line added above must not renumber the others."""
    seen: dict[str, int] = {}
    ids = []
    for line in lines:
        seen[line] = seen.get(line, 0) + 1
        ids.append((f"{item_id}-p{short_hash(line, str(seen[line]), length=8)}", line))
    return ids
