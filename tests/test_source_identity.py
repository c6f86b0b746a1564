"""Ids from the source's own identity: unit keys, block anchors and the document identity survive edits of other
slides, pages and sections, and renaming the file. An LMS keys learner progress on them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from PIL import Image as PILImage
from pptx import Presentation
from pptx.util import Inches
from reportlab.pdfgen import canvas

from converter.model import Cue, block_text
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors._keys import unique_keys
from extractors.docx import DocxExtractor
from extractors.pdf import PdfExtractor
from extractors.pptx import PptxExtractor

from conftest import REPO

SAMPLES = REPO / "samples"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
BLANK, TITLE_ONLY = 6, 5


def read(path: Path):
    extractor = {".pptx": PptxExtractor(), ".docx": DocxExtractor(), ".pdf": PdfExtractor()}[path.suffix]
    return extractor.extract(Probe.read(path), ConvertOptions()).value


def keys_by_title(document) -> dict[str, str]:
    return {unit.title: unit.key for unit in document.units}


# ---------------------------------------------------------------------------------------------- keys are unique


def test_unique_keys_number_repeats_and_keep_empty_keys_empty():
    assert unique_keys(["a", "b", "a", "", "", "a", "a-2"]) == ["a", "b", "a-2", "", "", "a-3", "a-2-2"]


@pytest.mark.parametrize("name", ["pharma-sales-onboarding.pptx", "facilitator-guide.docx", "handout.pdf"])
def test_every_unit_of_the_samples_has_a_key_unique_in_its_document(name):
    keys = [unit.key for unit in read(SAMPLES / name).units]
    assert all(keys) and len(set(keys)) == len(keys)


# ---------------------------------------------------------------------------------------------- PowerPoint


def deck(path: Path, titles: list[str]) -> Path:
    prs = Presentation()
    for title in titles:
        slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
        slide.shapes.title.text = title
    prs.save(path)
    return path


def edit_deck(path: Path, out: Path, edit) -> Path:
    prs = Presentation(path)
    edit(prs)
    prs.save(out)
    return out


def insert_at_2(prs) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Inserted"
    ids = prs.slides._sldIdLst
    ids.insert(1, ids[-1])


def delete_third(prs) -> None:
    ids = prs.slides._sldIdLst
    prs.part.drop_rel(ids[2].rId)
    ids.remove(ids[2])


def move_first_to_end(prs) -> None:
    ids = prs.slides._sldIdLst
    ids.append(ids[0])


@pytest.mark.parametrize("edit", [insert_at_2, delete_third, move_first_to_end])
def test_slide_keys_stay_when_other_slides_are_inserted_deleted_or_moved(tmp_path, edit):
    original = deck(tmp_path / "deck.pptx", ["One", "Two", "Three", "Four", "Five"])
    before = keys_by_title(read(original))
    after = keys_by_title(read(edit_deck(original, tmp_path / "edited.pptx", edit)))
    assert all(key.startswith("slide-") for key in before.values())
    kept = set(before) & set(after)
    assert len(kept) >= 4
    assert {title: after[title] for title in kept} == {title: before[title] for title in kept}
    assert len(set(after.values())) == len(after)


def test_every_pptx_block_and_note_is_anchored_to_its_shape(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "Body text"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    table.cell(0, 0).text = "Head"
    picture = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#336699").save(picture, format="PNG")
    slide.shapes.add_picture(io.BytesIO(picture.getvalue()), Inches(6), Inches(1))
    slide.notes_slide.notes_text_frame.text = "Speaker note"
    prs.save(tmp_path / "anchors.pptx")
    unit = read(tmp_path / "anchors.pptx").units[0]
    assert {block.kind for block in unit.blocks} >= {"paragraph", "table", "image"}
    assert all(block.where.anchor and block.where.anchor.startswith("sp-") for block in unit.blocks)
    assert len({block.where.anchor for block in unit.blocks}) == len(unit.blocks)
    assert unit.notes and all(note.where.anchor.startswith("note-sp-") for note in unit.notes)


def test_a_deck_identity_comes_from_its_properties_not_its_file_name(tmp_path):
    path = deck(tmp_path / "deck.pptx", ["One"])
    prs = Presentation(path)
    prs.core_properties.identifier = "urn:course:onboarding-7"
    prs.save(path)
    renamed = shutil.copy(path, tmp_path / "renamed-copy.pptx")
    assert read(path).source.identity == read(Path(renamed)).source.identity == "urn:course:onboarding-7"


def test_a_deck_without_identifier_is_identified_by_title_and_creation_date(tmp_path):
    import datetime

    path = deck(tmp_path / "deck.pptx", ["One"])
    prs = Presentation(path)
    prs.core_properties.identifier = ""
    prs.core_properties.title = "Onboarding"
    prs.core_properties.created = datetime.datetime(2024, 3, 1, 9, 0, 0)
    prs.save(path)
    assert read(path).source.identity == "Onboarding@2024-03-01T09:00:00Z"
    prs.core_properties.title = "PowerPoint Presentation"  # a tool's default title identifies nothing
    prs.save(path)
    assert read(path).source.identity is None


# ---------------------------------------------------------------------------------------------- Word


def guide(path: Path, para_ids: bool) -> Path:
    doc = Document()
    doc.add_paragraph("Before any heading.")
    for chapter in ("Welcome", "Product", "Welcome"):
        doc.add_heading(chapter, level=1)
        doc.add_paragraph(f"Text of {chapter}.")
        doc.add_heading("Practice", level=2)
        doc.add_paragraph("Say: try it (5 min)")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "In a table"
    if para_ids:
        for n, p in enumerate(doc.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
            p.set(f"{{{W14}}}paraId", f"{0x1A2B0000 + n:08X}")
    doc.save(path)
    return path


def test_word_units_are_keyed_by_the_heading_paraid(tmp_path):
    document = read(guide(tmp_path / "guide.docx", para_ids=True))
    keys = [unit.key for unit in document.units]
    assert keys[0] == "preamble"
    assert all(key.startswith("para-1A2B") for key in keys[1:])
    assert len(set(keys)) == len(keys)


def test_without_paraids_word_units_are_keyed_by_their_heading_path(tmp_path):
    document = read(guide(tmp_path / "guide.docx", para_ids=False))
    keys = [unit.key for unit in document.units]
    assert keys[0] == "preamble"
    assert all(key.startswith("heading-") for key in keys[1:])
    assert len(set(keys)) == len(keys)
    # preamble, Welcome, Welcome/Practice, Product, Product/Practice, Welcome, Welcome/Practice: the repeated
    # paths are numbered and the first keeps its key; the same heading under another chapter is another path
    assert keys[5] == f"{keys[1]}-2" and keys[6] == f"{keys[2]}-2" and keys[4] != keys[2]
    again = read(guide(tmp_path / "again.docx", para_ids=False))
    assert [unit.key for unit in again.units] == keys


def test_word_blocks_are_anchored_to_their_first_paragraph_when_the_file_has_paraids(tmp_path):
    with_ids = read(guide(tmp_path / "ids.docx", para_ids=True))
    blocks = [block for unit in with_ids.units for block in unit.blocks]
    assert all(block.where.anchor and block.where.anchor.startswith("para-1A2B") for block in blocks)
    table = next(block for block in blocks if block.kind == "table")
    assert table.where.anchor not in {b.where.anchor for b in blocks if b is not table}
    without = read(guide(tmp_path / "plain.docx", para_ids=False))
    assert all(block.where.anchor is None for unit in without.units for block in unit.blocks)


def test_word_cues_are_typed_and_timed(tmp_path):
    document = read(guide(tmp_path / "guide.docx", para_ids=True))
    cues = [block for unit in document.units for block in unit.blocks if isinstance(block, Cue)]
    assert len(cues) == 3 and all(cue.cue == "say" and cue.minutes == 5.0 for cue in cues)
    assert block_text(cues[0]) == "Say: try it (5 min)"


def test_a_word_identity_survives_renaming(tmp_path):
    path = guide(tmp_path / "guide.docx", para_ids=False)
    doc = Document(path)
    doc.core_properties.identifier = "guide-42"
    doc.save(path)
    renamed = Path(shutil.copy(path, tmp_path / "other name.docx"))
    assert read(path).source.identity == read(renamed).source.identity == "guide-42"


# ---------------------------------------------------------------------------------------------- PDF


def pdf(path: Path, pages: list[str | None]) -> Path:
    c = canvas.Canvas(str(path))
    c.setTitle("Handout")
    for number, text in enumerate(pages, start=1):
        if text:
            c.drawString(72, 720, text)
        c.drawString(300, 40, str(number))  # a page number: furniture, left out of the key
        c.showPage()
    c.save()
    return path


def test_pdf_pages_are_keyed_by_their_text_and_blank_pages_by_their_count(tmp_path):
    document = read(pdf(tmp_path / "a.pdf", ["Alpha page", "Same text", "Same text", None, "Omega page", None]))
    keys = [unit.key for unit in document.units]
    assert keys[0].startswith("page-") and len(keys[0]) == len("page-") + 16
    assert keys[2] == f"{keys[1]}-2"
    assert keys[3] == "blank-1" and keys[5] == "blank-2"
    assert len(set(keys)) == len(keys)


def test_pdf_page_keys_stay_when_a_page_is_inserted(tmp_path):
    before = read(pdf(tmp_path / "a.pdf", ["Alpha page", "Beta page", "Gamma page"]))
    after = read(pdf(tmp_path / "b.pdf", ["Alpha page", "New page", "Beta page", "Gamma page"]))
    assert {u.key for u in before.units} <= {u.key for u in after.units}


def test_a_pdf_identity_survives_renaming(tmp_path):
    path = pdf(tmp_path / "a.pdf", ["Alpha page"])
    renamed = Path(shutil.copy(path, tmp_path / "renamed.pdf"))
    identity = read(path).source.identity
    assert identity and identity == read(renamed).source.identity
