"""PDF pages to units: titles from the outline or the page's headings, sections, slide-export layout."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from converter.model import Block, Heading, Location, Unit, block_text

from .blocks import Para, TypeScale, to_blocks
from .pages import PageContent

SLIDE_LANDSCAPE_SHARE = 0.6
SLIDE_MAX_LINES = 30
SLIDE_TITLE_SHARE = 0.5
SLIDE_TITLE_RATIO = 1.08
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class Outline:
    """Page titles and sections (by 0-based page index) taken from the document outline."""

    titles: dict[int, str]
    sections: dict[int, str]


def largest_para(paras: list[Para]) -> Para | None:
    """Return the paragraph set in the largest type (the first of equals), or None when there is no text."""
    texts = [para for para in paras
             if para.lines and not para.rotated and para.text.strip() and len(para.text) <= MAX_TITLE_CHARS]
    return max(texts, key=lambda para: para.size, default=None)


def looks_like_slides(pages: list[PageContent]) -> bool:
    """Return True for a slide export: mostly landscape pages with few lines and one title in large type."""
    if not pages or sum(page.landscape for page in pages) < SLIDE_LANDSCAPE_SHARE * len(pages):
        return False
    if median(len(page.lines) for page in pages) > SLIDE_MAX_LINES:
        return False
    titled = sum(1 for page in pages if _has_big_title(page))
    return titled >= SLIDE_TITLE_SHARE * len([page for page in pages if page.lines])


def _has_big_title(page: PageContent) -> bool:
    title = largest_para(page.paras)
    if title is None:
        return False
    others = [line.size for para in page.paras if para is not title for line in para.lines]
    return not others or title.size >= SLIDE_TITLE_RATIO * median(others)


def build_unit(page: PageContent, scale: TypeScale, outline: Outline, slides: bool, file: str) -> Unit:
    """Return the unit of one page: its title is the outline's entry, a slide's largest text or the page's first
    heading; a title that opens the page leaves the body (it is shown once), and the headings left are renumbered
    from 1 without skipping a level (a screen goes title, then h3, never title, then h5).

    A page with nothing on it is kept (page numbers stay true) but hidden, so that it becomes no screen.
    """
    where = Location(file=file, unit=page.number)
    paras = page.paras
    title = outline.titles.get(page.number - 1)
    if slides:
        title_para = largest_para(paras)
        if title_para is not None:
            paras = [para for para in paras if para is not title_para]
            title = title_para.text
    blocks = to_blocks(paras, scale, where)
    first = next((block for block in blocks if isinstance(block, Heading)), None)
    if title is None and first is not None:
        title = block_text(first)
    if blocks and blocks[0] is first and _same_text(block_text(first), title):
        blocks = blocks[1:]
    blocks = renumber_headings(blocks)
    blank = not blocks and title is None
    return Unit(kind="page", index=page.number, title=_clean(title), role="content",
                section=outline.sections.get(page.number - 1), hidden=blank, blocks=tuple(blocks), where=where,
                attrs={"blank": "true"} if blank else {})


def renumber_headings(blocks: list[Block]) -> list[Block]:
    """Return the blocks with heading levels ranked from 1 (largest type first) and never more than one below
    the heading before."""
    levels = sorted({block.level for block in blocks if isinstance(block, Heading)})
    rank = {level: number for number, level in enumerate(levels, start=1)}
    renumbered: list[Block] = []
    previous = 0
    for block in blocks:
        if isinstance(block, Heading):
            level = min(rank[block.level], previous + 1)
            previous = level
            if level != block.level:
                block = block.model_copy(update={"level": level})
        renumbered.append(block)
    return renumbered


def _same_text(text: str, title: str | None) -> bool:
    return title is not None and " ".join(text.split()).casefold() == " ".join(title.split()).casefold()


def _clean(title: str | None) -> str | None:
    text = " ".join((title or "").split())
    return text[:MAX_TITLE_CHARS] or None
