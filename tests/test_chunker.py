"""Chunker v1 as a spec: modules from sections, else section headers, else a time budget; notes stay put.
(Module sizing in depth: ``test_sizing.py``.)"""

from __future__ import annotations

import re

from converter.chunking import build_course
from converter.model import SCHEMA_VERSION, Location, Paragraph, SourceDocument, SourceInfo, Span, Unit
from converter.options import ConvertOptions

XS_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def _unit(index: int, title: str, *, section=None, role="content", hidden=False, words=10, note=None) -> Unit:
    body = (Paragraph(spans=(Span(text=" ".join(["word"] * words)),)),)
    notes = (Paragraph(spans=(Span(text=note),)),) if note else ()
    return Unit(kind="slide", index=index, title=title, section=section, role=role, hidden=hidden,
                blocks=body, notes=notes, where=Location(file="deck.pptx", unit=index))


def _doc(*units: Unit, name="deck.pptx") -> SourceDocument:
    return SourceDocument(schema_version=SCHEMA_VERSION, title="Deck",
                          source=SourceInfo(name=name, format="pptx", sha256="0" * 64, size=1), units=units)


def test_powerpoint_sections_become_modules():
    doc = _doc(_unit(1, "Intro", section="Welcome", words=700), _unit(2, "Why", section="Welcome", words=700),
               _unit(3, "Dose", section="Product", words=700), _unit(4, "Safety", section="Product", words=700))
    course = build_course(doc, ConvertOptions()).value
    assert [m.title for m in course.modules] == ["Welcome", "Product"]
    assert [[s.title for s in m.screens] for m in course.modules] == [["Intro", "Why"], ["Dose", "Safety"]]


def test_section_header_slides_open_modules_when_there_are_no_sections():
    doc = _doc(_unit(1, "Course", role="title"), _unit(2, "Part A", role="section-header"), _unit(3, "A1"),
               _unit(4, "Part B", role="section-header"), _unit(5, "B1"))
    course = build_course(doc, ConvertOptions(module_minutes=1, module_min=0)).value
    assert [m.title for m in course.modules] == ["Course", "Part A", "Part B"]
    assert [len(m.screens) for m in course.modules] == [1, 2, 2]


def test_a_time_budget_splits_a_deck_without_structure():
    units = [_unit(i, f"Slide {i}", words=400) for i in range(1, 9)]  # 2 min of reading + a pause each
    course = build_course(_doc(*units), ConvertOptions(module_minutes=5, module_max=5)).value
    assert len(course.modules) == 4
    assert all(4 <= m.minutes <= 5 for m in course.modules)
    assert sum(len(m.screens) for m in course.modules) == 8


def test_notes_stay_with_their_screen():
    doc = _doc(_unit(1, "One", note="Say: welcome everyone"), _unit(2, "Two", note="Ask: who has sold before?"))
    screens = build_course(doc, ConvertOptions()).value.screens()
    assert [s.notes[0].spans[0].text for s in screens] == ["Say: welcome everyone", "Ask: who has sold before?"]
    assert all("Say:" not in s.blocks[0].spans[0].text for s in screens)


def test_hidden_slides_are_left_out_and_reported_unless_asked_for():
    doc = _doc(_unit(1, "Shown"), _unit(2, "Backup", hidden=True), _unit(3, "Also shown"))
    result = build_course(doc, ConvertOptions())
    assert [s.title for s in result.value.screens()] == ["Shown", "Also shown"]
    assert [(m.code, m.where.unit) for m in result.messages] == [("chunk.hidden-unit-skipped", 2)]
    kept = build_course(doc, ConvertOptions(include_hidden=True)).value
    assert [s.title for s in kept.screens()] == ["Shown", "Backup", "Also shown"]


def test_ids_are_unique_valid_xs_ids_and_stable_across_runs():
    doc = _doc(*(_unit(i, "Same title") for i in range(1, 6)))
    first = build_course(doc, ConvertOptions()).value
    second = build_course(doc, ConvertOptions()).value
    ids = [first.id] + [m.id for m in first.modules] + [s.id for s in first.screens()]
    assert len(ids) == len(set(ids))
    assert all(XS_ID.match(i) for i in ids)
    assert first == second


def test_screen_ids_survive_an_edit_elsewhere_in_the_deck():
    before = build_course(_doc(_unit(1, "Intro"), _unit(2, "Dosing", words=5)), ConvertOptions()).value
    after = build_course(_doc(_unit(1, "Intro"), _unit(2, "Dosing", words=50)), ConvertOptions()).value
    assert [s.id for s in before.screens()] == [s.id for s in after.screens()]


def test_untitled_units_get_a_readable_title():
    course = build_course(_doc(_unit(1, None)), ConvertOptions()).value
    assert course.screens()[0].title == "Slide 1"


def test_slide_jumps_point_at_screens_and_jumps_to_left_out_slides_lose_their_link():
    def linking(index: int, title: str, href: str, hidden: bool = False) -> Unit:
        body = (Paragraph(spans=(Span(text="see "), Span(text="the agenda", href=href))),)
        return Unit(kind="slide", index=index, title=title, hidden=hidden, blocks=body,
                    where=Location(file="deck.pptx", unit=index))

    doc = _doc(linking(1, "Agenda", "#slide-3"), linking(2, "Backup", "#slide-1", hidden=True),
               linking(3, "Wrap-up", "#slide-2"))
    first, last = build_course(doc, ConvertOptions()).value.screens()
    assert first.blocks[0].spans[1].href == f"#{last.id}"
    assert last.blocks[0].spans[1].href is None and last.blocks[0].spans[1].text == "the agenda"
