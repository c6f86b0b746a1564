"""PDF structure as a spec: page headings shown once with levels that do not skip, running headers and footers
left out of every page and reported once, wrapped table cells kept as one paragraph, symbol-font bullets.

The handout is a Word document made here and turned into a PDF by LibreOffice (a header, a footer with a page
number field, headings, a ruled table with wrapping cells, bullets typed in the Symbol font); one page set is
drawn with reportlab where the running header sits close enough to the text to be read into its paragraph.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import html
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import converter
from converter.model import ListBlock, Table, block_text, spans_text
from extractors.pdf.text import Run, without_private_use
from packagers._site import build_site

HEADER = "Acme Safety Handbook - Confidential"
FOOTER = "Acme Training 2024 - page"
WRAPPED = ("The helmet is worn by every person who enters the workshop, visitors included, and it is "
           "replaced after any impact.")
CELL_FIRST = "Cut-resistant gloves are worn whenever blades or sheet metal are handled by anyone on the floor."
CELL_SECOND = "Second paragraph in the cell."
BULLETS = {"\uf0b7": "Helmets are worn in zone A", "\uf0a7": "Gloves are worn when cutting",
           "\uf076": "Goggles are worn near the lathe", "\uf0d8": "Boots are worn in the store",
           "\uf06e": "Masks are worn when painting"}
BODY = ("Workers must wear protective equipment at all times on the shop floor, and supervisors check every "
        "shift that the equipment is in good order before work begins. ")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
PAGES = ("first", "second", "third", "fourth", "fifth")
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango").split()



def _field(paragraph: object, instruction: str) -> None:
    """Add a Word field (``PAGE``) to a paragraph."""
    run = paragraph.add_run()._r  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = text
        run.append(element)


def _symbol_bullet(document: object, glyph: str, text: str) -> None:
    """Add a paragraph that starts with a bullet typed in the Symbol font (a private-use code point), then a tab."""
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.paragraph_format.left_indent = Pt(18)
    bullet = paragraph.add_run(glyph)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), "Symbol")
    bullet._r.get_or_add_rPr().append(fonts)
    paragraph.add_run("\t" + text)


def _table(document: object) -> None:
    table = document.add_table(rows=3, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "Item", "Rule"
    table.cell(1, 0).text, table.cell(1, 1).text = "Helmet", WRAPPED
    table.cell(2, 0).text, table.cell(2, 1).text = "Gloves", CELL_FIRST
    table.cell(2, 1).add_paragraph(CELL_SECOND)


def _handout(path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.text = FOOTER + " "
    _field(footer, " PAGE ")
    document.add_heading("Workshop safety", level=1)
    document.add_paragraph(BODY * 2)
    for number in (1, 2, 3):
        if number > 1:
            document.add_page_break()
        document.add_heading(f"Zone {number} equipment", level=2)
        document.add_paragraph(BODY * 3)
        document.add_heading(f"Checks in zone {number}", level=3)
        document.add_paragraph(BODY)
        for glyph, text in BULLETS.items():
            _symbol_bullet(document, glyph, text)
        _table(document)
    document.save(str(path))


@pytest.fixture(scope="module")
def handout(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("structure")
    _handout(folder / "handout.docx")
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(folder / "handout.docx")],
                   check=True, capture_output=True, timeout=180)
    return folder / "handout.pdf"


@pytest.fixture(scope="module")
def extracted(handout: Path):
    return converter.extract(handout)


def _body(unit) -> str:
    return "\n".join(block_text(block) for block in unit.blocks)


def test_a_page_heading_is_shown_once_and_heading_levels_do_not_skip(handout):
    course = converter.build(handout).value
    page = html.document_fromstring(build_site(course).value["index.html"].decode("utf-8"))
    screens = page.xpath("//section[contains(@class, 'screen')]")  # the pages, then the generated checks
    assert len([screen for screen in screens if "check-screen" not in screen.get("class")]) == 3
    for screen in screens:
        headings = screen.xpath(".//h2 | .//h3 | .//h4 | .//h5 | .//h6")
        title = headings[0]
        assert title.tag == "h2" and "screen-title" in title.get("class")
        texts = [" ".join(heading.text_content().split()) for heading in headings]
        assert texts.count(texts[0]) == 1, texts  # the title is not repeated as a heading of the body
        levels = [int(heading.tag[1]) for heading in headings]
        assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels
    assert any(len(screen.xpath(".//h3")) for screen in screens)  # the body keeps its own headings


def test_running_header_and_footer_leave_every_page_and_are_named_once(extracted):
    units = extracted.value.units
    assert len(units) == 3
    for unit in units:
        assert HEADER not in _body(unit) and FOOTER not in _body(unit) and unit.title != HEADER
        assert unit.attrs["header"] == HEADER and unit.attrs["footer"] == f"{FOOTER} {unit.index}"
    removed = [message for message in extracted.messages if message.code == "pdf.running-header-removed"]
    assert len([m for m in removed if HEADER in m.text]) == 1
    assert len([m for m in removed if FOOTER in m.text]) == 1
    assert all("1-3" in message.text and message.instead for message in removed)


def test_a_wrapped_table_cell_is_one_paragraph_and_its_own_paragraphs_stay_apart(extracted):
    tables = [block for unit in extracted.value.units for block in unit.blocks if isinstance(block, Table)]
    assert len(tables) == 3
    for table in tables:
        cells = {" ".join("".join(span.text for span in paragraph) for paragraph in cell.paragraphs): cell
                 for row in table.rows for cell in row.cells}
        wrapped = cells[WRAPPED]
        assert len(wrapped.paragraphs) == 1
        two = next(cell for text, cell in cells.items() if text.startswith("Cut-resistant"))
        assert ["".join(span.text for span in paragraph) for paragraph in two.paragraphs] == [CELL_FIRST, CELL_SECOND]


def test_symbol_font_bullets_become_list_items_without_private_use_characters(extracted):
    document = extracted.value
    lists = [block for unit in document.units for block in unit.blocks if isinstance(block, ListBlock)]
    assert len(lists) == 3
    for block in lists:
        assert [spans_text(item.spans) for item in block.items] == list(BULLETS.values())
    assert not PRIVATE_USE.search(json.dumps(document.model_dump(mode="json"), ensure_ascii=False))


def test_a_running_header_read_into_the_text_below_it_still_leaves_that_page(tmp_path):
    path = tmp_path / "close.pdf"
    height = A4[1]
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, name in enumerate(PAGES, start=1):
        gap = 12 if number % 2 else 24  # on odd pages the header sits one line above the text
        c.setFont("Helvetica", 9.5)
        c.drawString(72, height - 40, "Cardiolex field guide | internal")
        c.setFont("Helvetica", 10)
        for line in range(20):
            c.drawString(72, height - 40 - gap - 12 * line, f"The {name} page says {WORDS[line]} about dosing.")
        c.showPage()
    c.save()
    result = converter.extract(path)
    for unit in result.value.units:
        assert "Cardiolex field guide" not in _body(unit)
        assert "Cardiolex field guide" in unit.attrs["header"]
        assert _body(unit).startswith(f"The {PAGES[unit.index - 1]} page says alpha about dosing.")
    removed = [m for m in result.messages if m.code == "pdf.running-header-removed"]
    assert len(removed) == 1 and "1-5" in removed[0].text


def test_a_private_use_symbol_inside_a_line_is_dropped_with_one_space_left():
    runs = [Run("click "), Run("Schemas", bold=True), Run(" \uf0ae "), Run("Tables", bold=True)]
    assert [run.text for run in without_private_use(runs)] == ["click ", "Schemas", " ", "Tables"]
    assert [run.text for run in without_private_use([Run("\uf0a7 Gloves")])] == ["\u2022 Gloves"]


def test_lone_page_numbers_leave_the_pages_and_are_named_once(tmp_path):
    path = tmp_path / "numbered.pdf"
    height = A4[1]
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, name in enumerate(PAGES, start=1):
        c.setFont("Helvetica", 10)
        for line in range(20):
            c.drawString(72, height - 72 - 12 * line, f"The {name} page says {WORDS[line]} about dosing.")
        c.drawString(A4[0] / 2, 30, str(number + 10))
        c.showPage()
    c.save()
    result = converter.extract(path)
    for unit in result.value.units:
        assert str(unit.index + 10) not in _body(unit) and unit.attrs["footer"] == str(unit.index + 10)
    numbers = [m for m in result.messages if m.code == "pdf.page-numbers-removed"]
    assert len(numbers) == 1 and "1-5" in numbers[0].text and '"11"' in numbers[0].text and numbers[0].instead
    assert not [m for m in result.messages if m.code == "pdf.running-header-removed"]


def test_a_numbered_list_continued_after_a_paragraph_goes_on_from_its_number(tmp_path):
    path = tmp_path / "steps.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    y = A4[1] - 72
    for part, numbers in enumerate(((1, 2, 3), (4, 5, 6))):
        for line in range(4):
            c.drawString(72, y, f"Part {PAGES[part]} says {WORDS[line]} about dosing and the steps to follow.")
            y -= 12
        y -= 10
        for number in numbers:
            c.drawString(72, y, f"{number}.")
            c.drawString(90, y, f"Do step {number} with care.")
            y -= 14
        y -= 10
    c.showPage()
    c.save()
    result = converter.extract(path)
    lists = [block for unit in result.value.units for block in unit.blocks if isinstance(block, ListBlock)]
    assert [(block.ordered, block.start, len(block.items)) for block in lists] == [(True, 1, 3), (True, 4, 3)]
    page = html.document_fromstring(build_site(converter.build(path).value).value["index.html"].decode("utf-8"))
    assert [ol.get("start") for ol in page.xpath("//section[contains(@class, 'screen')]//ol")] == [None, "4"]
