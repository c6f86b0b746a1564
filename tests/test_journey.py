"""The blended journey as a spec: activity slides go to the live session, every block lands exactly once.

Every body block and every speaker note of every source reaches exactly one place of the journey (a module
screen, the live plan, a job aid, or a knowledge check that a quiz slide became), in source order within each
place; activity slides never become self-paced screens.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html
from pptx import Presentation

import converter
from converter.chunking import build_course
from converter.chunking.journey import (
    ESTIMATED_MINUTES,
    JOB_AID_ATTR,
    activity_key,
    explicit_minutes,
    first_minutes,
)
from converter.model import (
    SCHEMA_VERSION,
    Course,
    ListBlock,
    ListItem,
    Location,
    Paragraph,
    SourceDocument,
    SourceInfo,
    Span,
    Table,
    TableCell,
    TableRow,
    Unit,
    assign_ids,
    block_text,
    source_scope,
    spans_text,
)
from converter.options import ConvertOptions

from conftest import REPO, manifest_paths

SAMPLES = REPO / "samples"
SAMPLE_ROLES = {"pharma-sales-onboarding.pptx": "deck", "handout.pdf": "handout",
                "facilitator-guide.docx": "facilitator-guide"}
ACTIVITY_TITLE = re.compile(r"^(activity|exercise|discussion|role[- ]?play|case study|breakout|group work|poll|q&a)\b",
                            re.I)


def _deck(tmp_path: Path) -> Path:
    """Write a small deck: content slides around a discussion, a timed exercise and a notes-cued role-play."""
    deck = Presentation()
    slides = [
        ("Welcome", ["Why we meet"], "Say: welcome everyone."),
        ("Blood pressure basics", ["Raised pressure has no symptoms", "Measure twice"], "Explain the numbers."),
        ("Discussion: what patients fear", ["Share one fear you heard"], "Give each table five minutes to talk."),
        ("Exercise 2 (15 min)", ["Fill in the dosing sheet"], "Walk around and help."),
        ("Practising the first call", ["Pairs: one doctor, one representative"],
         "Activity: role-play in pairs (20 min), then debrief."),
        ("Reporting side effects", ["Within 24 hours"], "Stress the 24-hour rule."),
    ]
    for title, bullets, notes in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        frame = slide.placeholders[1].text_frame
        frame.text = bullets[0]
        for bullet in bullets[1:]:
            frame.add_paragraph().text = bullet
        slide.notes_slide.notes_text_frame.text = notes
    path = tmp_path / "deck.pptx"
    deck.save(path)
    return path


def _extract(path: Path, role: str | None = None) -> SourceDocument:
    doc = converter.extract(path, ConvertOptions(slide_images="never")).value
    return doc.model_copy(update={"source": doc.source.model_copy(update={"role": role})}) if role else doc


def _placements(course: Course, units: dict[tuple[str, int], list[str]] | None = None) -> dict[str, list[list[str]]]:
    """Return, per place of the journey, its containers' block ids (each a list in the container's order);
    ``units``: the block ids of each source unit (file, index), for the quiz slides questions hold."""
    screens = [screen for module in course.modules for screen in module.screens]
    return {
        "modules": [ids for screen in screens for ids in (
            [b.id for b in screen.blocks if JOB_AID_ATTR not in b.attrs],  # a job aid's link: not from a source
            [c.id for c in screen.facilitator], [n.id for n in screen.notes])],
        "live": [ids for activity in course.live.activities for ids in (
            [b.id for b in activity.blocks], [c.id for c in activity.cues], [n.id for n in activity.notes])],
        "job_aids": [[b.id for b in aid.blocks] for aid in course.job_aids],
        "checks": [(units or {})[(ref.file, ref.index)] for question in course.questions for ref in question.units],
    }


def assert_every_block_lands_once_in_order(docs: list[SourceDocument], options: ConvertOptions) -> Course:
    """Build the course and check the exactly-once, in-order property; return the course."""
    course = build_course(docs, options).value
    scoped = [assign_ids(doc, source_scope(doc.source, len(docs))) for doc in docs]
    origin: dict[str, tuple[int, int, int, int]] = {}  # block id -> (source, unit index, layer, position)
    units: dict[tuple[str, int], list[str]] = {}
    for number, doc in enumerate(scoped):
        for unit in doc.units:
            units[(doc.source.name, unit.index)] = [block.id for block in (*unit.blocks, *unit.notes)]
            if unit.hidden:  # hidden units are left out (and reported) by design
                continue
            for layer, blocks in enumerate((unit.blocks, unit.notes)):
                for position, block in enumerate(blocks):
                    assert block.id and block.id not in origin
                    origin[block.id] = (number, unit.index, layer, position)
    placed = [block_id for containers in _placements(course, units).values() for ids in containers for block_id in ids]
    assert sorted(placed) == sorted(origin), "a block is lost or placed twice"
    for place, containers in _placements(course, units).items():
        walked = [origin[block_id] for ids in containers for block_id in ids]
        for number in range(len(docs)):
            for ids in containers:  # a guide section's activity also holds its slide's blocks: order per source
                keys = [origin[block_id] for block_id in ids if origin[block_id][0] == number]
                assert keys == sorted(keys), f"{place}: blocks out of source order"
            units = [key[1] for key in walked if key[0] == number]
            assert units == sorted(units), f"{place}: units out of source order"
    return course


def _screen_titles(course: Course) -> list[str]:
    return [screen.title for screen in course.screens()]


def test_activity_slides_go_to_the_live_session_with_their_notes_and_minutes(tmp_path):
    course = assert_every_block_lands_once_in_order([_extract(_deck(tmp_path))], ConvertOptions())
    assert _screen_titles(course) == ["Welcome", "Blood pressure basics", "Reporting side effects"]
    activities = course.live.activities
    assert [(a.title, a.kind, a.minutes) for a in activities] == [
        ("Discussion: what patients fear", "discussion", 10.0),  # "five minutes" is no number: the estimate
        ("Exercise 2 (15 min)", "exercise", 15.0),  # from its title
        ("Practising the first call", "role-play", 20.0),  # from its notes' Activity: cue
    ]
    assert "Activity: role-play in pairs" in " ".join(n.spans[0].text for n in activities[2].notes)  # type: ignore[union-attr]
    assert course.live.minutes == 45.0


def test_live_activities_off_keeps_every_slide_a_screen(tmp_path):
    course = build_course([_extract(_deck(tmp_path))], ConvertOptions(live_activities=False)).value
    assert len(course.screens()) == 6 and course.live.activities == ()


def test_a_guide_section_and_its_activity_slide_become_one_activity():
    docs = [_extract(SAMPLES / name, role) for name, role in SAMPLE_ROLES.items()]
    course = assert_every_block_lands_once_in_order(docs, ConvertOptions())
    role_play = next(a for a in course.live.activities if a.kind == "role-play")
    assert role_play.title == "Role-play a first call"
    assert {ref.file for ref in role_play.units} == {"facilitator-guide.docx", "pharma-sales-onboarding.pptx"}
    assert role_play.minutes == 35.0  # the guide's timing table: 25 min of rounds + 10 min of debrief
    assert any("objection cards" in block.spans[0].text for block in role_play.notes)  # type: ignore[union-attr]
    discussion = next(a for a in course.live.activities if a.title == "The patient journey")
    assert discussion.kind == "discussion"
    assert not any(ACTIVITY_TITLE.match(title) for title in _screen_titles(course))


def test_minutes_come_from_the_source_when_it_gives_them():
    assert first_minutes("Debrief (10-15 minutes)") == 15.0
    assert first_minutes("Spend 2,5 min here") == 2.5
    assert first_minutes("no time given") is None
    assert activity_key("Discussion: The patient journey") == activity_key("The patient journey")
    assert activity_key("Activity: Role-play a first call") == "role play a first call"


@pytest.mark.parametrize("deck", manifest_paths("real/pptx"), ids=lambda path: path.name)
def test_every_block_of_a_real_deck_lands_once_and_no_activity_is_a_screen(deck):
    doc = _extract(deck)
    course = assert_every_block_lands_once_in_order([doc], ConvertOptions())
    assert not any(ACTIVITY_TITLE.match(title) for title in _screen_titles(course))
    for activity in course.live.activities:
        (unit,) = [unit for unit in doc.units if unit.index == activity.units[0].index]
        assert activity.minutes == (explicit_minutes(unit) or ESTIMATED_MINUTES[activity.kind]) > 0


def _items(*texts: str) -> tuple[ListItem, ...]:
    return tuple(ListItem(spans=(Span(text=text),)) for text in texts)


def _cells(*texts: str) -> TableRow:
    return TableRow(cells=tuple(TableCell(paragraphs=((Span(text=text),),)) for text in texts))


def _job_aid_doc() -> SourceDocument:
    """Return a deck with a checklist, a numbered procedure, a reference table and an ordinary list."""
    where = Location(file="deck.pptx")
    units = [
        ("Before the call", ListBlock(items=_items("\u2610 Read the label", "\u2610 Pack the leaflet"))),
        ("How to report a side effect", ListBlock(ordered=True, items=_items("Write it down", "Call safety",
                                                                              "File the form"))),
        ("Doses at a glance", Table(header_rows=1, rows=(_cells("Group", "Dose"), _cells("Adults", "5 mg")))),
        ("Why it matters", ListBlock(items=_items("Patients feel well", "Pressure stays high"))),
    ]
    return SourceDocument(schema_version=SCHEMA_VERSION, title="Deck", units=tuple(
        Unit(kind="slide", index=i, key=f"slide-{256 + i}", title=title, where=where.model_copy(update={"unit": i}),
             blocks=(Paragraph(spans=(Span(text=f"Intro {i}"),)), block),
             notes=(Paragraph(spans=(Span(text=f"Note {i}"),)),))
        for i, (title, block) in enumerate(units, start=1)),
        source=SourceInfo(name="deck.pptx", format="pptx", sha256="0" * 64, size=1))


def test_checklists_procedures_and_reference_tables_become_job_aids_the_screen_links_to():
    course = assert_every_block_lands_once_in_order([_job_aid_doc()], ConvertOptions())
    assert [(aid.title, aid.kind) for aid in course.job_aids] == [
        ("Before the call", "checklist"), ("How to report a side effect", "procedure"),
        ("Doses at a glance", "reference")]
    for aid, screen in zip(course.job_aids, course.screens(), strict=False):
        assert [b.kind for b in screen.blocks] == ["paragraph", "paragraph"]  # the intro, then the link
        link = screen.blocks[1]
        assert link.attrs == {JOB_AID_ATTR: aid.id} and link.spans[0].href == f"job-aids/{aid.id}.html"  # type: ignore[union-attr]
        assert aid.units == screen.units
    assert course.screens()[3].blocks[1].kind == "list"  # an ordinary bulleted list stays on its screen
    assert build_course([_job_aid_doc()], ConvertOptions(job_aids=False)).value.job_aids == ()


def test_job_aids_are_printable_pages_of_the_package(tmp_path):
    course = build_course([_job_aid_doc()], ConvertOptions()).value
    folder = converter.package(course, tmp_path, formats="web").value.packages["web"]
    aid = course.job_aids[0]
    page = html.fromstring((folder / "job-aids" / f"{aid.id}.html").read_bytes())
    assert page.xpath("//h1")[0].text == "Before the call"
    assert [li.text_content() for li in page.xpath("//main//li")] == ["\u2610 Read the label", "\u2610 Pack the leaflet"]
    assert "@media print" in (folder / "job-aids" / "job-aid.css").read_text(encoding="utf-8")
    index = html.fromstring((folder / "index.html").read_bytes())
    (link,) = index.xpath(f"//a[@href='job-aids/{aid.id}.html']")
    assert link.get("target") == "_blank" and "Job aid (printable): Before the call" in link.text_content()


def test_one_micro_item_per_module_spaced_over_the_offsets_within_two_to_five_minutes():
    docs = [_extract(SAMPLES / name, role) for name, role in SAMPLE_ROLES.items()]
    course = build_course(docs, ConvertOptions()).value
    items = course.micro_items
    assert [item.title for item in items] == [module.title for module in course.modules]
    offsets = [item.day_offset for item in items]
    assert offsets == sorted(offsets) and offsets[0] == 1 and offsets[-1] == 30
    assert set(offsets) <= {1, 3, 7, 14, 30} and len(set(offsets)) == min(len(items), 5)
    assert all(2 <= item.minutes <= 5 for item in items)
    for item, module in zip(items, course.modules, strict=True):
        body = " ".join(block_text(block) for screen in module.screens for block in screen.blocks)
        assert spans_text(item.takeaway) in body or spans_text(item.takeaway) == module.title
    first = items[0]
    assert spans_text(first.takeaway) == "Each step in the cascade raises blood pressure; the last step is where we act."
    assert "Cardiolex occupies the receptor so the hormone cannot bind." in [block_text(b) for b in first.blocks]
    timing = course.timing
    for item in items:  # the minutes are what the item holds, at the course's rates: no padding
        words = len(spans_text(item.takeaway).split()) + sum(len(block_text(b).split()) for b in item.blocks)
        checks = len(item.questions) + len(item.objectives)
        assert checks == 2 and sum(len(block_text(b).split()) for b in item.blocks) <= 200
        assert item.minutes == round(words / timing.reading_wpm + checks * timing.minutes_per_question
                                     + timing.seconds_per_screen / 60, 2)
    two = build_course(docs, ConvertOptions(micro_offsets=(2, 9))).value.micro_items
    assert {item.day_offset for item in two} == {2, 9}
    assert build_course(docs, ConvertOptions(micro_offsets=())).value.micro_items == ()
