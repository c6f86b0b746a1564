"""DOCX paragraph content to spans: runs with emphasis, links, inline code, fields, tracked changes, notes marks,
symbols (symbol fonts mapped to Unicode), math."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from converter.model import LINK_SCHEMES, Span

from .._office.code import is_monospace
from .._office.symbols import PRIVATE_USE, describe_code, has_private_use, map_symbol, map_symbol_text, symbol_font
from .context import DocContext, Field
from .drawings import read_graphic
from .styles import Emphasis, read_emphasis, run_font
from .wordml import choose_branch, qn

Piece = tuple[str, bool, bool, bool, str | None, bool]
"""Text and its format (bold, italic, underline, href, code) before spans are built: cheaper than a model per run."""
MAX_FIELD_DEPTH = 64
_HYPERLINK_ARGS = re.compile(r'"([^"]*)"|(\\\w)|(\S+)')
_SKIPPED = frozenset(qn(tag) for tag in (
    "w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:delText", "w:delInstrText", "w:proofErr", "w:bookmarkStart",
    "w:bookmarkEnd", "w:commentRangeStart", "w:commentRangeEnd", "w:lastRenderedPageBreak", "w:annotationRef",
    "w:permStart", "w:permEnd", "w:sdtPr", "w:sdtEndPr", "w:rubyPr", "w:fldData",
))
"""Elements that hold no text a reader sees: properties, markers, and deleted or moved-away content."""
_CHARS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-",
          qn("w:softHyphen"): ""}


@dataclass(frozen=True)
class Inline:
    """What enclosing elements give a run: the paragraph style's emphasis and an enclosing link."""

    base: Emphasis
    href: str | None = None
    font: str | None = None
    """The typeface: outside runs, the one runs take when they name none (the paragraph style's, else the
    document's); inside a run, the run's."""
    code: bool = False
    """The run is set in a monospace font: inline code."""
    symbol: str | None = None
    """The run's own font is a symbol font (its key in ``_office.symbols``): all its characters are that font's."""


def read_spans(p: etree._Element, ctx: DocContext, base: Emphasis, font: str | None = None) -> tuple[Span, ...]:
    """Return the spans of one paragraph, equal formats merged, ends trimmed; () when it holds no text.

    Pictures and text boxes met on the way are left in ``ctx.side`` for the caller to place after it.
    """
    return to_spans(read_pieces(p, ctx, base, font))


def read_pieces(p: etree._Element, ctx: DocContext, base: Emphasis, font: str | None = None) -> list[Piece]:
    """Return the text pieces of one paragraph untrimmed (a code paragraph keeps its leading spaces);
    ``font`` is the typeface of runs that name none."""
    pieces: list[Piece] = []
    walk_inline(p, ctx, Inline(base, font=font), pieces)
    ctx.fields[:] = [f for f in ctx.fields if f.in_result]  # an instruction never runs past its paragraph
    return pieces


def walk_inline(parent: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read the inline children of ``parent``."""
    walk_children(parent, ctx, state, out)


def walk_children(children: Iterable[etree._Element], ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read inline elements; unknown ones are read as containers, so no text is lost to a new wrapper."""
    for child in children:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        handler = _INLINE.get(tag)
        if handler is not None:
            handler(child, ctx, state, out)
        else:
            walk_children(child, ctx, state, out)


def read_hyperlink(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read a ``w:hyperlink``: an external ``r:id`` gives the href, ``w:anchor`` a ``#bookmark`` one."""
    href = state.href
    r_id, anchor = element.get(qn("r:id")), element.get(qn("w:anchor"))
    if r_id:
        rel = ctx.relationship(r_id)
        href = safe_url(rel.target or "", ctx) if rel is not None and rel.external else None
    elif anchor:
        href = f"#{anchor}"
    walk_inline(element, ctx, replace(state, href=href), out)


def read_simple_field(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read a ``w:fldSimple``: its content is the field's result; a HYPERLINK instruction gives the href."""
    href = field_href(element.get(qn("w:instr")) or "", ctx) or state.href
    walk_inline(element, ctx, replace(state, href=href), out)


def read_sdt(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read an inline content control: only its ``w:sdtContent``."""
    content = element.find(qn("w:sdtContent"))
    if content is not None:
        walk_inline(content, ctx, state, out)


def read_alternate(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read one branch of an ``mc:AlternateContent``."""
    walk_children(choose_branch(element), ctx, state, out)


def read_math(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read an equation (``m:oMath``/``m:oMathPara``) as the plain text of its ``m:t`` elements."""
    text = "".join(t.text or "" for t in element.iter(qn("m:t")))
    if text and visible(ctx):
        out.append((text, False, False, False, None, False))


def read_ruby(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read phonetic guide text: the base text, then the guide in parentheses."""
    for tag, before, after in (("w:rubyBase", "", ""), ("w:rt", "(", ")")):
        part = element.find(qn(tag))
        if part is not None:
            inner: list[Piece] = []
            walk_inline(part, ctx, state, inner)
            if inner:
                out.extend([(before, False, False, False, None, False), *inner,
                            (after, False, False, False, None, False)])


def read_run(r: etree._Element, ctx: DocContext, state: Inline, out: list[Piece]) -> None:
    """Read a ``w:r``: its own emphasis over its character style's over the paragraph's, then its content."""
    r_pr = r.find(qn("w:rPr"))
    style = r_pr.find(qn("w:rStyle")) if r_pr is not None else None
    style_id = style.get(qn("w:val")) if style is not None else None
    emphasis = read_emphasis(r_pr).over(ctx.styles.run(style_id))
    font = run_font(r_pr) or ctx.styles.font(style_id) or state.font
    run_state = replace(state, font=font, code=is_monospace(font), symbol=symbol_font(font))
    read_run_content(r, ctx, run_state, out, emphasis.over(state.base))


def read_run_content(children: Iterable[etree._Element], ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Read what a run holds: text, tabs and breaks, field codes, note marks, symbols, drawings."""
    for child in children:
        tag = child.tag
        if tag == _T:
            emit(unsymbol(child.text or "", state, ctx), fmt, state, ctx, out)
        elif tag in _CHARS:
            emit(_CHARS[tag], fmt, state, ctx, out)
        elif tag in _RUN_CONTENT:
            _RUN_CONTENT[tag](child, ctx, state, out, fmt)
        elif tag == _AC:
            read_run_content(choose_branch(child), ctx, state, out, fmt)


def emit(text: str, fmt: Emphasis, state: Inline, ctx: DocContext, out: list[Piece]) -> None:
    """Add ``text`` unless it is part of a field instruction."""
    if text and visible(ctx):
        out.append((text, bool(fmt.bold), bool(fmt.italic), bool(fmt.underline), state.href or result_href(ctx),
                    state.code and bool(text.strip())))


def unsymbol(text: str, state: Inline, ctx: DocContext) -> str:
    """Return a run's text with the characters of its symbol font as Unicode (see ``_office.symbols``); private-use
    characters with no Unicode equivalent are left out with a warning."""
    if state.symbol is None and not has_private_use(text):
        return text
    if state.symbol is None:
        warn_unmapped(state.font or "unknown", [char for char in text if ord(char) in PRIVATE_USE], ctx)
        return "".join(char for char in text if ord(char) not in PRIVATE_USE)
    mapped, unmapped = map_symbol_text(state.symbol, text, whole=True)
    if unmapped:
        warn_unmapped(state.symbol.title(), unmapped, ctx)
    return mapped


def warn_unmapped(font: str, chars: list[str], ctx: DocContext) -> None:
    """Warn once per document and font character that a symbol has no Unicode equivalent and is left out."""
    for char in dict.fromkeys(chars):
        text = f"a character from the font {font!r} ({describe_code(char)}) has no Unicode equivalent"
        if not any(m.code == "docx.symbol-unmapped" and m.text == text for m in ctx.messages.items):
            ctx.messages.warn("docx.symbol-unmapped", text, ctx.where(), instead="left out")


def visible(ctx: DocContext) -> bool:
    """Return False while inside a field's instruction (its result is shown, never its code)."""
    return all(field.in_result for field in ctx.fields)


def result_href(ctx: DocContext) -> str | None:
    """Return the href of the innermost HYPERLINK field whose result is being read."""
    return next((field.href for field in reversed(ctx.fields) if field.href), None)


def read_break(br: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Read a ``w:br``: a line break becomes a newline; page and column breaks are layout only."""
    if (br.get(qn("w:type")) or "textWrapping") == "textWrapping":
        emit("\n", fmt, state, ctx, out)


def read_field_char(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Track a complex field: begin, separate (the result starts) and end."""
    kind = element.get(qn("w:fldCharType"))
    if kind == "begin" and len(ctx.fields) < MAX_FIELD_DEPTH:
        ctx.fields.append(Field())
    elif kind == "separate" and ctx.fields and not ctx.fields[-1].in_result:
        ctx.fields[-1].in_result = True
        ctx.fields[-1].href = field_href(ctx.fields[-1].instruction, ctx)
    elif kind == "end" and ctx.fields:
        ctx.fields.pop()


def read_instruction(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Collect a field's instruction text (never shown)."""
    if ctx.fields and not ctx.fields[-1].in_result:
        ctx.fields[-1].instruction += element.text or ""


def field_href(instruction: str, ctx: DocContext) -> str | None:
    """Return the href of a ``HYPERLINK "url" \\l "anchor"`` instruction, or None for other fields."""
    args = [m.group(1) if m.group(1) is not None else m.group(2) or m.group(3)
            for m in _HYPERLINK_ARGS.finditer(instruction)]
    if not args or args[0].upper() != "HYPERLINK":
        return None
    url = next((a for i, a in enumerate(args[1:], 1) if not a.startswith("\\") and not args[i - 1].startswith("\\")),
               None)
    anchor = next((args[i + 1] for i, a in enumerate(args[:-1]) if a.lower() == "\\l"), None)
    if url:
        return safe_url(url + (f"#{anchor}" if anchor else ""), ctx)
    return f"#{anchor}" if anchor else None


def safe_url(url: str, ctx: DocContext) -> str | None:
    """Return ``url`` when a learner's browser can follow it, else None with a warning (the text stays)."""
    cleaned = url.strip()
    if cleaned.lower().startswith(LINK_SCHEMES) or cleaned.startswith("#"):
        return cleaned
    ctx.warn_once("docx.link-dropped", cleaned[:80], f"a link to {cleaned[:80]!r} cannot work in a course "
                  "(not a web address); its text is kept", instead="text without the link")
    return None


def read_note_reference(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece],
                        fmt: Emphasis) -> None:
    """Read a footnote or endnote reference: a ``[n]`` mark here, the note itself at the end of the section."""
    kind = "footnote" if element.tag == qn("w:footnoteReference") else "endnote"
    ctx.note_count += 1
    ctx.note_refs.append((kind, element.get(qn("w:id")) or "", ctx.note_count))
    if (element.get(qn("w:customMarkFollows")) or "").lower() not in ("1", "true", "on"):
        emit(f"[{ctx.note_count}]", Emphasis(), Inline(Emphasis()), ctx, out)


def read_note_mark(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Read the mark at the start of a note's own text (``w:footnoteRef``) as its ``[n]`` label."""
    if ctx.note_label:
        emit(f"[{ctx.note_label}] ", Emphasis(), Inline(Emphasis()), ctx, out)


def read_symbol(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Read a ``w:sym``: a character of a symbol font, shown as its Unicode equivalent; one with none (a
    private-use code in an unknown font, or a glyph Unicode lacks) is left out with a warning."""
    font, code = element.get(qn("w:font")) or "", element.get(qn("w:char")) or ""
    try:
        char = chr(int(code, 16))
    except (ValueError, OverflowError):
        return
    key = symbol_font(font)
    mapped = map_symbol(key, char) if key is not None and (ord(char) in PRIVATE_USE or ord(char) <= 0xFF) else None
    if mapped is None and ord(char) not in PRIVATE_USE and ord(char) >= 0x20:
        mapped = char  # already a Unicode character (Word writes some symbols that way)
    if mapped is None:
        warn_unmapped(font or "unknown", [char], ctx)
        return
    emit(mapped, fmt, replace(state, code=False), ctx, out)


def read_comment_reference(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece],
                           fmt: Emphasis) -> None:
    ctx.comments += 1


def read_drawing(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    """Hand a picture, text box or embedded object to the drawing reader (it fills ``ctx.side``)."""
    read_graphic(element, ctx)


def read_ruby_in_run(element: etree._Element, ctx: DocContext, state: Inline, out: list[Piece], fmt: Emphasis) -> None:
    read_ruby(element, ctx, replace(state, base=fmt), out)


def to_spans(pieces: list[Piece]) -> tuple[Span, ...]:
    """Return spans from pieces: neighbours of equal format joined, ends trimmed; () when all is blank."""
    merged: list[list[Any]] = []
    for text, *fmt in pieces:
        if merged and merged[-1][1:] == fmt:
            merged[-1][0] += text
        elif text:
            merged.append([text, *fmt])
    if not "".join(m[0] for m in merged).strip():
        return ()
    merged[0][0] = merged[0][0].lstrip()
    merged[-1][0] = merged[-1][0].rstrip()
    return tuple(Span(text=t, bold=b, italic=i, underline=u, href=h, code=c) for t, b, i, u, h, c in merged if t)


_T, _AC = qn("w:t"), qn("mc:AlternateContent")
_INLINE: dict[str, Callable[..., None]] = {
    qn("w:r"): read_run, qn("w:hyperlink"): read_hyperlink, qn("w:fldSimple"): read_simple_field,
    qn("w:sdt"): read_sdt, _AC: read_alternate, qn("m:oMath"): read_math, qn("m:oMathPara"): read_math,
    qn("w:ruby"): read_ruby,
}
_RUN_CONTENT: dict[str, Callable[..., None]] = {
    qn("w:br"): read_break, qn("w:fldChar"): read_field_char, qn("w:instrText"): read_instruction,
    qn("w:footnoteReference"): read_note_reference, qn("w:endnoteReference"): read_note_reference,
    qn("w:footnoteRef"): read_note_mark, qn("w:endnoteRef"): read_note_mark, qn("w:sym"): read_symbol,
    qn("w:commentReference"): read_comment_reference, qn("w:drawing"): read_drawing, qn("w:pict"): read_drawing,
    qn("w:object"): read_drawing, qn("w:ruby"): read_ruby_in_run,
}
