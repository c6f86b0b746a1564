"""Text recall of the PDF extractor on every real PDF, against pdfminer.six's ``extract_text`` as reference.

pdfminer is an independent reader (pure Python, its own fonts, encodings and layout), so words both agree on
are words really on the page. Normalisations keep the comparison about content rather than either reader's
spelling of it; each is applied to both sides alike or undoes a known pdfminer artefact:

* ``(cid:N)`` is pdfminer's stand-in for a glyph it cannot map to text: a line made mostly of them is not
  text, and a lone one is dropped;
* both sides are NFKC-normalised (``ﬁ`` ligature glyphs are the letters f and i);
* a word hyphenated across lines (``infor-`` / ``mation``) is joined, as the extractor joins it;
* words of one character are not counted: that is where the readers' word boundaries part (pdfminer writes
  sideways text one glyph per line, and cuts math subscripts and letter-spaced text differently), and they
  carry little content;
* where the two readers cannot agree on word boundaries, recall is counted in characters (each letter or
  digit a "word" for ``recall``): right-to-left documents, where pdfminer writes glyphs in visual order and
  pdfium in logical order and each cuts Arabic words at different gaps, and an OCR text layer placed glyph by
  glyph (pdfminer gives ``t h e ir``, pdfium ``their``). Dropped text still shows: a lost line or page is lost
  characters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.pdf import PdfExtractor

from conftest import CORPUS
from recall import model_text, recall

REAL_PDFS = sorted((CORPUS / "real" / "pdf").glob("*.pdf"))
MIN_RECALL = 0.99
WITHOUT_TEXT_LAYER = {"docling__ocr_test.pdf"}
"""Scans with no text layer: read with OCR (``Unit.ocr`` set), else named in a ``pdf.scanned-page`` warning."""
LETTER_SPACED = {"unstructured__pdf-with-ocr-text.pdf"}
"""An OCR text layer whose glyphs sit apart: word boundaries differ between readers."""
CID = re.compile(r"\(cid:\d+\)")
HYPHENATED = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad]\s*\n\s*(?=[a-zà-ÿ])")
RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
TATWEEL = "\u0640"
REPEATED = re.compile(r"(\w)\1+")
SINGLE = re.compile(r"(?<!\w)\w(?!\w)")


def pdfminer_text(path: Path, cache=None) -> str:
    """Return pdfminer's text of ``path``; kept in pytest's cache per file digest and pdfminer version."""
    import pdfminer
    from pdfminer.high_level import extract_text

    key = f"c2e/pdfminer/{path.name}-{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}-{pdfminer.__version__}"
    text = cache.get(key, None) if cache is not None else None
    if text is None:
        text = extract_text(str(path))
        if cache is not None:
            cache.set(key, text)
    return text


def reference_text(path: Path, cache=None) -> str:
    """Return pdfminer's text of ``path`` (NFKC) with unmappable glyphs and line-end hyphenation taken out."""
    lines = []
    for line in pdfminer_text(path, cache).splitlines():
        unmapped = sum(len(match) for match in CID.findall(line))
        if unmapped * 2 > len(line.replace(" ", "")):
            continue
        lines.append(CID.sub(" ", line))
    return HYPHENATED.sub("", unicodedata.normalize("NFKC", "\n".join(lines)))


def mostly_rtl(text: str) -> bool:
    """Return True when most letters of ``text`` are Arabic or Hebrew."""
    letters = re.findall(r"[^\W\d_]", text)
    return len(RTL_LETTER.findall(text)) * 2 > len(letters)


def characters(text: str) -> str:
    """Return the letters and digits of ``text`` one per word, for character recall.

    NFKC first; elongation is not content, so tatweel is dropped and a letter repeated in a row counts once
    (justified Arabic stretched with overprinted glyphs, which pdfium merges and pdfminer keeps).
    """
    text = REPEATED.sub(r"\1", unicodedata.normalize("NFKC", text).replace(TATWEEL, ""))
    return " ".join(ch for ch in text if ch.isalnum())


def text_recall(path: Path, extracted: str, cache=None) -> float:
    """Return word recall against the reference, or character recall where word boundaries are unreliable."""
    reference = reference_text(path, cache)
    if path.name in LETTER_SPACED or mostly_rtl(reference):
        return recall(characters(reference), characters(extracted))
    return recall(longer_words(reference), longer_words(unicodedata.normalize("NFKC", extracted)))


def longer_words(text: str) -> str:
    """Return ``text`` without its one-character words."""
    return SINGLE.sub(" ", text)


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda p: p.name)
def test_real_pdf_keeps_its_text(path: Path, request):
    result = PdfExtractor().extract(Probe.read(path), ConvertOptions())
    codes = {message.code for message in result.messages}
    if path.name in WITHOUT_TEXT_LAYER:
        read = all(unit.ocr for unit in result.value.units if not unit.hidden)
        assert read or "pdf.scanned-page" in codes, f"{path.name}: a page without text layer must be OCR'd or named"
        return
    score = text_recall(path, model_text(result.value), getattr(request.config, "cache", None))
    assert score >= MIN_RECALL, f"{path.name}: recall {score:.4f} < {MIN_RECALL}"


def test_the_real_corpus_is_there():
    assert len(REAL_PDFS) >= 20
