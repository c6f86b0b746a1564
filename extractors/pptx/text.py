"""PPTX text frames to blocks: paragraphs, bulleted and numbered lists, code, emphasis, hyperlinks, equations and
characters from symbol fonts."""

from __future__ import annotations

import re

from lxml import etree

from converter.model import LINK_SCHEMES, Block, Code, ListBlock, ListItem, Paragraph, Span

from .._office.code import (
    MARGIN_STEP_EMU,
    code_language,
    code_text,
    indent,
    is_monospace,
    is_prompt_line,
    looks_like_prose,
)
from .._office.symbols import PRIVATE_USE, describe_code, has_private_use, map_symbol_text, symbol_font
from .context import SlideContext, is_true, qn, to_int
from .math import alternate_with_math, math_text
from .styles import BulletCache, BulletKind, Styles, bullet_marker, inherited_bullet, inherited_font

_SLIDE_JUMP = "ppaction://hlinksldjump"
_SPACES = re.compile(r"\s+")
_RUN_TAGS = (qn("a:r"), qn("a:fld"))
_MATH = qn("a14:m")
_P, _P_PR, _R_PR, _T, _BR = qn("a:p"), qn("a:pPr"), qn("a:rPr"), qn("a:t"), qn("a:br")
_HLINK_CLICK, _ALTERNATE = qn("a:hlinkClick"), qn("mc:AlternateContent")
_LATIN, _SYM, _CS, _EA = qn("a:latin"), qn("a:sym"), qn("a:cs"), qn("a:ea")
CodeLine = tuple[str, int | None]
"""A code paragraph before its block is built: its text and left margin in EMU (None for a blank line)."""


def read_text_body(body: etree._Element, ctx: SlideContext, shape: etree._Element, bulleted: bool,
                   styles: Styles = ()) -> list[Block]:
    """Return the blocks of a ``txBody``: consecutive bulleted paragraphs form one list, consecutive code
    paragraphs one ``Code`` block, others paragraphs.

    A paragraph's bullet comes from its own ``a:pPr``, else from the nearest of the inherited list ``styles``
    (shape, layout, master), else ``bulleted`` (True for body placeholders, False for text boxes). An unbulleted
    paragraph is code when all its text is in a monospace font (its runs' own ``a:latin``, else the list styles'
    default at its level) or when it starts with a shell or interpreter prompt; blank paragraphs between code
    paragraphs stay as blank lines.
    """
    blocks: list[Block] = []
    run: list[tuple[BulletKind, ListItem]] = []
    code: list[CodeLine] = []
    for p in body.iterchildren(_P):
        p_pr = next(p.iterchildren(_P_PR), None)
        font = inherited_font(styles, _level(p_pr))
        raw = _raw_spans(p, ctx, shape, font)
        kind = _bullet_kind(p_pr, bulleted, styles, ctx.deck.bullets)
        if _is_code(raw, kind) or (code and _is_blank(raw)):
            if run:
                blocks.append(_list_block(run, ctx, shape))
                run = []
            code.append(_code_line(raw, p_pr))
            continue
        if code and not _is_blank(raw):
            blocks.append(_code_block(code, ctx, shape))
            code = []
        spans = _trim(_merge(_prose(raw)))
        if not spans:
            continue
        if run and (kind == "none" or kind != run[-1][0]):
            blocks.append(_list_block(run, ctx, shape))
            run = []
        if kind == "none":
            blocks.append(Paragraph(spans=spans, where=ctx.where(shape), attrs=language_attrs(p)))
        else:
            run.append((kind, ListItem(spans=spans, level=_level(p_pr))))
    if run:
        blocks.append(_list_block(run, ctx, shape))
    if code:
        blocks.append(_code_block(code, ctx, shape))
    return blocks


LANG_ATTR = "lang"
"""The block attr holding the language a paragraph's runs are marked with; the extractor keeps it only where it
differs from the deck's language (``extractor.keep_other_languages``), and the player writes it as ``lang``."""


def language_attrs(p: etree._Element) -> dict[str, str]:
    """Return ``{"lang": tag}`` when every run of the paragraph with text is marked with the same language."""
    marked = set()
    for r in p.iterchildren(*_RUN_TAGS):
        if not "".join(t.text or "" for t in r.iter(_T)).strip():
            continue
        r_pr = next(r.iterchildren(_R_PR), None)
        marked.add(r_pr.get("lang") if r_pr is not None else None)
    language = marked.pop() if len(marked) == 1 else None
    return {LANG_ATTR: language} if language else {}


def _is_blank(raw: list[RawSpan]) -> bool:
    return not "".join(span[0] for span in raw).strip()


def _is_code(raw: list[RawSpan], kind: BulletKind) -> bool:
    """Return True when an unbulleted paragraph is code: all its text monospace, or it starts with a prompt."""
    if kind != "none" or _is_blank(raw):
        return False
    text = "".join(span[0] for span in raw)
    if all(span[5] for span in raw if span[0].strip()):
        return not looks_like_prose(text)
    return is_prompt_line(text.lstrip())


def _prose(raw: list[RawSpan]) -> list[RawSpan]:
    """Return a paragraph's spans, without the code mark when all of it is monospace but reads as sentences."""
    if raw and all(span[5] for span in raw if span[0].strip()) and looks_like_prose("".join(s[0] for s in raw)):
        return [(*span[:5], False) for span in raw]
    return raw


def _code_line(raw: list[RawSpan], p_pr: etree._Element | None) -> CodeLine:
    """Return a code paragraph's text and left margin: its own ``marL``, else 0.5 inch per outline level."""
    text = "".join(span[0] for span in raw)
    if not text.strip():
        return (text, None)
    margin = p_pr.get("marL") if p_pr is not None else None
    return (text, to_int(margin) if margin is not None else _level(p_pr) * MARGIN_STEP_EMU)


def _code_block(lines: list[CodeLine], ctx: SlideContext, shape: etree._Element) -> Code:
    """Return code paragraphs as one ``Code`` block. Indentation by outline level or left margin becomes leading
    spaces: four per level, or per 0.5 inch of ``marL`` beyond the block's least indented paragraph. Spaces and
    tabs in the runs' text are kept as they are."""
    base = min((margin for _, margin in lines if margin is not None), default=0)
    text = code_text(["\n".join(indent(margin if margin is not None else base, base) + part
                                for part in line.split("\n")) for line, margin in lines])
    return Code(text=text, language=code_language(text.split("\n")), where=ctx.where(shape))


def _list_block(run: list[tuple[BulletKind, ListItem]], ctx: SlideContext, shape: etree._Element) -> ListBlock:
    items = tuple(item for _, item in run)
    return ListBlock(ordered=run[0][0] == "number", items=items, where=ctx.where(shape))


def bullet_kind(p: etree._Element, bulleted: bool, styles: Styles = ()) -> BulletKind:
    """Return how paragraph ``p`` is marked: its own ``a:buNone``/``a:buAutoNum``/``a:buChar`` first, then
    the inherited ``styles`` at its level, then the ``bulleted`` default."""
    return _bullet_kind(p.find(_P_PR), bulleted, styles, None)


def _bullet_kind(p_pr: etree._Element | None, bulleted: bool, styles: Styles, cache: BulletCache | None) -> BulletKind:
    own = bullet_marker(p_pr)
    if own is not None:
        return own
    inherited = inherited_bullet(styles, _level(p_pr), cache) if styles else None
    if inherited is not None:
        return inherited
    return "bullet" if bulleted else "none"


def paragraph_level(p: etree._Element) -> int:
    """Return the 0-based outline level of ``p`` (``a:pPr/@lvl``), clamped to 0..8."""
    return _level(p.find(_P_PR))


def _level(p_pr: etree._Element | None) -> int:
    level = to_int(p_pr.get("lvl") if p_pr is not None else None)
    return min(max(level, 0), 8)


RawSpan = tuple[str, bool, bool, bool, str | None, bool]
"""A span before it becomes a ``Span``: text, bold, italic, underline, href, code (set in a monospace font)."""


def read_spans(p: etree._Element, ctx: SlideContext, shape: etree._Element) -> tuple[Span, ...]:
    """Return the spans of one paragraph, adjacent equal formats merged, ends trimmed; () when it is blank."""
    return _trim(_merge(_raw_spans(p, ctx, shape, None)))


def _raw_spans(p: etree._Element, ctx: SlideContext, shape: etree._Element, font: str | None) -> list[RawSpan]:
    """Return a paragraph's spans untrimmed; ``font`` is the typeface runs without their own ``a:latin`` take."""
    spans: list[RawSpan] = []
    for child in _inline_children(p):
        tag = child.tag
        if tag in _RUN_TAGS:
            spans.append(_raw_run(child, ctx, shape, font))
        elif tag == _BR:  # a line break takes the emphasis of the run before it, never its link
            spans.append(("\n", *spans[-1][1:4], None, spans[-1][5]) if spans else
                         ("\n", False, False, False, None, False))
        elif tag == _MATH:
            spans.extend(_raw_equation(child, ctx, shape))
    return spans


def _inline_children(p: etree._Element) -> list[etree._Element]:
    children: list[etree._Element] = []
    for child in p:
        if child.tag == _ALTERNATE:
            children.extend(alternate_with_math(child))
        else:
            children.append(child)
    return children


def read_equation(math: etree._Element, ctx: SlideContext, shape: etree._Element) -> list[Span]:
    """Return an equation (``a14:m``) as one span of linear text, with an info message; [] when blank."""
    return [Span(text=text) for text, *_ in _raw_equation(math, ctx, shape)]


def _raw_equation(math: etree._Element, ctx: SlideContext, shape: etree._Element) -> list[RawSpan]:
    text = math_text(math)
    if not text:
        return []
    ctx.info("pptx.equation-as-text", f"an equation was kept as text: {text[:80]}", shape, instead="text only")
    return [(text, False, False, False, None, False)]


def read_run(r: etree._Element, ctx: SlideContext, shape: etree._Element) -> Span:
    """Return a run (``a:r`` or field ``a:fld``) as a span with its own bold/italic/underline, link and code."""
    text, bold, italic, underline, href, code = _raw_run(r, ctx, shape, None)
    return Span(text=text, bold=bold, italic=italic, underline=underline, href=href, code=code)


def _raw_run(r: etree._Element, ctx: SlideContext, shape: etree._Element, font: str | None) -> RawSpan:
    text = "".join(t.text or "" for t in r.iter(_T))
    r_pr = next(r.iterchildren(_R_PR), None)
    latin = _typeface(r_pr, _LATIN) or font
    text = _unsymbol(text, r_pr, latin, ctx, shape)
    code = is_monospace(latin) and bool(text.strip())
    if r_pr is None:
        return (text, False, False, False, None, code)
    lang = r_pr.get("lang")
    if lang:
        ctx.deck.languages[lang] += 1
    underline = r_pr.get("u")
    click = next(r_pr.iterchildren(_HLINK_CLICK), None) if text.strip() else None
    return (text, is_true(r_pr.get("b")), is_true(r_pr.get("i")), bool(underline) and underline != "none",
            read_link(click, ctx, shape) if click is not None else None, code)


def _typeface(r_pr: etree._Element | None, tag: str) -> str | None:
    font = next(r_pr.iterchildren(tag), None) if r_pr is not None else None
    return font.get("typeface") if font is not None else None


def _unsymbol(text: str, r_pr: etree._Element | None, latin: str | None, ctx: SlideContext,
              shape: etree._Element) -> str:
    """Return a run's text with characters drawn from a symbol font as Unicode (see ``_office.symbols``).

    The run's ``a:latin`` symbol font draws all its characters; else its ``a:sym`` (or ``a:cs``/``a:ea``) symbol
    font draws the private-use ones (U+F020-U+F0FF). Characters with no Unicode equivalent, and private-use ones
    in no symbol font, are left out with a warning naming the font and the code."""
    whole = symbol_font(latin)
    if whole is None and not has_private_use(text):
        return text
    named = [_typeface(r_pr, tag) for tag in (_SYM, _CS, _EA)]
    font = whole or next((key for key in map(symbol_font, named) if key), None)
    if font is None:
        _warn_unmapped(latin or next((name for name in named if name), None),
                       [char for char in text if ord(char) in PRIVATE_USE], ctx, shape)
        return "".join(char for char in text if ord(char) not in PRIVATE_USE)
    mapped, unmapped = map_symbol_text(font, text, whole is not None)
    if unmapped:
        _warn_unmapped(font.title(), unmapped, ctx, shape)
    if mapped != text:
        _note_mapped(font, ctx, shape)
    return mapped


def _warn_unmapped(font: str | None, chars: list[str], ctx: SlideContext, shape: etree._Element) -> None:
    """Warn that characters of ``font`` have no Unicode equivalent and were left out, naming their codes."""
    codes = [describe_code(char) for char in dict.fromkeys(chars)]
    what = "a character" if len(codes) == 1 else f"{len(codes)} characters"
    verb = "has" if len(codes) == 1 else "have"
    ctx.deck.messages.warn("pptx.symbol-unmapped", f"{what} from the font {font or 'unknown'!r} ({'; '.join(codes)}) "
                           f"{verb} no Unicode equivalent", ctx.where(shape), instead="left out")


def _note_mapped(font: str, ctx: SlideContext, shape: etree._Element) -> None:
    """Say once per slide and font that symbol-font characters were shown as their Unicode equivalents."""
    text = f"characters from the symbol font {font.title()!r} are shown as their Unicode equivalents"
    for message in reversed(ctx.deck.messages.items):
        if message.where is None or message.where.unit != ctx.unit or message.where.file != ctx.deck.file:
            break
        if message.code == "pptx.symbol-mapped" and message.text == text:
            return
    ctx.deck.messages.info("pptx.symbol-mapped", text, ctx.where(shape))


def read_link(click: etree._Element | None, ctx: SlideContext, shape: etree._Element) -> str | None:
    """Return the href of an ``a:hlinkClick``: an external URL, ``#slide-<n>`` for a slide jump, or None.

    Links that cannot be followed (empty or dangling ``r:id``, other slide-show actions, unsafe schemes)
    are dropped with a message; the text stays.
    """
    if click is None:
        return None
    action = click.get("action") or ""
    r_id = click.get(qn("r:id")) or ""
    if action.startswith(_SLIDE_JUMP):
        return _slide_link(r_id, ctx, shape)
    if action.startswith("ppaction://") and not action.startswith("ppaction://hlinkfile"):
        ctx.info("pptx.link-dropped", f"a slide-show action link ({action}) was dropped; its text is kept", shape,
                 instead="text without the link")
        return None
    rel = ctx.relationship(r_id)
    if rel is None:
        ctx.warn("pptx.link-dropped", f"a hyperlink has a missing or empty target (r:id {r_id!r}); text kept", shape,
                 instead="text without the link")
        return None
    if not rel.external:
        return _slide_link(r_id, ctx, shape)
    return _safe_url(rel.target or "", ctx, shape)


def _slide_link(r_id: str, ctx: SlideContext, shape: etree._Element) -> str | None:
    part = ctx.related_part(r_id)
    number = ctx.deck.slide_numbers.get(part.name) if part is not None else None
    if number is None:
        ctx.warn("pptx.link-dropped", "a link to another slide points nowhere; its text is kept", shape,
                 instead="text without the link")
        return None
    return f"#slide-{number}"


def _safe_url(url: str, ctx: SlideContext, shape: etree._Element) -> str | None:
    cleaned = url.strip()
    if cleaned.lower().startswith(LINK_SCHEMES):
        return cleaned
    ctx.warn("pptx.link-dropped", f"a link to {cleaned[:80]!r} cannot work in a course (not a web address)", shape,
             instead="text without the link")
    return None


def merge_spans(spans: list[Span]) -> list[Span]:
    """Return ``spans`` with neighbours of identical formatting joined and empty spans removed."""
    merged = _merge([(span.text, span.bold, span.italic, span.underline, span.href, span.code) for span in spans])
    return [Span(text=text, bold=bold, italic=italic, underline=underline, href=href, code=code)
            for text, bold, italic, underline, href, code in merged]


def _merge(spans: list[RawSpan]) -> list[RawSpan]:
    merged: list[RawSpan] = []
    for span in spans:
        if not span[0]:
            continue
        if span[5] and not span[0].strip():  # a space set in a monospace font is no inline code
            span = (*span[:5], False)
        if merged and merged[-1][1:] == span[1:]:
            merged[-1] = (merged[-1][0] + span[0], *span[1:])
        else:
            merged.append(span)
    return merged


def _trim(spans: list[RawSpan]) -> tuple[Span, ...]:
    """Return the spans with the paragraph's ends stripped, as ``Span`` models; () when it is blank."""
    if not "".join(span[0] for span in spans).strip():
        return ()
    spans[0] = (spans[0][0].lstrip(), *spans[0][1:])
    spans[-1] = (spans[-1][0].rstrip(), *spans[-1][1:])
    return tuple(Span(text=text, bold=bold, italic=italic, underline=underline, href=href, code=code)
                 for text, bold, italic, underline, href, code in spans if text)


def plain_text(body: etree._Element) -> str:
    """Return the text of a ``txBody`` on one line (line breaks and paragraphs become spaces)."""
    words: list[str] = []
    for p in body.findall(qn("a:p")):
        for child in _inline_children(p):
            if child.tag in _RUN_TAGS:
                words.extend(t.text or "" for t in child.iter(qn("a:t")))
            elif child.tag == _MATH:
                words.append(math_text(child))
            words.append(" " if child.tag == qn("a:br") else "")
        words.append(" ")
    return _SPACES.sub(" ", "".join(words)).strip()
