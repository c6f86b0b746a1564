"""DOCX tables to ``Table`` blocks: grid spans, vertical merges, header rows, nested tables flattened, roles."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from converter.model import (
    Block,
    Cue,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    Table,
    TableCell,
    TableRow,
    block_text,
    spans_text,
)

from .context import DocContext
from .wordml import W_VAL, is_on, qn, to_int

TIME_WORDS = frozenset({"time", "timing", "timings", "duration", "minutes", "minute", "min", "mins"})
_WORD = re.compile(r"[^\W\d_]+")
_ROW_WRAPPERS = frozenset(qn(tag) for tag in ("w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo"))
MAX_SPAN = 1_000
"""Grid columns one cell may span at most (Word stops at 63): a damaged span cannot make us loop for long."""
CellReader = Callable[[etree._Element, DocContext], list[Block]]


@dataclass
class _Cell:
    """A cell being built: its lines and spans (rowspan grows as merged cells below it are met)."""

    paragraphs: tuple[tuple[Span, ...], ...]
    colspan: int = 1
    rowspan: int = 1


@dataclass
class _Grid:
    """The table being built: rows of cells, vertical merges still open by grid column, blocks for after it."""

    rows: list[list[_Cell]] = field(default_factory=list)
    open_merges: dict[int, _Cell] = field(default_factory=dict)
    after: list[Block] = field(default_factory=list)


def read_table(tbl: etree._Element, ctx: DocContext, read_cell: CellReader) -> tuple[Table | None, list[Block]]:
    """Return the table (None when it has no cells) and the pictures and text boxes its cells held.

    Cells covered by a horizontal span are not in the file; cells continuing a vertical merge are
    omitted and counted in their origin's ``rowspan``. Tables inside cells become lines of text.
    """
    shape = f"table before paragraph {ctx.story.paragraphs + 1}"
    grid, header_rows, counting_headers = _Grid(), 0, True
    for tr in _children(tbl, qn("w:tr")):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is not None and tr_pr.find(qn("w:del")) is not None:
            continue
        is_header = tr_pr is not None and bool(is_on(tr_pr.find(qn("w:tblHeader"))))
        if read_row(tr, tr_pr, ctx, read_cell, grid):
            counting_headers = counting_headers and is_header
            header_rows += 1 if counting_headers else 0
    rows = tuple(TableRow(cells=tuple(TableCell(paragraphs=c.paragraphs, colspan=c.colspan, rowspan=c.rowspan)
                                      for c in row)) for row in grid.rows)
    if not rows:
        return None, grid.after
    table = Table(rows=rows, header_rows=header_rows, where=ctx.where(shape))
    role = table_role(table)
    return (table.model_copy(update={"attrs": {"role": role}}) if role else table), grid.after


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield ``tag`` children of ``parent``, looking through content controls, custom XML and insertions."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _ROW_WRAPPERS:
            yield from _children(child, tag)


def read_row(tr: etree._Element, tr_pr: etree._Element | None, ctx: DocContext, read_cell: CellReader, grid: _Grid) -> bool:
    """Read one ``w:tr`` into ``grid``; returns False when the row adds no cell (all merged into cells above)."""
    column = _int_prop(tr_pr, "w:gridBefore", 0)
    cells: list[_Cell] = []
    for tc in _children(tr, qn("w:tc")):
        tc_pr = tc.find(qn("w:tcPr"))
        span = min(max(_int_prop(tc_pr, "w:gridSpan", 1), 1), MAX_SPAN)
        merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
        origin = grid.open_merges.get(column)
        if merge is not None and (merge.get(W_VAL) or "continue") == "continue" and origin is not None:
            origin.rowspan += 1
        else:
            cell = _Cell(read_cell_lines(tc, ctx, read_cell, grid.after), colspan=span)
            cells.append(cell)
            _track_merge(grid, column, span, cell if merge is not None else None)
        column += span
    if cells:
        grid.rows.append(cells)
    return bool(cells)


def _track_merge(grid: _Grid, column: int, span: int, cell: _Cell | None) -> None:
    for covered in range(column, column + span):
        grid.open_merges.pop(covered, None)
    if cell is not None:
        grid.open_merges[column] = cell


def _int_prop(props: etree._Element | None, tag: str, default: int) -> int:
    element = props.find(qn(tag)) if props is not None else None
    return to_int(element.get(W_VAL), default) if element is not None else default


def read_cell_lines(tc: etree._Element, ctx: DocContext, read_cell: CellReader,
                    after: list[Block]) -> tuple[tuple[Span, ...], ...]:
    """Return a cell's lines of spans; its pictures and text boxes go to ``after``, nested tables become text."""
    lines: list[tuple[Span, ...]] = []
    for block in read_cell(tc, ctx):
        if isinstance(block, (Paragraph, Heading, Quote, Cue)):  # a cue in a cell stays a line of the table
            lines.append(block.spans)
        elif isinstance(block, ListBlock):
            lines.extend(item.spans for item in block.items)
        elif isinstance(block, Table):
            lines.extend(flatten_table(block))
            ctx.info("docx.nested-table-flattened", "a table inside a table cell is kept as lines of text",
                     instead="text only")
        else:
            after.append(block)
    return tuple(lines)


def flatten_table(table: Table) -> list[tuple[Span, ...]]:
    """Return one line per row of ``table``: its cells' text joined by `` | ``."""
    lines: list[tuple[Span, ...]] = []
    for row in table.rows:
        texts = [" ".join(spans_text(line) for line in cell.paragraphs) for cell in row.cells]
        text = " | ".join(t for t in texts if t.strip())
        if text:
            lines.append((Span(text=text),))
    return lines


def is_time_heading(text: str) -> bool:
    """Return True for a column heading such as "Time", "Timing", "Duration (min)" or "Minutes"."""
    words = [word.lower() for word in _WORD.findall(text)]
    return 0 < len(words) <= 3 and words[0] in TIME_WORDS


def table_role(table: Table) -> str | None:
    """Return ``timing`` for a run-of-show table (a time column in its first row), ``activity`` for a
    single-cell box starting with "Activity", else None."""
    if any(is_time_heading(" ".join(spans_text(line) for line in cell.paragraphs)) for cell in table.rows[0].cells):
        return "timing"
    if len(table.rows) == 1 and len(table.rows[0].cells) == 1 and block_text(table).lstrip().lower().startswith(
            "activity"):
        return "activity"
    return None
