"""The question bank exports: GIFT parses with the npm gift-pegjs parser into the same questions, QTI 2.1 items
and manifest validate against the IMS schemas (lxml and xmlschema), and Moodle XML has the structure Moodle's
importer reads (question types, fractions summing to 100 for the correct answers, ids as ID numbers). A course
without questions gets no bank, and ``--format all`` says so without failing."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html
from pptx import Presentation
from quiz_decks import make_glossary_deck, make_quiz_deck

import converter
from converter.model import Choice, Course, Question, Span, spans_text
from converter.options import ConvertOptions
from converter.plugin import Target
from converter.registry import default_registry
from converter.validation.xsd import parse_descriptor
from packagers.gift import GiftPackager, escape
from packagers.moodle_xml import MoodleXmlPackager
from packagers.qti import QtiPackager, qti_identifier

from conftest import run_c2e
from course_factory import make_course

RUNTIME = Path(__file__).resolve().parent / "runtime"
GIFT_PARSER = RUNTIME / "parse_gift.js"
HOSTILE = "Is 2 + 2 = 4? {yes} ~maybe #1: path C:\\temp <b>bold</b> & \"quoted\""
"""A prompt holding every GIFT special character, a backslash and HTML markup: all of it must stay text."""


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    """The quiz deck's course plus one question whose texts hold GIFT syntax and markup, and the modules of
    the glossary deck with the questions c2e generated for them (choice and fill-in)."""
    built = converter.build(make_quiz_deck(tmp_path_factory.mktemp("bank") / "quiz.pptx")).value
    per_section = ConvertOptions(module_min=0)  # the glossary's short sections stay modules, each with its checks
    glossary = converter.build(make_glossary_deck(tmp_path_factory.mktemp("bank") / "glossary.pptx"),
                               per_section).value
    made = [question for question in glossary.questions if question.generated]
    modules = [module for module in glossary.modules if module.questions and {*module.questions} <= {
        question.id for question in made}]
    hostile = Question(id="q-hostile", kind="choice", prompt=(Span(text=HOSTILE),), choices=(
        Choice(id="q-hostile-c1", spans=(Span(text="a = b {c}"),), correct=True,
               feedback=(Span(text="Right: ~ # :"),)),
        Choice(id="q-hostile-c2", spans=(Span(text="x~y", bold=True),))))
    first = built.modules[0].model_copy(update={"questions": built.modules[0].questions + (hostile.id,)})
    return built.model_copy(update={"questions": built.questions + (hostile, *made),
                                    "modules": (first, *built.modules[1:], *modules)})


def _write(packager: Any, course: Course, folder: Path) -> Path:
    target = Target.for_packager(packager, folder, course.name)
    written = packager.package(course, target, ConvertOptions())
    assert written.value == target.path and target.path.exists()
    return target.path


# ---------------------------------------------------------------- GIFT
def parse_gift(path: Path) -> list[dict[str, Any]]:
    """Return what gift-pegjs parses from the file (fails the test with the parser's message)."""
    done = subprocess.run(["node", str(GIFT_PARSER), str(path)], capture_output=True, text=True, cwd=RUNTIME,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


@pytest.fixture(scope="module")
def gift(course, tmp_path_factory) -> list[dict[str, Any]]:
    path = _write(GiftPackager(), course, tmp_path_factory.mktemp("gift"))
    assert path.name.endswith("-gift.txt")
    return parse_gift(path)


def test_gift_parses_into_the_same_questions_with_their_ids(course, gift):
    questions = [item for item in gift if item["type"] != "Category"]
    assert [item["id"] for item in questions] == [question.id for question in course.questions]
    types = {"choice": "MC", "multiple-response": "MC", "true-false": "TF", "fill-in": "Short"}
    assert [item["type"] for item in questions] == [types[question.kind] for question in course.questions]
    assert [item["stem"]["text"] for item in questions] == [spans_text(q.prompt) for q in course.questions]


def test_gift_files_questions_under_their_modules_category(course, gift):
    categories = [item["title"] for item in gift if item["type"] == "Category"]
    assert categories == [f"$course$/top/{course.title}/{module.title}" for module in course.modules
                          if module.questions]


def test_gift_keeps_the_correct_answers(course, gift):
    parsed = {item["id"]: item for item in gift if item["type"] != "Category"}
    for question in course.questions:
        item = parsed[question.id]
        if question.kind == "choice":
            assert [c["text"]["text"] for c in item["choices"] if c["isCorrect"]] == [
                spans_text(c.spans) for c in question.choices if c.correct]
        elif question.kind == "multiple-response":
            weights = [c["weight"] for c in item["choices"]]
            assert sum(w for w in weights if w > 0) == pytest.approx(100)
            assert [c["text"]["text"] for c in item["choices"] if c["weight"] > 0] == [
                spans_text(c.spans) for c in question.choices if c.correct]
        elif question.kind == "true-false":
            assert item["isTrue"] == any(c.correct and spans_text(c.spans) == "True" for c in question.choices)
        else:
            assert [c["text"]["text"] for c in item["choices"]] == list(question.answers)


def test_gift_escapes_its_special_characters_so_source_text_stays_text(gift):
    (item,) = [item for item in gift if item.get("id") == "q-hostile"]
    assert item["stem"]["text"] == HOSTILE
    assert [(c["text"]["text"], c["isCorrect"]) for c in item["choices"]] == [("a = b {c}", True), ("x~y", False)]
    assert item["choices"][0]["feedback"]["text"] == "Right: ~ # :"
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"


# ---------------------------------------------------------------- Moodle XML
MOODLE_TYPES = {"choice": "multichoice", "multiple-response": "multichoice", "true-false": "truefalse",
                "fill-in": "shortanswer"}


@pytest.fixture(scope="module")
def moodle(course, tmp_path_factory) -> etree._Element:
    path = _write(MoodleXmlPackager(), course, tmp_path_factory.mktemp("moodle"))
    root, problems = parse_descriptor(path.read_bytes(), path.name)
    assert problems == [] and root is not None
    return root


def test_moodle_xml_has_a_question_of_moodles_type_per_question_with_its_id_number(course, moodle):
    assert moodle.tag == "quiz"
    questions = [q for q in moodle.iterfind("question") if q.get("type") != "category"]
    assert [q.get("type") for q in questions] == [MOODLE_TYPES[q.kind] for q in course.questions]
    assert [q.findtext("idnumber") for q in questions] == [q.id for q in course.questions]
    for element in questions:
        assert element.findtext("name/text") and element.find("questiontext").get("format") == "html"
        assert element.findtext("defaultgrade") == "1"


def test_moodle_xml_fractions_give_the_correct_answers_100(course, moodle):
    """Moodle's importer grades an answer by its fraction (a percentage from its grade list); a question whose
    correct fractions do not reach 100 can never be answered fully right."""
    questions = {q.findtext("idnumber"): q for q in moodle.iterfind("question") if q.get("type") != "category"}
    for question in course.questions:
        element = questions[question.id]
        fractions = [float(answer.get("fraction")) for answer in element.iterfind("answer")]
        if question.kind == "fill-in":
            assert fractions == [100.0] * len(question.answers)
            assert [a.findtext("text") for a in element.iterfind("answer")] == list(question.answers)
            continue
        assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.001)
        if question.kind == "multiple-response":
            assert element.findtext("single") == "false"
            assert sum(f for f in fractions if f < 0) == pytest.approx(-100, abs=0.001)
        if question.kind == "choice":
            assert element.findtext("single") == "true" and fractions.count(100.0) == 1
        if question.kind == "true-false":
            truth = next(spans_text(c.spans).lower() for c in question.choices if c.correct)
            assert {a.findtext("text"): float(a.get("fraction")) for a in element.iterfind("answer")}[truth] == 100


def test_moodle_xml_texts_are_escaped_html_of_the_source_text(moodle):
    (element,) = [q for q in moodle.iterfind("question") if q.findtext("idnumber") == "q-hostile"]
    shown = lxml_html.fragment_fromstring(element.findtext("questiontext/text"), create_parent="div")
    assert shown.text_content() == HOSTILE and shown.find(".//b") is None
    bold = lxml_html.fragment_fromstring(element.findall("answer")[1].findtext("text"), create_parent="div")
    assert bold.find("strong").text == "x~y"


# ---------------------------------------------------------------- QTI 2.1
@pytest.fixture(scope="module")
def qti_validators(schemas):
    """Return (item schema, manifest schema) pairs for lxml and xmlschema, offline (as converter.validation)."""
    import xmlschema

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    engines = {}
    for name in ("qti21-driver.xsd", "qti21-cp-driver.xsd"):
        engines[name] = (etree.XMLSchema(etree.parse(str(schemas / name), parser)),
                         xmlschema.XMLSchema(str(schemas / name), base_url=str(schemas), allow="sandbox"))
    return engines


@pytest.fixture(scope="module")
def qti(course, tmp_path_factory) -> dict[str, bytes]:
    path = _write(QtiPackager(), course, tmp_path_factory.mktemp("qti"))
    assert path.name.endswith("-qti.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[0] == "imsmanifest.xml"
        return {name: archive.read(name) for name in archive.namelist()}


def _problems(engines, data: bytes, name: str) -> list[str]:
    root, problems = parse_descriptor(data, name)
    assert problems == [] and root is not None
    lxml_schema, xs_schema = engines
    found = [] if lxml_schema.validate(root) else [f"lxml: {e.message}" for e in lxml_schema.error_log]
    found += [f"xmlschema: {e.reason}" for e in xs_schema.iter_errors(root.getroottree())]
    return found


def test_qti_items_and_manifest_validate_against_the_qti_21_schemas(qti, qti_validators):
    assert _problems(qti_validators["qti21-cp-driver.xsd"], qti["imsmanifest.xml"], "imsmanifest.xml") == []
    items = [name for name in qti if name != "imsmanifest.xml"]
    assert len(items) == 13
    for name in items:
        assert _problems(qti_validators["qti21-driver.xsd"], qti[name], name) == [], name


def test_qti_identifiers_are_the_question_ids_and_every_resource_is_in_the_package(course, qti):
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
    manifest = etree.fromstring(qti["imsmanifest.xml"])
    hrefs = [resource.get("href") for resource in manifest.iterfind(".//cp:resource", ns)]
    assert sorted(hrefs) == sorted(name for name in qti if name != "imsmanifest.xml")
    for question in course.questions:
        item = etree.fromstring(qti[f"items/{question.id}.xml"])
        assert item.get("identifier") == question.id
        if question.kind == "fill-in":
            keys = [entry.get("mapKey") for entry in item.iterfind(".//q:mapEntry", ns)]
            assert keys == list(question.answers)
            continue
        right = [value.text for value in item.iterfind(".//q:correctResponse/q:value", ns)]
        assert right == [choice.id for choice in question.choices if choice.correct]
        offered = [choice.get("identifier") for choice in item.iterfind(".//q:simpleChoice", ns)]
        assert set(right) <= set(offered) and len(offered) == len(question.choices)


def test_generated_questions_are_marked_in_every_bank(course, gift, moodle, qti):
    made = {question.id for question in course.questions if question.generated}
    assert len(made) == 6 and {q.kind for q in course.questions if q.generated} == {"choice", "fill-in"}
    tagged = {item["id"] for item in gift if item["type"] != "Category" and item["tags"] == ["c2e-generated"]}
    assert tagged == made
    untagged = [item for item in gift if item["type"] != "Category" and item["id"] not in made]
    assert untagged and all(not item["tags"] for item in untagged)
    moodle_tags = {q.findtext("idnumber") for q in moodle.iterfind("question") if
                   [t.text for t in q.iterfind("tags/tag/text")] == ["c2e-generated"]}
    assert moodle_tags == made
    labelled = {etree.fromstring(data).get("identifier") for name, data in qti.items()
                if name.startswith("items/") and etree.fromstring(data).get("label") == "c2e-generated"}
    assert labelled == made and all(qid.startswith("qg-") for qid in made)


def test_qti_identifiers_are_made_valid_ncnames():
    assert qti_identifier("q-3f9a1c02b7d4") == "q-3f9a1c02b7d4"
    assert qti_identifier("3 bad:id/é") == "q-3-bad-id"
    assert qti_identifier("") == "question"


# ---------------------------------------------------------------- no questions, determinism, --format all
def test_a_course_without_questions_gets_no_bank_and_an_info_message(tmp_path):
    course = make_course()
    assert course.questions == ()
    for packager in (GiftPackager(), MoodleXmlPackager(), QtiPackager()):
        target = Target.for_packager(packager, tmp_path, course.name)
        written = packager.package(course, target, ConvertOptions())
        assert written.value is None and not target.path.exists()
        assert [(m.code, m.level.value) for m in written.messages] == [("questions.none", "info")]
    assert list(tmp_path.iterdir()) == []


def test_format_all_writes_the_banks_when_there_are_questions_and_skips_them_quietly_when_not(course, tmp_path):
    names = [packager.name for packager in default_registry().packagers_for(("all",))]
    assert {"gift", "moodle-xml", "qti"} <= set(names)
    with_questions = converter.package(course, tmp_path / "with", formats="gift,moodle-xml,qti").value
    assert sorted(path.name for path in with_questions.packages.values()) == sorted(
        [f"{course.name}-gift.txt", f"{course.name}-moodle-xml.xml", f"{course.name}-qti.zip"])
    result = converter.package(make_course(), tmp_path / "without", formats="all")
    assert {"gift", "moodle-xml", "qti"}.isdisjoint(result.value.packages)
    assert {"scorm12", "web"} <= set(result.value.packages)
    assert [m.code for m in result.messages if m.code == "questions.none"] == ["questions.none"] * 3
    assert not result.warnings or all(m.code != "questions.none" for m in result.warnings)


def test_banks_are_byte_identical_across_builds(course, tmp_path):
    for packager in (GiftPackager(), MoodleXmlPackager(), QtiPackager()):
        one = packager.package(course, Target.for_packager(packager, tmp_path / "one", course.name),
                               ConvertOptions()).value
        two = packager.package(course, Target.for_packager(packager, tmp_path / "two", course.name),
                               ConvertOptions()).value
        assert one is not None and two is not None and one.read_bytes() == two.read_bytes()


def test_the_command_asked_only_for_a_bank_of_a_course_without_questions_succeeds_and_says_so(tmp_path):
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Dosing"
    slide.placeholders[1].text_frame.text = "10 mg once daily"
    deck.save(tmp_path / "plain.pptx")
    run = run_c2e("convert", str(tmp_path / "plain.pptx"), "-o", str(tmp_path / "out"), "--format", "gift", "-v")
    assert run.returncode == 0, run.stderr
    assert "; wrote no package (1 screens" in run.stdout
    assert "questions.none" in run.stdout + run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plain.report.html", "plain.report.json"]
