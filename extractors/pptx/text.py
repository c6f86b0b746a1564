"""PPTX text frames to blocks: paragraphs, bulleted and numbered lists, emphasis, hyperlinks and equations."""

from __future__ import annotations

import re

from lxml import etree

from converter.model import LINK_SCHEMES, Block, ListBlock, ListItem, Paragraph, Span

from .context import SlideContext, is_true, qn, to_int
from .math import alternate_with_math, math_text
from .styles import BulletCache, BulletKind, Styles, bullet_marker, inherited_bullet

_SLIDE_JUMP = "ppaction://hlinksldjump"
_SPACES = re.compile(r"\s+")
_RUN_TAGS = (qn("a:r"), qn("a:fld"))
_MATH = qn("a14:m")
_P, _P_PR, _R_PR, _T, _BR = qn("a:p"), qn("a:pPr"), qn("a:rPr"), qn("a:t"), qn("a:br")
_HLINK_CLICK, _ALTERNATE = qn("a:hlinkClick"), qn("mc:AlternateContent")


def read_text_body(body: etree._Element, ctx: SlideContext, shape: etree._Element, bulleted: bool,
                   styles: Styles = ()) -> list[Block]:
    """Return the blocks of a ``txBody``: consecutive bulleted paragraphs form one list, others paragraphs.

    A paragraph's bullet comes from its own ``a:pPr``, else from the nearest of the inherited list ``styles``
    (shape, layout, master), else ``bulleted`` (True for body placeholders, False for text boxes).
    """
    blocks: list[Block] = []
    run: list[tuple[BulletKind, ListItem]] = []
    for p in body.iterchildren(_P):
        spans = read_spans(p, ctx, shape)
        if not spans:
            continue
        p_pr = next(p.iterchildren(_P_PR), None)
        kind = _bullet_kind(p_pr, bulleted, styles, ctx.deck.bullets)
        if run and (kind == "none" or kind != run[-1][0]):
            blocks.append(_list_block(run, ctx, shape))
            run = []
        if kind == "none":
            blocks.append(Paragraph(spans=spans, where=ctx.where(shape)))
        else:
            run.append((kind, ListItem(spans=spans, level=_level(p_pr))))
    if run:
        blocks.append(_list_block(run, ctx, shape))
    return blocks


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


RawSpan = tuple[str, bool, bool, bool, str | None]
"""A span before it becomes a ``Span``: text, bold, italic, underline, href."""


def read_spans(p: etree._Element, ctx: SlideContext, shape: etree._Element) -> tuple[Span, ...]:
    """Return the spans of one paragraph, adjacent equal formats merged, ends trimmed; () when it is blank."""
    spans: list[RawSpan] = []
    for child in _inline_children(p):
        tag = child.tag
        if tag in _RUN_TAGS:
            spans.append(_raw_run(child, ctx, shape))
        elif tag == _BR:  # a line break takes the emphasis of the run before it, never its link
            spans.append(("\n", *spans[-1][1:4], None) if spans else ("\n", False, False, False, None))
        elif tag == _MATH:
            spans.extend(_raw_equation(child, ctx, shape))
    return _trim(_merge(spans))


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
    return [(text, False, False, False, None)]


def read_run(r: etree._Element, ctx: SlideContext, shape: etree._Element) -> Span:
    """Return a run (``a:r`` or field ``a:fld``) as a span with its own bold/italic/underline and link."""
    text, bold, italic, underline, href = _raw_run(r, ctx, shape)
    return Span(text=text, bold=bold, italic=italic, underline=underline, href=href)


def _raw_run(r: etree._Element, ctx: SlideContext, shape: etree._Element) -> RawSpan:
    text = "".join(t.text or "" for t in r.iter(_T))
    r_pr = next(r.iterchildren(_R_PR), None)
    if r_pr is None:
        return (text, False, False, False, None)
    lang = r_pr.get("lang")
    if lang:
        ctx.deck.languages[lang] += 1
    underline = r_pr.get("u")
    click = next(r_pr.iterchildren(_HLINK_CLICK), None) if text.strip() else None
    return (text, is_true(r_pr.get("b")), is_true(r_pr.get("i")), bool(underline) and underline != "none",
            read_link(click, ctx, shape) if click is not None else None)


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
    merged = _merge([(span.text, span.bold, span.italic, span.underline, span.href) for span in spans])
    return [Span(text=text, bold=bold, italic=italic, underline=underline, href=href)
            for text, bold, italic, underline, href in merged]


def _merge(spans: list[RawSpan]) -> list[RawSpan]:
    merged: list[RawSpan] = []
    for span in spans:
        if not span[0]:
            continue
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
    return tuple(Span(text=text, bold=bold, italic=italic, underline=underline, href=href)
                 for text, bold, italic, underline, href in spans if text)


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
