"""The PDF extractor as a spec: PDFs drawn in tmp_path with reportlab, then the sample handout and the corpus."""

from __future__ import annotations

import builtins
import io
import re
import zlib
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image as PILImage
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from converter.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    LimitExceededError,
    MissingDependencyError,
)
from converter.model import Heading, Image, ListBlock, Paragraph, Table, block_text, spans_text
from converter.options import ConvertOptions, Limits
from converter.probe import Probe
from converter.registry import default_registry
from extractors.pdf import PdfExtractor

from conftest import CORPUS, REPO

EXTRACTOR = PdfExtractor()
WIDTH, HEIGHT = A4
HANDOUT = REPO / "samples" / "handout.pdf"


# ---------------------------------------------------------------------------------------------- helpers


def extract(path: Path, **limits: int):
    options = ConvertOptions(limits=Limits(**limits)) if limits else ConvertOptions()
    return EXTRACTOR.extract(Probe.read(path), options)


def codes(result) -> Counter:
    return Counter(message.code for message in result.messages)


def unit_text(unit) -> str:
    return "\n".join(block_text(block) for block in unit.blocks)


def new_canvas(path: Path, pagesize=A4, **kwargs) -> canvas.Canvas:
    return canvas.Canvas(str(path), pagesize=pagesize, invariant=1, **kwargs)


def write(c: canvas.Canvas, x: float, y: float, text: str, font: str = "Helvetica", size: float = 10) -> None:
    c.setFont(font, size)
    c.drawString(x, y, text)


def body_lines(c: canvas.Canvas, x: float, y: float, lines: list[str], leading: float = 13) -> float:
    for line in lines:
        write(c, x, y, line)
        y -= leading
    return y


def png(color: str = "#4C78A8", size: tuple[int, int] = (120, 80)) -> ImageReader:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """Write a PDF from numbered object bodies (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


PARAGRAPH = ["Reps who prepare a short opening question win more first meetings with busy",
             "cardiologists than reps who open with product facts, so practise the question first."]


# ---------------------------------------------------------------------------------------------- text


def test_headings_come_from_font_size_relative_to_the_body_and_from_bold(tmp_path):
    c = new_canvas(tmp_path / "h.pdf")
    write(c, 72, 780, "Cardiolex onboarding guide", "Helvetica-Bold", 22)
    write(c, 72, 740, "Why blood pressure matters", "Helvetica-Bold", 15)
    y = body_lines(c, 72, 715, PARAGRAPH * 3)
    write(c, 72, y - 12, "Key facts to remember", "Helvetica-Bold", 10)
    body_lines(c, 72, y - 30, PARAGRAPH * 2)
    c.save()
    unit = extract(tmp_path / "h.pdf").value.units[0]
    blocks = unit.blocks
    headings = [(b.level, block_text(b)) for b in blocks if isinstance(b, Heading)]
    # the largest heading opens the page: it is the title, shown once; the others rank below it by size
    assert unit.title == "Cardiolex onboarding guide"
    assert headings == [(1, "Why blood pressure matters"), (2, "Key facts to remember")]
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) == 2 and block_text(paragraphs[0]).startswith("Reps who prepare")


def test_lines_of_one_paragraph_join_and_a_hyphenated_word_is_made_whole(tmp_path):
    c = new_canvas(tmp_path / "p.pdf")
    body_lines(c, 72, 760, ["The renin cascade raises blood pressure in four steps, and the last step is the",
                            "place where receptor blockers act on the smooth muscle of the blood ves-",
                            "sels that carry blood away from the heart."])
    c.save()
    (block,) = extract(tmp_path / "p.pdf").value.units[0].blocks
    assert isinstance(block, Paragraph)
    assert "is the place where" in block_text(block) and "blood vessels that carry" in block_text(block)


def test_bullets_become_a_list_with_levels_from_indentation(tmp_path):
    c = new_canvas(tmp_path / "b.pdf")
    body_lines(c, 72, 760, PARAGRAPH)
    items = [(72, "• Persistently raised blood pressure"), (90, "◦ Defined in clinic as 140/90 mmHg"),
             (108, "▪ Home readings use 135/85 mmHg"), (72, "• Major driver of stroke"),
             (90, "- Every 10 mmHg fall lowers risk")]
    for n, (x, text) in enumerate(items):
        c.setFont("Helvetica", 10)
        c.drawString(x, 720 - n * 16, text)
    c.save()
    blocks = extract(tmp_path / "b.pdf").value.units[0].blocks
    (lists,) = [b for b in blocks if isinstance(b, ListBlock)]
    assert [(item.level, spans_text(item.spans)) for item in lists.items] == [
        (0, "Persistently raised blood pressure"), (1, "Defined in clinic as 140/90 mmHg"),
        (2, "Home readings use 135/85 mmHg"), (0, "Major driver of stroke"), (1, "Every 10 mmHg fall lowers risk")]
    assert not lists.ordered


def test_numbered_lines_become_an_ordered_list_that_keeps_its_markers(tmp_path):
    c = new_canvas(tmp_path / "n.pdf")
    body_lines(c, 72, 760, PARAGRAPH)
    body_lines(c, 72, 720, ["1. Read the disease overview", "2. Write down one question", "3. Bring a colleague"],
               leading=16)
    c.save()
    (lists,) = [b for b in extract(tmp_path / "n.pdf").value.units[0].blocks if isinstance(b, ListBlock)]
    assert lists.ordered and [spans_text(i.spans) for i in lists.items][0] == "Read the disease overview"
    assert lists.attrs["markers"] == "1. 2. 3."


def test_a_two_column_page_reads_column_by_column_after_its_full_width_title(tmp_path):
    c = new_canvas(tmp_path / "cols.pdf")
    write(c, 72, 790, "Compliance essentials for every customer conversation", "Helvetica-Bold", 16)
    left = [f"LEFTSIDE sentence {n} on staying within the label." for n in range(1, 9)]
    right = [f"RIGHTSIDE sentence {n} on handling objections." for n in range(1, 9)]
    for n in range(8):  # drawn row by row, right column first: only geometry gives the reading order
        write(c, 320, 750 - n * 13, right[n], size=9)
        write(c, 72, 750 - n * 13, left[n], size=9)
    c.save()
    unit = extract(tmp_path / "cols.pdf").value.units[0]
    text = unit_text(unit)
    positions = [text.index(sentence) for sentence in left + right]
    assert unit.title.startswith("Compliance essentials") and text.startswith("LEFTSIDE sentence 1")
    assert positions == sorted(positions)


def test_a_ruled_table_becomes_a_table_and_its_text_is_not_repeated(tmp_path):
    c = new_canvas(tmp_path / "t.pdf")
    body_lines(c, 72, 780, PARAGRAPH)
    rows = [["Patient group", "Starting dose", "Maintenance"], ["Adults under 75", "5 mg", "10 mg once daily"],
            ["Adults 75 and over", "2.5 mg", "5 mg once daily"]]
    xs, ys = [72, 220, 340, 500], [740, 718, 696, 674]
    c.setLineWidth(0.6)
    c.grid(xs, ys)
    for r, row in enumerate(rows):
        for col, value in enumerate(row):
            write(c, xs[col] + 4, ys[r] - 15, value, "Helvetica-Bold" if r == 0 else "Helvetica")
    body_lines(c, 72, 650, ["Doses go up step by step; nobody starts high."])
    c.save()
    unit = extract(tmp_path / "t.pdf").value.units[0]
    (table,) = [b for b in unit.blocks if isinstance(b, Table)]
    cells = [[spans_text(p) for cell in row.cells for p in cell.paragraphs] for row in table.rows]
    assert cells == rows and table.header_rows == 1
    assert unit_text(unit).count("10 mg once daily") == 1
    assert block_text(unit.blocks[-1]) == "Doses go up step by step; nobody starts high."


def test_a_box_around_text_is_not_a_table(tmp_path):
    c = new_canvas(tmp_path / "box.pdf")
    c.rect(60, 690, 460, 90)
    body_lines(c, 72, 760, PARAGRAPH)
    c.save()
    blocks = extract(tmp_path / "box.pdf").value.units[0].blocks
    assert [type(b) for b in blocks] == [Paragraph]


def test_web_links_become_span_addresses_and_other_actions_are_dropped(tmp_path):
    c = new_canvas(tmp_path / "links.pdf")
    write(c, 72, 700, "Read the full code of practice before your first call.", size=11)
    start = 72 + c.stringWidth("Read the full ", "Helvetica", 11)
    c.linkURL("https://example.org/code-of-practice", (start, 697, start + 82, 711), relative=0)
    write(c, 72, 660, "Open the safety form now.", size=11)
    c.linkURL("javascript:alert(1)", (72, 657, 230, 671), relative=0)
    c.save()
    spans = [span for block in extract(tmp_path / "links.pdf").value.units[0].blocks for span in block.spans]
    linked = [(span.text, span.href) for span in spans if span.href]
    assert linked == [("code of practice", "https://example.org/code-of-practice")]
    assert "Open the safety form now." in "".join(span.text for span in spans)


# ---------------------------------------------------------------------------------------------- document


def outline_pdf(path: Path) -> Path:
    c = new_canvas(path)
    for number, (chapter, page_title) in enumerate([("Welcome", "Why we are here"), ("Welcome", "Agenda"),
                                                    ("Our product", "Introducing Cardiolex")], start=1):
        write(c, 72, 780, f"Heading on page {number}", "Helvetica-Bold", 16)
        body_lines(c, 72, 750, PARAGRAPH)
        c.bookmarkPage(f"page-{number}")
        if number in (1, 3):
            c.bookmarkPage(f"chapter-{number}")
            c.addOutlineEntry(chapter, f"chapter-{number}", level=0)
        c.addOutlineEntry(page_title, f"page-{number}", level=1)
        c.showPage()
    c.save()
    return path


def test_the_outline_gives_sections_and_page_titles(tmp_path):
    units = extract(outline_pdf(tmp_path / "o.pdf")).value.units
    assert [u.section for u in units] == ["Welcome", "Welcome", "Our product"]
    assert [u.title for u in units] == ["Welcome", "Agenda", "Our product"]
    assert [u.kind for u in units] == ["page"] * 3 and [u.index for u in units] == [1, 2, 3]
    assert units[1].where.unit == 2 and units[1].where.file == "o.pdf"


def test_without_an_outline_a_page_is_titled_by_its_first_heading(tmp_path):
    c = new_canvas(tmp_path / "t.pdf")
    body_lines(c, 72, 790, PARAGRAPH)
    write(c, 72, 740, "Dosing at a glance", "Helvetica-Bold", 16)
    body_lines(c, 72, 715, PARAGRAPH)
    c.save()
    assert extract(tmp_path / "t.pdf").value.units[0].title == "Dosing at a glance"


def test_a_landscape_slide_export_gets_one_title_per_page(tmp_path):
    c = new_canvas(tmp_path / "s.pdf", pagesize=landscape(A4))
    slides = [("Hypertension at a glance", ["Often without symptoms", "Defined as 140/90 mmHg"]),
              ("Introducing Cardiolex", ["Once-daily tablet", "Effect within two weeks"]),
              ("Next steps", ["Complete the online assessment", "Shadow two field visits"])]
    for title, points in slides:
        write(c, 50, 520, title, "Helvetica-Bold", 32)
        for n, point in enumerate(points):
            write(c, 70, 440 - n * 40, f"• {point}", size=20)
        write(c, 780, 30, str(len(points)), size=10)
        c.showPage()
    c.save()
    document = extract(tmp_path / "s.pdf").value
    assert document.attrs["layout"] == "slides"
    assert [u.title for u in document.units] == [title for title, _ in slides]
    assert all(u.role == "content" for u in document.units)
    for unit, (title, points) in zip(document.units, slides, strict=True):
        assert title not in unit_text(unit)
        (points_list,) = unit.blocks
        assert [spans_text(i.spans) for i in points_list.items] == points


def test_metadata_title_and_language_are_used_when_meaningful(tmp_path):
    c = new_canvas(tmp_path / "m.pdf", lang="en-GB")
    c.setTitle("Cardiolex field guide")
    body_lines(c, 72, 760, PARAGRAPH)
    c.save()
    document = extract(tmp_path / "m.pdf").value
    assert document.title == "Cardiolex field guide" and document.language == "en-GB"
    assert document.source.format == "pdf" and document.source.name == "m.pdf"


def test_a_generic_metadata_title_gives_way_to_the_largest_text_on_page_one(tmp_path):
    c = new_canvas(tmp_path / "g.pdf")
    c.setTitle("Microsoft Word - handout_v3.docx")
    write(c, 72, 780, "Reporting adverse events", "Helvetica-Bold", 20)
    body_lines(c, 72, 750, PARAGRAPH)
    c.save()
    assert extract(tmp_path / "g.pdf").value.title == "Reporting adverse events"


def test_running_footers_and_page_numbers_leave_the_body_for_attrs(tmp_path):
    c = new_canvas(tmp_path / "f.pdf")
    for number in range(1, 4):
        body_lines(c, 72, 760, PARAGRAPH)
        write(c, 72, 30, "Cardiolex handout, fictional", size=8)
        write(c, 500, 30, f"Page {number}", size=8)
        c.showPage()
    c.save()
    units = extract(tmp_path / "f.pdf").value.units
    assert all("Page" not in unit_text(u) and "fictional" not in unit_text(u) for u in units)
    assert "Cardiolex handout, fictional" in units[2].attrs["footer"] and "Page 3" in units[2].attrs["footer"]


def test_a_blank_page_keeps_its_number_but_becomes_no_screen(tmp_path):
    c = new_canvas(tmp_path / "blank-middle.pdf")
    body_lines(c, 72, 760, PARAGRAPH)
    c.showPage()
    c.showPage()
    body_lines(c, 72, 760, PARAGRAPH)
    c.save()
    result = extract(tmp_path / "blank-middle.pdf")
    units = result.value.units
    assert [u.index for u in units] == [1, 2, 3] and [u.hidden for u in units] == [False, True, False]
    assert units[1].attrs["blank"] == "true" and codes(result)["pdf.blank-page"] == 1


def test_a_page_turned_by_rotate_reads_along_its_text(tmp_path):
    c = new_canvas(tmp_path / "turned.pdf", pagesize=landscape(A4))
    c.setPageRotation(90)  # shown as a portrait page with the text running downwards
    write(c, 72, 520, "Dosing at a glance", "Helvetica-Bold", 16)
    body_lines(c, 72, 490, PARAGRAPH)
    c.save()
    unit = extract(tmp_path / "turned.pdf").value.units[0]
    assert unit.title == "Dosing at a glance" and [type(b) for b in unit.blocks] == [Paragraph]
    assert block_text(unit.blocks[0]) == " ".join(PARAGRAPH)


# ---------------------------------------------------------------------------------------------- images


def test_an_image_page_without_text_asks_for_ocr_and_keeps_the_image(tmp_path):
    c = new_canvas(tmp_path / "scan.pdf")
    c.drawImage(png(size=(300, 400)), 50, 100, 495, 660)
    c.showPage()
    body_lines(c, 72, 760, PARAGRAPH)
    c.save()
    result = extract(tmp_path / "scan.pdf")
    messages = [m for m in result.messages if m.code == "pdf.scanned-page"]
    assert len(messages) == 1 and "page 1" in messages[0].text and messages[0].where.unit == 1
    (image,) = result.value.units[0].blocks
    assert isinstance(image, Image) and (image.width_px, image.height_px) == (300, 400)
    assert result.value.assets[0].media_type == "image/png" and result.value.assets[0].data.startswith(b"\x89PNG")


def test_a_pdf_of_scans_only_is_still_read_with_one_warning_per_page(tmp_path):
    c = new_canvas(tmp_path / "scans.pdf")
    for color in ("#111111", "#222222"):
        c.drawImage(png(color), 50, 100, 495, 660)
        c.showPage()
    c.save()
    result = extract(tmp_path / "scans.pdf")
    assert codes(result)["pdf.scanned-page"] == 2 and len(result.value.assets) == 2


def test_the_same_image_on_many_pages_is_one_asset_and_alt_text_is_reported_once(tmp_path):
    c = new_canvas(tmp_path / "logo.pdf")
    logo = png("#E45756")
    for _ in range(3):
        body_lines(c, 72, 760, PARAGRAPH)
        c.drawImage(logo, 72, 600, 120, 80)
        c.showPage()
    c.save()
    result = extract(tmp_path / "logo.pdf")
    assert len(result.value.assets) == 1
    assert codes(result)["pdf.missing-alt-text"] == 1
    assert {b.asset for u in result.value.units for b in u.blocks if isinstance(b, Image)} == {
        result.value.assets[0].id}


def test_an_image_bomb_is_skipped_before_it_is_decoded(tmp_path):
    stream = zlib.compress(b"\x00" * 30000)
    path = raw_pdf(tmp_path / "bomb.pdf", [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> "
        b"/Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        (lambda content: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")(
            b"q 400 0 0 400 100 300 cm /Im1 Do Q BT /F1 12 Tf 72 200 Td (Caption below the picture) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
    result = extract(path)
    assert codes(result)["pdf.image-too-large"] == 1 and result.value.assets == ()
    assert "Caption below the picture" in unit_text(result.value.units[0])


# ---------------------------------------------------------------------------------------------- errors


def test_a_pdf_with_a_user_password_is_refused_as_encrypted(tmp_path):
    encrypt = pdfencrypt.StandardEncryption("learner", "trainer", canPrint=0)
    c = new_canvas(tmp_path / "locked.pdf", encrypt=encrypt)
    body_lines(c, 72, 760, PARAGRAPH)
    c.save()
    with pytest.raises(EncryptedInputError, match="password-protected"):
        extract(tmp_path / "locked.pdf")
    with pytest.raises(EncryptedInputError):
        extract(CORPUS / "robustness" / "pdf" / "pdfplumber__password-example.pdf")


def test_a_pdf_locked_only_by_an_owner_password_opens(tmp_path):
    encrypt = pdfencrypt.StandardEncryption("", "trainer", canPrint=0, canCopy=0)
    c = new_canvas(tmp_path / "owner.pdf", encrypt=encrypt)
    body_lines(c, 72, 760, PARAGRAPH)
    c.save()
    assert "practise the question first" in unit_text(extract(tmp_path / "owner.pdf").value.units[0])


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 8, b"%PDF-1.4\n1 0 obj << /Type /Catalog"])
def test_broken_files_are_reported_as_damaged(tmp_path, data):
    (tmp_path / "broken.pdf").write_bytes(data)
    with pytest.raises((CorruptInputError, EmptyInputError)) as caught:
        extract(tmp_path / "broken.pdf")
    assert str(tmp_path / "broken.pdf") in str(caught.value)


def test_a_pdf_with_blank_pages_only_is_empty(tmp_path):
    c = new_canvas(tmp_path / "blank.pdf")
    c.showPage()
    c.save()
    with pytest.raises(EmptyInputError, match="no text and no pictures"):
        extract(tmp_path / "blank.pdf")


def test_too_many_pages_exceed_the_unit_limit(tmp_path):
    path = outline_pdf(tmp_path / "o.pdf")
    with pytest.raises(LimitExceededError, match="3 pages; the limit is 2"):
        extract(path, max_units=2)


def test_a_missing_pdf_library_names_the_extra_to_install(tmp_path, monkeypatch):
    path = outline_pdf(tmp_path / "o.pdf")
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name.startswith("pypdfium2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(MissingDependencyError, match=re.escape("pip install classroom-to-elearning[pdf]")):
        extract(path)


def test_the_extractor_claims_pdfs_by_signature_and_never_prints(tmp_path, capsys):
    path = outline_pdf(tmp_path / "renamed.bin")
    assert EXTRACTOR.sniff(Probe.read(path)) and not EXTRACTOR.sniff(Probe.read(REPO / "pyproject.toml"))
    assert default_registry().find_extractor(Probe.read(path)).name == "pdf"
    extract(path)
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------------------------- sample


def test_the_sample_handout_extracts_with_its_markers():
    result = extract(HANDOUT)
    document = result.value
    assert len(document.units) == 3 and document.title.startswith("Cardiolex Sales Onboarding")
    first, dosing, compliance = document.units
    headings = [block_text(b) for b in first.blocks if isinstance(b, Heading)]
    assert "HANDOUT-MARKER: key messages" in headings
    (table,) = [b for b in dosing.blocks if isinstance(b, Table)]
    assert "10 mg once daily" in block_text(table) and table.header_rows == 1 and len(table.rows) == 5
    assert [u.section for u in document.units] == ["HANDOUT-MARKER: key messages", "Dosing and safety",
                                                   "Compliance essentials"]
    lists = [b for b in first.blocks if isinstance(b, ListBlock)]
    assert [item.level for item in lists[0].items] == [0, 1, 1, 0, 0] and lists[1].ordered
    assert [s.href for s in lists[1].items[0].spans if s.text == "course portal"] == [
        "https://example.org/cardiolex-onboarding"]
    text = unit_text(compliance)
    assert text.index("Promoting within the label") < text.index("quote numbers without rounding") < text.index(
        "Handling common objections")
    assert "Page 3" in compliance.attrs["footer"] and "Page 3" not in text
    assert not [m for m in result.messages if m.level.value != "info"]


def test_the_sample_handout_is_rebuilt_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_handout", REPO / "samples" / "make_handout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.write_handout(tmp_path).read_bytes() == HANDOUT.read_bytes()


# ---------------------------------------------------------------------------------------------- text layer


def unicode_text(raw, textpage, count: int) -> str:
    """The page's characters asked one by one, as pdfium's character index has them."""
    codes = (raw.FPDFText_GetUnicode(textpage, index) for index in range(count))
    return "".join(chr(code) if code <= 0x10FFFF else "\x00" for code in codes)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["markitdown__test.pdf", "pdfjs__TAMReview.pdf", "docling__redp5110_sampled.pdf",
                                  "owasp__OWASP_Top_10_-_2013_Arabic.pdf"])
def test_the_page_text_read_in_one_call_lines_up_with_the_characters(name):
    """FPDFText_GetText leaves control characters out and writes U+FFFE for the hyphen mark: the reader's text
    must still hold one character per pdfium index, as asking character by character gives it."""
    import pypdfium2
    import pypdfium2.raw as raw

    from extractors.pdf.chars import PageTextReader
    from extractors.pdf.pages import frame_of

    document = pypdfium2.PdfDocument(CORPUS / "real" / "pdf" / name)
    try:
        for index in range(min(len(document), 6)):
            page = document[index]
            textpage = page.get_textpage()
            reader = PageTextReader(raw, textpage, frame_of(page))
            count = reader.char_count()
            assert reader._text(count) == unicode_text(raw, textpage, count)
            textpage.close()
            page.close()
    finally:
        document.close()
