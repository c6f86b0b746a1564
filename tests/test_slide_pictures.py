"""Slides whose drawings carry meaning get a picture beside their text; OLE equations show their preview.

LibreOffice renders: the tests that need it share one conversion per deck (module-scoped fixtures).
"""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PilImage
from PIL import ImageStat
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.opc.packuri import PackURI
from pptx.util import Inches

import converter
from converter.model import Image, Paragraph, block_text
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors._office.soffice import SOFFICE_ENV
from extractors.pptx import PptxExtractor
from extractors.pptx.drawings import find_drawings

from conftest import CORPUS

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TITLE_ONLY, BLANK = 5, 6
MARKER = "DRAWN-MARKER: orders move from intake to billing"


# ---------------------------------------------------------------------------------------------- decks


def _flow_slide(prs) -> None:
    """A title, a text box and three text-less boxes joined by two connectors (a flow diagram)."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Order flow"
    slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(6), Inches(0.6)).text_frame.text = MARKER
    boxes = [slide.shapes.add_shape(shape, Inches(x), Inches(3), Inches(2), Inches(1))
             for shape, x in ((MSO_SHAPE.RECTANGLE, 0.5), (MSO_SHAPE.RECTANGLE, 4), (MSO_SHAPE.OVAL, 7))]
    for start, end in zip(boxes, boxes[1:], strict=False):
        connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
        connector.begin_connect(start, 3)
        connector.end_connect(end, 1)


def _text_slide(prs, title: str, hidden: bool = False):
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text_frame.text = f"{title}: only words here"
    if hidden:
        slide._element.set("show", "0")
    return slide


def _red_slide(prs) -> None:
    """Three text-less red rectangles covering the slide: its picture is mostly red."""
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    for n in range(3):
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.5 * n), Inches(10), Inches(2.5))
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xE0, 0x10, 0x10)
        box.line.fill.background()


@pytest.fixture(scope="module")
def drawn_deck(tmp_path_factory) -> Path:
    """Slide 1 a flow diagram, 2 text only, 3 hidden (with three arrows), 4 red drawn boxes."""
    prs = Presentation()
    _flow_slide(prs)
    _text_slide(prs, "Words only")
    hidden = _text_slide(prs, "Hidden words", hidden=True)
    for n in range(3):
        hidden.shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, Inches(n * 3), Inches(5), Inches(2), Inches(1))
    _red_slide(prs)
    path = tmp_path_factory.mktemp("decks") / "drawn.pptx"
    prs.save(path)
    return path



def extract(path: Path, mode: str = "auto"):
    return PptxExtractor().extract(Probe.read(path), ConvertOptions(slide_images=mode))


@pytest.fixture(scope="module")
def auto(drawn_deck, soffice):
    return extract(drawn_deck)


@pytest.fixture(scope="module")
def package(drawn_deck, soffice, tmp_path_factory) -> Path:
    return converter.convert(drawn_deck, tmp_path_factory.mktemp("out1"), formats="scorm12").value.package


def slide_pictures(result) -> dict[int, Image]:
    return {unit.index: block for unit in result.value.units for block in unit.blocks
            if isinstance(block, Image) and block.role == "slide"}


def picture(result, block: Image) -> PilImage.Image:
    asset = next(asset for asset in result.value.assets if asset.id == block.asset)
    return PilImage.open(io.BytesIO(asset.data))


def codes(result, code: str) -> list:
    return [m for m in result.messages if m.code == code]


# ---------------------------------------------------------------------------------------------- detection


def _tree(path: Path, number: int) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read(f"ppt/slides/slide{number}.xml"))
    return root.find(f"{{{P}}}cSld/{{{P}}}spTree")


def test_connectors_and_text_less_shapes_are_found_and_text_shapes_are_not(drawn_deck):
    flow = find_drawings(_tree(drawn_deck, 1))
    assert sorted(d.kind for d in flow.drawings) == ["connector", "connector", "ellipse", "shape without text",
                                                     "shape without text"]
    assert flow.needs_picture and "2 connectors" in flow.summary() and "'Oval 5'" in flow.summary()
    words = find_drawings(_tree(drawn_deck, 2))
    assert words.drawings == () and not words.needs_picture


def test_one_connector_joining_two_text_shapes_is_enough_and_invisible_shapes_do_not_count(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    first, second = (slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(1), Inches(2), Inches(1))
                     for x in (1, 5))
    first.text_frame.text, second.text_frame.text = "Ask", "Answer"
    invisible = [slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(n), Inches(4), Inches(1), Inches(1)) for n in range(3)]
    for shape in invisible:
        shape.fill.background()
        shape.line.fill.background()
    connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
    connector.begin_connect(first, 3)
    connector.end_connect(second, 1)
    prs.save(tmp_path / "d.pptx")
    found = find_drawings(_tree(tmp_path / "d.pptx", 1))
    assert [d.kind for d in found.drawings] == ["connector"]
    assert found.joins_text and found.needs_picture


# ---------------------------------------------------------------------------------------------- with LibreOffice


def test_a_drawn_slide_gets_a_picture_of_itself_after_its_text(auto):
    slide = auto.value.units[0]
    last = slide.blocks[-1]
    assert isinstance(last, Image) and last.role == "slide"
    assert last.alt.startswith("Slide 1: Order flow.") and "DRAWN-MARKER" in last.alt
    assert any(isinstance(b, Paragraph) and MARKER in block_text(b) for b in slide.blocks[:-1])
    shown = picture(auto, last)
    assert shown.format == "PNG" and (last.width_px, last.height_px) == shown.size
    assert shown.width / shown.height == pytest.approx(4 / 3, rel=0.01)
    assert max(ImageStat.Stat(shown.convert("L")).stddev) > 10, "the picture is blank"
    [said] = [m for m in codes(auto, "pptx.drawing-as-picture") if m.where.unit == 1]
    assert said.instead == "slide picture" and "2 connectors" in said.text


def test_a_text_only_slide_gets_no_picture_and_hidden_slides_do_not_shift_the_pictures(auto):
    pictures = slide_pictures(auto)
    assert sorted(pictures) == [1, 4]
    red = picture(auto, pictures[4]).convert("RGB").resize((1, 1)).getpixel((0, 0))
    assert red[0] > 150 and red[1] < 90 and red[2] < 90, f"slide 4's picture is not the red slide: {red}"
    [hidden] = [m for m in codes(auto, "pptx.drawing-not-shown") if m.where.unit == 3]
    assert "hidden" in hidden.text and hidden.instead == "left out"


def test_the_slide_text_stays_text_in_the_package(package):
    with zipfile.ZipFile(package) as archive:
        pages = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".html")]
        pngs = [name for name in archive.namelist() if name.endswith(".png")]
    html = "\n".join(pages)
    assert re.search(r"<p[^>]*>[^<]*DRAWN-MARKER: orders move from intake to billing", html)
    assert pngs, "the slide picture is not in the package"


def test_two_conversions_give_byte_identical_packages(drawn_deck, package, tmp_path):
    again = converter.convert(drawn_deck, tmp_path, formats="scorm12").value.package
    assert again.read_bytes() == package.read_bytes()


def test_always_pictures_every_visible_slide(drawn_deck, soffice):
    assert sorted(slide_pictures(extract(drawn_deck, "always"))) == [1, 2, 4]


# ---------------------------------------------------------------------------------------------- without it


def test_never_gives_no_picture_and_names_what_is_left_out(drawn_deck, monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(_recording_soffice(tmp_path)))
    result = extract(drawn_deck, "never")
    assert slide_pictures(result) == {}
    [said] = [m for m in codes(result, "pptx.drawing-not-shown") if m.where.unit == 1]
    assert said.instead == "left out" and "never" in said.text
    assert not (tmp_path / "started").exists(), "LibreOffice was started with slide pictures off"


def test_without_libreoffice_the_drawings_are_reported_with_how_to_get_them(drawn_deck, monkeypatch):
    monkeypatch.setenv(SOFFICE_ENV, "")
    result = extract(drawn_deck)
    assert slide_pictures(result) == {}
    [said] = [m for m in codes(result, "pptx.drawing-not-shown") if m.where.unit == 1]
    assert said.level.value == "warning" and said.instead == "left out"
    assert "2 connectors" in said.text and "'Connector" in said.text and "install LibreOffice" in said.text
    assert any(MARKER in block_text(b) for b in result.value.units[0].blocks)


def test_a_deck_without_drawings_never_starts_libreoffice(monkeypatch, tmp_path):
    prs = Presentation()
    _text_slide(prs, "Plain")
    prs.save(tmp_path / "plain.pptx")
    monkeypatch.setenv(SOFFICE_ENV, str(_recording_soffice(tmp_path)))
    result = extract(tmp_path / "plain.pptx")
    assert slide_pictures(result) == {} and not codes(result, "pptx.drawing-not-shown")
    assert not (tmp_path / "started").exists()


def _recording_soffice(folder: Path) -> Path:
    """Return a fake soffice that only leaves a file saying it was started."""
    script = folder / "fake-soffice"
    script.write_text(f"#!/bin/sh\ntouch {folder / 'started'}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


# ---------------------------------------------------------------------------------------------- equations


@pytest.fixture(scope="module")
def equation_deck(tmp_path_factory) -> Path:
    """One slide holding an Equation 3.0 OLE object whose preview is a real WMF (from a corpus deck)."""
    with zipfile.ZipFile(CORPUS / "real" / "pptx" / "gjbex__python_for_hpc.pptx") as archive:
        wmf = archive.read("ppt/media/image12.wmf")
    icon = io.BytesIO()
    PilImage.new("RGB", (8, 8), "white").save(icon, "PNG")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Speed-up"
    frame = slide.shapes.add_ole_object(io.BytesIO(b"\xd0\xcf\x11\xe0 equation"), "Equation.3", Inches(1),
                                        Inches(2), Inches(2), Inches(1), icon_file=io.BytesIO(icon.getvalue()))
    blip = frame._element.xpath(".//a:blip")[0]
    part = slide.part.related_part(blip.get(f"{{{R}}}embed"))
    part.partname, part._blob, part._content_type = PackURI("/ppt/media/preview1.wmf"), wmf, "image/x-wmf"
    path = tmp_path_factory.mktemp("equation") / "equation.pptx"
    prs.save(path)
    return path


def test_an_ole_equation_shows_its_preview_as_a_png(equation_deck, soffice):
    result = extract(equation_deck)
    [equation] = [b for b in result.value.units[0].blocks if isinstance(b, Image)]
    assert equation.role == "equation" and equation.alt == "Equation"
    shown = picture(result, equation)
    assert shown.format == "PNG" and max(ImageStat.Stat(shown.convert("L")).stddev) > 10
    assert not codes(result, "pptx.ole-object-skipped")
    [said] = codes(result, "pptx.equation-as-picture")
    assert said.instead == "picture" and said.where == equation.where


def test_without_libreoffice_an_ole_equation_is_reported_left_out(equation_deck, monkeypatch):
    monkeypatch.setenv(SOFFICE_ENV, "")
    result = extract(equation_deck)
    assert not [b for b in result.value.units[0].blocks if isinstance(b, Image)]
    [said] = codes(result, "pptx.equation-not-shown")
    assert said.instead == "left out" and said.where.unit == 1 and "install LibreOffice" in said.text
    assert all(asset.media_type != "image/x-wmf" for asset in result.value.assets)


@pytest.mark.parametrize("name", ["poi__customGeo.pptx", "twillo-lehre-teilen__Vorlage_Fahrplan_Advance_Organizer.pptx"])
def test_real_decks_with_drawings_get_pictures_only_where_reported(name, soffice):
    result = extract(CORPUS / "real" / "pptx" / name)
    shown = {m.where.unit for m in codes(result, "pptx.drawing-as-picture")}
    assert shown and shown == set(slide_pictures(result))


def test_a_hidden_drawn_slide_alone_is_reported_without_starting_libreoffice(monkeypatch, tmp_path):
    prs = Presentation()
    _text_slide(prs, "Shown")
    hidden = _text_slide(prs, "Backup", hidden=True)
    for n in range(3):
        hidden.shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, Inches(n * 3), Inches(5), Inches(2), Inches(1))
    prs.save(tmp_path / "hidden.pptx")
    monkeypatch.setenv(SOFFICE_ENV, str(_recording_soffice(tmp_path)))
    result = extract(tmp_path / "hidden.pptx")
    [said] = codes(result, "pptx.drawing-not-shown")
    assert said.where.unit == 2 and "hidden" in said.text and "3 arrows" in said.text
    assert not (tmp_path / "started").exists()


# ---------------------------------------------------------------------------------------------- decoration


def _decorated_deck(folder: Path) -> Path:
    """One text slide with a decorative rectangle and a lone connector (joining nothing): below the threshold."""
    prs = Presentation()
    slide = _text_slide(prs, "Decorated")
    slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.2), Inches(7), Inches(9.6), Inches(0.2)).name = "Band 9"
    slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(1), Inches(6), Inches(5), Inches(6)).name = "Rule 10"
    prs.save(folder / "decorated.pptx")
    return folder / "decorated.pptx"


@pytest.mark.parametrize("mode", ["auto", "never"])
def test_a_few_decorative_drawings_get_no_picture_and_are_named_once_as_left_out(mode, monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(_recording_soffice(tmp_path)))
    result = extract(_decorated_deck(tmp_path), mode)
    assert slide_pictures(result) == {} and not codes(result, "pptx.drawing-not-shown")
    [said] = codes(result, "pptx.drawing-left-out")
    assert said.where.unit == 1 and said.where.shape is None and said.instead == "left out (decoration)"
    assert "'Band 9'" in said.text and "'Rule 10'" in said.text and "1 connector" in said.text
    assert not (tmp_path / "started").exists(), "LibreOffice was started for decoration alone"


def test_decoration_is_listed_in_the_report_but_not_counted_in_its_headline(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, "")
    conversion = converter.convert(_decorated_deck(tmp_path), tmp_path / "out").value
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    assert report["needs_look"][-1]["instead"] == "left out (decoration)"
    assert [m["code"] for m in report["needs_look"][-1]["messages"]] == ["pptx.drawing-left-out"]
    assert report["totals"]["needs_look"] == 0
    assert report["summary"] == ("nothing needs a look; also listed, not counted, 1 slide with decorative drawings "
                                 "(left out (decoration))")
    assert "Band 9" in conversion.report_html.read_text(encoding="utf-8")


METAFILE_DECK = "real/pptx/owasp__OWASP_Top-10_2013_-_Presentation.pptx"
"""A real deck (not written here) holding a screenshot stored as a WMF picture, which no browser shows."""


def _metafile_pictures(path: Path) -> list[str]:
    """Return the deck's pictures that its package stores as WMF/EMF (read straight from the zip)."""
    with zipfile.ZipFile(path) as deck:
        return [name for name in deck.namelist() if name.lower().endswith((".wmf", ".emf"))]


def test_a_wmf_picture_becomes_a_png_with_its_alt_text(corpus, soffice):
    path = corpus / METAFILE_DECK
    assert _metafile_pictures(path), "the corpus deck no longer holds a metafile picture"
    result = extract(path, "never")
    media = {asset.id: asset.media_type for asset in result.value.assets}
    pictures = [b for unit in result.value.units for b in unit.blocks if isinstance(b, Image)]
    assert pictures and all(media[p.asset] in ("image/png", "image/jpeg", "image/gif") for p in pictures), \
        "every picture the deck shows is in a format browsers show"
    shown = [a for a in result.value.assets if a.media_type == "image/png"]
    assert any(PilImage.open(io.BytesIO(a.data)).size[0] > 200 for a in shown), "the screenshot kept its size"
    assert not codes(result, "pptx.metafile-not-shown")


def test_without_libreoffice_a_wmf_picture_is_named_not_shipped(corpus, monkeypatch):
    monkeypatch.setenv(SOFFICE_ENV, "")
    result = extract(corpus / METAFILE_DECK, "never")
    assert not [a for a in result.value.assets if "wmf" in a.media_type or "emf" in a.media_type]
    [said] = codes(result, "pptx.metafile-not-shown")
    assert said.instead == "left out" and "install LibreOffice" in said.text and said.where.unit
