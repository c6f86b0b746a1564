"""In-course links: a jump to a slide or page (``#slide-7``, ``#page-3``) becomes a jump to its screen.

A jump to a unit that is not in the course (a hidden slide left out) keeps its text and loses the link.
"""

from __future__ import annotations

import re

from ..model import Block, Cue, Heading, ListBlock, Paragraph, Quote, Span, Table

UNIT_JUMP = re.compile(r"#(?:slide|page)-(\d+)")


def relink_span(span: Span, screens: dict[int, str]) -> Span:
    """Return ``span`` with a unit jump pointed at its screen id (or unlinked when it has no screen)."""
    match = UNIT_JUMP.fullmatch(span.href or "")
    if match is None:
        return span
    target = screens.get(int(match.group(1)))
    return span.model_copy(update={"href": f"#{target}" if target else None})


def _spans(spans: tuple[Span, ...], screens: dict[int, str]) -> tuple[Span, ...]:
    return tuple(relink_span(span, screens) for span in spans)


def relink_block(block: Block, screens: dict[int, str]) -> Block:
    """Return ``block`` with every unit jump in its text relinked; other blocks come back unchanged."""
    if isinstance(block, (Heading, Paragraph, Quote, Cue)):
        return block.model_copy(update={"spans": _spans(block.spans, screens)})
    if isinstance(block, ListBlock):
        items = tuple(item.model_copy(update={"spans": _spans(item.spans, screens)}) for item in block.items)
        return block.model_copy(update={"items": items})
    if isinstance(block, Table):
        rows = tuple(
            row.model_copy(update={"cells": tuple(
                cell.model_copy(update={"paragraphs": tuple(_spans(line, screens) for line in cell.paragraphs)})
                for cell in row.cells)})
            for row in block.rows)
        return block.model_copy(update={"rows": rows})
    return block


def relink_blocks(blocks: tuple[Block, ...], screens: dict[int, str]) -> tuple[Block, ...]:
    """Return the blocks with unit jumps relinked (cheap when there are none)."""
    return tuple(relink_block(block, screens) for block in blocks)
