"""The DOCX extractor as a spec: documents built in tmp_path with python-docx (plus XML edits), then corpus files."""

from __future__ import annotations

import io
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.shared import Inches
from PIL import Image as PILImage

from converter.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    LimitExceededError,
)
from converter.model import Chart, Cue, Heading, Image, ListBlock, Paragraph, Table, block_text, spans_text
from converter.options import ConvertOptions, Limits
from converter.probe import Probe
from converter.registry import default_registry
from extractors.docx import DocxExtractor

from conftest import CORPUS, REPO

sys.path.insert(0, str(REPO / "samples"))
from make_guide import add_footnote, add_hyperlink, write_footnotes, write_guide  # noqa: E402

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"')
ROBUSTNESS = CORPUS / "robustness" / "docx"
SAMPLE_GUIDE = REPO / "samples" / "facilitator-guide.docx"
EXTRACTOR = DocxExtractor()


# ---------------------------------------------------------------------------------------------- helpers


def extract(path: Path, **limits: int):
    options = ConvertOptions(limits=Limits(**limits)) if limits else ConvertOptions()
    return EXTRACTOR.extract(Probe.read(path), options)


def save(doc, tmp_path: Path, name: str = "guide.docx") -> Path:
    path = tmp_path / name
    doc.save(path)
    return path


def codes(result) -> Counter:
    return Counter(message.code for message in result.messages)


def blocks_of(result, kind=None) -> list:
    found = [block for unit in result.value.units for block in unit.blocks]
    return [block for block in found if kind is None or isinstance(block, kind)]


def texts(result) -> list[str]:
    return [block_text(block) for block in blocks_of(result)]


def xml_paragraph(doc, inner: str):
    """Append a paragraph whose content is raw WordprocessingML (namespaces declared for the fragment)."""
    p = parse_xml(f"<w:p {NS}>{inner}</w:p>")
    doc.element.body.insert(len(doc.element.body) - 1, p)  # before the final w:sectPr
    return p


def png_bytes(color: str = "red", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def set_main_content_type(path: Path, content_type: str, new_path: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", content_type.encode())
    with zipfile.ZipFile(new_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return new_path


# ---------------------------------------------------------------------------------------------- units


def test_headings_up_to_level_three_open_units_named_by_their_level_one_part(tmp_path):
    doc = Document()
    doc.add_heading("Cardiolex Guide", level=0)
    doc.add_heading("Welcome", level=1)
    doc.add_heading("Opening", level=2)
    doc.add_paragraph("Open on time.")
    doc.add_heading("Room", level=3)
    doc.add_paragraph("Tables of four.")
    doc.add_heading("Flipcharts", level=4)
    doc.add_paragraph("One per table.")
    doc.add_heading("Compliance", level=1)
    doc.add_paragraph("Report within 24 hours.")
    result = extract(save(doc, tmp_path))
    units = result.value.units
    assert [u.title for u in units] == ["Cardiolex Guide", "Welcome", "Opening", "Room", "Compliance"]
    assert [u.section for u in units] == [None, "Welcome", "Welcome", "Welcome", "Compliance"]
    assert [u.role for u in units] == ["title", "section-header", "content", "content", "content"]
    assert all(u.kind == "section" and u.notes == () for u in units)
    assert [u.index for u in units] == [1, 2, 3, 4, 5]
    room = units[3]
    assert isinstance(room.blocks[1], Heading) and room.blocks[1].level == 4
    assert spans_text(room.blocks[1].spans) == "Flipcharts"
    assert result.value.title == "Cardiolex Guide"


def test_content_before_the_first_heading_is_titled_by_the_core_title_else_its_first_paragraph(tmp_path):
    doc = Document()
    doc.add_paragraph("Facilitator notes for the onboarding day")
    doc.add_heading("Welcome", level=1)
    first = extract(save(doc, tmp_path, "a.docx")).value
    assert first.units[0].title == "Facilitator notes for the onboarding day"
    doc.core_properties.title = "Onboarding Guide"
    second = extract(save(doc, tmp_path, "b.docx")).value
    assert second.units[0].title == "Onboarding Guide" and second.title == "Onboarding Guide"


def test_outline_levels_in_paragraphs_and_custom_styles_make_headings(tmp_path):
    doc = Document()
    style = doc.styles.add_style("Module Title", 1)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="0"/>'))
    doc.add_paragraph("Module one", style="Module Title")
    doc.add_paragraph("Body text.")
    p = doc.add_paragraph("Lesson two")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="1"/>'))
    doc.add_paragraph("More body text.")
    units = extract(save(doc, tmp_path)).value.units
    assert [(u.title, u.section) for u in units] == [("Module one", "Module one"), ("Lesson two", "Module one")]


# ---------------------------------------------------------------------------------------------- text


def test_bold_italic_and_underline_come_from_runs_and_styles(tmp_path):
    doc = Document()
    strong = doc.styles.add_style("Key Term", 2)
    strong.font.bold = True
    p = doc.add_paragraph()
    p.add_run("plain ")
    p.add_run("bold").bold = True
    p.add_run(" ")
    p.add_run("italic").italic = True
    p.add_run(" ")
    p.add_run("under").underline = True
    p.add_run(" ")
    p.add_run("styled", style="Key Term")
    p.add_run(" ")
    unbold = p.add_run("unbolded", style="Key Term")
    unbold.bold = False
    spans = {s.text: s for s in blocks_of(extract(save(doc, tmp_path)), Paragraph)[0].spans}
    assert spans["bold"].bold and not spans["bold"].italic
    assert spans["italic"].italic and spans["under"].underline
    assert spans["styled"].bold
    assert not any(s.bold for text, s in spans.items() if "unbolded" in text)


def test_hyperlinks_external_anchor_and_field_and_unsafe_links_dropped(tmp_path):
    doc = Document()
    p = doc.add_paragraph("Read the ")
    add_hyperlink(p, "code", "https://example.org/code")
    xml_paragraph(doc, '<w:hyperlink w:anchor="dosing"><w:r><w:t>see dosing</w:t></w:r></w:hyperlink>')
    xml_paragraph(doc, '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                       '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/survey" '
                       '</w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the survey</w:t></w:r>'
                       '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    q = doc.add_paragraph()
    add_hyperlink(q, "local file", "file:///C:/secret.docx")
    result = extract(save(doc, tmp_path))
    links = {s.text: s.href for b in blocks_of(result, Paragraph) for s in b.spans}
    assert links["code"] == "https://example.org/code"
    assert links["see dosing"] == "#dosing"
    assert links["the survey"] == "https://example.org/survey"
    assert links["local file"] is None and codes(result)["docx.link-dropped"] == 1
    assert not any("HYPERLINK" in text for text in texts(result))


def test_line_breaks_tabs_symbols_and_equations_are_text(tmp_path):
    doc = Document()
    p = doc.add_paragraph("first line")
    p.add_run().add_break()
    p.add_run("second\tline")
    xml_paragraph(doc, '<w:r><w:t>Tick </w:t><w:sym w:font="Wingdings" w:char="F0FC"/>'
                       '<w:sym w:font="Symbol" w:char="03B1"/></w:r>')
    xml_paragraph(doc, '<w:r><w:t xml:space="preserve">Dose = </w:t></w:r>'
                       '<m:oMath><m:r><m:t>5</m:t></m:r><m:r><m:t>mg</m:t></m:r></m:oMath>')
    result = extract(save(doc, tmp_path))
    assert texts(result)[:3] == ["first line\nsecond\tline", "Tick \u2713\u03b1", "Dose = 5mg"]
    assert not codes(result)["docx.symbol-unmapped"]  # Wingdings F0FC is a check mark; Symbol 03B1 is Unicode


def test_bulleted_and_numbered_lists_keep_their_levels_and_style_numbering(tmp_path):
    doc = Document()
    doc.add_paragraph("Set the room", style="List Bullet")
    doc.add_paragraph("Flipchart per table", style="List Bullet 2")
    doc.add_paragraph("Test the projector", style="List Bullet")
    doc.add_paragraph("Between the lists")
    doc.add_paragraph("Open with the message", style="List Number")
    doc.add_paragraph("Once daily", style="List Number 2")
    lists = blocks_of(extract(save(doc, tmp_path)), ListBlock)
    assert [b.ordered for b in lists] == [False, True]
    assert [(i.level, spans_text(i.spans)) for i in lists[0].items] == [
        (0, "Set the room"), (1, "Flipchart per table"), (0, "Test the projector")]
    assert [i.level for i in lists[1].items] == [0, 1]


def test_direct_numbering_uses_the_numbering_parts_format_per_level(tmp_path):
    doc = Document()
    doc.add_paragraph("anchor", style="List Number")  # makes sure the numbering part exists
    numbered = doc.styles["List Number"].element.pPr.numPr.numId.val
    for level, text in ((0, "step one"), (1, "detail"), (0, "step two")):
        xml_paragraph(doc, f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{numbered}"/></w:numPr>'
                           f'</w:pPr><w:r><w:t>{text}</w:t></w:r>')
    xml_paragraph(doc, '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr>'
                       '<w:r><w:t>numId 0 is no list</w:t></w:r>')
    result = extract(save(doc, tmp_path))
    (numbers,) = blocks_of(result, ListBlock)
    assert numbers.ordered and [i.level for i in numbers.items] == [0, 0, 1, 0]
    assert texts(result)[-1] == "numId 0 is no list"


# ---------------------------------------------------------------------------------------------- tables


def test_merged_cells_give_colspan_and_rowspan_and_header_rows(tmp_path):
    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 2).merge(table.cell(2, 2))
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {NS}/>"))
    (result,) = blocks_of(extract(save(doc, tmp_path)), Table)
    shape = [[(c.colspan, c.rowspan) for c in row.cells] for row in result.rows]
    assert shape == [[(2, 1), (1, 1)], [(1, 1), (1, 1), (1, 2)], [(1, 1), (1, 1)]]
    assert result.header_rows == 1
    assert spans_text(result.rows[1].cells[2].paragraphs[0]) == "r1c2"


def test_a_damaged_grid_span_is_capped_not_looped_over(tmp_path):
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0)._tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {NS} w:val="999999999"/>'))
    (result,) = blocks_of(extract(save(doc, tmp_path)), Table)
    assert [c.colspan for c in result.rows[0].cells] == [1000, 1]


def test_nested_tables_are_flattened_to_lines_with_an_info_message(tmp_path):
    doc = Document()
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "outer"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "A", "B"
    result = extract(save(doc, tmp_path))
    (table,) = blocks_of(result, Table)
    lines = [spans_text(line) for line in table.rows[0].cells[1].paragraphs]
    assert "A | B" in lines
    assert codes(result)["docx.nested-table-flattened"] == 1


def test_timing_tables_and_activity_boxes_are_marked(tmp_path):
    doc = Document()
    timing = doc.add_table(rows=2, cols=3)
    for c, text in enumerate(["Duration (min)", "Activity", "Materials"]):
        timing.cell(0, c).text = text
    timing.cell(1, 0).text = "20"
    box = doc.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "Activity: Objection handling"
    plain = doc.add_table(rows=1, cols=2)
    plain.cell(0, 0).text, plain.cell(0, 1).text = "Take time to reflect", "Notes"
    roles = [t.attrs.get("role") for t in blocks_of(extract(save(doc, tmp_path)), Table)]
    assert roles == ["timing", "activity", None]


# ---------------------------------------------------------------------------------------------- pictures


def test_pictures_keep_alt_text_and_size_and_are_stored_once(tmp_path):
    doc = Document()
    data = png_bytes()
    for _ in range(2):
        shape = doc.add_picture(io.BytesIO(data), width=Inches(1))
        shape._inline.docPr.set("descr", "A red square")
    result = extract(save(doc, tmp_path))
    images = blocks_of(result, Image)
    assert len(images) == 2 and len(result.value.assets) == 1
    assert all(i.alt == "A red square" and i.width_px == 96 and i.asset == result.value.assets[0].id for i in images)
    assert result.value.assets[0].media_type == "image/png" and result.value.assets[0].data == data


def test_pictures_without_alt_text_or_with_a_file_name_warn(tmp_path):
    doc = Document()
    doc.add_picture(io.BytesIO(png_bytes("blue")), width=Inches(1))
    named = doc.add_picture(io.BytesIO(png_bytes("green")), width=Inches(1))
    named._inline.docPr.set("descr", "IMG_0042.PNG")
    result = extract(save(doc, tmp_path))
    assert codes(result)["docx.missing-alt-text"] == 2 and len(blocks_of(result, Image)) == 2


def test_linked_pictures_are_never_fetched(tmp_path):
    doc = Document()
    doc.add_paragraph("Tracker below")
    shape = doc.add_picture(io.BytesIO(png_bytes()), width=Inches(1))
    r_id = doc.part.relate_to("http://example.org/tracker.png", "http://schemas.openxmlformats.org/"
                              "officeDocument/2006/relationships/image", is_external=True)
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    blip.attrib.pop("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    blip.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}link", r_id)
    result = extract(save(doc, tmp_path))
    assert blocks_of(result, Image) == [] and codes(result)["docx.linked-image"] == 1


# ---------------------------------------------------------------------------------------------- notes and boxes


def test_footnotes_leave_a_mark_and_are_gathered_at_the_end_of_their_unit(tmp_path):
    doc = Document()
    doc.add_heading("Dosing", level=1)
    p = doc.add_paragraph("Start low.")
    add_footnote(p, 1)
    doc.add_paragraph("Go slow.")
    doc.add_heading("Safety", level=1)
    doc.add_paragraph("Report events.")
    write_footnotes(doc, {1: "Fictional product."})
    units = extract(save(doc, tmp_path)).value.units
    dosing = [block_text(b) for b in units[0].blocks]
    assert dosing[0] == "Start low.[1]" and dosing[1] == "Go slow."
    assert dosing[-1].startswith("[1]") and dosing[-1].endswith("Fictional product.")
    assert units[0].blocks[-1].attrs == {"role": "footnote"}
    assert [block_text(b) for b in units[1].blocks] == ["Report events."]


def test_endnotes_from_the_corpus_are_read(corpus):
    result = extract(ROBUSTNESS / "poi__endnotes.docx")
    notes = [b for b in blocks_of(result) if b.attrs.get("role") == "footnote"]
    assert notes and all(b.attrs.get("note") == "endnote" for b in notes)


TEXT_BOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="Box"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:spPr>{fill}</wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def test_text_boxes_are_read_once_and_framed_activity_boxes_are_marked(tmp_path):
    doc = Document()
    xml_paragraph(doc, '<w:r><w:t>Anchor paragraph</w:t></w:r>' + TEXT_BOX.format(fill="", text="Remember the rule"))
    fill = '<a:solidFill><a:srgbClr val="FFF2CC"/></a:solidFill>'
    xml_paragraph(doc, TEXT_BOX.format(fill=fill, text="Activity: pairs practice"))
    result = extract(save(doc, tmp_path))
    found = [(block_text(b), b.attrs.get("role")) for b in blocks_of(result)]
    assert found == [("Anchor paragraph", None), ("Remember the rule", "text-box"),
                     ("Activity: pairs practice", "activity")]


def test_tracked_changes_keep_insertions_and_drop_deletions(tmp_path):
    doc = Document()
    xml_paragraph(doc, '<w:r><w:t xml:space="preserve">Report </w:t></w:r>'
                       '<w:del w:id="1" w:author="a"><w:r><w:delText>eventually</w:delText></w:r></w:del>'
                       '<w:ins w:id="2" w:author="a"><w:r><w:t>within 24 hours</w:t></w:r></w:ins>'
                       '<w:moveFrom w:id="3" w:author="a"><w:r><w:t> moved away</w:t></w:r></w:moveFrom>')
    assert texts(extract(save(doc, tmp_path))) == ["Report within 24 hours"]


def test_fields_keep_their_result_content_controls_are_read_and_comments_ignored(tmp_path):
    doc = Document()
    xml_paragraph(doc, '<w:r><w:t xml:space="preserve">Printed </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/>'
                       '</w:r><w:r><w:instrText> DATE \\@ "d MMMM" </w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1 January</w:t></w:r>'
                       '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                       '<w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>')
    sdt = parse_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="Trainer"/></w:sdtPr><w:sdtContent><w:p><w:r>'
                    '<w:t>Trainer: Ana</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    doc.element.body.insert(len(doc.element.body) - 1, sdt)
    result = extract(save(doc, tmp_path))
    assert texts(result) == ["Printed 1 January", "Trainer: Ana"]
    assert codes(result)["docx.comments-ignored"] == 1


def test_alt_chunks_are_skipped_with_a_warning(tmp_path, corpus):
    doc = Document()
    doc.add_paragraph("Before the chunk")
    doc.element.body.insert(1, parse_xml(f'<w:altChunk {NS} r:id="rId99"/>'))
    result = extract(save(doc, tmp_path))
    assert texts(result) == ["Before the chunk"] and codes(result)["docx.altchunk-skipped"] == 1
    with pytest.raises(EmptyInputError, match="imported chunk"):
        extract(ROBUSTNESS / "tika__testAltChunkHTML.docx")


def test_charts_are_kept_as_data_and_smartart_as_a_list(corpus):
    (chart,) = blocks_of(extract(ROBUSTNESS / "tika__testWORD_charts.docx"), Chart)
    assert chart.chart_type == "pie" and chart.categories[0] == "January" and chart.series[0].values[0] == 5.0
    smartart = blocks_of(extract(ROBUSTNESS / "tika__testWORD_diagramData.docx"), ListBlock)
    assert [spans_text(i.spans) for i in smartart[0].items] == ["From here", "To here", "And then here."]


# ---------------------------------------------------------------------------------------------- facilitator cues


def test_facilitator_cue_paragraphs_become_typed_cue_blocks(tmp_path):
    doc = Document()
    doc.add_paragraph("Say: Welcome everyone.")
    doc.add_paragraph("ask: what do you expect?")
    bold = doc.add_paragraph()
    bold.add_run("Do").bold = True
    bold.add_run(" hand out the cards.")
    doc.add_paragraph("Doing nothing is not a cue.")
    doc.add_paragraph("Debrief : two groups present.")
    blocks = blocks_of(extract(save(doc, tmp_path)))
    assert [b.cue if isinstance(b, Cue) else None for b in blocks] == ["say", "ask", "do", None, "debrief"]
    assert [b.kind for b in blocks] == ["cue", "cue", "cue", "paragraph", "cue"]
    assert block_text(blocks[0]) == "Say: Welcome everyone."  # the cue word stays in the text
    assert all(not b.attrs for b in blocks)


def test_a_cue_keeps_the_time_the_guide_gives_it(tmp_path):
    doc = Document()
    doc.add_paragraph("Activity: role play in pairs (15 min)")
    doc.add_paragraph("Say: welcome the group [2.5 minutes]")
    doc.add_paragraph("Ask: what is 5 min in seconds?")
    cues = blocks_of(extract(save(doc, tmp_path)), Cue)
    assert [c.minutes for c in cues] == [15.0, 2.5, None]


def test_headers_and_footers_go_to_document_attrs_not_units(tmp_path):
    doc = Document()
    doc.add_paragraph("Body")
    doc.sections[0].header.paragraphs[0].text = "Cardiolex | Guide"
    doc.sections[0].footer.paragraphs[0].text = "Training use only"
    result = extract(save(doc, tmp_path)).value
    assert result.attrs == {"header": "Cardiolex | Guide", "footer": "Training use only"}
    assert [block_text(b) for u in result.units for b in u.blocks] == ["Body"]


# ---------------------------------------------------------------------------------------------- packages


@pytest.mark.parametrize("name", ["docling__Strict.docx", "mammoth__strict-format.docx"])
def test_strict_documents_are_read_like_transitional(corpus, name):
    result = extract(ROBUSTNESS / name)
    assert texts(result) in (["Some text"], ["Test"])


def test_encrypted_documents_raise_encrypted_input_error(corpus):
    path = ROBUSTNESS / "tika__testWORD_protected_passtika.docx"
    assert EXTRACTOR.sniff(Probe.read(path))
    with pytest.raises(EncryptedInputError):
        extract(path)


@pytest.mark.parametrize("suffix, content_type", [
    (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    (".dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
    (".dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
])
def test_macro_enabled_documents_and_templates_open(tmp_path, suffix, content_type):
    doc = Document()
    doc.add_paragraph("Template body")
    path = set_main_content_type(save(doc, tmp_path), content_type, tmp_path / f"guide{suffix}")
    assert isinstance(default_registry().find_extractor(Probe.read(path)), DocxExtractor)
    assert texts(extract(path)) == ["Template body"]


@pytest.mark.parametrize("name", ["poi__45690.docm", "poi__test.dotx", "tika__testDOTM.dotm"])
def test_corpus_docm_dotx_and_dotm_files_open(corpus, name):
    assert texts(extract(ROBUSTNESS / name))


def test_the_registry_sends_docx_to_this_extractor_and_pptx_elsewhere(tmp_path, sample_deck):
    path = save(Document(), tmp_path)
    assert default_registry().find_extractor(Probe.read(path)).name == "docx"
    assert not EXTRACTOR.sniff(Probe.read(sample_deck))


def test_limits_on_units_and_paragraphs_raise_limit_exceeded(tmp_path):
    doc = Document()
    for n in range(4):
        doc.add_heading(f"Part {n}", level=1)
        doc.add_paragraph("text")
    path = save(doc, tmp_path)
    with pytest.raises(LimitExceededError, match="sections"):
        extract(path, max_units=3)
    with pytest.raises(LimitExceededError, match="paragraphs"):
        extract(path, max_shapes_per_unit=1)
    assert len(extract(path, max_units=4).value.units) == 4


def test_damaged_documents_raise_corrupt_input_error(tmp_path):
    path = save(Document(), tmp_path)
    data = path.read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"][:200]
    with zipfile.ZipFile(tmp_path / "bad.docx", "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    for name in ("cut.docx", "bad.docx"):
        with pytest.raises(CorruptInputError):
            extract(tmp_path / name)


def test_a_zip_with_another_main_part_is_refused_as_the_pipeline_refuses_it(corpus):
    """A theme package named .docx: the same class and words as when no extractor claims such a zip."""
    with pytest.raises(CorruptInputError, match="is named .docx but its zip structure is damaged or it is not a "
                                                "docx package"):
        extract(ROBUSTNESS / "poi__stress025.docx")


def test_the_extractor_never_prints(tmp_path, capsys):
    extract(ROBUSTNESS / "tika__testWORD_various.docx")
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------------------------- the sample guide


def test_the_sample_guide_is_regenerated_byte_for_byte(tmp_path):
    first, second = write_guide(tmp_path / "a"), write_guide(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes() == SAMPLE_GUIDE.read_bytes()


def test_the_sample_guide_extracts_with_its_markers_and_structure():
    result = extract(SAMPLE_GUIDE)
    doc = result.value
    assert doc.title == "Cardiolex Sales Onboarding: Facilitator Guide"
    assert [s for s in dict.fromkeys(u.section for u in doc.units) if s] == [
        "Welcome", "The Disease Area", "Our Product", "Compliance", "Practice and Wrap-up"]
    say = [b for b in blocks_of(result, Cue) if "SAY-MARKER: welcome the group" in block_text(b)]
    assert len(say) == 1 and say[0].cue == "say"
    timing = [t for t in blocks_of(result, Table) if t.attrs.get("role") == "timing"]
    assert any("20 min" in block_text(t) for t in timing)
    (activity,) = [t for t in blocks_of(result, Table) if t.attrs.get("role") == "activity"]
    assert block_text(activity).startswith("Activity: Objection handling in pairs")
    (image,) = blocks_of(result, Image)
    assert image.alt.startswith("The renin-angiotensin cascade") and len(doc.assets) == 1
    assert any(s.href == "https://example.org/code-of-practice" for b in blocks_of(result, Paragraph) for s in b.spans)
    assert any(b.attrs.get("role") == "footnote" for b in blocks_of(result))
    assert {b.ordered for b in blocks_of(result, ListBlock)} == {False, True}
    assert any(i.level == 1 for b in blocks_of(result, ListBlock) for i in b.items)
    assert doc.attrs["header"].startswith("Cardiolex Sales Onboarding") and "footer" in doc.attrs
    assert result.warnings == ()
