"""Scanned PDF pages (a picture of text, no text layer) read with Tesseract OCR, the page picture kept beside.

Tesseract is called directly as a subprocess with TSV output rather than through pytesseract: pytesseract is
itself a thin wrapper that writes temporary files and shells out to the same binary, so calling it ourselves
costs no extra dependency, lets us pipe the page in on stdin, set a per-page timeout and turn every failure into
a warning. ``C2E_TESSERACT`` names the binary to use (empty: behave as if Tesseract were not installed).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from converter.model import Block, Image, OcrInfo, Paragraph, Span, Unit
from converter.options import ConvertOptions

from .pages import DocumentContext, PageContent

TESSERACT_ENV = "C2E_TESSERACT"
"""Environment variable naming the Tesseract binary; set but empty means Tesseract counts as absent."""
INSTALL_COMMAND = "apt install tesseract-ocr"
OCR_DPI = 300
"""Resolution of the picture Tesseract reads: its models are trained on text at about this resolution."""
SCAN_DPI = 110
"""Resolution of the page picture kept for the learner beside the text: readable, a few hundred kilobytes."""
MAX_RENDER_PIXELS = 40_000_000
"""A page is never rendered larger than this (A4 at 300 dpi is 8.7 million pixels)."""
TIMEOUT_SECONDS = 120
LOW_CONFIDENCE = 0.6
"""Pages whose mean word confidence is below this are listed for checking."""
LANGUAGES = {
    "en": "eng", "he": "heb", "iw": "heb", "ar": "ara", "de": "deu", "fr": "fra", "es": "spa", "it": "ita",
    "pt": "por", "nl": "nld", "ru": "rus", "uk": "ukr", "pl": "pol", "cs": "ces", "sv": "swe", "da": "dan",
    "no": "nor", "nb": "nor", "fi": "fin", "tr": "tur", "el": "ell", "hu": "hun", "ro": "ron", "ja": "jpn",
    "ko": "kor", "zh": "chi_sim", "zh-TW": "chi_tra", "zh-HK": "chi_tra", "hi": "hin", "fa": "fas", "vi": "vie",
    "th": "tha", "id": "ind",
}
"""BCP 47 primary language (or language-region) to Tesseract's traineddata name."""


@dataclass(frozen=True)
class Tesseract:
    """An installed Tesseract: its command, version and the languages it has traineddata for."""

    command: str
    version: str
    installed: frozenset[str]


@dataclass(frozen=True)
class OcrText:
    """What Tesseract read on one page: paragraphs of text, the number of words and their mean confidence."""

    paragraphs: tuple[str, ...]
    words: int
    confidence: float


@dataclass
class Scan:
    """An OCR'd page: its text blocks, the page picture and how sure Tesseract was."""

    blocks: tuple[Block, ...]
    info: OcrInfo
    replaced: set[str] = field(default_factory=set)
    """Assets of the page's own images, now shown through the page picture."""


def find_tesseract() -> Tesseract | None:
    """Return the Tesseract named by ``C2E_TESSERACT`` (else on the PATH), or None when absent or broken."""
    named = os.environ.get(TESSERACT_ENV)
    command = shutil.which(named or "tesseract") if named != "" else None
    if command is None:
        return None
    try:
        version = _run([command, "--version"], b"").splitlines()
        langs = _run([command, "--list-langs"], b"").splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    name = version[0].strip() if version else "tesseract"
    return Tesseract(command, name, frozenset(line.strip() for line in langs[1:] if line.strip()))


def choose_languages(requested: str | None, document_language: str | None, installed: frozenset[str]
                     ) -> tuple[str, list[str]]:
    """Return the ``+``-joined languages to read with and those asked for but not installed.

    ``requested`` (``--ocr-lang``) wins, else the document's BCP 47 language mapped to Tesseract's names, else
    ``eng``; when none of the wanted languages is installed, ``eng`` (or any installed one) is used instead.
    """
    wanted = requested.split("+") if requested else [_from_bcp47(document_language)]
    usable = [code for code in dict.fromkeys(wanted) if code in installed]
    missing = [code for code in dict.fromkeys(wanted) if code not in installed]
    if not usable:
        usable = ["eng"] if "eng" in installed else sorted(installed - {"osd"})[:1]
    return "+".join(usable), missing


def _from_bcp47(tag: str | None) -> str:
    if not tag:
        return "eng"
    parts = tag.split("-")
    region = f"{parts[0].lower()}-{parts[1].upper()}" if len(parts) > 1 else ""
    return LANGUAGES.get(region) or LANGUAGES.get(parts[0].lower(), "eng")


def is_scanned(page: PageContent) -> bool:
    """Return True for a page that shows images but has no text layer (a scan); text in tables is text too."""
    return not page.lines and page.images_found > 0 and all(isinstance(item.block, Image) for item in page.placed)


def read_scans(ctx: DocumentContext, pages: list[PageContent], options: ConvertOptions,
               document_language: str | None) -> dict[int, Scan]:
    """Return the OCR'd pages by page number: scans in ``auto`` mode, every page in ``always``, none in ``never``.

    Scans left unread (``never``, no Tesseract, a failed run) are named in a ``pdf.scanned-page`` warning.
    """
    wanted = [page for page in pages if options.ocr == "always" or is_scanned(page)]
    if not wanted:
        return {}
    tesseract = find_tesseract() if options.ocr != "never" else None
    if tesseract is None:
        _report_unread(ctx, [page for page in wanted if is_scanned(page)], options.ocr == "never")
        if options.ocr == "always":
            ctx.messages.warn("pdf.ocr-failed", f"--ocr always: Tesseract is not installed ({INSTALL_COMMAND}); "
                              "pages are read from their text layer", ctx.where())
        return {}
    languages, missing = choose_languages(options.ocr_lang, document_language, tesseract.installed)
    if missing:
        ctx.messages.warn("pdf.ocr-language-missing", f"Tesseract has no data for {', '.join(missing)}; pages "
                          f"are read as {languages} (install tesseract-ocr-<language>)", ctx.where(),
                          instead=f"read as {languages}")
    scans = {}
    for page in wanted:
        scan = _read_scan(ctx, page, tesseract, languages)
        if scan is not None:
            scans[page.number] = scan
    _report_ocr(ctx, scans)
    return scans


def _read_scan(ctx: DocumentContext, page: PageContent, tesseract: Tesseract, languages: str) -> Scan | None:
    """Return the page read by Tesseract, or None (with a warning) when it cannot be rendered or read."""
    try:
        picture, ocr_png = _render(ctx, page.number - 1)
        text = read_text(tesseract, ocr_png, languages)
    except (OSError, RuntimeError, subprocess.SubprocessError, ValueError) as error:  # pdfium: RuntimeError
        _report_failure(ctx, page, f"OCR failed on it ({type(error).__name__})")
        return None
    if not text.words:
        _report_failure(ctx, page, "OCR finds no text on it")
        return None
    where = ctx.where(page.number)
    asset = ctx.images.add(picture.data, "image/png", "png")
    image = Image(asset=asset.id, role="scan", alt=f"Scanned page {page.number}", width_px=picture.width,
                  height_px=picture.height, where=where)
    paragraphs = tuple(Paragraph(spans=(Span(text=para),), where=where) for para in text.paragraphs)
    blocks: tuple[Block, ...] = (*paragraphs, image)
    info = OcrInfo(engine=tesseract.version, languages=languages, confidence=text.confidence, words=text.words)
    replaced = {item.block.asset for item in page.placed if isinstance(item.block, Image)}
    return Scan(blocks, info, replaced)


@dataclass(frozen=True)
class _Picture:
    data: bytes
    width: int
    height: int


def _render(ctx: DocumentContext, index: int) -> tuple[_Picture, bytes]:
    """Return the page picture for the learner and the PNG Tesseract reads (both rendered by pdfium)."""
    page = ctx.document[index]
    try:
        width, height = page.get_size()
        ocr_image = page.render(scale=render_scale(width, height, OCR_DPI), grayscale=True).to_pil()
        scan_image = page.render(scale=render_scale(width, height, SCAN_DPI)).to_pil().convert("RGB")
    finally:
        page.close()
    return _Picture(_png(scan_image, 9), *scan_image.size), _png(ocr_image, 1)


def render_scale(width: float, height: float, dpi: int) -> float:
    """Return pdfium's scale for ``dpi``, lowered so that a (hostile) huge page stays under ``MAX_RENDER_PIXELS``."""
    scale = dpi / 72
    area = max(width * height, 1.0) * scale * scale
    return scale if area <= MAX_RENDER_PIXELS else scale * (MAX_RENDER_PIXELS / area) ** 0.5


def _png(image: Any, level: int) -> bytes:
    """Return ``image`` as PNG bytes without metadata (the same page always gives the same bytes)."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=level)
    return buffer.getvalue()


def read_text(tesseract: Tesseract, png: bytes, languages: str) -> OcrText:
    """Return the text Tesseract reads in ``png``: paragraphs from its block and paragraph numbers, NFC."""
    tsv = _run([tesseract.command, "stdin", "stdout", "-l", languages, "--dpi", str(OCR_DPI), "tsv"], png)
    return parse_tsv(tsv)


def parse_tsv(tsv: str) -> OcrText:
    """Return the paragraphs, word count and mean confidence (0..1) of Tesseract's TSV output.

    Lines come from Tesseract's block, paragraph and line numbers; a new block starts a paragraph, and so does a
    new Tesseract paragraph unless it merely continues a sentence (the line before ends without . ! ? or :, with
    no more than line spacing between them): Tesseract splits left-aligned paragraphs after short first lines.
    """
    lines: dict[tuple[str, ...], _Line] = {}
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        line = lines.setdefault(key, _Line(key[:2], key[:3]))
        line.add(text, int(row.get("top") or 0), int(row.get("height") or 0))
        confidences.append(float(row["conf"]))
    mean = sum(confidences) / len(confidences) / 100 if confidences else 0.0
    return OcrText(_paragraphs(list(lines.values())), len(confidences), round(min(max(mean, 0.0), 1.0), 4))


@dataclass
class _Line:
    block: tuple[str, ...]
    par: tuple[str, ...]
    words: list[str] = field(default_factory=list)
    top: int = 1 << 30
    bottom: int = 0

    def add(self, text: str, top: int, height: int) -> None:
        self.words.append(text)
        self.top, self.bottom = min(self.top, top), max(self.bottom, top + height)


def _paragraphs(lines: list[_Line]) -> tuple[str, ...]:
    """Return the lines joined into paragraphs (see ``parse_tsv``)."""
    paragraphs: list[list[str]] = []
    previous: _Line | None = None
    for line in lines:
        if previous is None or line.block != previous.block or (line.par != previous.par
                                                                 and not _continues(previous, line)):
            paragraphs.append([])
        paragraphs[-1].append(" ".join(line.words))
        previous = line
    return tuple(" ".join(paragraph) for paragraph in paragraphs)


def _continues(previous: _Line, line: _Line) -> bool:
    height = max(previous.bottom - previous.top, 1)
    return not previous.words[-1].endswith((".", "!", "?", ":")) and line.top - previous.bottom <= height


def _run(command: list[str], data: bytes) -> str:
    """Return the command's standard output; raises ``CalledProcessError`` or ``TimeoutExpired`` on failure."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread per page: parallel conversions share the cores
    done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT_SECONDS, check=True, env=env)
    return done.stdout.decode("utf-8", "replace")


def apply_scan(unit: Unit, scan: Scan | None) -> Unit:
    """Return ``unit`` with its blocks replaced by the OCR text and the page picture when the page was read."""
    if scan is None:
        return unit
    return unit.model_copy(update={"blocks": scan.blocks, "ocr": scan.info, "hidden": False,
                                   "attrs": {k: v for k, v in unit.attrs.items() if k != "blank"}})


def unused_assets(scans: dict[int, Scan], units: Iterable[Unit]) -> set[str]:
    """Return the assets of scanned pages' own images that no unit shows any more (the page picture does)."""
    replaced = {asset for scan in scans.values() for asset in scan.replaced}
    shown = {block.asset for unit in units for block in unit.blocks if isinstance(block, Image)}
    return replaced - shown


def _report_failure(ctx: DocumentContext, page: PageContent, what: str) -> None:
    """Name a scan left unread (its picture stays); a page with a text layer (``--ocr always``) keeps it."""
    where = ctx.where(page.number)
    if is_scanned(page):
        ctx.messages.warn("pdf.scanned-page", f"page {page.number} has no text layer and {what}; its picture is "
                          "kept without its text", where, instead="left out")
    elif what.startswith("OCR failed"):
        ctx.messages.warn("pdf.ocr-failed", f"page {page.number}: {what}; its own text layer is kept", where)


def _report_unread(ctx: DocumentContext, pages: list[PageContent], never: bool) -> None:
    why = "OCR is off (--ocr never)" if never else f"Tesseract is not installed ({INSTALL_COMMAND})"
    for page in pages:
        ctx.messages.warn("pdf.scanned-page", f"page {page.number} has no text layer, only images, and its text "
                          f"is not read: {why}; its picture is kept", ctx.where(page.number), instead="left out")


def _report_ocr(ctx: DocumentContext, scans: dict[int, Scan]) -> None:
    """Say on each page that its text was read by OCR (so the report shows it), then list the unsure pages."""
    for number, scan in sorted(scans.items()):
        ctx.messages.info("pdf.ocr-read", f"page {number} has no text layer: its {scan.info.words} words were read "
                          f"by OCR ({scan.info.engine}, {scan.info.languages}, mean confidence "
                          f"{scan.info.confidence:.0%}) and its picture is kept", ctx.where(number))
    low = [number for number, scan in sorted(scans.items()) if scan.info.confidence < LOW_CONFIDENCE]
    if low:
        listed = ", ".join(str(number) for number in low)
        ctx.messages.warn("pdf.ocr-low-confidence", f"OCR is unsure of the text of page(s) {listed} (mean word "
                          f"confidence under {LOW_CONFIDENCE:.0%}); compare it with the page picture",
                          ctx.where(low[0]) if len(low) == 1 else ctx.where(), instead="OCR text, check it")
