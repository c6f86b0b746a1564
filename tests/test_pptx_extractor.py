"""The PPTX extractor as a spec: decks built in tmp_path with python-pptx, then the shared corpus."""

from __future__ import annotations

import re
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PILImage
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from converter.errors import (
    C2EError,
    CorruptInputError,
    EmptyInputError,
    LimitExceededError,
)
from converter.model import SCHEMA_VERSION, ListBlock, Paragraph, Table, block_text, spans_text
from converter.options import ConvertOptions, Limits
from converter.probe import Probe
from extractors._office.package import main_part, read_package, read_relationships
from extractors._office.xml import parse_xml
from extractors.pptx import PptxExtractor

from conftest import CORPUS

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
TITLE, CONTENT, SECTION_HEADER, TITLE_ONLY, BLANK = 0, 1, 2, 5, 6
EXTRACTOR = PptxExtractor()
TEXT_ONLY = ConvertOptions(slide_images="never")
"""These tests read text and structure: no slide pictures (tests/test_slide_pictures.py has those)."""


# ---------------------------------------------------------------------------------------------- helpers


def extract(path: Path, **limits: int):
    options = ConvertOptions(limits=Limits(**limits), slide_images="never") if limits else TEXT_ONLY
    return EXTRACTOR.extract(Probe.read(path), options)


def codes(result) -> Counter:
    return Counter(message.code for message in result.messages)


def unit_text(unit) -> str:
    return "\n".join(block_text(block) for block in unit.blocks)


def add_text_box(slide, text: str, left: float, top: float, width: float = 2.0):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(0.5))
    box.text_frame.text = text
    return box


def set_bullet(paragraph, tag: str, **attrs: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    etree.SubElement(p_pr, f"{{{A}}}{tag}", **attrs)


def add_link(run, r_id: str, action: str | None = None) -> None:
    r_pr = run._r.get_or_add_rPr()
    click = etree.SubElement(r_pr, f"{{{A}}}hlinkClick")
    click.set(f"{{{R}}}id", r_id)
    if action:
        click.set("action", action)


def make_png(path: Path, color: str = "red", size: tuple[int, int] = (40, 30)) -> Path:
    PILImage.new("RGB", size, color).save(path)
    return path


def edit_package(path: Path, edits: dict[str, Callable[[bytes | None], bytes | None]]) -> None:
    """Rewrite some parts of a saved package (None removes a part); parts not present are added."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, edit in edits.items():
        new = edit(parts.get(name))
        if new is None:
            parts.pop(name, None)
        else:
            parts[name] = new
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def xml_edit(change: Callable[[etree._Element], None]) -> Callable[[bytes | None], bytes]:
    def edit(data: bytes | None) -> bytes:
        root = etree.fromstring(data)
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return edit


def save(prs, tmp_path: Path, name: str = "deck.pptx") -> Path:
    path = tmp_path / name
    prs.save(path)
    return path


def one_slide_deck(tmp_path: Path, build: Callable, layout: int = BLANK, name: str = "deck.pptx") -> Path:
    prs = Presentation()
    build(prs.slides.add_slide(prs.slide_layouts[layout]))
    return save(prs, tmp_path, name)


# ---------------------------------------------------------------------------------------------- document


def test_sniff_claims_presentations_and_refuses_other_zips(tmp_path):
    deck = one_slide_deck(tmp_path, lambda s: add_text_box(s, "hi", 1, 1))
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert EXTRACTOR.sniff(Probe.read(deck)) is True
    assert EXTRACTOR.sniff(Probe.read(other)) is False
    assert EXTRACTOR.name == "pptx" and ".potm" in EXTRACTOR.extensions


def test_document_has_source_info_title_and_language(tmp_path):
    prs = Presentation()
    prs.core_properties.title = "Dosing and Safety"
    prs.core_properties.language = "de-DE"
    prs.slides.add_slide(prs.slide_layouts[TITLE]).shapes.title.text = "Welcome"
    path = save(prs, tmp_path)
    doc = extract(path).value
    assert doc.schema_version == SCHEMA_VERSION
    assert (doc.source.name, doc.source.format, doc.source.size) == ("deck.pptx", "pptx", path.stat().st_size)
    assert len(doc.source.sha256) == 64
    assert doc.title == "Dosing and Safety"
    assert doc.language == "de-DE"


def test_title_falls_back_to_the_first_slide_then_the_file_name(tmp_path):
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[TITLE]).shapes.title.text = "Welcome to onboarding"
    assert extract(save(prs, tmp_path, "a.pptx")).value.title == "Welcome to onboarding"
    bare = one_slide_deck(tmp_path, lambda s: add_text_box(s, "x", 1, 1), name="field-guide.pptx")
    assert extract(bare).value.title == "field-guide"


def test_slide_title_role_layout_and_location(tmp_path):
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[TITLE])
    first.shapes.title.text = "Welcome"
    first.placeholders[1].text = "Module 1"
    prs.slides.add_slide(prs.slide_layouts[SECTION_HEADER]).shapes.title.text = "Part two"
    prs.slides.add_slide(prs.slide_layouts[CONTENT])
    units = extract(save(prs, tmp_path)).value.units
    assert [(u.index, u.title, u.role) for u in units] == [
        (1, "Welcome", "title"), (2, "Part two", "section-header"), (3, None, "content")]
    assert units[0].attrs == {"layout": "Title Slide"}
    assert units[0].where.file == "deck.pptx" and units[0].where.unit == 1
    assert unit_text(units[0]) == "Module 1"
    assert "Welcome" not in unit_text(units[0])


def test_footers_dates_and_slide_numbers_stay_out_of_the_body_but_are_kept_in_attrs(tmp_path):
    def build(slide):
        add_text_box(slide, "Body text", 1, 1)
        for kind, text in (("ftr", "Company confidential"), ("sldNum", "7"), ("dt", "1 May")):
            shape = add_text_box(slide, text, 1, 6)
            nv_pr = shape._element.find(f"*/{{{P}}}nvPr")
            etree.SubElement(nv_pr, f"{{{P}}}ph", type=kind)

    unit = extract(one_slide_deck(tmp_path, build)).value.units[0]
    assert unit_text(unit) == "Body text"
    assert unit.attrs == {"layout": "Blank", "footer": "Company confidential", "slide_number": "7", "date": "1 May"}


def test_hidden_slides_are_flagged(tmp_path):
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[BLANK])
    prs.slides.add_slide(prs.slide_layouts[BLANK])._element.set("show", "0")
    assert [u.hidden for u in extract(save(prs, tmp_path)).value.units] == [False, True]


def test_sections_come_from_presentation_xml(tmp_path):
    prs = Presentation()
    ids = [prs.slides.add_slide(prs.slide_layouts[BLANK]).slide_id for _ in range(3)]
    path = save(prs, tmp_path)

    def add_sections(root):
        ext = etree.SubElement(etree.SubElement(root, f"{{{P}}}extLst"), f"{{{P}}}ext", uri="{521415D9}")
        section_list = etree.SubElement(ext, f"{{{P14}}}sectionLst")
        for name, members in (("Intro", ids[:1]), ("Practice", ids[1:])):
            section = etree.SubElement(section_list, f"{{{P14}}}section", name=name, id="{1}")
            slide_ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
            for slide_id in members:
                etree.SubElement(slide_ids, f"{{{P14}}}sldId", id=str(slide_id))

    edit_package(path, {"ppt/presentation.xml": xml_edit(add_sections)})
    assert [u.section for u in extract(path).value.units] == ["Intro", "Practice", "Practice"]


# ---------------------------------------------------------------------------------------------- text


def test_bullet_levels_are_kept(tmp_path):
    def build(slide):
        slide.shapes.title.text = "Dosing"
        frame = slide.placeholders[1].text_frame
        frame.text = "Check the label"
        for text, level in (("Read the strength", 1), ("mg versus ml", 2), ("Ask the patient", 0)):
            paragraph = frame.add_paragraph()
            paragraph.text, paragraph.level = text, level

    unit = extract(one_slide_deck(tmp_path, build, CONTENT)).value.units[0]
    [block] = unit.blocks
    assert isinstance(block, ListBlock) and block.ordered is False
    assert [(spans_text(i.spans), i.level) for i in block.items] == [
        ("Check the label", 0), ("Read the strength", 1), ("mg versus ml", 2), ("Ask the patient", 0)]


def test_body_placeholder_without_bullets_gives_paragraphs(tmp_path):
    def build(slide):
        frame = slide.placeholders[1].text_frame
        frame.text = "First line"
        frame.add_paragraph().text = "Second line"
        for paragraph in frame.paragraphs:
            set_bullet(paragraph, "buNone")

    blocks = extract(one_slide_deck(tmp_path, build, CONTENT)).value.units[0].blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph"]
    assert [block_text(b) for b in blocks] == ["First line", "Second line"]


def test_text_box_bullets_and_numbering_make_lists(tmp_path):
    def build(slide):
        frame = add_text_box(slide, "Steps:", 1, 1).text_frame
        for text in ("Wash hands", "Check dose"):
            paragraph = frame.add_paragraph()
            paragraph.text = text
            set_bullet(paragraph, "buAutoNum", type="arabicPeriod")
        bullets = add_text_box(slide, "Risks", 1, 3).text_frame.paragraphs[0]
        set_bullet(bullets, "buChar", char="•")

    blocks = extract(one_slide_deck(tmp_path, build)).value.units[0].blocks
    assert isinstance(blocks[0], Paragraph) and block_text(blocks[0]) == "Steps:"
    assert isinstance(blocks[1], ListBlock) and blocks[1].ordered is True
    assert block_text(blocks[1]) == "Wash hands\nCheck dose"
    assert isinstance(blocks[2], ListBlock) and blocks[2].ordered is False and block_text(blocks[2]) == "Risks"


def test_runs_keep_emphasis_links_and_line_breaks(tmp_path):
    def build(slide):
        paragraph = add_text_box(slide, "", 1, 1).text_frame.paragraphs[0]
        for text, attr in (("Hel", "bold"), ("lo", "bold"), (" plain ", None), ("slanted", "italic"),
                           (" under", "underline")):
            run = paragraph.add_run()
            run.text = text
            if attr:
                setattr(run.font, attr, True)
        link = paragraph.add_run()
        link.text = " guide"
        link.hyperlink.address = "https://example.org/guide"
        paragraph.add_line_break()
        paragraph.add_run().text = "next line"
        add_text_box(slide, "   ", 1, 3)  # blank paragraphs are skipped

    [block] = extract(one_slide_deck(tmp_path, build)).value.units[0].blocks
    assert [(s.text, s.bold, s.italic, s.underline, s.href) for s in block.spans] == [
        ("Hello", True, False, False, None),
        (" plain ", False, False, False, None),
        ("slanted", False, True, False, None),
        (" under", False, False, True, None),
        (" guide", False, False, False, "https://example.org/guide"),
        ("\nnext line", False, False, False, None),
    ]


def test_slide_jumps_become_anchors_and_broken_links_keep_their_text(tmp_path):
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[BLANK])
    second = prs.slides.add_slide(prs.slide_layouts[BLANK])
    paragraph = add_text_box(first, "", 1, 1).text_frame.paragraphs[0]
    jump, broken, missing = paragraph.add_run(), paragraph.add_run(), paragraph.add_run()
    jump.text, broken.text, missing.text = "see slide two", " empty id", " dangling id"
    add_link(jump, first.part.relate_to(second.part, RT.SLIDE), "ppaction://hlinksldjump")
    add_link(broken, "")
    add_link(missing, "rId999")
    result = extract(save(prs, tmp_path))
    spans = result.value.units[0].blocks[0].spans
    assert [(s.text, s.href) for s in spans] == [("see slide two", "#slide-2"), (" empty id dangling id", None)]
    assert codes(result)["pptx.link-dropped"] == 2


def test_notes_stay_in_the_notes_layer(tmp_path):
    def build(slide):
        slide.shapes.title.text = "Hand hygiene"
        slide.placeholders[1].text = "Five moments"
        notes = slide.notes_slide.notes_text_frame
        notes.text = "Ask who washed their hands today."
        second = notes.add_paragraph()
        second.text = "Pause for answers"
        set_bullet(second, "buChar", char="-")

    unit = extract(one_slide_deck(tmp_path, build, CONTENT)).value.units[0]
    assert [type(b).__name__ for b in unit.notes] == ["Paragraph", "ListBlock"]
    assert [block_text(b) for b in unit.notes] == ["Ask who washed their hands today.", "Pause for answers"]
    assert "Ask who" not in unit_text(unit) and unit_text(unit) == "Five moments"


def test_slides_without_notes_get_none_and_no_notes_slide_is_created(tmp_path):
    path = one_slide_deck(tmp_path, lambda s: add_text_box(s, "x", 1, 1))
    assert extract(path).value.units[0].notes == ()
    assert not any("notesSlide" in name for name in zipfile.ZipFile(path).namelist())


def test_notes_without_a_body_placeholder_are_not_lost(tmp_path):
    def build(slide):
        notes = slide.notes_slide
        notes.notes_text_frame.text = "Remember the story about the night shift."
        for shape in notes.placeholders:  # the body becomes a plain text shape, the others go
            ph = shape._element.find(f"*/{{{P}}}nvPr/{{{P}}}ph")
            if ph.get("type") == "body":
                ph.getparent().remove(ph)
            else:
                shape._element.getparent().remove(shape._element)

    unit = extract(one_slide_deck(tmp_path, build)).value.units[0]
    assert [block_text(b) for b in unit.notes] == ["Remember the story about the night shift."]


# ---------------------------------------------------------------------------------------------- layout and shapes


def test_reading_order_is_rows_then_left_to_right(tmp_path):
    def build(slide):
        add_text_box(slide, "C right of A", 5, 1.0)
        add_text_box(slide, "A top left", 1, 1.05)
        add_text_box(slide, "B second row", 0.5, 3)
        group = slide.shapes.add_group_shape()
        group.shapes.add_textbox(Inches(4), Inches(5), Inches(2), Inches(0.5)).text_frame.text = "E group right"
        group.shapes.add_textbox(Inches(1), Inches(5.05), Inches(2), Inches(0.5)).text_frame.text = "D group left"
        add_text_box(slide, "F bottom", 1, 6.5)

    blocks = extract(one_slide_deck(tmp_path, build)).value.units[0].blocks
    assert [block_text(b)[0] for b in blocks] == ["A", "C", "B", "D", "E", "F"]


def test_table_keeps_header_row_and_merged_cells(tmp_path):
    def build(slide):
        table = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(6), Inches(2)).table
        for row, values in enumerate((("Drug", "Dose", "Route"), ("A", "5 mg", "oral"), ("B", "10 mg", ""))):
            for col, value in enumerate(values):
                table.cell(row, col).text = value
        table.cell(1, 0).merge(table.cell(1, 1))  # "A" spans two columns
        table.cell(1, 2).merge(table.cell(2, 2))  # "oral" spans two rows
        table.first_row = True

    [table] = extract(one_slide_deck(tmp_path, build)).value.units[0].blocks
    assert isinstance(table, Table) and table.header_rows == 1
    shape = [[(spans_text(c.paragraphs[0]) if c.paragraphs else "", c.colspan, c.rowspan) for c in row.cells]
             for row in table.rows]
    assert shape == [
        [("Drug", 1, 1), ("Dose", 1, 1), ("Route", 1, 1)],
        [("A", 2, 1), ("oral", 1, 2)],
        [("B", 1, 1), ("10 mg", 1, 1)],
    ]


def test_pictures_keep_alt_text_and_size(tmp_path):
    png = make_png(tmp_path / "chart.png")

    def build(slide):
        picture = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(2), Inches(1.5))
        picture._element.nvPicPr.cNvPr.set("descr", "Bar chart of doses")
        unnamed = slide.shapes.add_picture(str(png), Inches(4), Inches(1), Inches(1), Inches(1))
        unnamed._element.nvPicPr.cNvPr.set("descr", "")
        slide.shapes.add_picture(str(png), Inches(6), Inches(1))  # python-pptx writes the file name as descr

    result = extract(one_slide_deck(tmp_path, build))
    first, second, third = result.value.units[0].blocks
    assert (first.alt, first.width_px, first.height_px) == ("Bar chart of doses", 192, 144)
    assert (second.alt, third.alt) == ("", "chart.png")
    warnings = [m for m in result.messages if m.code == "pptx.missing-alt-text"]
    assert [(m.where.unit, m.where.shape) for m in warnings] == [(1, "Picture 2 (id 3)"), (1, "Picture 3 (id 4)")]


def test_decorative_pictures_need_no_alt_text(tmp_path):
    def build(slide):
        picture = slide.shapes.add_picture(str(make_png(tmp_path / "rule.png")), Inches(1), Inches(1))
        c_nv_pr = picture._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", "")
        ext = etree.SubElement(etree.SubElement(c_nv_pr, f"{{{A}}}extLst"), f"{{{A}}}ext", uri="{C183D7F6}")
        etree.SubElement(ext, "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative", val="1")

    result = extract(one_slide_deck(tmp_path, build))
    [image] = result.value.units[0].blocks
    assert image.decorative is True and image.alt == ""
    assert "pptx.missing-alt-text" not in codes(result)


def test_same_picture_is_stored_once(tmp_path):
    png, other = make_png(tmp_path / "logo.png"), make_png(tmp_path / "other.png", "blue")
    prs = Presentation()
    for image in (png, png, other):
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
        slide.shapes.add_picture(str(image), Inches(1), Inches(1))
    doc = extract(save(prs, tmp_path)).value
    assert len(doc.assets) == 2
    assert doc.units[0].blocks[0].asset == doc.units[1].blocks[0].asset != doc.units[2].blocks[0].asset
    asset = doc.assets[0]
    assert (asset.media_type, asset.extension, asset.size) == ("image/png", "png", png.stat().st_size)
    assert asset.data == png.read_bytes() and asset.id == doc.units[0].blocks[0].asset


def test_missing_and_linked_pictures_warn_instead_of_failing(tmp_path):
    png = make_png(tmp_path / "p.png")

    def build(slide):
        missing = slide.shapes.add_picture(str(png), Inches(1), Inches(1))
        missing._element.blipFill.blip.set(f"{{{R}}}embed", "rId404")
        linked = slide.shapes.add_picture(str(png), Inches(3), Inches(1))
        blip = linked._element.blipFill.blip
        del blip.attrib[f"{{{R}}}embed"]
        blip.set(f"{{{R}}}link", slide.part.relate_to("https://example.org/x.png", RT.IMAGE, is_external=True))

    result = extract(one_slide_deck(tmp_path, build))
    assert result.value.units[0].blocks == ()
    assert codes(result)["pptx.image-missing"] == 1 and codes(result)["pptx.external-image-skipped"] == 1


def test_a_chart_without_data_keeps_its_title_and_unknown_shapes_warn(tmp_path):
    chart_xml = (
        f'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="{A}">'
        "<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Doses per week</a:t></a:r></a:p></c:rich>"
        "</c:tx></c:title><c:plotArea/></c:chart></c:chartSpace>"
    ).encode()
    frame_xml = (
        f'<p:graphicFrame xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvGraphicFramePr>'
        '<p:cNvPr id="90" name="Chart 89"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId90"/>'
        "</a:graphicData></a:graphic></p:graphicFrame>"
    )

    def build(slide):
        tree = slide.shapes._spTree
        tree.append(etree.fromstring(frame_xml))
        tree.append(etree.fromstring(f'<p:mystery xmlns:p="{P}"><p:cNvPr id="91" name="Odd 1"/></p:mystery>'))

    path = one_slide_deck(tmp_path, build)
    chart_type = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    rel = (f'<Relationship Id="rId90" Type="{R}/chart" Target="../charts/chart90.xml"/></Relationships>').encode()
    edit_package(path, {
        "ppt/charts/chart90.xml": lambda _: chart_xml,
        "ppt/slides/_rels/slide1.xml.rels": lambda data: data.replace(b"</Relationships>", rel),
        "[Content_Types].xml": lambda data: data.replace(
            b"</Types>", f'<Override PartName="/ppt/charts/chart90.xml" ContentType="{chart_type}"/></Types>'.encode()),
    })
    result = extract(path)
    assert [block_text(b) for b in result.value.units[0].blocks] == ["Doses per week"]
    by_code = {m.code: m for m in result.messages}
    assert by_code["pptx.chart-as-table"].where.shape == "Chart 89 (id 90)"
    [chart] = result.value.units[0].blocks
    assert (chart.kind, chart.chart_type, chart.title, chart.series) == ("chart", "unknown", "Doses per week", ())
    assert by_code["pptx.unsupported-shape"].where.shape == "Odd 1 (id 91)"


def test_slideshow_and_macro_variants_open(tmp_path):
    path = one_slide_deck(tmp_path, lambda s: add_text_box(s, "show me", 1, 1), name="deck.ppsm")
    slideshow = b"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml"
    edit_package(path, {"[Content_Types].xml": lambda data: re.sub(
        rb"application/vnd\.openxmlformats-officedocument\.presentationml\.presentation\.main\+xml", slideshow, data)})
    assert slideshow in zipfile.ZipFile(path).read("[Content_Types].xml")
    assert EXTRACTOR.sniff(Probe.read(path))
    assert unit_text(extract(path).value.units[0]) == "show me"


def test_smartart_text_is_kept_as_an_outline_with_a_message(corpus):
    result = extract(corpus / "robustness" / "pptx" / "tika__testPPT_diagramData.pptx")
    [outline] = result.value.units[0].blocks
    assert isinstance(outline, ListBlock)
    assert [(spans_text(i.spans), i.level) for i in outline.items] == [
        ("President", 0), ("VP – HR", 1), ("Manager 1", 2), ("VP - Marketing", 1), ("Manager 1", 2)]
    assert codes(result)["pptx.smartart-flattened"] == 1


# ---------------------------------------------------------------------------------------------- errors and limits


def test_a_deck_without_slides_is_empty(tmp_path):
    with pytest.raises(EmptyInputError):
        extract(save(Presentation(), tmp_path))


def test_damaged_decks_raise_corrupt_input(tmp_path):
    path = one_slide_deck(tmp_path, lambda s: add_text_box(s, "x", 1, 1))
    truncated = tmp_path / "truncated.pptx"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CorruptInputError, match="damaged"):
        extract(truncated)
    edit_package(path, {"ppt/presentation.xml": lambda _: None})
    with pytest.raises(CorruptInputError, match="ppt/presentation.xml"):
        extract(path)


def test_a_part_whose_doctype_cannot_be_defused_is_left_out(tmp_path):
    path = one_slide_deck(tmp_path, lambda s: add_text_box(s, "still here", 1, 1))
    app = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'.encode("utf-16")
    edit_package(path, {"docProps/app.xml": lambda _: app})
    result = extract(path)
    assert unit_text(result.value.units[0]) == "still here"
    assert [m.where.part for m in result.messages if m.code == "pptx.part-dropped"] == ["docProps/app.xml"]


def test_decks_are_read_without_python_pptx(tmp_path, monkeypatch):
    """The reader goes to the XML the hardened package parsed: python-pptx (the ``[pptx]`` extra) is not needed."""
    path = one_slide_deck(tmp_path, lambda s: add_text_box(s, "still read", 1, 1))
    monkeypatch.setitem(sys.modules, "pptx", None)
    result = extract(path)
    assert unit_text(result.value.units[0]) == "still read"


def test_unexpected_failures_become_corrupt_input_but_our_errors_pass_through(tmp_path, monkeypatch):
    path = one_slide_deck(tmp_path, lambda s: add_text_box(s, "x", 1, 1))

    def explode(*args, **kwargs):
        raise KeyError("rId7")

    monkeypatch.setattr("extractors.pptx.extractor.read_slide", explode)
    with pytest.raises(CorruptInputError, match="KeyError"):
        extract(path)

    def refuse(*args, **kwargs):
        raise LimitExceededError("too much", path)

    monkeypatch.setattr("extractors.pptx.extractor.read_slide", refuse)
    with pytest.raises(LimitExceededError, match="too much"):
        extract(path)


def test_limits_on_slides_and_shapes(tmp_path):
    prs = Presentation()
    for _ in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
        for n in range(3):
            add_text_box(slide, f"box {n}", 1, n + 1)
    path = save(prs, tmp_path)
    with pytest.raises(LimitExceededError, match="2 slides"):
        extract(path, max_units=1)
    with pytest.raises(LimitExceededError, match="slide 1 has 3 shapes"):
        extract(path, max_shapes_per_unit=2)


# ---------------------------------------------------------------------------------------------- corpus

FURNITURE = {"dt", "ftr", "hdr", "sldNum", "sldImg"}
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _placeholder_type(shape) -> str | None:
    ph = shape.find(f"*/{{{P}}}nvPr/{{{P}}}ph")
    return None if ph is None else ph.get("type", "obj")


def _texts(root, notes_body_only: bool = False) -> list[str]:
    """Return every non-blank ``a:t`` of the slide's text shapes (footers, and mc:Choice copies that have a
    Fallback, excepted; for notes only the body placeholder)."""
    found = []
    for t in root.iter(f"{{{A}}}t"):
        ancestors = list(t.iterancestors())
        if any(a.tag == f"{{{MC}}}Choice" and a.getparent().find(f"{{{MC}}}Fallback") is not None for a in ancestors):
            continue
        shape = next((a for a in ancestors if a.tag == f"{{{P}}}sp"), None)
        kind = _placeholder_type(shape) if shape is not None else None
        if kind in FURNITURE or (notes_body_only and kind != "body"):
            continue
        if _norm(t.text or ""):
            found.append(_norm(t.text))
    return found


def _slide_xml(path: Path) -> list[tuple[etree._Element, etree._Element | None]]:
    """Return (slide root, notes root or None) for each slide, read with our own package helpers."""
    package = read_package(path, Limits())
    main, _ = main_part(package)
    rels = read_relationships(package, main)
    slides = []
    for entry in parse_xml(package.get(main)).iter(f"{{{P}}}sldId"):
        part = rels[entry.get(f"{{{R}}}id")].target
        notes = next((r.target for r in read_relationships(package, part).values() if r.type.endswith("/notesSlide")),
                     None)
        slides.append((parse_xml(package.get(part)), parse_xml(package.get(notes)) if notes else None))
    return slides


def _found(expected: list[str], text: str) -> int:
    """Count the expected strings present in ``text``, each as often as it is expected."""
    return sum(min(count, text.count(item)) for item, count in Counter(expected).items())


REAL_DECKS = sorted((CORPUS / "real" / "pptx").glob("*.pptx"))
ROBUSTNESS_FILES = sorted((CORPUS / "robustness" / "pptx").glob("*"))


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL_DECKS, ids=lambda p: p.name)
def test_real_decks_keep_their_slide_text_and_all_notes(path, corpus):
    doc = extract(path).value
    assert len(doc.units) > 0
    found = expected = notes_found = notes_expected = 0
    for unit, (slide, notes) in zip(doc.units, _slide_xml(path), strict=True):
        texts = _texts(slide)
        found += _found(texts, _norm(" ".join([unit.title or "", unit_text(unit)])))
        expected += len(texts)
        note_texts = _texts(notes, notes_body_only=True) if notes is not None else []
        notes_found += _found(note_texts, _norm(" ".join(block_text(b) for b in unit.notes)))
        notes_expected += len(note_texts)
    recall = found / expected if expected else 1.0
    print(f"{path.name}: slide text recall {recall:.4f} ({found}/{expected}), notes {notes_found}/{notes_expected}")
    assert recall >= 0.95
    assert notes_found == notes_expected


@pytest.mark.corpus
@pytest.mark.parametrize("path", ROBUSTNESS_FILES, ids=lambda p: p.name)
def test_robustness_files_end_in_a_result_or_our_error(path, corpus):
    try:
        claimed = EXTRACTOR.sniff(Probe.read(path))
        result = EXTRACTOR.extract(Probe.read(path), TEXT_ONLY)
    except C2EError as error:
        assert error.problem and type(error).__module__ == "converter.errors"
        return
    assert claimed, "an unclaimed file must not extract"
    assert len(result.value.units) > 0


def test_a_damaged_slide_part_costs_only_that_slide(sample_deck, tmp_path):
    import zipfile

    from converter.options import ConvertOptions
    from extractors.pptx import PptxExtractor

    damaged = tmp_path / "damaged.pptx"
    with zipfile.ZipFile(sample_deck) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = b"<broken" if item.filename == "ppt/slides/slide3.xml" else source.read(item)
            target.writestr(item, data)
    result = PptxExtractor().extract(Probe.read(damaged), ConvertOptions())
    assert [unit.index for unit in result.value.units] == [n for n in range(1, 26) if n != 3]
    codes = [(m.code, m.where.unit if m.where else None) for m in result.messages]
    assert ("pptx.slide-missing", 3) in codes
    assert any(code == "pptx.part-dropped" for code, _ in codes)
