"""`c2e convert` without `--format` writes the whole blended journey: the preset's learner package, the
facilitator guide, journey.json and journey.ics, the question bank, the report, and one package per micro-item
(`NAME-micro/`), each a small course that validates, completes and scores in scorm-again like any course."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import icalendar
import pytest
from lxml import etree
from pptx import Presentation

import converter
from converter.chunking.micro import micro_courses
from converter.model import Course
from converter.plugin import launches
from converter.registry import default_registry

from conftest import REPO, run_c2e
from runtime.harness import PLAYER_READY, LmsSession, running_browser

SAMPLE_COURSE = REPO / "samples" / "course.toml"
LEARNER = ("scorm12", "scorm2004", "xapi", "cmi5", "web")


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The sample course converted by the command line with no option but the output folder."""
    out = tmp_path_factory.mktemp("journey") / "out"
    run = run_c2e("convert", str(SAMPLE_COURSE), "-o", str(out), timeout=300)
    assert run.returncode == 0, run.stderr
    return out, run


def _journey_json(out: Path) -> dict[str, Any]:
    return json.loads((out / "cardiolex-sales-onboarding-journey" / "journey.json").read_text(encoding="utf-8"))


def _manifest(package: Path) -> etree._Element:
    with zipfile.ZipFile(package) as zf:
        return etree.fromstring(zf.read("imsmanifest.xml"))


def test_convert_without_a_format_writes_every_stage_of_the_journey(journey):
    out, run = journey
    stem = "cardiolex-sales-onboarding"
    micro_items = _journey_json(out)["micro_items"]
    assert len(micro_items) >= 2, "the sample course has a micro-item per module"
    assert sorted(p.name for p in out.iterdir()) == sorted([
        f"{stem}-scorm12.zip", f"{stem}-facilitator-guide.docx", f"{stem}-journey", f"{stem}-qti.zip",
        f"{stem}-micro", f"{stem}.report.json", f"{stem}.report.html"])
    assert sorted(p.name for p in (out / f"{stem}-micro").iterdir()) == [
        f"{stem}-micro-{rank:02d}-scorm12.zip" for rank in range(1, len(micro_items) + 1)]
    assert sorted(p.name for p in (out / f"{stem}-journey").iterdir()) == ["journey.ics", "journey.json"]
    calendar = icalendar.Calendar.from_ical((out / f"{stem}-journey" / "journey.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == len(micro_items) + 1, "the live session and each micro-item"
    with zipfile.ZipFile(out / f"{stem}-scorm12.zip") as zf:
        assert any(name.startswith("job-aids/") for name in zf.namelist()), "performance support is in the package"
    with zipfile.ZipFile(out / f"{stem}-qti.zip") as zf:
        assert any(name.endswith(".xml") and name != "imsmanifest.xml" for name in zf.namelist())
    report = json.loads((out / f"{stem}.report.json").read_text(encoding="utf-8"))
    assert report["packages"]["micro"] == f"{stem}-micro" and report["packages"]["scorm12"] == f"{stem}-scorm12.zip"
    assert [check["format"] for check in report["preflight"]] == ["scorm12"], "the pre-flight is for learner packages"
    assert f"{stem}-micro" in run.stdout


def test_each_micro_item_package_is_a_valid_small_course_of_its_items_screen_and_checks(journey):
    out, _ = journey
    items = _journey_json(out)["micro_items"]
    course_id = _journey_json(out)["course_id"]
    for rank, item in enumerate(items, start=1):
        package = out / "cardiolex-sales-onboarding-micro" / f"cardiolex-sales-onboarding-micro-{rank:02d}-scorm12.zip"
        verdict = converter.validate(package).value
        assert verdict.valid, verdict.problems
        root = _manifest(package)
        assert root.get("identifier") == f"manifest-{course_id}-{item['id']}"
        assert root.findtext("{*}organizations/{*}organization/{*}title").endswith(f": {item['title']}")
        with zipfile.ZipFile(package) as zf:
            page = zf.read("index.html").decode("utf-8")
        assert page.count('<section class="screen') == 1 + len(item["questions"])
        assert all(f'data-question="{question}"' in page for question in item["questions"])
        assert '<p class="takeaway" dir="auto"><strong>Key takeaway:</strong> ' + item["takeaway"] in page


def test_a_named_format_writes_just_that_and_micro_packages_only_when_asked(sample_deck, tmp_path):
    only = converter.convert(sample_deck, tmp_path / "only", formats="scorm12").value
    assert list(only.packages) == ["scorm12"]
    assert sorted(p.name for p in (tmp_path / "only").iterdir()) == [
        "pharma-sales-onboarding-scorm12.zip", "pharma-sales-onboarding.report.html",
        "pharma-sales-onboarding.report.json"]
    both = converter.convert(sample_deck, tmp_path / "both", formats="scorm2004,web", micro_packages=True).value
    micro = both.packages["micro"]
    count = len(both.course.micro_items)
    assert sorted(p.name for p in micro.iterdir()) == sorted(
        [f"pharma-sales-onboarding-micro-{n:02d}-scorm2004.zip" for n in range(1, count + 1)]
        + [f"pharma-sales-onboarding-micro-{n:02d}-web" for n in range(1, count + 1)])
    bank = converter.convert(sample_deck, tmp_path / "bank", formats="gift", micro_packages=True)
    assert "micro" not in bank.value.packages
    assert "micro.no-package" in [m.code for m in bank.messages]


def test_the_learner_standards_are_the_launchable_packagers_and_nothing_else():
    """Micro-item packages and the completion pre-flight go to exactly the packages a learner launches."""
    assert {p.name for p in default_registry().packagers if launches(p)} == set(LEARNER)


def test_micro_item_packages_come_in_every_learner_standard_asked_for(tmp_path):
    conversion = converter.convert(SAMPLE_COURSE, tmp_path, formats="all", micro_packages=True).value
    count = len(conversion.course.micro_items)
    written = sorted(p.name for p in conversion.packages["micro"].iterdir())
    for standard in LEARNER:
        made = [name for name in written if name.removesuffix(".zip").endswith(f"-{standard}")]
        assert len(made) == count, standard
    cmi5 = next(conversion.packages["micro"].glob("*-micro-01-cmi5.zip"))
    assert converter.validate(cmi5).value.valid


def test_each_translation_gets_its_own_micro_item_packages_in_its_language(tmp_path):
    xliff = tmp_path / "course.qps.xlf"
    converter.xliff_pseudo(SAMPLE_COURSE, xliff)
    conversion = converter.convert(SAMPLE_COURSE, tmp_path / "out", translations=[xliff]).value
    (pseudo,) = conversion.localised
    folder = pseudo.packages["micro"]
    assert folder.name == "cardiolex-sales-onboarding-qps-ploc-micro"
    assert len(list(folder.glob("*-scorm12.zip"))) == len(pseudo.course.micro_items) > 0
    with zipfile.ZipFile(next(folder.glob("*-micro-01-scorm12.zip"))) as zf:
        page = zf.read("index.html").decode("utf-8")
    takeaway = pseudo.course.micro_items[0].takeaway[0].text
    assert takeaway.startswith("[") and takeaway in page.replace("&#39;", "'"), "the translated takeaway"
    assert '<html lang="qps-ploc"' in page


def test_the_preset_and_the_stages_shape_the_default_journey(sample_deck, tmp_path):
    moodle = converter.convert(sample_deck, tmp_path / "moodle", lms="moodle").value
    assert list(moodle.packages) == ["scorm12", "facilitator-guide", "journey", "moodle-xml", "micro"]
    talent = converter.convert(sample_deck, tmp_path / "talent", lms="talentlms", stages="pre-learning").value
    assert list(talent.packages) == ["scorm2004", "journey", "qti"], "no live stage, no reinforcement"
    assert not talent.course.micro_items and not talent.course.live.activities
    no_micro = converter.convert(sample_deck, tmp_path / "nomicro", micro_packages=False).value
    assert "micro" not in no_micro.packages and "facilitator-guide" in no_micro.packages


def test_micro_courses_keep_their_ids_when_a_slide_is_inserted(sample_deck, tmp_path):
    """The LMS keys a micro-item package's learners on its course id: inserting a slide must not change it."""
    before = [micro.id for micro in micro_courses(converter.build(sample_deck).value)]
    for position in (2, 9, 16):
        deck = Presentation(str(sample_deck))
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = "A slide the trainer added"
        slide.placeholders[1].text = "New words about the product, added after the first release."
        ids = deck.slides._sldIdLst  # noqa: SLF001 - python-pptx has no API to move a slide
        added = ids[-1]
        ids.remove(added)
        ids.insert(position, added)
        edited = tmp_path / f"edited-{position}.pptx"
        deck.save(str(edited))
        assert [micro.id for micro in micro_courses(converter.build(edited).value)] == before, position


def test_micro_packages_are_byte_identical_from_run_to_run(sample_deck, tmp_path):
    def micro_bytes(out: Path) -> dict[str, bytes]:
        folder = converter.convert(sample_deck, out).value.packages["micro"]
        return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}

    first = micro_bytes(tmp_path / "a")
    assert first and micro_bytes(tmp_path / "b") == first


def test_a_micro_course_has_only_its_items_questions_objectives_and_no_journey_of_its_own():
    course: Course = converter.build(SAMPLE_COURSE).value
    micros = micro_courses(course)
    assert [micro.name for micro in micros] == [f"cardiolex-sales-onboarding-micro-{n:02d}"
                                                for n in range(1, len(course.micro_items) + 1)]
    for micro, item in zip(micros, course.micro_items, strict=True):
        (module,) = micro.modules
        assert (module.id, module.stage, module.questions) == (item.id, "reinforcement", item.questions)
        assert [q.id for q in micro.questions] == list(item.questions)
        assert {o.id for o in micro.objectives} == set(item.objectives)
        assert not micro.micro_items and not micro.job_aids and not micro.live.activities
        (screen,) = module.screens
        assert screen.blocks[:len(item.blocks)] == item.blocks
        assert screen.blocks[-1].attrs == {"takeaway": ""} and screen.blocks[-1].spans == item.takeaway


ANSWER_ALL = """() => {
  const forms = Array.from(document.querySelectorAll("form.check"));
  for (const form of forms) {
    window.C2EPlayer.show(Number(form.closest("section").getAttribute("data-index")));
    const right = JSON.parse(form.getAttribute("data-correct"));
    const typed = form.querySelector("input[type=text]");
    if (typed) { typed.value = right[0]; }
    form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach((input) => {
      input.checked = right.includes(input.value);
    });
    form.requestSubmit();
  }
  return forms.map((form) => form.getAttribute("data-state"));
}"""


@pytest.mark.runtime
def test_a_micro_item_package_completes_and_passes_in_scorm_again(journey):
    out, _ = journey
    package = out / "cardiolex-sales-onboarding-micro" / "cardiolex-sales-onboarding-micro-01-scorm12.zip"
    questions = _journey_json(out)["micro_items"][0]["questions"]
    assert questions, "the first micro-item has checks"
    with running_browser() as browser, LmsSession(browser, package, ready=PLAYER_READY) as lms:
        assert lms.frame.evaluate(ANSWER_ALL) == ["correct"] * len(questions)
        lms.frame.evaluate("() => window.C2EPlayer.show(0)")
        lms.unload()
        cmi = lms.cmi()
        assert lms.errors("/pkg/") == []
    assert cmi["cmi.core.lesson_status"] == "passed"
    assert cmi["cmi.core.score.raw"] == "100"
