"""Figures drawn with paths in PDFs (flow charts, UML) become a picture with their labels as alt text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PilImage
from PIL import ImageStat
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import Table as RlTable
from reportlab.platypus import TableStyle

from converter.model import Image, Table, block_text
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.pdf import PdfExtractor

from conftest import CORPUS

STEPS = ["Receive order", "Check stock", "Pack parcel", "Ship to customer"]
BODY = "BODY-MARKER: every order follows the same four steps before it leaves the warehouse."


def _flow_chart(page: canvas.Canvas, top: float) -> None:
    """Four labelled boxes in a row, joined by arrows (a line and a filled arrowhead each)."""
    for n, label in enumerate(STEPS):
        x = 60 + n * 125
        page.setFillColor(colors.lightblue)
        page.roundRect(x, top, 100, 50, 6, stroke=1, fill=1)
        page.setFillColor(colors.black)
        page.setFont("Helvetica", 10)
        page.drawCentredString(x + 50, top + 21, label)
        if n < len(STEPS) - 1:
            page.line(x + 100, top + 25, x + 120, top + 25)
            arrow = page.beginPath()
            arrow.moveTo(x + 125, top + 25)
            arrow.lineTo(x + 117, top + 29)
            arrow.lineTo(x + 117, top + 21)
            arrow.close()
            page.drawPath(arrow, stroke=0, fill=1)


def _ruled_table(page: canvas.Canvas, top: float) -> None:
    """A ruled table of four rows, with a grid and alternating row backgrounds."""
    rows = [["Region", "Orders", "Returns"], ["North", "120", "4"], ["South", "98", "7"], ["West", "143", "2"]]
    table = RlTable(rows, colWidths=[120, 80, 80])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.whitesmoke, colors.lightgrey]),
                               ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]))
    table.wrapOn(page, 400, 200)
    table.drawOn(page, 60, top)


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    """Page 1: a heading, body text, the flow chart and a ruled table. Page 2: only a ruled table and text."""
    path = tmp_path_factory.mktemp("pdf") / "flow.pdf"
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.setFont("Helvetica-Bold", 18)
    page.drawString(60, 780, "How an order moves")
    page.setFont("Helvetica", 11)
    page.drawString(60, 750, BODY)
    _flow_chart(page, 620)
    page.setFont("Helvetica", 11)
    page.drawString(60, 560, "Orders by region last month:")
    _ruled_table(page, 440)
    page.showPage()
    page.setFont("Helvetica", 11)
    page.drawString(60, 780, "Returns by region, for comparison:")
    _ruled_table(page, 650)
    page.showPage()
    page.save()
    return path


def extract(path: Path):
    return PdfExtractor().extract(Probe.read(path), ConvertOptions())


@pytest.fixture(scope="module")
def result(handout):
    return extract(handout)


def figures(unit) -> list[Image]:
    return [block for block in unit.blocks if isinstance(block, Image) and block.role == "figure"]


def test_a_drawn_flow_chart_becomes_one_picture_with_its_labels_as_alt_text(result):
    [figure] = figures(result.value.units[0])
    for label in STEPS:
        assert label in figure.alt
    assert figure.alt.index("Receive order") < figure.alt.index("Ship to customer")
    asset = next(asset for asset in result.value.assets if asset.id == figure.asset)
    shown = PilImage.open(io.BytesIO(asset.data))
    assert shown.format == "PNG" and (figure.width_px, figure.height_px) == shown.size
    assert shown.width > 3 * shown.height, "the crop is not the row of boxes"
    assert max(ImageStat.Stat(shown.convert("L")).stddev) > 10


def test_the_labels_are_not_also_loose_paragraphs_and_the_body_text_stays(result):
    page = result.value.units[0]
    texts = [block_text(block) for block in page.blocks if not isinstance(block, Image)]
    assert any(BODY in text for text in texts)
    for label in STEPS:
        assert not any(label in text for text in texts), f"{label!r} is still a loose paragraph"


def test_the_ruled_table_stays_a_table_and_no_figure(result):
    first, second = result.value.units
    assert any(isinstance(block, Table) and "North" in block_text(block) for block in first.blocks)
    assert any(isinstance(block, Table) for block in second.blocks) and figures(second) == []


def test_the_report_says_the_figure_is_shown_as_a_picture(result):
    [said] = [m for m in result.messages if m.code == "pdf.figure-as-picture"]
    assert said.instead == "figure picture" and said.where.unit == 1 and said.level.value == "info"


def test_the_same_pdf_gives_the_same_figure_bytes(handout, result):
    again = extract(handout)
    assert [a.data for a in again.value.assets] == [a.data for a in result.value.assets]


def test_a_grid_of_thin_rules_without_a_table_finder_is_still_no_figure(tmp_path):
    path = tmp_path / "grid.pdf"
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.setFont("Helvetica", 11)
    for row in range(8):
        page.line(60, 700 - row * 20, 460, 700 - row * 20)
        page.drawString(66, 706 - row * 20, f"Entry {row}")
    for column in range(5):
        page.line(60 + column * 100, 700, 60 + column * 100, 560)
    page.showPage()
    page.save()
    assert figures(extract(path).value.units[0]) == []


def test_a_photo_with_drawn_callouts_is_kept_as_the_photo():
    doc = extract(CORPUS / "real" / "pdf" / "docling__amt_handbook_sample.pdf").value
    assert not any(figures(unit) for unit in doc.units)
