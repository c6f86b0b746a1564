"""Code and symbol fonts as specs: code keeps its lines and indentation and shows as ``<pre>``, monospace runs in
prose as ``<code>``, and characters from Symbol/Wingdings fonts become real Unicode (or are named when they cannot).

Decks and documents are made in the test (python-pptx, python-docx); two real technical decks from the corpus are
checked against expectations read from their own XML, and one of their code screens is looked at in Chromium.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from lxml import etree, html
from pptx import Presentation
from pptx.util import Inches, Pt

from converter import api
from converter.model import Code, ListBlock, Paragraph
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors._office.code import code_language, is_monospace, is_prompt_line, looks_like_prose
from extractors._office.symbols import map_symbol
from extractors.docx import DocxExtractor
from extractors.pptx import PptxExtractor
from packagers._site import build_site

from conftest import CORPUS

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"a": A, "p": P}
BLANK, TITLE_AND_CONTENT = 6, 1
REAL_DECKS = ("gjbex__python_for_hpc.pptx", "gjbex__mpi4py.pptx")
WINGDINGS_ARROW = map_symbol("wingdings", "\uf0e0")
"""Wingdings byte 0xE0: a rightwards arrow."""


# ---------------------------------------------------------------------------------------------- helpers


def extract(path: Path):
    extractor = PptxExtractor() if path.suffix == ".pptx" else DocxExtractor()
    return extractor.extract(Probe.read(path), ConvertOptions())


def blocks(result) -> list:
    return [block for unit in result.value.units for block in unit.blocks]


def codes_of(result) -> list[Code]:
    return [block for block in blocks(result) if isinstance(block, Code)]


def all_text(result) -> str:
    return "\n".join(span.text for block in blocks(result) for span in getattr(block, "spans", ()))


def text_box(slide, lines: list[tuple[str, str]], top: float = 1.5, levels: list[int] | None = None):
    """Add a text box with one paragraph per (text, font) line; return the shape."""
    shape = slide.shapes.add_textbox(Inches(0.5), Inches(top), Inches(9), Inches(4))
    frame = shape.text_frame
    for index, (text, font) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if levels:
            paragraph.level = levels[index]
        run = paragraph.add_run()
        run.text = text
        run.font.name = font
        run.font.size = Pt(14)
    return shape


def save_deck(prs, tmp_path: Path, name: str = "deck.pptx") -> Path:
    path = tmp_path / name
    prs.save(str(path))
    return path


def blank_slide(prs=None):
    prs = prs or Presentation()
    return prs, prs.slides.add_slide(prs.slide_layouts[BLANK])


def package_html(path: Path) -> html.HtmlElement:
    """Return the parsed ``index.html`` of the web package built from ``path``."""
    course = api.build([path]).value
    return html.document_fromstring(build_site(course, "standalone").value["index.html"].decode("utf-8"))


def add_run_xml(paragraph, xml: str):
    """Append a DrawingML run given as XML (``a:`` prefix bound) to a python-pptx paragraph."""
    run = etree.fromstring(f'<a:r xmlns:a="{A}">{xml}</a:r>')
    paragraph._p.append(run)


# ---------------------------------------------------------------------------------------------- evidence


@pytest.mark.parametrize("font", ["Consolas", "Courier New", "courier  new", "Menlo", "Source Code Pro",
                                  "DejaVu Sans Mono", "Fira Code", "JetBrains Mono", "Lucida Console"])
def test_monospace_fonts_are_known(font):
    assert is_monospace(font)


@pytest.mark.parametrize("font", ["Calibri", "Arial", "Times New Roman", "+mn-lt", "", None, "Codec Pro Sans"])
def test_proportional_fonts_and_theme_references_are_not_code(font):
    assert not is_monospace(font)


@pytest.mark.parametrize("line", ["$ ls -l", "% make test", ">>> x = 1", "...     return x", "C:\\> dir",
                                  "PS C:\\Users\\me> Get-ChildItem", "user@host:~$ ssh node1"])
def test_prompts_start_a_session_line(line):
    assert is_prompt_line(line)


@pytest.mark.parametrize("line", ["$ 5 million in sales", "$5", "> quoted text", "# Heading", "Use $ signs"])
def test_prose_with_dollar_or_angle_signs_is_no_prompt(line):
    assert not is_prompt_line(line)


def test_a_language_is_given_only_when_the_prompts_agree():
    assert code_language([">>> 1 + 1", "2"]) == "python"
    assert code_language(["$ ls", "a.txt"]) == "shell"
    assert code_language(["$ python", ">>> 1"]) is None
    assert code_language(["def f():", "    pass"]) is None


def test_a_long_sentence_in_a_typewriter_font_reads_as_prose():
    sentence = ("Gregor Mendel was born in Moravia in 1822 and in 1843 he entered the Augustinian monastery in Brno, "
                "where he took holy orders and later taught natural history.")
    assert looks_like_prose(sentence)
    assert not looks_like_prose("# " + sentence)  # a long comment is still code
    assert not looks_like_prose("    result = compute(alpha, beta, gamma) + normalise(values, axis=0) * scale "
                                "- offset(delta, epsilon, zeta)")


# ---------------------------------------------------------------------------------------------- PPTX code

CODE_LINES = ["def area(radius):", "    if radius < 0:", "        raise ValueError(radius)", "",
              "    return 3.14159 * radius ** 2", "print(area(2))"]


def test_indented_code_in_a_consolas_text_box_is_one_code_block_kept_exactly(tmp_path):
    prs, slide = blank_slide()
    text_box(slide, [(line, "Consolas") for line in CODE_LINES])
    path = save_deck(prs, tmp_path)
    (code,) = codes_of(extract(path))
    assert code.text == "\n".join(CODE_LINES)
    assert code.language is None  # no prompt: nothing makes the language evident
    pre = package_html(path).xpath("//div[@class='code-wrap']/pre/code")
    assert [element.text_content() for element in pre] == ["\n".join(CODE_LINES)]


def test_outline_levels_of_code_paragraphs_become_four_spaces_each(tmp_path):
    prs, slide = blank_slide()
    text_box(slide, [("for rank in ranks:", "Courier New"), ("if rank == 0:", "Courier New"),
                     ("print(rank)", "Courier New")], levels=[0, 1, 2])
    (code,) = codes_of(extract(save_deck(prs, tmp_path)))
    assert code.text == "for rank in ranks:\n    if rank == 0:\n        print(rank)"


def test_code_font_inherited_from_the_text_box_list_style_counts(tmp_path):
    prs, slide = blank_slide()
    shape = text_box(slide, [("x = 1", ""), ("  y = x", "")])
    for run in shape._element.iter(f"{{{A}}}latin"):
        run.getparent().remove(run)
    lst_style = shape._element.find("p:txBody/a:lstStyle", NS)
    lst_style.append(etree.fromstring(f'<a:lvl1pPr xmlns:a="{A}"><a:defRPr><a:latin typeface="Menlo"/></a:defRPr>'
                                      "</a:lvl1pPr>"))
    (code,) = codes_of(extract(save_deck(prs, tmp_path)))
    assert code.text == "x = 1\n  y = x"


def test_a_shell_prompt_block_is_code_with_a_shell_hint(tmp_path):
    prs, slide = blank_slide()
    text_box(slide, [("Install and run:", "Calibri")], top=0.5)
    text_box(slide, [("$ pip install mpi4py", "Calibri"), ("$ mpirun -np 4 python hello.py", "Calibri")], top=2)
    result = extract(save_deck(prs, tmp_path))
    (code,) = codes_of(result)
    assert code.text == "$ pip install mpi4py\n$ mpirun -np 4 python hello.py"
    assert code.language == "shell"
    assert [b for b in blocks(result) if isinstance(b, Paragraph)][0].spans[0].text == "Install and run:"


def test_a_python_session_in_a_monospace_font_is_python(tmp_path):
    prs, slide = blank_slide()
    text_box(slide, [(">>> import numpy as np", "Consolas"), (">>> np.arange(3)", "Consolas")])
    (code,) = codes_of(extract(save_deck(prs, tmp_path)))
    assert code.language == "python" and code.text.startswith(">>> import numpy")


def test_a_monospace_run_in_prose_is_inline_code(tmp_path):
    prs, slide = blank_slide()
    shape = text_box(slide, [("Call ", "Calibri")])
    paragraph = shape.text_frame.paragraphs[0]
    for text, font in (("np.dot(a, b)", "Consolas"), (" to multiply matrices.", "Calibri")):
        run = paragraph.add_run()
        run.text, run.font.name = text, font
    path = save_deck(prs, tmp_path)
    result = extract(path)
    assert not codes_of(result)
    (para,) = [b for b in blocks(result) if isinstance(b, Paragraph)]
    assert [(span.text, span.code) for span in para.spans] == [
        ("Call ", False), ("np.dot(a, b)", True), (" to multiply matrices.", False)]
    (code,) = package_html(path).xpath("//section[contains(@class, 'screen')]//p/code")
    assert code.text_content() == "np.dot(a, b)"


def test_indented_bullets_and_indented_prose_in_calibri_stay_text(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Agenda"
    frame = slide.placeholders[1].text_frame
    for index, (text, level) in enumerate((("Welcome", 0), ("Who we are", 1), ("Our values", 2))):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text, paragraph.level = text, level
        paragraph.runs[0].font.name = "Calibri"
    text_box(slide, [("Notes:", "Calibri"), ("    indented by spaces", "Calibri")], top=5)
    result = extract(save_deck(prs, tmp_path))
    assert not codes_of(result)
    (bullets,) = [b for b in blocks(result) if isinstance(b, ListBlock)]
    assert [item.level for item in bullets.items] == [0, 1, 2]


def test_a_long_sentence_in_courier_stays_a_paragraph(tmp_path):
    prs, slide = blank_slide()
    sentence = ("Gregor Mendel was born in Moravia in 1822 and in 1843 he entered the Augustinian monastery in Brno, "
                "where he took holy orders and later taught natural history.")
    text_box(slide, [(sentence, "Courier New")])
    result = extract(save_deck(prs, tmp_path))
    assert not codes_of(result)
    (para,) = [b for b in blocks(result) if isinstance(b, Paragraph)]
    assert [(span.text, span.code) for span in para.spans] == [(sentence, False)]


def test_bullets_in_a_monospace_font_stay_a_list_of_inline_code(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    frame = slide.placeholders[1].text_frame
    for index, text in enumerate(("numpy", "scipy")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.runs[0].font.name = "Courier New"
    result = extract(save_deck(prs, tmp_path))
    assert not codes_of(result)
    (bullets,) = [b for b in blocks(result) if isinstance(b, ListBlock)]
    assert all(item.spans[0].code for item in bullets.items)


# ---------------------------------------------------------------------------------------------- PPTX symbols


def test_symbol_font_characters_become_unicode(tmp_path):
    prs, slide = blank_slide()
    shape = text_box(slide, [("Dashboard ", "Calibri")])
    paragraph = shape.text_frame.paragraphs[0]
    add_run_xml(paragraph, '<a:rPr lang="en-US"><a:sym typeface="Wingdings"/></a:rPr><a:t>\uf0e0</a:t>')
    add_run_xml(paragraph, '<a:rPr lang="en-US"/><a:t> Compute </a:t>')
    add_run_xml(paragraph, '<a:rPr lang="en-US"><a:latin typeface="Wingdings"/></a:rPr><a:t>\uf0e0</a:t>')
    add_run_xml(paragraph, '<a:rPr lang="en-US"><a:latin typeface="Wingdings"/></a:rPr><a:t>\u00e0</a:t>')
    add_run_xml(paragraph, '<a:rPr lang="en-US"/><a:t> Store</a:t>')
    second = shape.text_frame.add_paragraph()
    add_run_xml(second, '<a:rPr lang="en-US"><a:sym typeface="Symbol"/></a:rPr><a:t>\uf0f2</a:t>')
    add_run_xml(second, '<a:rPr lang="en-US"/><a:t> f(x) dx over </a:t>')
    add_run_xml(second, '<a:rPr lang="en-US"><a:latin typeface="Symbol"/></a:rPr><a:t>p</a:t>')
    result = extract(save_deck(prs, tmp_path))
    text = all_text(result)
    assert "RIGHTWARDS" in unicodedata.name(WINGDINGS_ARROW) and "ARROW" in unicodedata.name(WINGDINGS_ARROW)
    assert f"Dashboard {WINGDINGS_ARROW} Compute {WINGDINGS_ARROW}{WINGDINGS_ARROW} Store" in text
    assert "\u222b f(x) dx over \u03c0" in text
    assert not any(0xF000 <= ord(char) <= 0xF0FF for char in text)
    assert not [m for m in result.messages if m.code == "pptx.symbol-unmapped"]
    mapped = [m for m in result.messages if m.code == "pptx.symbol-mapped"]
    assert mapped and all(m.level.value == "info" for m in mapped) and len(mapped) <= 2  # one per font, not per char


def test_an_unmapped_symbol_is_left_out_and_named_in_the_messages(tmp_path):
    prs, slide = blank_slide()
    shape = text_box(slide, [("Made on a ", "Calibri")])
    add_run_xml(shape.text_frame.paragraphs[0], '<a:rPr lang="en-US"><a:sym typeface="Symbol"/></a:rPr><a:t>\uf0f0</a:t>')
    result = extract(save_deck(prs, tmp_path))
    assert "Made on a" in all_text(result) and "\uf0f0" not in all_text(result)
    (message,) = [m for m in result.messages if m.code == "pptx.symbol-unmapped"]
    assert "symbol" in message.text.lower() and "F0F0" in message.text
    assert message.instead == "left out" and message.where.unit == 1 and message.where.shape


# ---------------------------------------------------------------------------------------------- DOCX


def docx_paragraph(doc, xml: str):
    """Append a ``w:p`` given as XML body (``w:`` prefix bound) to the document body."""
    element = parse_xml(f'<w:p xmlns:w="{W}">{xml}</w:p>')
    doc.element.body.insert(len(doc.element.body) - 1, element)


def mono_run(text: str, font: str = "Courier New") -> str:
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def test_monospace_docx_paragraphs_are_one_code_block_with_their_indentation(tmp_path):
    doc = Document()
    doc.add_paragraph("Run this:")
    docx_paragraph(doc, mono_run("with open(path) as f:"))
    docx_paragraph(doc, mono_run("    for line in f:"))
    docx_paragraph(doc, mono_run(""))
    docx_paragraph(doc, '<w:pPr><w:ind w:left="1440"/></w:pPr>' + mono_run("print(line)"))
    doc.add_paragraph("Then close the file.")
    docx_paragraph(doc, mono_run("$ python read.py", "Calibri"))
    path = tmp_path / "guide.docx"
    doc.save(str(path))
    result = extract(path)
    first, second = codes_of(result)
    assert first.text == "with open(path) as f:\n    for line in f:\n\n        print(line)"
    assert second.text == "$ python read.py" and second.language == "shell"
    kinds = [b.kind for b in blocks(result)]
    assert kinds == ["paragraph", "code", "paragraph", "code"]


def test_a_monospace_run_in_a_docx_paragraph_is_inline_code(tmp_path):
    doc = Document()
    docx_paragraph(doc, '<w:r><w:t xml:space="preserve">Set </w:t></w:r>' + mono_run("OMP_NUM_THREADS", "Consolas")
                   + '<w:r><w:t xml:space="preserve"> first.</w:t></w:r>')
    path = tmp_path / "inline.docx"
    doc.save(str(path))
    (para,) = [b for b in blocks(extract(path)) if isinstance(b, Paragraph)]
    assert [(s.text, s.code) for s in para.spans] == [("Set ", False), ("OMP_NUM_THREADS", True), (" first.", False)]


def test_docx_symbols_become_unicode_and_unmapped_ones_are_named(tmp_path):
    doc = Document()
    docx_paragraph(doc, '<w:r><w:t xml:space="preserve">Next </w:t><w:sym w:font="Wingdings" w:char="F0E0"/>'
                        '<w:t xml:space="preserve"> area </w:t><w:sym w:font="Symbol" w:char="F0F2"/>'
                        '<w:t xml:space="preserve"> logo </w:t><w:sym w:font="Wingdings" w:char="F0FF"/></w:r>')
    docx_paragraph(doc, '<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>a+b</w:t></w:r>')
    docx_paragraph(doc, '<w:r><w:t xml:space="preserve">Icon </w:t></w:r>'
                        '<w:r><w:rPr><w:rFonts w:ascii="MyIcons" w:hAnsi="MyIcons"/></w:rPr><w:t>\uf041</w:t></w:r>')
    path = tmp_path / "symbols.docx"
    doc.save(str(path))
    result = extract(path)
    text = all_text(result)
    assert f"Next {WINGDINGS_ARROW} area \u222b logo" in text and "\u03b1+\u03b2" in text
    assert not any(0xF000 <= ord(char) <= 0xF0FF for char in text)
    wingdings, icons = [m for m in result.messages if m.code == "docx.symbol-unmapped"]
    assert "Wingdings" in wingdings.text and "F0FF" in wingdings.text and wingdings.instead == "left out"
    assert "MyIcons" in icons.text and "F041" in icons.text and icons.instead == "left out"


# ---------------------------------------------------------------------------------------------- real decks


def indented_code_lines(deck: Path) -> list[str]:
    """Return, from the deck's own XML, the indented lines of text boxes set wholly in a monospace font
    (``Courier New``, as these decks use): what the Code blocks must keep with their leading spaces."""
    found: list[str] = []
    with zipfile.ZipFile(deck) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")):
            root = etree.fromstring(archive.read(name))
            for shape in root.iterfind(".//p:sp", NS):
                found.extend(_indented_lines(shape))
    return found


def _indented_lines(shape: etree._Element) -> list[str]:
    if shape.find("p:nvSpPr/p:nvPr/p:ph", NS) is not None or shape.find("p:txBody", NS) is None:
        return []
    runs = shape.findall("p:txBody/a:p/a:r", NS)
    fonts = {(run.find("a:rPr/a:latin", NS).get("typeface") if run.find("a:rPr/a:latin", NS) is not None else None)
             for run in runs if "".join(run.itertext()).strip()}
    if fonts != {"Courier New"}:
        return []
    lines: list[str] = []
    for p in shape.iterfind("p:txBody/a:p", NS):
        if p.find("a:pPr/a:buChar", NS) is not None or p.find("a:pPr/a:buAutoNum", NS) is not None:
            return []
        text = "".join("\n" if child.tag == f"{{{A}}}br" else "".join(t.text or "" for t in child.iter(f"{{{A}}}t"))
                       for child in p if child.tag in (f"{{{A}}}r", f"{{{A}}}br", f"{{{A}}}fld"))
        lines.extend(line.rstrip() for line in text.split("\n")
                     if line[:1] in (" ", "\t") and line.strip() and not any(ord(c) >= 0xF000 for c in line))
    return lines


@pytest.mark.parametrize("name", REAL_DECKS)
def test_real_code_slides_keep_their_indentation(name):
    deck = CORPUS / "real" / "pptx" / name
    expected = indented_code_lines(deck)
    assert expected, "the deck's code slides have indented lines"
    result = extract(deck)
    code_lines = [line for code in codes_of(result) for line in code.text.split("\n")]
    missing = [line for line in expected if line not in code_lines]
    assert not missing, f"{len(missing)} of {len(expected)} indented code lines lost their indentation: {missing[:5]}"
    assert any(code.text.count("\n") >= 3 for code in codes_of(result))


# ---------------------------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def browser():
    from runtime.harness import running_browser

    with running_browser() as chromium:
        yield chromium


def _wide_code_screen(course) -> tuple[int, str]:
    """Return (screen index, an indented line) of the first screen whose code has an indented line and a line
    too wide for a phone."""
    for index, screen in enumerate(course.screens()):
        for block in screen.blocks:
            if isinstance(block, Code):
                lines = block.text.split("\n")
                indented = [line for line in lines if line.startswith("    ")]
                if indented and max(map(len, lines)) >= 48:
                    return index, indented[0]
    raise AssertionError("no code screen with an indented, wide line")


@pytest.mark.runtime
def test_a_real_code_screen_in_chromium_is_monospace_pre_and_scrolls_in_its_box(browser, tmp_path):
    from runtime.harness import LmsServer

    deck = CORPUS / "real" / "pptx" / "gjbex__python_for_hpc.pptx"
    course = api.build([deck]).value
    index, indented = _wide_code_screen(course)
    site = tmp_path / "web"
    for name, data in build_site(course, "standalone").value.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    server = LmsServer(site)
    context = browser.new_context(viewport={"width": 375, "height": 700})
    try:
        page = context.new_page()
        page.goto(f"{server.origin}/pkg/index.html", wait_until="load")
        page.wait_for_selector('body[data-ready="true"]', state="attached")
        place = int(page.locator(f'section[id="{course.screens()[index].id}"]').get_attribute("data-index"))
        for _ in range(place):  # the page's order: each module's screens, then its knowledge checks
            page.locator("#next").click()
        pre = page.locator("section.screen:not([hidden]) .code-wrap pre").first
        pre.wait_for(state="visible")
        style = pre.evaluate("e => { const s = getComputedStyle(e); return [s.fontFamily, s.whiteSpace]; }")
        assert "mono" in style[0].lower() and style[1] == "pre"
        assert indented in pre.evaluate("e => e.innerText").split("\n")
        box = pre.evaluate("e => { const w = e.closest('.code-wrap'); return [w.scrollWidth, w.clientWidth]; }")
        assert box[0] > box[1], "the code box scrolls sideways"
        page_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert page_width[0] <= page_width[1], "the page itself does not scroll sideways"
        shot = tmp_path / "code-screen.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
    finally:
        context.close()
        server.close()


def test_symbol_font_arrows_map_into_the_basic_plane_every_font_covers():
    """An arrow from Wingdings/Webdings becomes an arrow a phone's fonts can draw, never a rare
    supplemental-plane one that would show as the very box the mapping is there to remove."""
    arrows = [mapped for font in ("wingdings", "wingdings 2", "wingdings 3", "webdings")
              for byte in range(0x20, 0x100) if (mapped := map_symbol(font, chr(byte)))
              and "ARROW" in unicodedata.name(mapped[0], "") and ("WARDS" in unicodedata.name(mapped[0], "")
                                                                    or "NORTH" in unicodedata.name(mapped[0], "")
                                                                    or "SOUTH" in unicodedata.name(mapped[0], ""))]
    assert len(arrows) > 40
    assert all(ord(arrow[0]) <= 0xFFFF for arrow in arrows), [hex(ord(a[0])) for a in arrows if ord(a[0]) > 0xFFFF]
