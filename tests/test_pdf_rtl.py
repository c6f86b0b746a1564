"""Right-to-left PDF text: Hebrew with points and Arabic with harakat come out whole, NFC and in reading order.

The PDF is made in the test: LibreOffice sets right-to-left Word paragraphs (DejaVu Sans has both scripts)
with real shaping, so marks sit over and under their letters and pdfium's own spacing guesses go wrong.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

import converter
from converter.model import block_text
from extractors.pdf.bidi import logical_order

LINES = (
    "וּנְחַלְתֶּם אֶת הָאָרֶץ בְּגוֹרָל",
    "בְּרֵאשִׁית בָּרָא אֱלֹהִים 2024 אֵת הַשָּׁמַיִם ABC וְאֵת הָאָרֶץ",
    "בִּשְׁנַת 1948 (תש״ח) נוֹסְדָה הַמְּדִינָה",
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
    "اَلْعَرَبِيَّةُ لُغَةٌ جَمِيلَةٌ 123",
    "قَالَ (الْمُعَلِّمُ) 45 دَرْسًا",
)



def _rtl_paragraph(document: object, text: str) -> None:
    """Add a right-to-left paragraph set in DejaVu Sans, 12 points, 12 points apart from the next."""
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(12)
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    run = paragraph.add_run(text)
    run.font.size = Pt(12)
    properties = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), "DejaVu Sans")
    properties.append(fonts)
    properties.append(OxmlElement("w:rtl"))
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), "24")
    properties.append(size)


@pytest.fixture(scope="module")
def rtl_pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rtl")
    document = Document()
    for text in LINES:
        _rtl_paragraph(document, text)
    source = folder / "pointed.docx"
    document.save(str(source))
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / "pointed.pdf"


def _texts(path: Path) -> list[str]:
    doc = converter.extract(path).value
    return [block_text(block) for unit in doc.units for block in unit.blocks]


def test_pointed_hebrew_and_arabic_come_out_whole_and_in_reading_order(rtl_pdf):
    text = " ".join(_texts(rtl_pdf))  # single-line paragraphs evenly spaced may be read as one paragraph
    assert text == " ".join(unicodedata.normalize("NFC", line) for line in LINES)


def test_no_word_is_split_by_a_space_inside_it(rtl_pdf):
    words = {word for text in _texts(rtl_pdf) for word in text.split()}
    expected = {unicodedata.normalize("NFC", word) for line in LINES for word in line.split()}
    assert words == expected
    assert not any(unicodedata.category(word[0]) == "Mn" for word in words)


def test_the_text_is_nfc(rtl_pdf):
    assert all(unicodedata.is_normalized("NFC", text) for text in _texts(rtl_pdf))


def test_marks_stay_on_the_letter_under_them_whatever_their_stream_order():
    # visual order (left to right): BET with its points drawn to its left, a space, ALEF; marks first in stream
    texts = ["\u05b0", "\u05d1", " ", "\u05d0"]
    boxes = [(9.0, 0, 10.0, 12), (8.0, 0, 14.0, 12), (4.0, 0, 8.0, 12), (0.0, 0, 4.0, 12)]
    order = logical_order(texts, boxes, lambda _: 12.0, 0, 4)
    assert "".join(text for _, text in order) == "\u05d1\u05b0 \u05d0"


def test_a_number_and_latin_inside_hebrew_keep_their_own_order():
    # visual: "AB 12 דגבא" drawn left to right; logical: "אבגד 12 AB"
    letters = "AB 12 \u05d3\u05d2\u05d1\u05d0"
    boxes = [(6.0 * n, 0, 6.0 * n + 6, 12) if char != " " else (6.0 * n, 0, 6.0 * n + 3, 12)
             for n, char in enumerate(letters)]
    order = logical_order(list(letters), boxes, lambda _: 12.0, 0, len(letters))
    assert "".join(text for _, text in order) == "\u05d0\u05d1\u05d2\u05d3 12 AB"


def test_a_gap_wider_than_a_space_makes_a_space_and_pdfiums_generated_spaces_do_not():
    texts = ["\u05d0", " ", "\u05d1", "\u05d2"]
    boxes = [(20.0, 0, 26, 12), None, (13.0, 0, 19.8, 12), (0.0, 0, 6, 12)]  # 1.2 pt, then 7 pt apart
    order = logical_order(texts, boxes, lambda _: 12.0, 0, 4)
    assert "".join(text for _, text in order) == "\u05d0\u05d1 \u05d2"


def test_left_to_right_text_with_marks_keeps_pdfiums_order_and_loses_its_generated_spaces():
    # "e" + combining acute with a generated space between, then Devanagari KA + vowel sign I drawn left of it
    texts = ["e", " ", "\u0301", "t", " ", "\u0915", "\u093f"]
    boxes = [(0.0, 0, 6, 12), None, (2.0, 0, 4, 12), (6.0, 0, 10, 12), (10.0, 0, 14, 12), (17.0, 0, 23, 12),
             (14.0, 0, 17, 12)]
    order = logical_order(texts, boxes, lambda _: 12.0, 0, len(texts))
    assert unicodedata.normalize("NFC", "".join(text for _, text in order)) == "\u00e9t \u0915\u093f"
