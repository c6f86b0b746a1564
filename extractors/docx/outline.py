"""Word heading misuse: body sentences styled as headings are found and turned back into body paragraphs.

Some documents set every line in a Heading style (to make it big and bold). Read as they are, each becomes a
one-screen module and empty headings become empty screens. When the headings of a document look misused (many
read like sentences, many have nothing under them, or they outnumber the body), only the top-level headings
that are short and start real content stay section starts; the rest become bold paragraphs. When none is left,
the body is cut into parts of about ``module_minutes`` of reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from converter.model import Block, Heading, Location, Paragraph, Span, block_text, spans_text

from .._keys import short_hash
from .context import DocContext
from .styles import TITLE_LEVEL
from .units import PendingUnit

MIN_HEADINGS = 4
"""Fewer headings than this are never judged: a short document may use them as it likes."""
MISUSED_SHARE = 0.3
"""Share of the headings that must look wrong (and at least ``MIN_WRONG`` of them) to call them misused."""
MIN_WRONG = 3
MAX_TITLE_WORDS = 25
"""A heading of more words than this reads like a paragraph, whatever its punctuation (legal and technical
documents have headings of 15-20 words)."""
SENTENCE_WORDS = 6
"""A heading of at least this many words ending with a full stop reads like a sentence."""


@dataclass(frozen=True)
class Budget:
    """How much reading a part holds when the body must be cut without headings."""

    words: int


def repair_outline(pending: list[PendingUnit], ctx: DocContext, budget: Budget) -> list[PendingUnit]:
    """Return the units with misused headings turned into bold paragraphs (or ``pending`` when all is well).

    Adds one ``docx.headings-misused`` warning saying how many headings were demoted and why.
    """
    headings = [unit for unit in pending if _is_heading(unit)]
    reasons = misuse_reasons(pending)
    if not reasons:
        return pending
    kept = _kept(pending)
    repaired = _merge(pending, kept)
    if not kept:
        repaired = _cut(repaired, budget)
    demoted = len(headings) - len(kept)
    outcome = (f"{len(kept)} heading(s) still start sections" if kept
               else f"the text is cut into {len([u for u in repaired if u.level != TITLE_LEVEL])} part(s) of about "
                    f"{budget.words:,} words")
    ctx.messages.warn("docx.headings-misused", f"{demoted} of {len(headings)} headings look like body text "
                      f"({'; '.join(reasons)}) and are read as bold paragraphs; {outcome}", Location(file=ctx.file),
                      instead="body paragraphs")
    for index, unit in enumerate(repaired, 1):
        unit.index = index
    return repaired


def misuse_reasons(pending: list[PendingUnit]) -> list[str]:
    """Return why the document's headings look misused (empty when they look like a real outline)."""
    headings = [unit for unit in pending if _is_heading(unit)]
    if len(headings) < MIN_HEADINGS:
        return []
    enough = max(MIN_WRONG, MISUSED_SHARE * len(headings))
    sentences = sum(1 for unit in headings if reads_like_sentence(unit))
    empty = sum(1 for position, unit in enumerate(pending) if _is_heading(unit) and _is_empty(pending, position))
    body = sum(1 for unit in pending for block in unit.blocks if not isinstance(block, Heading))
    reasons = []
    if sentences >= enough:
        reasons.append(f"{sentences} read like sentences")
    if empty >= enough:
        reasons.append(f"{empty} have nothing under them")
    if len(headings) >= 2 * max(body, 1) or (reasons and len(headings) > body):
        reasons.append(f"{len(headings)} headings for {body} body paragraph(s)")
    return reasons


def reads_like_sentence(unit: PendingUnit) -> bool:
    """Return True when a heading's text is long or a sentence ending with a full stop."""
    text = " ".join(spans_text(unit.spans).split()) if unit.spans else unit.title or ""
    words = len(text.split())
    ends = text.endswith((".", "!")) and not text.endswith("..")
    return words > MAX_TITLE_WORDS or (words >= SENTENCE_WORDS and ends)


def _is_heading(unit: PendingUnit) -> bool:
    return unit.level is not None and unit.level != TITLE_LEVEL


def _is_empty(pending: list[PendingUnit], position: int) -> bool:
    """Return True for a heading with no content before the next heading of the same or a higher level."""
    unit = pending[position]
    following = pending[position + 1] if position + 1 < len(pending) else None
    if unit.blocks or unit.level is None:
        return False
    return following is None or following.level is None or following.level <= unit.level


def _kept(pending: list[PendingUnit]) -> set[int]:
    """Return the positions of the headings that still start sections: top-level, short, with content after."""
    headings = [unit for unit in pending if _is_heading(unit)]
    top = min(unit.level or 0 for unit in headings)
    candidates = [position for position, unit in enumerate(pending)
                  if _is_heading(unit) and unit.level == top and not reads_like_sentence(unit)]
    kept: set[int] = set()
    for position, following in zip(candidates, [*candidates[1:], len(pending)][:len(candidates)], strict=True):
        between = pending[position + 1:following]
        if pending[position].blocks or any(unit.blocks or _is_heading(unit) for unit in between):
            kept.add(position)
    return kept


def _merge(pending: list[PendingUnit], kept: set[int]) -> list[PendingUnit]:
    """Return the units with each demoted heading (and what follows it) appended to the unit before it."""
    merged: list[PendingUnit] = []
    for position, unit in enumerate(pending):
        if not _is_heading(unit) or position in kept:
            merged.append(unit)
        elif merged and merged[-1].level != TITLE_LEVEL:
            merged[-1].blocks.extend(_demoted(unit))
        else:
            merged.append(PendingUnit(unit.index, None, None, None, unit.where, unit.key, _demoted(unit)))
    return merged


def _demoted(unit: PendingUnit) -> list[Block]:
    """Return a demoted heading's blocks: its text as a bold paragraph, then its content."""
    spans = tuple(span.model_copy(update={"bold": True}) for span in unit.spans) or (Span(text=unit.title or "",
                                                                                          bold=True),)
    body = unit.blocks[1:] if unit.cut and unit.blocks else unit.blocks
    return [Paragraph(spans=spans, where=unit.where), *body]


def _cut(units: list[PendingUnit], budget: Budget) -> list[PendingUnit]:
    """Return the units with long headingless ones cut into parts of about ``budget.words`` words."""
    parts: list[PendingUnit] = []
    for unit in units:
        if unit.level == TITLE_LEVEL:
            parts.append(unit)
            continue
        for number, blocks in enumerate(_chunks(unit.blocks, budget.words)):
            key = unit.key if number == 0 else "part-" + short_hash(block_text(blocks[0]))
            title = unit.title if number == 0 or unit.title is None else f"{unit.title} ({number + 1})"
            title = title if number == 0 or title is not None else f"Part {number + 1}"
            parts.append(PendingUnit(unit.index, title, unit.level, unit.section, unit.where, key, blocks))
    return parts


def _chunks(blocks: list[Block], words: int) -> list[list[Block]]:
    """Return ``blocks`` in runs of about ``words`` words, cut between blocks."""
    chunks: list[list[Block]] = [[]]
    count = 0
    for block in blocks:
        size = len(block_text(block).split())
        if chunks[-1] and count + size > words:
            chunks.append([])
            count = 0
        chunks[-1].append(block)
        count += size
    return chunks
