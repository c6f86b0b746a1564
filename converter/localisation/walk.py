"""Every string a learner, facilitator or LMS sees in a course, visited in one fixed order.

``walk(course, visitor)`` calls the visitor once per non-empty string with its unit id and ``Place`` and
rebuilds the course from what the visitor returns. Export records and returns the strings unchanged; applying
a translation returns the target. One walk for both directions keeps them symmetric: whatever is exported is
exactly what a translation replaces.

Unit ids are the model's stable ids: a block's, list item's, table cell's, screen's, question's... A string
that is one of several of its owner gets a role suffix (``q-1-correct``, ``b-2-title``, ``b-3-cat2``). Code
blocks are not visited: program code is not translated (nor its comments). A link's address is a unit of its
own after its text's (``b-4-link1``, role ``link address``; web and mail addresses only), so a translation may
point the link at the page in its language; ``apply`` takes such a target only on the source address's host.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol

from ..model import (
    Activity,
    Chart,
    Choice,
    Course,
    Cue,
    Heading,
    Image,
    JobAid,
    ListBlock,
    Location,
    Media,
    MicroItem,
    Module,
    Objective,
    Paragraph,
    Question,
    Quote,
    Screen,
    Span,
    Table,
    TableCell,
    TableRow,
)
from ..model.blocks import Block

MANIFEST_TITLE = 200
"""Characters a manifest title holds (imscp ``titleType``); longer titles are clipped in the LMS."""
INTERACTION_TEXT = 250
"""Characters SCORM 2004 keeps of an interaction's description (a question's prompt)."""
LINK_ADDRESS = "link address"
"""The role of a link's address, a unit of its own (``<unit id>-link<n>``, one per distinct address)."""
_WEB_ADDRESS = re.compile(r"\s*(https?|mailto):", re.IGNORECASE)
"""Addresses exported: web and mail ones. A relative one points inside the package (a job aid page) or the
source and has no other page per language."""


@dataclass(frozen=True)
class Place:
    """Where a string shows: its ``role`` (title, paragraph, alt text, answer...), the ``context`` a translator
    reads (``screen "Dosing" in module "Our product"``), its source ``where`` and the player's ``max_length``."""

    role: str
    context: str
    where: Location | None = None
    max_length: int | None = None

    def describe(self) -> str:
        """Return the note a translator reads: role, context, source place and length limit."""
        parts = [self.role, self.context]
        if self.where is not None:
            kind = {".pptx": "slide", ".pptm": "slide", ".pdf": "page"}.get(PurePath(self.where.file).suffix.lower(),
                                                                             "section")
            parts.append(self.where.describe(kind))
        if self.max_length:
            parts.append(f"at most {self.max_length} characters")
        return "; ".join(part for part in parts if part)


class Visitor(Protocol):
    def rich(self, uid: str, spans: tuple[Span, ...], place: Place) -> tuple[Span, ...]:
        """Return the spans to put in place of ``spans``."""

    def plain(self, uid: str, text: str, place: Place) -> str:
        """Return the text to put in place of ``text``."""


@dataclass
class _Walk:
    visitor: Visitor
    seen: dict[str, object] = field(default_factory=dict)

    def unique(self, uid: str, value: object) -> str:
        """Return ``uid``, or ``uid-dupN`` when another string already has it (an extractor that repeats an id):
        the same string under the same id is one unit; the walk's fixed order gives both directions one name."""
        candidate, n = uid, 1
        while candidate in self.seen and self.seen[candidate] != value:
            n += 1
            candidate = f"{uid}-dup{n}"
        self.seen[candidate] = value
        return candidate

    def rich(self, uid: str, spans: tuple[Span, ...], place: Place) -> tuple[Span, ...]:
        if not "".join(span.text for span in spans).strip():
            return spans
        return self.links(uid, spans, self.visitor.rich(self.unique(uid, spans), spans, place), place)

    def links(self, uid: str, source: tuple[Span, ...], spans: tuple[Span, ...], place: Place) -> tuple[Span, ...]:
        """Return ``spans`` with each link address of ``source`` replaced by what the visitor returns for its
        unit ``<uid>-link<n>`` (``spans`` itself when no address changes)."""
        texts: dict[str, str] = {}
        for span in source:
            if span.href and _WEB_ADDRESS.match(span.href):
                texts[span.href] = texts.get(span.href, "") + span.text
        moved = {href: self.plain(f"{uid}-link{n}", href, Place(LINK_ADDRESS, f"the link {text.strip()!r} in a "
                                                                f"{place.role}, {place.context}".rstrip(", "),
                                                                place.where))
                 for n, (href, text) in enumerate(texts.items(), start=1)}
        if all(new == old for old, new in moved.items()):
            return spans
        return tuple(span.model_copy(update={"href": moved[span.href]}) if span.href in moved else span
                     for span in spans)

    def plain(self, uid: str, text: str, place: Place) -> str:
        return self.visitor.plain(self.unique(uid, text), text, place) if text.strip() else text

    def blocks(self, blocks: tuple[Block, ...], owner: str, context: str, layer: str = "") -> tuple[Block, ...]:
        return tuple(self.block(block, block.id or f"{owner}-{n}", context, layer)
                     for n, block in enumerate(blocks, start=1))

    def block(self, block: Block, uid: str, context: str, layer: str) -> Block:
        def place(role: str) -> Place:
            return Place(f"{layer} {role}".strip(), context, block.where)

        if isinstance(block, (Heading, Paragraph, Quote)):
            spans = self.rich(uid, block.spans, place(block.kind))
            if spans is block.spans:
                return block
            attrs = {k: v for k, v in block.attrs.items() if k != "lang"}  # the author's proofing language
            return block.model_copy(update={"spans": spans, "attrs": attrs})
        if isinstance(block, Cue):
            return self.cue(block, uid, context)
        if isinstance(block, ListBlock):
            items = tuple(item.model_copy(update={"spans": self.rich(item.id or f"{uid}-i{n}", item.spans,
                                                                     place("list item"))})
                          for n, item in enumerate(block.items, start=1))
            return block.model_copy(update={"items": items})
        if isinstance(block, Table):
            return self.table(block, uid, place)
        if isinstance(block, Image):
            return block.model_copy(update={"alt": self.plain(uid, block.alt, place("alt text"))})
        if isinstance(block, Chart):
            return self.chart(block, uid, place)
        if isinstance(block, Media):
            return block.model_copy(update={"title": self.plain(uid, block.title, place("media title"))})
        return block  # Code: program code stays as it is

    def cue(self, cue: Cue, uid: str, context: str) -> Cue:
        spans = self.rich(uid, cue.spans, Place(f"facilitator cue ({cue.cue})", context, cue.where))
        return cue if spans is cue.spans else cue.model_copy(update={"spans": spans})

    def table(self, table: Table, uid: str, place: Callable[[str], Place]) -> Table:
        def cell(cell: TableCell, cell_id: str, header: bool) -> TableCell:
            role = place("table header" if header else "table cell")
            lines = tuple(self.rich(cell_id if n == 1 else f"{cell_id}-p{n}", line, role)
                          for n, line in enumerate(cell.paragraphs, start=1))
            return cell.model_copy(update={"paragraphs": lines})

        rows = tuple(TableRow(cells=tuple(cell(c, c.id or f"{uid}-r{r}c{k}", r <= table.header_rows)
                                          for k, c in enumerate(row.cells, start=1)))
                     for r, row in enumerate(table.rows, start=1))
        caption = self.plain(f"{uid}-caption", table.caption, place("table caption")) if table.caption else None
        return table.model_copy(update={"rows": rows, "caption": caption})

    def chart(self, chart: Chart, uid: str, place: Callable[[str], Place]) -> Chart:
        title = self.plain(f"{uid}-title", chart.title, place("chart title")) if chart.title else chart.title
        categories = tuple(self.plain(f"{uid}-cat{n}", c, place("chart category"))
                           for n, c in enumerate(chart.categories, start=1))
        series = tuple(s.model_copy(update={"name": self.plain(f"{uid}-ser{n}", s.name, place("chart series"))})
                       for n, s in enumerate(chart.series, start=1))
        return chart.model_copy(update={"title": title, "categories": categories, "series": series})

    def module(self, module: Module) -> Module:
        title = self.plain(module.id, module.title, Place("module title", "", None, MANIFEST_TITLE))
        context = f"module {title!r}"
        return module.model_copy(update={"title": title,
                                         "screens": tuple(self.screen(s, context) for s in module.screens)})

    def screen(self, screen: Screen, module: str) -> Screen:
        context = f"screen {screen.title!r} in {module}"
        title = self.plain(screen.id, screen.title, Place("screen title", module, screen.where))
        return screen.model_copy(update={
            "title": title,
            "blocks": self.blocks(screen.blocks, screen.id, context),
            "notes": self.blocks(screen.notes, f"{screen.id}-n", context, "transcript"),
            "facilitator": tuple(self.cue(c, c.id or f"{screen.id}-f{n}", context)
                                 for n, c in enumerate(screen.facilitator, start=1)),
        })

    def objective(self, objective: Objective) -> Objective:
        text = self.plain(objective.id, objective.text, Place("learning objective", "", objective.where))
        return objective.model_copy(update={"text": text})

    def question(self, question: Question) -> Question:
        context = f"question {question.id} ({question.kind})"
        where = question.where

        def rich(uid: str, spans: tuple[Span, ...], role: str, limit: int | None = None) -> tuple[Span, ...]:
            return self.rich(uid, spans, Place(role, context, where, limit))

        return question.model_copy(update={
            "prompt": rich(question.id, question.prompt, "question", INTERACTION_TEXT),
            "choices": tuple(self.choice(c, rich) for c in question.choices),
            "answers": tuple(self.plain(f"{question.id}-answer{n}", a, Place("accepted answer", context, where))
                             for n, a in enumerate(question.answers, start=1)),
            "feedback_correct": rich(f"{question.id}-correct", question.feedback_correct, "feedback (correct)"),
            "feedback_incorrect": rich(f"{question.id}-incorrect", question.feedback_incorrect,
                                       "feedback (incorrect)"),
        })

    def choice(self, choice: Choice, rich: Callable[..., tuple[Span, ...]]) -> Choice:
        role = "answer choice (correct)" if choice.correct else "answer choice"
        return choice.model_copy(update={"spans": rich(choice.id, choice.spans, role, INTERACTION_TEXT),
                                         "feedback": rich(f"{choice.id}-feedback", choice.feedback,
                                                          "choice feedback")})

    def activity(self, activity: Activity) -> Activity:
        title = self.plain(activity.id, activity.title, Place("live activity title", "", activity.where))
        context = f"live activity {title!r}"
        return activity.model_copy(update={
            "title": title,
            "blocks": self.blocks(activity.blocks, activity.id, context),
            "notes": self.blocks(activity.notes, f"{activity.id}-n", context, "facilitator note"),
            "cues": tuple(self.cue(c, c.id or f"{activity.id}-c{n}", context)
                          for n, c in enumerate(activity.cues, start=1)),
        })

    def micro_item(self, item: MicroItem) -> MicroItem:
        title = self.plain(item.id, item.title, Place("micro-item title", "", None, MANIFEST_TITLE))
        context = f"micro-item {title!r}"
        return item.model_copy(update={
            "title": title,
            "blocks": self.blocks(item.blocks, item.id, context),
            "takeaway": self.rich(f"{item.id}-takeaway", item.takeaway, Place("key takeaway", context)),
        })

    def job_aid(self, aid: JobAid) -> JobAid:
        title = self.plain(aid.id, aid.title, Place(f"job aid title ({aid.kind})", ""))
        return aid.model_copy(update={"title": title,
                                      "blocks": self.blocks(aid.blocks, aid.id, f"job aid {title!r}")})


def walk(course: Course, visitor: Visitor) -> Course:
    """Return ``course`` with every translatable string replaced by what ``visitor`` returns for it."""
    run = _Walk(visitor)
    title = run.plain(f"{course.id}-title", course.title, Place("course title", "", None, MANIFEST_TITLE))
    return course.model_copy(update={
        "title": title,
        "modules": tuple(run.module(m) for m in course.modules),
        "objectives": tuple(run.objective(o) for o in course.objectives),
        "questions": tuple(run.question(q) for q in course.questions),
        "live": course.live.model_copy(update={"activities": tuple(run.activity(a)
                                                                   for a in course.live.activities)}),
        "micro_items": tuple(run.micro_item(i) for i in course.micro_items),
        "job_aids": tuple(run.job_aid(a) for a in course.job_aids),
    })
