"""The conversion report: what needs a look first, then per unit what was read and every message; JSON for tools,
HTML for people."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

import converter
from converter.model.location import Location
from converter.report import LOSS_CODES, needs_look, summary_line
from converter.result import Level, Message

from course_factory import tiny_png


def test_the_sample_report_accounts_for_every_slide(sample_deck, tmp_path):
    conversion = converter.convert(sample_deck, tmp_path).value
    assert conversion.report_json == tmp_path / "pharma-sales-onboarding.report.json"
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    (source,) = report["sources"]
    assert source["source"]["name"] == sample_deck.name and source["source"]["role"] == "deck"
    units = source["units"]
    assert [u["index"] for u in units] == list(range(1, 26))
    # 25 slides: one hidden, two activities (a discussion, a role-play) in the live plan, a quiz slide shown as a
    # knowledge check, 21 screens; the quiz slide is in the course all the same
    assert report["totals"]["units"] == 25 and report["totals"]["screens"] == 21
    assert units[19]["in_course"] and "questions.read" in [m["code"] for m in units[19]["messages"]]
    assert all(unit["in_course"] for unit in units if not unit["hidden"])
    hidden = units[14]
    assert (hidden["hidden"], hidden["in_course"]) == (True, False)
    assert [m["code"] for m in hidden["messages"]] == ["chunk.hidden-unit-skipped"]
    table_slide = next(u for u in units if u["counts"]["table"])
    assert table_slide["counts"]["table"] == 1
    assert sum(u["counts"]["notes_words"] for u in units) == report["totals"]["notes_words"] > 300
    assert report["packages"] == {"scorm12": "pharma-sales-onboarding-scorm12.zip",
                                  "facilitator-guide": "pharma-sales-onboarding-facilitator-guide.docx",
                                  "journey": "pharma-sales-onboarding-journey", "qti": "pharma-sales-onboarding-qti.zip",
                                  "micro": "pharma-sales-onboarding-micro"}, "the whole journey, by default"


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


def test_the_command_leads_with_what_needs_a_look(sample_deck, tmp_path):
    from click.testing import CliRunner

    from converter.cli import main

    run = CliRunner().invoke(main, ["convert", str(sample_deck), "-o", str(tmp_path)])
    assert run.exit_code == 0
    report = tmp_path / "pharma-sales-onboarding.report.html"
    assert run.output.startswith(f"1 thing needs a look (see {report}); wrote ")  # the hidden slide, left out


def _deck_with_losses(folder: Path) -> Path:
    """Write a deck: a chart (kept as a data table), a picture without alt text, a hidden slide; return it."""
    deck = Presentation()
    chart_slide = deck.slides.add_slide(deck.slide_layouts[5])
    chart_slide.shapes.title.text = "Sales by quarter"
    data = CategoryChartData()
    data.categories = ["Q1", "Q2"]
    data.add_series("Sales", (3, 5))
    chart_slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(4), Inches(3), data)
    picture_slide = deck.slides.add_slide(deck.slide_layouts[5])
    picture_slide.shapes.title.text = "The team"
    png = folder / "p.png"
    png.write_bytes(tiny_png())
    picture = picture_slide.shapes.add_picture(str(png), Inches(1), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "")
    hidden = deck.slides.add_slide(deck.slide_layouts[5])
    hidden.shapes.title.text = "Backup slide"
    hidden._element.set("show", "0")
    deck.save(folder / "losses.pptx")
    return folder / "losses.pptx"


def test_what_needs_a_look_comes_first_grouped_by_what_was_done_instead(tmp_path):
    conversion = converter.convert(_deck_with_losses(tmp_path), tmp_path / "out").value
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    assert report["summary"] == ("3 things need a look: 1 hidden slide or section (left out), 1 chart (data table); "
                                 "1 picture without alt text")
    assert report["totals"]["needs_look"] == 3
    groups = [(g["instead"], [(m["code"], m["where"]["unit"]) for m in g["messages"]]) for g in report["needs_look"]]
    assert groups == [("data table", [("pptx.chart-as-table", 1)]), ("left out", [("chunk.hidden-unit-skipped", 3)]),
                      (None, [("pptx.missing-alt-text", 2)])]

    page = html.fromstring(conversion.report_html.read_bytes())
    headings = [h.text_content() for h in page.iter("h2")]
    assert headings[0] == "Needs a look" and headings[-1].startswith("losses.pptx")
    assert page.get_element_by_id("summary").text_content() == report["summary"]
    items = [li.text_content() for li in page.find_class("needs-look")[0].iter("li")]
    assert items[0].startswith("losses.pptx, slide 1, shape 'Chart 2 (id 3)': a column chart was kept as a data table")
    assert items[1].startswith("losses.pptx, slide 3: hidden slide 3 (Backup slide) is left out")


def test_every_loss_of_a_deck_says_what_the_learner_gets_instead(tmp_path):
    result = converter.convert(_deck_with_losses(tmp_path), tmp_path / "out")
    losses = [m for m in result.messages if m.code in LOSS_CODES]
    assert {m.code for m in losses} == {"pptx.chart-as-table", "chunk.hidden-unit-skipped"}
    assert all(m.instead for m in losses)


def _message(code: str, level: Level = Level.WARNING, instead: str | None = None, unit: int = 1) -> Message:
    return Message(level=level, code=code, text=code, where=Location(file="deck.pptx", unit=unit), instead=instead)


def test_the_summary_line_counts_losses_first_then_warnings_most_pressing_first():
    twice = _message("pptx.missing-alt-text", unit=2)  # the same message twice is one thing to look at
    messages = [_message("pptx.missing-alt-text"), _message("pptx.smartart-flattened", Level.INFO, "text only"),
                _message("pptx.smartart-flattened", Level.INFO, "text only", unit=2),
                _message("legacy.converted", Level.INFO), twice, twice,
                _message("pptx.ole-object-skipped", instead="left out")]
    assert summary_line(messages) == ("5 things need a look: 1 embedded object (left out), 2 SmartArt diagrams "
                                      "(text only); 2 pictures without alt text")
    assert [group.instead for group in needs_look(messages)] == ["left out", "text only", None]


def test_an_unknown_code_is_counted_under_its_own_name_and_nothing_to_look_at_says_so():
    assert summary_line([_message("preflight.no-score")]) == "1 thing needs a look: 1 preflight.no-score"
    assert summary_line([_message("legacy.converted", Level.INFO)]) == "nothing needs a look"
    assert needs_look([]) == ()


def test_minor_losses_are_listed_last_and_named_after_the_headline_count():
    decoration = _message("pptx.drawing-left-out", Level.INFO, "left out (decoration)", unit=3)
    messages = [decoration, _message("pptx.missing-alt-text"), _message("pptx.smartart-flattened", Level.INFO,
                                                                        "text only")]
    assert summary_line(messages) == ("2 things need a look: 1 SmartArt diagram (text only); 1 picture without alt "
                                      "text; also listed, not counted, 1 slide with decorative drawings (left out "
                                      "(decoration))")
    assert [group.instead for group in needs_look(messages)] == ["text only", None, "left out (decoration)"]
