"""DOCX body to section units: a new unit at each heading up to level 3, notes gathered at each unit's end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converter.errors import LimitExceededError
from converter.model import Block, ListItem, Location, Paragraph, Span, Unit, spans_text
from converter.model.source import UnitRole

from .._keys import short_hash, unique_keys
from .blocks import BlockSink
from .context import DocContext
from .notes import drain_notes
from .styles import TITLE_LEVEL

UNIT_LEVELS = 3
"""Headings at this level or above open a unit; deeper ones stay in it as ``Heading`` blocks."""
MAX_TITLE_CHARS = 120
PREAMBLE_KEY = "preamble"
"""The key of a first unit that no heading opens."""
_NOTE_MARK = re.compile(r"\[\d+\]")


@dataclass
class PendingUnit:
    """A unit being filled; it becomes a frozen ``Unit`` when the document is read."""

    index: int
    title: str | None
    level: int | None
    section: str | None
    where: Location
    key: str = ""
    blocks: list[Block] = field(default_factory=list)
    spans: tuple[Span, ...] = ()
    """The heading's own runs (its title may be cut short)."""
    cut: bool = False
    """True when the title was cut and the whole heading is the first block."""


class UnitBuilder(BlockSink):
    """The body's sink: splits blocks into units at headings and names each unit's part (its level-1 heading)."""

    def __init__(self, ctx: DocContext, max_units: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.max_units = max_units
        self.pending: list[PendingUnit] = []
        self.section: str | None = None
        self.heading_path: dict[int, str] = {}
        """The titles of the headings enclosing the current one, by level (Title is level 0)."""

    def heading(self, level: int, spans: tuple[Span, ...], shape: str, ctx: DocContext) -> None:
        """Open a unit for a heading up to level 3 (or Title); add deeper headings as blocks."""
        title = one_line(spans_text(spans))
        if level > UNIT_LEVELS or not title:
            super().heading(level, spans, shape, ctx)
            return
        if level == 1:
            self.section = title
        elif level == TITLE_LEVEL:
            self.section = None
        self._open(title, level, shape, self._key(level, title))
        self.pending[-1].spans = spans
        if title != " ".join(spans_text(spans).split()):  # a long heading: the title is cut, its text stays
            self.pending[-1].cut = True
            super().heading(level or 1, spans, shape, ctx)

    def _key(self, level: int, title: str) -> str:
        """Return the unit key of a heading: its paragraph's ``para-<w14:paraId>``, else ``heading-<hash>`` of the
        heading path (the titles of the enclosing headings and its own, one per line)."""
        self.heading_path = {lvl: text for lvl, text in self.heading_path.items() if lvl < level}
        self.heading_path[level] = title
        if self.ctx.anchor:
            return self.ctx.anchor
        return "heading-" + short_hash("\n".join(self.heading_path[lvl] for lvl in sorted(self.heading_path)))

    def add(self, block: Block) -> None:
        if not self.pending:
            self._open(None, None, None, PREAMBLE_KEY)
        super().add(block)

    def add_item(self, num_id: str, ordered: bool, item: ListItem, where: Location) -> None:
        if not self.pending:
            self._open(None, None, None, PREAMBLE_KEY)
        super().add_item(num_id, ordered, item, where)

    def _open(self, title: str | None, level: int | None, shape: str | None, key: str) -> None:
        self._close()
        index = len(self.pending) + 1
        if index > self.max_units:
            raise LimitExceededError(f"has more than {self.max_units:,} sections; the limit is {self.max_units:,}",
                                     self.ctx.path, "max_units")
        self.ctx.unit, self.ctx.unit_paragraphs = index, 1 if title else 0
        self.pending.append(PendingUnit(index, title, level, self.section, self.ctx.where(shape), key))

    def close(self) -> None:
        """Finish the open unit (call once the body is read, before ``units``)."""
        self._close()

    def _close(self) -> None:
        """Finish the open unit: its last list, then the notes cited in it."""
        if self.pending:
            self.flush_list()
            self.blocks.extend(drain_notes(self.ctx))
            self.pending[-1].blocks, self.blocks = self.blocks, []

    def units(self, preamble_title: str) -> tuple[Unit, ...]:
        """Return the finished units; a first unit without a heading is titled ``preamble_title``. Keys are
        unique: a repeated one gets ``-2``, ``-3``..."""
        keys = unique_keys(p.key for p in self.pending)
        return tuple(_unit(p, key, self.pending, preamble_title) for p, key in zip(self.pending, keys, strict=True))


def _unit(pending: PendingUnit, key: str, everything: list[PendingUnit], preamble_title: str) -> Unit:
    return Unit(
        kind="section",
        index=pending.index,
        key=key,
        title=pending.title if pending.title is not None else preamble_title,
        role=_role(pending, everything),
        section=pending.section,
        blocks=tuple(pending.blocks),
        notes=(),
        where=pending.where,
        attrs={"heading_level": str(pending.level)} if pending.level is not None else {},
    )


def _role(pending: PendingUnit, everything: list[PendingUnit]) -> UnitRole:
    """Return 'title' for a Title before any heading, 'section-header' for an empty heading unit followed by a
    deeper one, else 'content'."""
    if pending.level == TITLE_LEVEL:
        earlier = everything[:pending.index - 1]
        return "title" if all(unit.level is None for unit in earlier) else "content"
    following = everything[pending.index] if pending.index < len(everything) else None
    deeper = following is not None and following.level is not None and pending.level is not None \
        and following.level > pending.level
    return "section-header" if not pending.blocks and deeper else "content"


def one_line(text: str) -> str:
    """Return ``text`` on one line, cut at a word boundary to at most ``MAX_TITLE_CHARS`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= MAX_TITLE_CHARS:
        return flat
    return flat[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def first_paragraph_text(units: list[PendingUnit]) -> str:
    """Return the first paragraph of the first (headingless) unit on one line, or ''."""
    if not units or units[0].title is not None:
        return ""
    first = next((b for b in units[0].blocks if isinstance(b, Paragraph)), None)
    return one_line(_NOTE_MARK.sub("", spans_text(first.spans))) if first is not None else ""
