"""One PDF page: its text lines, ruled tables and images read and placed, then laid out into paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converter.model import Location
from converter.result import Messages

from .blocks import Para, paragraphs
from .chars import PageTextReader
from .figures import find_figures, render_figures, take_labels
from .geometry import Frame
from .images import MAX_IMAGES_PER_PAGE, ImageStore, read_images
from .layout import Placed, reading_order
from .links import read_links
from .tables import find_tables, read_rules
from .text import Line

MAX_PAGE_CHARS = 200_000
"""Characters read per page; a page holding more (a generated stress file) is cut short with a warning."""
BACKGROUND_SHARE = 0.8
"""An image covering this share of a page that has text is a background: kept, but marked decorative."""


@dataclass
class DocumentContext:
    """What every page read shares: pdfium's raw API, the open document, the file, messages and images."""

    raw: Any
    document: Any
    path: Path
    messages: Messages
    images: ImageStore = field(default_factory=ImageStore)

    def where(self, number: int | None = None) -> Location:
        """Return the location of page ``number`` (1-based), or of the whole file."""
        return Location(file=self.path.name, unit=number)


@dataclass
class PageContent:
    """A page as read: lines outside tables, placed tables and images, and its paragraphs in reading order."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    images_found: int = 0
    paras: list[Para] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def frame_of(page: Any) -> Frame:
    """Return the displayed geometry of a pdfium page (media box and rotation)."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    return Frame(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), rotation if rotation in (90, 180, 270) else 0)


def read_page(ctx: DocumentContext, index: int) -> PageContent | None:
    """Return page ``index`` (0-based) read and laid out, or None (with a warning) when pdfium cannot load it."""
    number = index + 1
    try:
        page = ctx.document[index]
    except Exception:  # noqa: BLE001 - pdfium's "failed to load page": the other pages may still be fine
        ctx.messages.warn("pdf.page-unreadable", f"page {number} cannot be read and is left out", ctx.where(number),
                          instead="left out")
        return None
    try:
        page_frame = frame_of(page)
        lines, frame = _read_lines(ctx, page, page_frame, number)
        content = PageContent(number, frame.width, frame.height, lines=lines)
        images = read_images(ctx.raw, page, frame, ctx.images, ctx.where(number))
        content.images_found = images.found
        tables, content.lines = _tables(ctx, page, frame, number, lines)
        figures, content.lines = read_figures(ctx, page, page_frame, frame, content.lines, tables + images.placed,
                                              number)
        content.placed = _backgrounds(images.placed, content) + tables + figures
        _report_images(ctx, number, images)
    finally:
        page.close()
    for line in content.lines:
        line.release()  # only table cells need glyph positions; a long document keeps just the text
    content.paras = paragraphs(reading_order(content.lines, content.placed))
    return content


def _read_lines(ctx: DocumentContext, page: Any, frame: Frame, number: int) -> tuple[list[Line], Frame]:
    textpage = page.get_textpage()
    try:
        reader = PageTextReader(ctx.raw, textpage, frame)
        if reader.char_count() > MAX_PAGE_CHARS:
            ctx.messages.warn("pdf.page-text-truncated", f"page {number} holds {reader.char_count():,} characters; "
                              f"only the first {MAX_PAGE_CHARS:,} are read", ctx.where(number),
                              instead="text cut short")
        return reader.read(MAX_PAGE_CHARS, read_links(ctx.raw, ctx.document, page))
    finally:
        textpage.close()


def _tables(ctx: DocumentContext, page: Any, frame: Frame, number: int, lines: list[Line]
            ) -> tuple[list[Placed], list[Line]]:
    """Return the page's ruled tables and the lines outside them (all lines when there is no table)."""
    if not lines:
        return [], lines
    rules = read_rules(ctx.raw, page)
    if rules.too_complex:
        ctx.messages.info("pdf.tables-skipped", f"page {number} draws too many shapes to search for tables; "
                          "any table on it is kept as text", ctx.where(number), instead="text only")
    if not rules.may_hold_table:
        return [], lines
    return find_tables(rules, frame, lines, ctx.where(number))


def read_figures(ctx: DocumentContext, page: Any, page_frame: Frame, frame: Frame, lines: list[Line],
                 carried: list[Placed], number: int) -> tuple[list[Placed], list[Line]]:
    """Return the page's vector figures as placed pictures and the lines that are not their labels (all lines
    when the text runs another way than the page, where regions and lines do not share coordinates)."""
    if frame.rotation != page_frame.rotation:
        return [], lines
    regions, left = take_labels(find_figures(ctx.raw, page, page_frame, carried), lines)
    placed = render_figures(page, page_frame, regions, ctx.images.add, ctx.where(number))
    if len(placed) < len(regions):
        return [], lines
    for region in regions:
        ctx.messages.info("pdf.figure-as-picture", f"a figure drawn on page {number} ({region.paths} shapes, "
                          f"{len(region.labels)} labels) is shown as a picture; its labels are its alt text",
                          ctx.where(number), instead="figure picture")
    return placed, left


def _backgrounds(placed: list[Placed], page: PageContent) -> list[Placed]:
    """Return the images with those covering most of a page that has text marked decorative (a background)."""
    area = page.width * page.height
    for item in placed:
        if page.lines and (item.x1 - item.x0) * (item.bottom - item.top) >= BACKGROUND_SHARE * area:
            item.block = item.block.model_copy(update={"decorative": True})
    return placed


def _report_images(ctx: DocumentContext, number: int, images: Any) -> None:
    where = ctx.where(number)
    for label in images.too_large:
        ctx.messages.warn("pdf.image-too-large", f"an image of {label} on page {number} is over the safety limit "
                          "and is left out", where, instead="left out")
    for label in images.failed:
        ctx.messages.warn("pdf.image-unreadable", f"an image ({label}) on page {number} cannot be decoded and "
                          "is left out", where, instead="left out")
    if images.found > MAX_IMAGES_PER_PAGE:
        ctx.messages.warn("pdf.too-many-images", f"page {number} holds more than {MAX_IMAGES_PER_PAGE} images; "
                          "the rest are left out", where, instead="left out")
