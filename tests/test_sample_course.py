"""The sample deck end to end: every slide's text and every speaker note reach the package, and it tracks."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

import converter

from runtime.harness import LmsSession, running_browser

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A_NS, "p": P_NS}
SKIPPED_PLACEHOLDERS = {"sldNum", "dt", "ftr", "hdr", "sldImg"}


def _slide_parts(deck: Path) -> list[tuple[str, str | None, bool]]:
    """Return (slide part, notes part or None, hidden) in presentation order, read straight from the XML."""
    with zipfile.ZipFile(deck) as zf:
        def rels(part: str) -> dict[str, str]:
            folder, name = part.rsplit("/", 1)
            root = etree.fromstring(zf.read(f"{folder}/_rels/{name}.rels"))
            return {r.get("Id"): r.get("Target") for r in root}

        presentation = etree.fromstring(zf.read("ppt/presentation.xml"))
        targets = rels("ppt/presentation.xml")
        slides = []
        for sld_id in presentation.iterfind("p:sldIdLst/p:sldId", NS):
            part = "ppt/" + targets[sld_id.get(f"{{{R_NS}}}id")]
            notes = [t for t in rels(part).values() if "notesSlide" in t]
            notes_part = "ppt/notesSlides/" + notes[0].rsplit("/", 1)[1] if notes else None
            hidden = etree.fromstring(zf.read(part)).get("show") == "0"
            slides.append((part, notes_part, hidden))
        return slides


def _texts(deck: Path, part: str, only_body: bool = False) -> list[str]:
    """Return every non-empty ``a:t`` of a part's text shapes (notes: the body placeholder only)."""
    with zipfile.ZipFile(deck) as zf:
        root = etree.fromstring(zf.read(part))
    found = []
    for shape in root.iter(f"{{{P_NS}}}sp", f"{{{P_NS}}}graphicFrame"):
        placeholder = shape.find(".//p:nvPr/p:ph", NS)
        kind = placeholder.get("type", "obj") if placeholder is not None else None
        if kind in SKIPPED_PLACEHOLDERS or (only_body and kind != "body"):
            continue
        found += [t.text.strip() for t in shape.iter(f"{{{A_NS}}}t") if t.text and t.text.strip()]
    return found


@pytest.fixture(scope="module")
def package(sample_deck, tmp_path_factory) -> Path:
    # every slide as a screen with all its blocks: activity slides and job aids too, which the journey moves to
    # the live session and to job aid pages by default (tests/test_journey.py)
    return converter.convert(sample_deck, tmp_path_factory.mktemp("sample"), format="scorm12",
                             live_activities=False, job_aids=False).value.package


@pytest.fixture(scope="module")
def screens_text(package) -> list[str]:
    """The text of each content screen (knowledge checks left out: see ``checks_text``)."""
    with zipfile.ZipFile(package) as zf:
        page = html.fromstring(zf.read("index.html"))
    return [" ".join(section.text_content().split()) for section in page.iterfind(".//section")
            if "check-screen" not in section.get("class", "")]


@pytest.fixture(scope="module")
def checks_text(package) -> dict[str, str]:
    """The text of each knowledge check screen (its prompt, options, feedback and answer), by question id."""
    with zipfile.ZipFile(package) as zf:
        page = html.fromstring(zf.read("index.html"))
    return {section.get("id"): " ".join(section.text_content().split()) for section in page.find_class("check-screen")}


QUIZ_SLIDE = 20
"""The sample's quiz slide ("Knowledge check"): the player shows it as its module's check, not as a screen."""
LETTER = re.compile(r"^[A-H][.)]\s+")
ANSWER_LEAD = re.compile(r"^Correct answer: [A-H]\.\s+")


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_every_visible_slide_text_and_every_note_is_in_its_screen(sample_deck, screens_text):
    visible = [(part, notes) for number, (part, notes, hidden) in enumerate(_slide_parts(sample_deck), start=1)
               if not hidden and number != QUIZ_SLIDE]
    assert len(visible) == len(screens_text) == 23
    missing = []
    for (part, notes), screen in zip(visible, screens_text, strict=True):
        expected = _texts(sample_deck, part) + (_texts(sample_deck, notes, only_body=True) if notes else [])
        missing += [f"{part}: {text!r}" for text in expected if _squash(text) not in screen]
    assert missing == []


def test_the_quiz_slide_is_its_check_with_options_and_rationale(sample_deck, checks_text):
    """Its text is in the check once, the options without their letters, the notes' rationale as feedback."""
    part, notes, _ = _slide_parts(sample_deck)[QUIZ_SLIDE - 1]
    (check,) = [text for qid, text in checks_text.items() if not qid.startswith("qg-")]  # the others: generated
    expected = [LETTER.sub("", text) for text in _texts(sample_deck, part)[1:]]  # the title: "Knowledge check 1"
    expected += [ANSWER_LEAD.sub("", text) for text in _texts(sample_deck, notes, only_body=True)]
    assert [text for text in expected if _squash(text) not in check] == []


def test_notes_are_on_most_slides_and_sit_in_the_transcript(sample_deck, package):
    notes_parts = [notes for number, (_, notes, hidden) in enumerate(_slide_parts(sample_deck), start=1)
                   if notes and not hidden and number != QUIZ_SLIDE]
    assert len(notes_parts) >= 18
    with zipfile.ZipFile(package) as zf:
        page = html.fromstring(zf.read("index.html"))
    transcripts = " ".join(_squash(a.text_content()) for a in page.iterfind(".//aside[@class='transcript']"))
    for part in notes_parts:
        for text in _texts(sample_deck, part, only_body=True):
            assert _squash(text) in transcripts
    assert "NOTE-MARKER: ask learners to share a patient story" in transcripts


def test_planted_markers_survive(screens_text, package):
    everything = " ".join(screens_text)
    assert "Cardiolex reduces systolic pressure" in everything
    assert "10 mg once daily" in everything
    with zipfile.ZipFile(package) as zf:
        page = html.fromstring(zf.read("index.html"))
    alts = [img.get("alt") for img in page.iter("img")]
    assert any(alt.startswith("Diagram of the renin-angiotensin system") for alt in alts)


def test_the_hidden_backup_slide_is_left_out_and_reported(sample_deck):
    result = converter.build(sample_deck)
    titles = [s.title for s in result.value.screens()]
    assert "Backup: detailed trial data" not in titles
    assert [m.where.unit for m in result.messages if m.code == "chunk.hidden-unit-skipped"] == [15]


@pytest.mark.runtime
def test_the_sample_course_completes_in_the_scorm_again_runtime(package, screens_text, checks_text):
    with running_browser() as browser, LmsSession(browser, package, ready='body[data-ready="true"]') as lms:
        lms.frame.get_by_role("button", name="Transcript").first.click()
        next_button = lms.frame.get_by_role("button", name="Next")
        clicks = 0
        while next_button.is_enabled():
            next_button.click()
            clicks += 1
        assert clicks == len(screens_text) + len(checks_text) - 1  # from the first screen through every check
        lms.unload()
        final = lms.commits()[-1]
        assert final["cmi.core.lesson_status"] == "completed"
        assert final["cmi.core.lesson_location"] == list(checks_text)[-1]  # the last page: the last module's check
        assert re.fullmatch(r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?", lms.set_values("cmi.core.session_time")[-1])
        assert len(lms.calls("LMSFinish")) == 1
        assert lms.errors("/pkg/") == []


# ---------------------------------------------------------------- the sample as a blended journey
CHECKLIST = "Checklist: Before your first call"
CHECK_ITEMS = ["Reread the approved product information for Cardiolex",
               "Note which patient profile the doctor sees most often",
               "Rehearse the core message and one opening question",
               "Pack approved materials only, with the safety reporting form",
               "Plan the follow-up visit before you leave the practice"]


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    """The sample course.toml (deck, handout, guide) converted to every format, as `make demo` does."""
    options = {"formats": "all", "session_date": "2027-03-01"}
    return converter.convert(Path("samples/course.toml"), tmp_path_factory.mktemp("journey"), **options).value


def test_the_sample_courses_modules_have_objectives(journey):
    course = journey.course
    assert course.objectives and all(module.objectives for module in course.modules)


def test_every_sample_module_has_knowledge_checks_read_or_generated(journey):
    course = journey.course
    by_id = {question.id: question for question in course.questions}
    assert all(module.questions for module in course.modules)
    compliance = next(module for module in course.modules if module.title.startswith("Compliance"))
    assert [by_id[qid].generated for qid in compliance.questions] == [False], "the quiz slide's question"
    others = [by_id[qid] for module in course.modules if module is not compliance for qid in module.questions]
    assert others and all(question.generated for question in others)
    gift = journey.packages["gift"].read_text(encoding="utf-8")
    assert all(f"[id:{question.id}]" in gift for question in course.questions)


def test_the_sample_guide_holds_the_role_play_activity_with_its_notes(journey):
    import docx

    paragraphs = docx.Document(str(journey.packages["facilitator-guide"])).paragraphs
    start = next(n for n, p in enumerate(paragraphs) if p.style.name == "Heading 2" and p.text == "Role-play a first call")
    end = next((n for n, p in enumerate(paragraphs[start + 1:], start + 1) if p.style.name == "Heading 2"),
               len(paragraphs))
    section = [p.text for p in paragraphs[start:end]]
    assert section[1].startswith("role-play \u00b7 ")
    assert "Notes" in section and "Prompts and content" in section
    notes = " ".join(section[section.index("Notes"):])
    assert "Hand out the objection cards face down and time each round strictly." in notes
    assert "Work in threes: representative, cardiologist, observer" in section


def test_the_sample_micro_items_are_scheduled_in_the_journey_calendar(journey):
    import icalendar

    items = journey.course.micro_items
    offsets = [item.day_offset for item in items]
    assert len(items) == len(journey.course.modules) and offsets == sorted(offsets)
    assert offsets[0] == 1 and offsets[-1] == 30 and set(offsets) <= {1, 3, 7, 14, 30}
    assert all(item.questions for item in items)
    calendar = icalendar.Calendar.from_ical((journey.packages["journey"] / "journey.ics").read_bytes())
    events = {str(event["uid"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    session = datetime.date(2027, 3, 1)
    assert events.pop(f"live@{journey.course.id}") == session
    assert events == {f"{item.id}@{journey.course.id}": session + datetime.timedelta(days=item.day_offset)
                      for item in items}


def test_the_sample_checklist_becomes_a_printable_job_aid_linked_from_its_screen(journey):
    (aid,) = [aid for aid in journey.course.job_aids if aid.kind == "checklist"]
    assert aid.title == CHECKLIST
    page = html.fromstring((journey.packages["web"] / "job-aids" / f"{aid.id}.html").read_bytes())
    items = [" ".join(li.text_content().split()) for li in page.iter("li")]
    assert [item.lstrip("\u2610 ") for item in items] == CHECK_ITEMS
    screen = next(screen for screen in journey.course.screens() if screen.title == CHECKLIST)
    assert [span.href for block in screen.blocks for span in getattr(block, "spans", ())] == [
        f"job-aids/{aid.id}.html"]
