"""The PDF extractor: a PDF (handout, manual, slide export) to a ``SourceDocument`` with one unit per page."""

from __future__ import annotations

import ctypes
import re
from typing import Any

from converter.errors import EmptyInputError, LimitExceededError
from converter.model import SCHEMA_VERSION, Image, SourceDocument, Unit, block_text
from converter.options import ConvertOptions, Limits
from converter.probe import Probe
from converter.result import Messages

from .._extract import source_info
from .._keys import short_hash, unique_keys
from .blocks import TypeScale, type_scale
from .furniture import Furniture, page_ranges, remove_furniture
from .ocr import apply_scan, is_scanned, read_scans, unused_assets
from .open import load_pdfium, open_document
from .outline import read_outline, sections_by_page, titles_by_page
from .pages import DocumentContext, PageContent, read_page
from .units import Outline, build_unit, largest_para, looks_like_slides

GENERIC_TITLES = frozenset({
    "untitled", "title", "document", "presentation", "powerpoint presentation", "slide 1", "microsoft word",
    "pdf", "print", "default", "new document", "no title", "none",
})
FILE_NAME_TITLE = re.compile(r"(^microsoft (word|powerpoint) - )|\.(docx?|pptx?|pdf|odt|odp|rtf|txt|tex|dvi|indd|"
                             r"qxd|pages|key|xlsx?|html?)$", re.IGNORECASE)


def read_pdf(probe: Probe, limits: Limits, messages: Messages, options: ConvertOptions | None = None
             ) -> SourceDocument:
    """Return the PDF as a source document; raises ``EmptyInputError`` when it holds no text and no image.
    ``options`` says whether scanned pages are read with OCR (``ocr``, ``ocr_lang``)."""
    path = probe.path
    _, raw = load_pdfium()
    document = open_document(path)
    ctx = DocumentContext(raw, document, path, messages)
    try:
        count = len(document)
        if count > limits.max_units:
            raise LimitExceededError(f"has {count:,} pages; the limit is {limits.max_units:,}", path, "max_units")
        pages = [content for index in range(count) if (content := read_page(ctx, index)) is not None]
        return _document(ctx, pages, options or ConvertOptions())
    finally:
        document.close()


def _document(ctx: DocumentContext, pages: list[PageContent], options: ConvertOptions) -> SourceDocument:
    if not any(page.lines or page.placed for page in pages):
        raise EmptyInputError("has no text and no pictures on any page", ctx.path)
    furniture = remove_furniture(pages)
    scale = type_scale([page.paras for page in pages])
    slides = looks_like_slides(pages)
    entries = read_outline(ctx.raw, ctx.document)
    outline = Outline(titles_by_page(entries), sections_by_page(entries, len(ctx.document)))
    language = _language(ctx.raw, ctx.document)
    scans = read_scans(ctx, pages, options, language)
    units = page_keys([apply_scan(_unit(page, scale, outline, slides, furniture, ctx.path.name),
                                  scans.get(page.number)) for page in pages])
    _report(ctx, pages, set(scans))
    _report_running(ctx, furniture)
    unused = unused_assets(scans, units)
    return SourceDocument(
        schema_version=SCHEMA_VERSION,
        source=source_info(ctx.path, "pdf", _identity(ctx)),
        title=_title(ctx, pages, units, scale),
        language=language,
        units=units,
        assets=tuple(asset for asset in ctx.images.assets.values() if asset.id not in unused),
        attrs={"layout": "slides" if slides else "pages"},
    )


def _unit(page: PageContent, scale: TypeScale, outline: Outline, slides: bool,
          furniture: Furniture, file: str) -> Unit:
    unit = build_unit(page, scale, outline, slides, file)
    extras = furniture.get(page.number)
    return unit.model_copy(update={"attrs": {**unit.attrs, **extras}}) if extras else unit


def page_keys(units: list[Unit]) -> tuple[Unit, ...]:
    """Return the units keyed by their content: ``page-<16 hex of the sha256 of the page's text>`` (its title and
    body; furniture such as page numbers already removed, so inserting a page changes no other key), ``page-`` of
    its pictures' hashes for a page without text, ``blank-<n>`` for the n-th blank page; repeats get ``-2``..."""
    keys, blanks = [], 0
    for unit in units:
        text = "\n".join([unit.title or "", *(" ".join(block_text(block).split()) for block in unit.blocks)]).strip()
        pictures = " ".join(block.asset for block in unit.blocks if isinstance(block, Image))
        if text or pictures:
            keys.append("page-" + short_hash(text or pictures))
        else:
            blanks += 1
            keys.append(f"blank-{blanks}")
    return tuple(unit.model_copy(update={"key": key}) for unit, key in zip(units, unique_keys(keys), strict=True))


def _identity(ctx: DocumentContext) -> str | None:
    """Return the PDF's own identity: the first (permanent) ``/ID`` of its trailer in hex, else its Info ``Title``
    and ``CreationDate`` (``title@date``) when both say something; None otherwise. Never the file name."""
    raw, document = ctx.raw, ctx.document
    size = raw.FPDF_GetFileIdentifier(document.raw, raw.FILEIDTYPE_PERMANENT, None, 0)
    if 1 < size <= 1024:
        buffer = ctypes.create_string_buffer(size)
        raw.FPDF_GetFileIdentifier(document.raw, raw.FILEIDTYPE_PERMANENT, buffer, size)
        value = buffer.raw[: size - 1]
        if value.strip(b"\x00"):
            return value.hex()
    title = " ".join(_meta_text(raw, document, "Title").split())
    created = _meta_text(raw, document, "CreationDate").strip()
    if title and created and title.lower() not in GENERIC_TITLES and not FILE_NAME_TITLE.search(title):
        return f"{title}@{created}"
    return None


def _report(ctx: DocumentContext, pages: list[PageContent], ocr_pages: set[int]) -> None:
    """Add the document's messages: blank pages, images without alt text, skipped specks (scans: ``ocr``)."""
    for page in pages:
        if not page.paras and not is_scanned(page):
            ctx.messages.info("pdf.blank-page", f"page {page.number} is blank and becomes no screen",
                              ctx.where(page.number))
    store = ctx.images
    without_alt = sum(1 for page in pages if page.number not in ocr_pages for item in page.placed
                      if item.block.kind == "image" and not item.block.alt and not item.block.decorative)
    if without_alt:
        ctx.messages.warn("pdf.missing-alt-text", f"{without_alt} image(s) have no alt text (the PDF does not "
                          "describe them); add descriptions before publishing", ctx.where())
    if store.tiny:
        ctx.messages.info("pdf.tiny-images-skipped", f"{store.tiny} image(s) smaller than 10 points (bullets, "
                          "rules) are left out", ctx.where(), instead="left out")


def _report_running(ctx: DocumentContext, furniture: Furniture) -> None:
    """Add one message for each running header or footer left out of the pages' text, and one for the lone page
    numbers."""
    for running in furniture.running:
        ctx.messages.info("pdf.running-header-removed", f"the running {running.zone} \"{running.text}\" on pages "
                          f"{page_ranges(running.pages)} is left out of the text (kept in the pages' attributes)",
                          ctx.where(), instead="removed (repeats on every page)")
    if (numbers := furniture.numbers) is not None:
        ctx.messages.info("pdf.page-numbers-removed", f"the page numbers (such as \"{numbers.text}\") on pages "
                          f"{page_ranges(numbers.pages)} are left out of the text (kept in the pages' attributes)",
                          ctx.where(), instead="removed (the player numbers its screens)")


def _title(ctx: DocumentContext, pages: list[PageContent], units: tuple[Unit, ...], scale: TypeScale) -> str:
    """Return the metadata title when it says something, else the first page's largest text when it stands out
    as a heading, else the first unit title, else the file stem."""
    meta = " ".join(_meta_text(ctx.raw, ctx.document, "Title").split())
    if len(meta) >= 3 and meta.lower() not in GENERIC_TITLES and not FILE_NAME_TITLE.search(meta):
        return meta
    first = largest_para(pages[0].paras) if pages else None
    if first is not None and scale.is_large(first):
        return " ".join(first.text.split())
    return next((unit.title for unit in units if unit.title), None) or ctx.path.stem


def _meta_text(raw: Any, document: Any, key: str) -> str:
    size = raw.FPDF_GetMetaText(document.raw, key.encode("ascii"), None, 0)
    if size <= 2 or size > 100_000:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDF_GetMetaText(document.raw, key.encode("ascii"), buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace").replace("\x00", "")


def _language(raw: Any, document: Any) -> str | None:
    """Return the catalog's ``/Lang`` (a BCP 47 tag such as ``en-US``) when it looks like one."""
    size = raw.FPDFCatalog_GetLanguage(document.raw, None, 0)
    if size <= 2 or size > 200:
        return None
    buffer = (ctypes.c_ushort * (size // 2))()
    raw.FPDFCatalog_GetLanguage(document.raw, buffer, size)
    tag = bytes(buffer)[: size - 2].decode("utf-16-le", "replace").strip()
    if not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", tag):
        return None
    language, *rest = tag.split("-")
    return "-".join([language.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])
