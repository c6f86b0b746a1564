"""Scanned PDF pages: read with Tesseract OCR when it is there, named in a warning when it is not."""

from __future__ import annotations

import json
import shutil
import textwrap
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import converter
from converter.model import Image, Paragraph, block_text
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.pdf import PdfExtractor
from extractors.pdf.ocr import (
    INSTALL_COMMAND,
    MAX_RENDER_PIXELS,
    TESSERACT_ENV,
    choose_languages,
    parse_tsv,
    render_scale,
)

from conftest import CORPUS, run_c2e

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TEXT = ("Safety training starts with the basics. Every worker wears gloves and goggles in the lab. "
        "Report spills to the supervisor at once and keep the exits clear. Know where the fire extinguishers "
        "hang and how to use them. Wash your hands before leaving the room, and sign the log book at the door.")
SECOND = "Questions go to the site manager, who answers them within two working days."
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed "
                                     f"({INSTALL_COMMAND}; make system-deps installs it)")


def scanned_pdf(path: Path, paragraphs: tuple[str, ...] = (TEXT, SECOND)) -> Path:
    """Write a one-page PDF holding only a picture of ``paragraphs`` (no text layer), as a scanner would."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    page = PILImage.new("RGB", (2480, 3508), "white")  # A4 at 300 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 46)
    y = 250
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, 62):
            draw.text((220, y), line, fill="black", font=font)
            y += 75
        y += 90
    page.save(path, "PDF", resolution=300)
    return path


def extract(path: Path, **options) -> object:
    return PdfExtractor().extract(Probe.read(path), ConvertOptions(**options))


def words(text: str) -> Counter[str]:
    return Counter(word.strip(".,").lower() for word in text.split())


def word_recall(expected: str, got: str) -> float:
    """Return the share of the expected words (as a multiset) found in ``got``."""
    want = words(expected)
    return sum((want & words(got)).values()) / sum(want.values())


def fake_tesseract(folder: Path, ocr_script: str) -> Path:
    """Return a stand-in Tesseract: it answers --version and --list-langs, then runs ``ocr_script``."""
    script = folder / "tesseract"
    script.write_text("#!/bin/sh\n"
                      'if [ "$1" = --version ]; then echo "tesseract 9.9.9"; exit 0; fi\n'
                      'if [ "$1" = --list-langs ]; then printf "List of available languages (2):\\neng\\nosd\\n"; '
                      "exit 0; fi\n" + ocr_script, encoding="utf-8")
    script.chmod(0o755)
    return script


def warnings_with(result, code: str) -> list:
    return [message for message in result.messages if message.code == code]


@needs_tesseract
def test_a_scanned_page_is_read_with_ocr_and_keeps_its_picture(tmp_path):
    result = extract(scanned_pdf(tmp_path / "scan.pdf"))
    (unit,) = result.value.units
    text = "\n".join(block_text(block) for block in unit.blocks if isinstance(block, Paragraph))
    assert word_recall(f"{TEXT} {SECOND}", text) >= 0.95, text
    assert unit.ocr is not None and unit.ocr.engine.startswith("tesseract ") and unit.ocr.languages == "eng"
    assert 0.6 <= unit.ocr.confidence <= 1 and unit.ocr.words >= len((TEXT + SECOND).split()) * 0.95
    (scan,) = [block for block in unit.blocks if isinstance(block, Image)]
    assert scan.role == "scan" and scan.alt == "Scanned page 1" and scan.width_px and scan.height_px
    assert [asset.id for asset in result.value.assets] == [scan.asset]  # the page's own image gave way to it
    assert not warnings_with(result, "pdf.scanned-page") and not warnings_with(result, "pdf.missing-alt-text")
    (read,) = [message for message in result.messages if message.code == "pdf.ocr-read"]
    assert read.where is not None and read.where.unit == 1 and f"{unit.ocr.words} words" in read.text


@needs_tesseract
def test_ocr_paragraphs_follow_the_page_and_the_reading_is_deterministic(tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf")
    first, again = extract(path).value, extract(path).value
    paragraphs = [block_text(block) for block in first.units[0].blocks if isinstance(block, Paragraph)]
    assert len(paragraphs) == 2 and word_recall(SECOND, paragraphs[1]) >= 0.9
    assert first.model_dump_json() == again.model_dump_json()


@needs_tesseract
def test_the_package_shows_the_ocr_text_and_the_scan_picture(tmp_path):
    result = converter.convert(scanned_pdf(tmp_path / "scan.pdf"), tmp_path / "out", format="scorm12")
    with zipfile.ZipFile(result.value.package) as package:
        html = "".join(package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".html"))
        names = package.namelist()
    assert 'alt="Scanned page 1"' in html and "fire extinguishers" in html
    asset = result.value.course.model_dump_json()
    assert any(name.endswith(".png") and Path(name).stem[:16] in asset for name in names)


def test_without_tesseract_a_scanned_page_is_named_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv(TESSERACT_ENV, "")
    result = extract(scanned_pdf(tmp_path / "scan.pdf"))
    (message,) = warnings_with(result, "pdf.scanned-page")
    assert "page 1" in message.text and INSTALL_COMMAND in message.text and message.where.unit == 1
    assert message.instead == "left out"
    (unit,) = result.value.units
    assert unit.ocr is None and [block.kind for block in unit.blocks] == ["image"]


@needs_tesseract
def test_ocr_never_leaves_the_scan_unread_and_says_so(tmp_path):
    result = extract(scanned_pdf(tmp_path / "scan.pdf"), ocr="never")
    (message,) = warnings_with(result, "pdf.scanned-page")
    assert "page 1" in message.text and "--ocr never" in message.text and message.instead == "left out"
    assert result.value.units[0].ocr is None


def test_a_failing_tesseract_is_a_warning_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv(TESSERACT_ENV, str(fake_tesseract(tmp_path, "echo broken >&2; exit 3\n")))
    result = extract(scanned_pdf(tmp_path / "scan.pdf"))
    (message,) = warnings_with(result, "pdf.scanned-page")
    assert "OCR failed" in message.text and "page 1" in message.text
    assert result.value.units[0].ocr is None and result.value.units[0].blocks


def test_low_confidence_pages_are_listed_for_checking(tmp_path, monkeypatch):
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t1\t{n}\t0\t0\t9\t9\t{conf}\t{word}"
            for n, (word, conf) in enumerate([("Blurred", 40), ("words", 35)], 1)]
    tsv = "\\n".join([header, *rows])
    monkeypatch.setenv(TESSERACT_ENV, str(fake_tesseract(tmp_path, f'printf "{tsv}\\n"\n')))
    result = extract(scanned_pdf(tmp_path / "scan.pdf"))
    unit = result.value.units[0]
    assert unit.ocr is not None and unit.ocr.engine == "tesseract 9.9.9" and unit.ocr.confidence == 0.375
    assert block_text(unit.blocks[0]) == "Blurred words"
    (message,) = warnings_with(result, "pdf.ocr-low-confidence")
    assert "page(s) 1" in message.text and message.instead == "OCR text, check it"


def test_tesseract_tsv_becomes_paragraphs_by_block_and_paragraph_in_nfc():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["1\t1\t0\t0\t0\t0\t0\t0\t9\t9\t-1\t",
            "5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t90\tCafe\u0301",
            "5\t1\t1\t1\t2\t1\t0\t0\t9\t9\t80\topen",
            "5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t70\tNext",
            "5\t1\t2\t1\t1\t2\t0\t0\t9\t9\t-1\t "]
    text = parse_tsv("\n".join([header, *rows]))
    assert text.paragraphs == ("Caf\u00e9 open", "Next") and text.words == 3 and text.confidence == 0.8


def test_a_huge_page_is_rendered_within_the_pixel_limit():
    assert render_scale(595, 842, 300) == 300 / 72  # A4 at full resolution
    scale = render_scale(14_400, 14_400, 300)  # the largest page PDF allows
    assert (14_400 * scale) ** 2 <= MAX_RENDER_PIXELS * 1.001


@pytest.mark.parametrize("requested, document, expected, missing", [
    (None, None, "eng", []),
    (None, "he-IL", "heb", []),
    (None, "ar", "ara", []),
    ("eng+heb", "ar", "eng+heb", []),
    (None, "de-DE", "eng", ["deu"]),
    ("fra+eng", None, "eng", ["fra"]),
])
def test_ocr_languages_come_from_the_option_else_the_document(requested, document, expected, missing):
    installed = frozenset({"eng", "heb", "ara", "osd"})
    assert choose_languages(requested, document, installed) == (expected, missing)


@needs_tesseract
def test_a_missing_language_is_named_and_the_page_still_read(tmp_path):
    result = extract(scanned_pdf(tmp_path / "scan.pdf"), ocr_lang="zzz+eng")
    (message,) = warnings_with(result, "pdf.ocr-language-missing")
    assert "zzz" in message.text and result.value.units[0].ocr.languages == "eng"


def typed_pdf(path: Path) -> Path:
    """Write a one-page PDF with a real text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 14)
    pdf.drawString(72, 760, "Typed text with a text layer")
    pdf.save()
    return path


def test_ocr_always_keeps_the_text_layer_when_tesseract_fails(tmp_path, monkeypatch):
    monkeypatch.setenv(TESSERACT_ENV, str(fake_tesseract(tmp_path, "exit 1\n")))
    result = extract(typed_pdf(tmp_path / "typed.pdf"), ocr="always")
    unit = result.value.units[0]
    assert unit.ocr is None and "Typed text" in block_text(unit.blocks[0])
    (message,) = warnings_with(result, "pdf.ocr-failed")
    assert "page 1" in message.text and not warnings_with(result, "pdf.scanned-page")


@needs_tesseract
def test_ocr_always_reads_pages_that_have_text_too(tmp_path):
    path = typed_pdf(tmp_path / "typed.pdf")
    assert extract(path).value.units[0].ocr is None
    unit = extract(path, ocr="always").value.units[0]
    assert unit.ocr is not None and "Typed text" in block_text(unit.blocks[0])


@needs_tesseract
def test_the_cli_passes_ocr_lang(tmp_path):
    run = run_c2e("inspect", "--ocr-lang", "eng+heb", str(scanned_pdf(tmp_path / "scan.pdf")))
    assert run.returncode == 0, run.stderr
    (unit,) = json.loads(run.stdout)["units"]
    assert unit["ocr"]["languages"] == "eng+heb"


@needs_tesseract
@pytest.mark.corpus
def test_real_scans_are_read_and_real_ocr_layers_kept():
    pdfs = CORPUS / "real" / "pdf"
    scan = extract(pdfs / "docling__ocr_test.pdf").value
    assert all(unit.ocr is not None and unit.ocr.words for unit in scan.units if not unit.hidden)
    layered = extract(pdfs / "unstructured__pdf-with-ocr-text.pdf")
    assert all(unit.ocr is None for unit in layered.value.units)  # it has a text layer: auto leaves it alone
