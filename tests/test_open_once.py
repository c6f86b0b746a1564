"""Each input file is opened once and each XML part parsed once per conversion: the probe's work is handed on.

The sniffers open an Office zip and parse its ``[Content_Types].xml``; extraction reads that same open zip and
reuses the parse, and every later reader asks ``Package.xml`` (one parse per part, kept). A PDF is opened by
pdfium once. The PPTX reader parses no part any other way (python-pptx is not used to read decks).
"""

from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import converter
import extractors._office.xml as office_xml

from conftest import REPO

SAMPLES = REPO / "samples"


@pytest.fixture
def counted(monkeypatch):
    """Count zip opens and pdfium opens of the sample files, and parses of each XML part by our parser."""
    opens: Counter[str] = Counter()
    parses: Counter[tuple[str, str]] = Counter()

    real_zip_init = zipfile.ZipFile.__init__

    def zip_init(self, file, *args, **kwargs):
        if isinstance(file, (str, Path)) and Path(file).parent == SAMPLES:
            opens[f"zip {Path(file).name}"] += 1
        return real_zip_init(self, file, *args, **kwargs)

    real_parse = office_xml.parse_xml

    def parse(data, name="an XML part", path=None):
        parses[(Path(path).name if path else "?", name.lstrip("/"))] += 1
        return real_parse(data, name, path)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", zip_init)
    converter.extract(SAMPLES / "handout.pdf")  # import every extractor before patching their parse_xml names
    for module in list(sys.modules.values()):
        if (module.__name__ or "").startswith("extractors.") and getattr(module, "parse_xml", None) is real_parse:
            monkeypatch.setattr(module, "parse_xml", parse)

    import pypdfium2

    real_pdf_init = pypdfium2.PdfDocument.__init__

    def pdf_init(self, input, *args, **kwargs):
        if isinstance(input, (str, Path)) and Path(input).parent == SAMPLES:
            opens[f"pdf {Path(input).name}"] += 1
        return real_pdf_init(self, input, *args, **kwargs)

    monkeypatch.setattr(pypdfium2.PdfDocument, "__init__", pdf_init)
    return opens, parses


@pytest.mark.parametrize("name", ["pharma-sales-onboarding.pptx", "facilitator-guide.docx"])
def test_an_office_file_is_opened_once_and_each_part_parsed_once(counted, name):
    opens, parses = counted
    document = converter.extract(SAMPLES / name).value
    assert document.units
    assert opens == Counter({f"zip {name}": 1})
    assert parses, "our parser read no part at all: the counter is not wired"
    assert ("?", "[Content_Types].xml") in parses or (name, "[Content_Types].xml") in parses
    content_types = parses[("?", "[Content_Types].xml")] + parses[(name, "[Content_Types].xml")]
    assert content_types == 1
    twice = {part: count for part, count in parses.items() if count > 1}
    assert twice == {}


def test_a_pdf_is_opened_once_and_no_zip_is_opened(counted):
    opens, parses = counted
    document = converter.extract(SAMPLES / "handout.pdf").value
    assert document.units
    assert opens == Counter({"pdf handout.pdf": 1})
    assert parses == Counter()


def test_a_converted_deck_opens_its_zip_once(counted, tmp_path):
    opens, _ = counted
    converter.convert(SAMPLES / "pharma-sales-onboarding.pptx", tmp_path)
    assert opens["zip pharma-sales-onboarding.pptx"] == 1
