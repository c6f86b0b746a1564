"""In-course links: a jump to a slide or page (``#slide-7``, ``#page-3``) becomes a jump to its screen.

A jump to a unit that is not in the course (a hidden slide left out) keeps its text and loses the link.
"""

from __future__ import annotations

import operator
import re

from ..model import Block, Cue, Heading, ListBlock, Paragraph, Quote, Span, Table, TableCell, TableRow

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
        spans = _spans(block.spans, screens)
        return block if spans is block.spans else block.model_copy(update={"spans": spans})
    if isinstance(block, ListBlock):
        items = tuple(item if (spans := _spans(item.spans, screens)) is item.spans
                      else item.model_copy(update={"spans": spans}) for item in block.items)
        return block if all(map(operator.is_, items, block.items)) else block.model_copy(update={"items": items})
    if isinstance(block, Table):
        rows = tuple(_relinked_row(row, screens) for row in block.rows)
        return block if all(map(operator.is_, rows, block.rows)) else block.model_copy(update={"rows": rows})
    return block


def _relinked_row(row: TableRow, screens: dict[int, str]) -> TableRow:
    cells = tuple(_relinked_cell(cell, screens) for cell in row.cells)
    return row if all(map(operator.is_, cells, row.cells)) else row.model_copy(update={"cells": cells})


def _relinked_cell(cell: TableCell, screens: dict[int, str]) -> TableCell:
    paragraphs = tuple(_spans(line, screens) for line in cell.paragraphs)
    return cell if all(map(operator.is_, paragraphs, cell.paragraphs)) \
        else cell.model_copy(update={"paragraphs": paragraphs})


def relink_blocks(blocks: tuple[Block, ...], screens: dict[int, str]) -> tuple[Block, ...]:
    """Return the blocks with unit jumps relinked (no copy made when there are none)."""
    return tuple(relink_block(block, screens) for block in blocks)
