"""In-course links: a jump to a slide or page (``#slide-7``, ``#page-3``) becomes a jump to its screen.

A jump to a unit that is not in the course (a hidden slide left out) keeps its text and loses the link.
"""

from __future__ import annotations

import operator
import re
from typing import Any, TypeVar

from pydantic import BaseModel

from ..model import Block, Cue, Heading, ListBlock, Paragraph, Quote, Span, Table

M = TypeVar("M", bound=BaseModel)

UNIT_JUMP = re.compile(r"#(?:slide|page)-(\d+)")


def relink_span(span: Span, screens: dict[int, str]) -> Span:
    """Return ``span`` with a unit jump pointed at its screen id (or unlinked when it has no screen)."""
    match = UNIT_JUMP.fullmatch(span.href or "")
    if match is None:
        return span
    target = screens.get(int(match.group(1)))
    return span.model_copy(update={"href": f"#{target}" if target else None})


def _spans(spans: tuple[Span, ...], screens: dict[int, str]) -> tuple[Span, ...]:
    """Return ``spans`` relinked: the same tuple when none of them jumps to a unit."""
    if not any(span.href and UNIT_JUMP.fullmatch(span.href) for span in spans):
        return spans
    return tuple(relink_span(span, screens) for span in spans)


def relink_block(block: Block, screens: dict[int, str]) -> Block:
    """Return ``block`` with every unit jump in its text relinked; a block without one comes back as it is."""
    if isinstance(block, (Heading, Paragraph, Quote, Cue)):
        return _with(block, "spans", _spans(block.spans, screens))
    if isinstance(block, ListBlock):
        return _with(block, "items", tuple(_with(item, "spans", _spans(item.spans, screens)) for item in block.items))
    if isinstance(block, Table):
        rows = tuple(_with(row, "cells", tuple(
            _with(cell, "paragraphs", tuple(_spans(line, screens) for line in cell.paragraphs)) for cell in row.cells))
            for row in block.rows)
        return _with(block, "rows", rows)
    return block


def _with(model: M, name: str, parts: tuple[Any, ...]) -> M:
    """Return ``model`` with its field ``name`` set to ``parts``: itself when every part is the one it holds."""
    if all(map(operator.is_, parts, getattr(model, name))):
        return model
    return model.model_copy(update={name: parts})


def relink_blocks(blocks: tuple[Block, ...], screens: dict[int, str]) -> tuple[Block, ...]:
    """Return the blocks with unit jumps relinked (no copy made when there are none)."""
    return tuple(relink_block(block, screens) for block in blocks)
