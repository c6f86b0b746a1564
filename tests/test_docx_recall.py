"""Text recall of the DOCX extractor on every real document, against a reference read straight from the zip.

The reference is independent of the extractor and of python-docx: zipfile and lxml only. It takes every
``w:t`` of the document body, runs joined per ``w:p`` (a paragraph nested in a text box is its own line),
with ``w:tab``, ``w:br`` and ``w:cr`` read as spaces so a tab leader does not glue two words. Deleted text
is ``w:delText``, never ``w:t``, so it is not in the reference. Two things are left out because Word shows
them only once or not at all: the ``mc:Fallback`` branch of an ``mc:AlternateContent`` (a second rendering
of the Choice) and ``w:moveFrom`` (text a tracked move took elsewhere; its ``w:moveTo`` copy counts).
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.docx import DocxExtractor

from conftest import CORPUS, manifest_paths
from recall import model_text, recall

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REAL_DOCUMENTS = sorted((CORPUS / "real" / "docx").glob("*.docx"))
HANDBOOK = CORPUS / "real" / "docx" / "unstructured__handbook-872p.docx"
MIN_RECALL = 0.99
MAX_SECONDS = 60.0
HANDBOOK_SECONDS = 10.0
_TEXT, _SPACES = f"{{{W}}}t", {f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"}
_LEFT_OUT = {f"{{{MC}}}Fallback", f"{{{W}}}moveFrom"}


def reference_text(path: Path) -> str:
    """Return the body's text, one line per ``w:p`` (see the module docstring for what counts)."""
    with zipfile.ZipFile(path) as archive:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(archive.read("word/document.xml"), parser)
    lines: dict[etree._Element, list[str]] = {}
    for body in root.iter(f"{{{W}}}body"):
        for element in body.iter(_TEXT, *_SPACES):
            paragraph = next(element.iterancestors(f"{{{W}}}p"), None)
            if paragraph is None or any(a.tag in _LEFT_OUT for a in element.iterancestors()):
                continue
            lines.setdefault(paragraph, []).append((element.text or "") if element.tag == _TEXT else " ")
    return "\n".join("".join(pieces) for pieces in lines.values())


def test_the_real_corpus_is_there():
    assert REAL_DOCUMENTS and REAL_DOCUMENTS == manifest_paths('real/docx')


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL_DOCUMENTS, ids=lambda p: p.name)
def test_every_word_of_the_body_is_extracted(path):
    started = time.perf_counter()
    document = DocxExtractor().extract(Probe.read(path), ConvertOptions()).value
    seconds = time.perf_counter() - started
    score = recall(reference_text(path), model_text(document))
    assert score >= MIN_RECALL, f"{path.name}: recall {score:.4f} < {MIN_RECALL}"
    assert seconds < MAX_SECONDS, f"{path.name}: extraction took {seconds:.1f} s"


@pytest.mark.corpus
def test_the_872_page_handbook_is_read_quickly():
    started = time.perf_counter()
    document = DocxExtractor().extract(Probe.read(HANDBOOK), ConvertOptions()).value
    seconds = time.perf_counter() - started
    assert seconds < HANDBOOK_SECONDS, f"the handbook took {seconds:.1f} s"
    assert len(document.units) > 200 and document.units[-1].section
