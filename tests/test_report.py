"""The conversion report: per unit, what was read and every message; JSON for tools, HTML for people."""

from __future__ import annotations

import json

from lxml import html
from pptx import Presentation
from pptx.util import Inches

import converter

from course_factory import tiny_png


def test_the_sample_report_accounts_for_every_slide(sample_deck, tmp_path):
    conversion = converter.convert(sample_deck, tmp_path).value
    assert conversion.report_json == tmp_path / "pharma-sales-onboarding.report.json"
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    (source,) = report["sources"]
    assert source["source"]["name"] == sample_deck.name and source["source"]["role"] == "deck"
    units = source["units"]
    assert [u["index"] for u in units] == list(range(1, 25))
    # 24 slides: one hidden, two activities (a discussion, a role-play) in the live plan, 21 screens
    assert report["totals"]["units"] == 24 and report["totals"]["screens"] == 21
    assert all(unit["in_course"] for unit in units if not unit["hidden"])
    hidden = units[14]
    assert (hidden["hidden"], hidden["in_course"]) == (True, False)
    assert [m["code"] for m in hidden["messages"]] == ["chunk.hidden-unit-skipped"]
    table_slide = next(u for u in units if u["counts"]["table"])
    assert table_slide["counts"]["table"] == 1
    assert sum(u["counts"]["notes_words"] for u in units) == report["totals"]["notes_words"] > 300
    assert report["packages"] == {"scorm12": "pharma-sales-onboarding-scorm12.zip"}


def test_a_lost_alt_text_is_reported_on_its_slide_in_both_forms(tmp_path):
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Chart <b>review</b>"
    png = tmp_path / "p.png"
    png.write_bytes(tiny_png())
    picture = slide.shapes.add_picture(str(png), Inches(1), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "")  # python-pptx writes the file name as alt text
    deck.save(tmp_path / "deck.pptx")

    conversion = converter.convert(tmp_path / "deck.pptx", tmp_path / "out").value
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    ((unit,),) = [source["units"] for source in report["sources"]]
    assert unit["counts"]["images_without_alt"] == 1
    assert [(m["code"], m["where"]["unit"]) for m in unit["messages"]] == [("pptx.missing-alt-text", 1)]

    page = html.fromstring(conversion.report_html.read_bytes())
    assert "pptx.missing-alt-text" in page.text_content()
    assert "Chart <b>review</b>" in page.text_content()  # shown as text, not markup
    assert page.xpath("//b") == [] and page.xpath("//script") == []


def test_the_command_names_the_report(sample_deck, tmp_path):
    from click.testing import CliRunner

    from converter.cli import main

    run = CliRunner().invoke(main, ["convert", str(sample_deck), "-o", str(tmp_path)])
    assert run.exit_code == 0
    assert f"report: {tmp_path / 'pharma-sales-onboarding.report.html'}" in run.output
