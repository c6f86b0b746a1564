"""DOCX block content to blocks: paragraphs, headings, lists, tables, text boxes, pictures, facilitator cues."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree

from converter.model import (
    Block,
    Code,
    Cue,
    CueKind,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Location,
    Paragraph,
    Span,
    block_text,
    spans_text,
)

from .._office.code import code_language, code_text, indent, is_prompt_line, looks_like_prose
from .context import DocContext, TextBox
from .styles import StyleInfo, outline_level
from .tables import read_table
from .text import Piece, read_pieces, to_spans
from .wordml import W_VAL, choose_branch, first_para_anchor, para_anchor, qn, to_int

_CUE_KINDS: dict[str, CueKind] = {"say": "say", "do": "do", "ask": "ask", "note": "note", "tip": "tip",
                                  "activity": "activity", "debrief": "debrief"}
CUES = tuple(_CUE_KINDS)
_CUE = re.compile(rf"^\s*({'|'.join(CUES)})\s*[:\uff1a]", re.I)
_MINUTES = re.compile(r"[(\[]\s*(\d{1,3}(?:[.,]\d+)?)\s*(?:min|mins|minutes?)\.?\s*[)\]]", re.I)
"""A time a guide gives a cue: "(5 min)", "[10 minutes]", "(2.5 mins)"."""
_CODE_STYLE = re.compile(r"\b(code|preformatted|macro text|console|terminal|verbatim|listing)\b", re.I)
"""Paragraph style names that say their text is code (Word's "HTML Preformatted", "Macro Text", a "Code" style)."""
_TWIP_EMU = 635
_CONTAINERS = {qn("w:sdt"): qn("w:sdtContent")}
_SKIPPED = frozenset(qn(tag) for tag in (
    "w:sectPr", "w:del", "w:moveFrom", "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr", "w:permStart",
    "w:permEnd", "w:commentRangeStart", "w:commentRangeEnd", "w:sdtPr", "w:sdtEndPr", "w:tblPr", "w:tblGrid",
))


class BlockSink:
    """Collects blocks in order; consecutive list paragraphs become one ``ListBlock``."""

    takes_headings = True

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._items: list[ListItem] = []
        self._list: tuple[str, bool, int] | None = None
        self._list_where: Location | None = None
        self._code: list[tuple[str, int]] = []
        self._code_where: Location | None = None

    def add(self, block: Block) -> None:
        self.flush_list()
        self.blocks.append(block)

    def add_code(self, text: str, margin: int, where: Location) -> None:
        """Add a code paragraph (``margin``: its left indent in EMU, -1 for a blank line); consecutive ones become
        one ``Code`` block."""
        self._flush_items()
        if not self._code:
            self._code_where = where
        self._code.append((text, margin))

    @property
    def in_code(self) -> bool:
        """Return True while code paragraphs are being collected (a blank paragraph then is a blank line)."""
        return bool(self._code)

    def flush_code(self) -> None:
        """Close the code paragraphs collected as one ``Code`` block: a paragraph's left indent beyond the least
        indented one's becomes four leading spaces per 0.5 inch; spaces and tabs in its text are kept as they are."""
        if self._code:
            base = min((margin for _, margin in self._code if margin >= 0), default=0)
            text = code_text(["\n".join(indent(max(margin, base), base) + part for part in line.split("\n"))
                              for line, margin in self._code])
            self._code = []
            if text:  # through ``add``, so that a sink splitting units opens one for it
                self.add(Code(text=text, language=code_language(text.split("\n")), where=self._code_where))

    def add_item(self, num_id: str, ordered: bool, item: ListItem, where: Location) -> None:
        """Add a list paragraph; a new list starts when a top-level item belongs to another list or kind."""
        self.flush_code()
        if self._list is not None and item.level <= self._list[2] and self._list[:2] != (num_id, ordered):
            self.flush_list()
        if self._list is None:
            self._list, self._list_where = (num_id, ordered, item.level), where
        self._items.append(item)

    def heading(self, level: int, spans: tuple[Span, ...], shape: str, ctx: DocContext) -> None:
        """Add a heading below the section level as a ``Heading`` block (levels beyond 6 shown as 6)."""
        self.add(Heading(level=min(max(level, 1), 6), spans=spans, where=ctx.where(shape)))

    def flush_list(self) -> None:
        """Close the open list or code block."""
        self._flush_items()
        self.flush_code()

    def _flush_items(self) -> None:
        if self._items:
            ordered = self._list[1] if self._list else False
            self.blocks.append(ListBlock(ordered=ordered, items=tuple(self._items), where=self._list_where))
        self._items, self._list = [], None

    def finish(self) -> list[Block]:
        self.flush_list()
        return self.blocks


def read_blocks(children: Iterable[etree._Element], ctx: DocContext, sink: BlockSink) -> None:
    """Read block-level elements (body, cell, text box, note) into ``sink``; wrappers are read through."""
    for child in children:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        handler = _BLOCKS.get(tag)
        if handler is not None:
            handler(child, ctx, sink)
        elif tag in _CONTAINERS:
            content = child.find(_CONTAINERS[tag])
            read_blocks(content if content is not None else (), ctx, sink)
        elif tag == qn("mc:AlternateContent"):
            read_blocks(choose_branch(child), ctx, sink)
        else:  # w:customXml, w:ins, w:moveTo, w:smartTag and wrappers we do not know: read what they hold
            read_blocks(child, ctx, sink)


def read_paragraph(p: etree._Element, ctx: DocContext, sink: BlockSink) -> None:
    """Read a ``w:p`` as a heading, a list item or a paragraph, then the pictures and text boxes it anchors."""
    ctx.story.paragraphs += 1
    ctx.count_paragraph()
    shape = f"paragraph {ctx.story.paragraphs}"
    ctx.anchor = para_anchor(p)
    p_pr = p.find(qn("w:pPr"))
    style_id = _style_id(p_pr)
    info = ctx.styles.paragraph(style_id)
    font = ctx.styles.font(style_id or ctx.styles.default_paragraph) or ctx.styles.default_font
    pieces = read_pieces(p, ctx, info.emphasis.over(ctx.styles.defaults), font)
    spans = to_spans(pieces)
    if spans and is_code_paragraph(pieces, p_pr, info, ctx):
        sink.add_code("".join(piece[0] for piece in pieces), _left_indent(p_pr), ctx.where(shape))
    elif not spans and sink.in_code:
        sink.add_code("", -1, ctx.where(shape))
    elif spans:
        sink.flush_code()
        _place(p_pr, info, _prose(pieces, spans), shape, ctx, sink)
    flush_side(ctx, sink)


def _prose(pieces: list[Piece], spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Return a paragraph's spans, without the code mark when all of it is monospace but reads as sentences."""
    text = "".join(piece[0] for piece in pieces)
    if all(piece[5] for piece in pieces if piece[0].strip()) and looks_like_prose(text):
        return tuple(span.model_copy(update={"code": False}) for span in spans)
    return spans


def is_code_paragraph(pieces: list[Piece], p_pr: etree._Element | None, info: StyleInfo, ctx: DocContext) -> bool:
    """Return True when a paragraph that is neither a heading nor a list item is code: its style is named for code
    ("HTML Preformatted", "Code"), all its text is in a monospace font, or it starts with a prompt (``$ ``)."""
    if heading_level(p_pr, info) is not None:
        return False
    num_id, ilvl = list_membership(p_pr, info)
    if num_id and list_kind(num_id, ilvl, info, ctx) in ("bullet", "number"):
        return False
    text = "".join(piece[0] for piece in pieces)
    if _CODE_STYLE.search(info.name) or all(piece[5] for piece in pieces if piece[0].strip()):
        return not looks_like_prose(text)
    return is_prompt_line(text.lstrip())


def _left_indent(p_pr: etree._Element | None) -> int:
    """Return a paragraph's own left indent (``w:ind`` left or start, twips) in EMU; 0 when it sets none."""
    ind = p_pr.find(qn("w:ind")) if p_pr is not None else None
    if ind is None:
        return 0
    value = ind.get(qn("w:left")) or ind.get(qn("w:start"))
    return to_int(value) * _TWIP_EMU if value is not None else 0


def _place(p_pr: etree._Element | None, info: StyleInfo, spans: tuple[Span, ...], shape: str, ctx: DocContext, sink: BlockSink) -> None:
    level = heading_level(p_pr, info)
    if level is not None and sink.takes_headings:
        sink.heading(level, spans, shape, ctx)
        return
    num_id, ilvl = list_membership(p_pr, info)
    kind = list_kind(num_id, ilvl, info, ctx)
    if num_id and kind in ("bullet", "number"):
        sink.add_item(num_id, kind == "number", ListItem(spans=spans, level=min(max(ilvl, 0), 8)), ctx.where(shape))
    else:
        sink.add(read_cue(spans, ctx.where(shape)) or Paragraph(spans=spans, where=ctx.where(shape)))


def _style_id(p_pr: etree._Element | None) -> str | None:
    style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
    return style.get(W_VAL) if style is not None else None


def heading_level(p_pr: etree._Element | None, info: StyleInfo) -> int | None:
    """Return the paragraph's heading level (0 for Title, 1-9), its own ``w:outlineLvl`` before its style's."""
    own = outline_level(p_pr)
    if own is not None:
        return own if own <= 9 else None
    return info.heading


def list_membership(p_pr: etree._Element | None, info: StyleInfo) -> tuple[str | None, int]:
    """Return (numId, ilvl): the paragraph's own ``w:numPr`` settings first, its style's for what they omit."""
    num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    num_el = num_pr.find(qn("w:numId")) if num_pr is not None else None
    ilvl_el = num_pr.find(qn("w:ilvl")) if num_pr is not None else None
    num_id = num_el.get(W_VAL) if num_el is not None else info.num_id
    if ilvl_el is not None:
        return num_id, to_int(ilvl_el.get(W_VAL))
    return num_id, info.ilvl if info.ilvl is not None else (info.name_level or 0)


def list_kind(num_id: str | None, ilvl: int, info: StyleInfo, ctx: DocContext) -> str | None:
    """Return 'bullet', 'number', 'none' or None (not in a list) for a paragraph's numbering."""
    kind = ctx.numbering.kind(num_id, ilvl) if num_id else None
    if kind is None and num_id and info.name_level and ilvl == info.name_level:
        kind = ctx.numbering.kind(num_id, 0)  # "List Bullet 2" drawn one step in: its list has only level 0
    return kind


def cue_word(spans: tuple[Span, ...]) -> CueKind | None:
    """Return the cue word (``say``) of a facilitator cue paragraph (``Say:``, or a bold cue word), else None."""
    match = _CUE.match(spans_text(spans))
    if match:
        return _CUE_KINDS[match.group(1).lower()]
    first = spans[0]
    word = first.text.strip().rstrip(":").strip().lower()
    return _CUE_KINDS.get(word) if first.bold and len(spans) > 1 else None


def read_cue(spans: tuple[Span, ...], where: Location) -> Cue | None:
    """Return a facilitator cue paragraph as a ``Cue`` (its cue word stays in the spans; ``minutes`` when the
    text gives a time such as "(5 min)"), or None when the paragraph is no cue."""
    word = cue_word(spans)
    if word is None:
        return None
    minutes = _MINUTES.search(spans_text(spans))
    return Cue(cue=word, spans=spans, where=where,
               minutes=float(minutes.group(1).replace(",", ".")) if minutes else None)


def flush_side(ctx: DocContext, sink: BlockSink) -> None:
    """Move the pictures and text boxes met in the last paragraph into ``sink``, after it."""
    while ctx.side:
        side, ctx.side[:] = list(ctx.side), []
        for item in side:
            if isinstance(item, TextBox):
                read_text_box(item, ctx, sink)
            else:
                sink.add(item)


def read_text_box(box: TextBox, ctx: DocContext, sink: BlockSink) -> None:
    """Read a text box's content as blocks marked ``role=text-box`` (``activity`` for a framed Activity box)."""
    inner, anchor = BlockSink(), ctx.anchor
    read_blocks(box.content, ctx, inner)
    ctx.anchor = anchor
    blocks = inner.finish()
    if not blocks:
        return
    first_line = _first_text(blocks).lstrip().lower()
    role = "activity" if box.framed and first_line.startswith("activity") else "text-box"
    for block in blocks:
        sink.add(with_attrs(block, role=role))


def with_attrs(block: Block, **attrs: str) -> Block:
    """Return ``block`` with ``attrs`` added to its own."""
    return block.model_copy(update={"attrs": {**block.attrs, **attrs}})


def _first_text(blocks: list[Block]) -> str:
    return next((block_text(b) for b in blocks if not isinstance(b, Image) and block_text(b).strip()), "")


def read_cell_blocks(cell: etree._Element, ctx: DocContext) -> list[Block]:
    """Return the blocks of a table cell (headings in cells are plain text there)."""
    sink = CellSink()
    read_blocks(cell, ctx, sink)
    return sink.finish()


class CellSink(BlockSink):
    """A sink for table cells: headings are read as paragraphs."""

    takes_headings = False


def read_table_block(tbl: etree._Element, ctx: DocContext, sink: BlockSink) -> None:
    """Read a ``w:tbl`` into a ``Table``; pictures and text boxes found in its cells follow it."""
    anchor = first_para_anchor(tbl)
    table, after = read_table(tbl, ctx, read_cell_blocks)
    ctx.anchor = anchor
    if table is not None:
        where = table.where.model_copy(update={"anchor": anchor}) if table.where is not None else None
        sink.add(table.model_copy(update={"where": where}))
    for block in after:
        sink.add(block)


def read_math_paragraph(element: etree._Element, ctx: DocContext, sink: BlockSink) -> None:
    """Read a display equation standing alone at block level as a paragraph of its text."""
    text = " ".join("".join(t.text or "" for t in element.iter(qn("m:t"))).split())
    ctx.anchor = None  # no w:p, no paraId
    if text:
        sink.add(Paragraph(spans=(Span(text=text),), where=ctx.where()))


def read_alt_chunk(element: etree._Element, ctx: DocContext, sink: BlockSink) -> None:
    """Skip an ``w:altChunk`` (imported HTML, RTF or another document), saying so."""
    rel = ctx.relationship(element.get(qn("r:id")))
    target = rel.target if rel is not None and rel.target else "an unknown part"
    ctx.warn("docx.altchunk-skipped", f"an imported chunk of content ({target}) is not read", instead="left out")


_BLOCKS: dict[str, Callable[[etree._Element, DocContext, BlockSink], None]] = {
    qn("w:p"): read_paragraph, qn("w:tbl"): read_table_block, qn("m:oMathPara"): read_math_paragraph,
    qn("m:oMath"): read_math_paragraph, qn("w:altChunk"): read_alt_chunk,
}
