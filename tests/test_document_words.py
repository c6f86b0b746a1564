"""The words c2e writes itself into the facilitator guide, journey.ics, question banks, narration script and job
aids follow the course's language (set by --translation from the target language); an English course is unchanged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import html
from xliff_tools import ok, translate

from packagers._messages import document_words, shipped_languages

from conftest import REPO, run_c2e

SAMPLE = REPO / "samples" / "course.toml"
READING = ("--slide-images", "never")
FORMATS = "web,facilitator-guide,journey,gift,narration"
STEM = "cardiolex-sales-onboarding"




@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course in English, in (upper-case) German and in (upper-case) Hebrew: the outputs folder."""
    folder = tmp_path_factory.mktemp("words")
    source = folder / "course.xlf"
    ok(run_c2e("xliff", "export", str(SAMPLE), "-o", str(source), *READING, timeout=300))
    de = translate(source, folder / "course.de.xlf", language="de")
    he = translate(source, folder / "course.he.xlf", language="he")
    ok(run_c2e("convert", str(SAMPLE), "-o", str(folder / "out"), "-f", FORMATS, "--translation", str(de),
               "--translation", str(he), *READING, timeout=600))
    return folder / "out"


def guide_texts(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Return the guide's heading texts, its other paragraphs' texts and its agenda's header row."""
    import docx

    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    others = [p.text for p in document.paragraphs if not p.style.name.startswith(("Heading", "Title"))]
    return headings, others, [cell.text for cell in document.tables[0].rows[0].cells]


def calendar_summaries(path: Path) -> list[str]:
    """Return the calendar name and every event summary of a journey.ics file."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(calendar["x-wr-calname"])] + [str(event["summary"]) for event in calendar.walk("VEVENT")]


@pytest.mark.parametrize("language", ["de", "he"])
def test_the_guide_headings_and_labels_are_the_catalogue_of_the_translation_language(built, language):
    words = document_words(language)
    headings, others, agenda = guide_texts(built / f"{STEM}-{language}-facilitator-guide.docx")
    for key in ("guide-agenda", "guide-live-activities", "guide-pre-learning", "guide-cues"):
        assert words[key] in headings, (key, words[key])
    title = words["guide-title"].split("{title}")[1]
    assert headings[0].endswith(title) and headings[0].removesuffix(title).isupper(), "the translated title, then the words"
    assert agenda == [words[k] for k in ("guide-start", "guide-activity", "guide-kind", "guide-minutes")]
    moved = words["guide-time-moved"].split("{total}")[0]
    assert any(text.startswith(moved) for text in others), moved
    kinds = {words[key] for key in words if key.startswith("activity-")}
    assert any(text.split(" · ")[0] in kinds for text in others), "the activity lines name their kind in the language"
    english = "\n".join(headings + others + agenda)
    for word in ("Agenda", "Live session activities", "Pre-learning", "Facilitator cues", "From "):
        assert word not in english.replace(words["guide-agenda"], ""), word


@pytest.mark.parametrize("language", ["de", "he"])
def test_the_calendar_names_its_events_in_the_translation_language(built, language):
    words = document_words(language)
    summaries = calendar_summaries(built / f"{STEM}-{language}-journey" / "journey.ics")
    assert summaries[0].endswith(words["calendar-name"].split("{title}")[1])
    assert summaries[1].startswith(words["calendar-live"].split("{title}")[0])
    micro = summaries[2:]
    assert micro and all(text.startswith(words["calendar-micro"].split("{title}")[0]) for text in micro)
    assert not any("Live session" in text or "Micro-item" in text for text in summaries)


def test_the_narration_script_and_job_aids_speak_german(built):
    words = document_words("de")
    script = (built / f"{STEM}-de-narration.txt").read_text("utf-8").splitlines()
    assert script[0].startswith("Sprechertext: ") and script[2] == words["narration-intro"]
    assert any(line.startswith("Seite 1: ") for line in script) and not any(line.startswith("Screen ") for line in script)
    site = next(built.glob(f"{STEM}-de-web"))
    aids = sorted((site / "job-aids").glob("*.html"))
    assert aids, "the sample course has job aids"
    player = json.loads((REPO / "packagers" / "player" / "messages" / "de.json").read_text("utf-8"))
    german_kinds = {player[f"job-aid-{kind}"] for kind in ("checklist", "procedure", "reference")}
    for aid in aids:
        page = html.parse(str(aid)).getroot()
        assert page.get("lang") == "de"
        assert page.xpath("//p[@class='job-aid-kind']")[0].text_content() in german_kinds


def test_a_hebrew_job_aid_page_is_right_to_left_in_hebrew_words(built):
    site = next(built.glob(f"{STEM}-he-web"))
    page = html.parse(str(sorted((site / "job-aids").glob("*.html"))[0])).getroot()
    assert (page.get("lang"), page.get("dir")) == ("he", "rtl")
    player = json.loads((REPO / "packagers" / "player" / "messages" / "he.json").read_text("utf-8"))
    assert page.xpath("//p[@class='job-aid-kind']")[0].text_content() in {
        player[f"job-aid-{kind}"] for kind in ("checklist", "procedure", "reference")}


@pytest.mark.parametrize(("language", "category"), [("de-DE", "Live-Sitzung"), ("en", "Live session"),
                                                    ("sw", "Live session"), ("ar", "الجلسة المباشرة")])
def test_the_question_banks_file_live_session_questions_under_the_category_of_the_course_language(language, category):
    from packagers._bank import bank_entries
    from packagers.gift import build_gift

    from check_course import course_with_checks, make_question

    course = course_with_checks(1, 1, 1)
    course = course.model_copy(update={"language": language,
                                       "questions": (*course.questions, make_question("q-live", "choice", 9))})
    assert [entry.category for entry in bank_entries(course)][-1] == category
    assert f"/{category}" in build_gift(course)


def test_an_english_course_keeps_its_english_words(built):
    headings, others, agenda = guide_texts(built / f"{STEM}-facilitator-guide.docx")
    assert headings[0].endswith(": facilitator guide") and "Agenda" in headings and "Live session activities" in headings
    assert agenda == ["Start", "Activity", "Kind", "Minutes"]
    assert any(text.startswith("From ") and " in class to " in text for text in others)
    summaries = calendar_summaries(built / f"{STEM}-journey" / "journey.ics")
    assert summaries[0].endswith(": learning journey") and summaries[1].startswith("Live session: ")
    assert (built / f"{STEM}-narration.txt").read_text("utf-8").startswith("Narration script: ")


def test_the_translated_guide_declares_its_language_and_subject_and_36_languages_have_words(built):
    with zipfile.ZipFile(built / f"{STEM}-de-facilitator-guide.docx") as guide:
        core = guide.read("docProps/core.xml").decode("utf-8")
    assert "<dc:language>de</dc:language>" in core and document_words("de")["guide-subject"] in core
    assert len(shipped_languages("documents")) >= 36


def _course_with_a_materials_table(language: str, header: str):  # noqa: ANN202
    """Return a factory course in ``language`` whose one live activity has a timing table with a ``header``
    column listing a flipchart."""
    from converter.model import Activity, LivePlan, Table, TableRow

    from course_factory import cell, make_course

    table = Table(header_rows=1, rows=(TableRow(cells=(cell("Step"), cell(header))),
                                       TableRow(cells=(cell("Warm-up"), cell("Flipchart")))))
    activity = Activity(id="act-1", title="Warm-up", kind="discussion", minutes=10, blocks=(table,))
    return make_course(language=language).model_copy(update={"live": LivePlan(activities=(activity,), minutes=10)})


@pytest.mark.parametrize(("language", "header", "line"), [
    ("en", "Materials", "Materials: Flipchart"), ("de", "Material", "Material: Flipchart"),
    ("de", "Materials", "Material: Flipchart"), ("fr", "Matériel", "Matériel : Flipchart"),
])
def test_the_materials_column_is_found_under_its_translated_heading(language, header, line):
    import io

    import docx

    from packagers.facilitator_guide import guide_bytes

    document = docx.Document(io.BytesIO(guide_bytes(_course_with_a_materials_table(language, header))))
    assert line in [paragraph.text for paragraph in document.paragraphs]


def test_a_hebrew_guide_is_right_to_left_and_a_german_one_is_not(built):
    import docx
    from docx.oxml.ns import qn

    for language, rtl in (("he", True), ("de", False), ("", False)):
        stem = f"{STEM}-{language}" if language else STEM
        document = docx.Document(str(built / f"{stem}-facilitator-guide.docx"))
        defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
        assert (defaults.find(qn("w:bidi")) is not None) is rtl, language
        assert document.tables and all((t._tbl.tblPr.find(qn("w:bidiVisual")) is not None) is rtl
                                       for t in document.tables), language
