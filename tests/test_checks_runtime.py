"""Knowledge checks in the player, run in headless Chromium the way each standard runs them: a learner answers
(right, wrong with a try left, wrong twice), leaves mid-course, comes back and lands on the same screen with the
answers, tries and score kept; the LMS sees the score and the interactions (scorm-again's cmi, xAPI and cmi5
``answered`` statements that pass Learning Locker's validator); a 600-screen course with 600 answered checks
keeps its state within SCORM 1.2's 4,096 characters; the sample course can be completed with the keyboard only."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest

import converter
from converter.model import Course
from converter.options import ConvertOptions
from converter.plugin import Target
from packagers._site import PlayerSettings, build_site
from packagers.cmi5 import Cmi5Packager, au_iri
from packagers.scorm12 import Scorm12Packager
from packagers.scorm2004 import Scorm2004Packager
from packagers.web import WebPackager
from packagers.xapi import XapiPackager, course_iri

from check_course import CHOICE_FEEDBACK, FEEDBACK_RIGHT, FEEDBACK_WRONG, WRONG, answer_of, course_with_checks
from runtime.harness import PLAYER_READY, LmsSession, open_player, running_browser
from runtime.lrs import Lrs, validate_statements
from test_cmi5_runtime import Lms

pytestmark = pytest.mark.runtime

ACTOR = {"objectType": "Agent", "name": "Test Learner", "mbox": "mailto:learner@example.org"}
SUSPEND_12 = 4096

ANSWER = """([id, response]) => {
  const section = document.getElementById(id);
  window.C2EPlayer.show(Number(section.getAttribute("data-index")));
  const form = section.querySelector("form.check");
  if (Array.isArray(response)) {
    form.querySelectorAll("input").forEach((input) => { input.checked = response.includes(input.value); });
  } else {
    form.querySelector("input[type=text]").value = response;
  }
  form.requestSubmit();
  return form.getAttribute("data-state");
}"""
STATES = """() => Array.from(document.querySelectorAll("form.check")).map((form) => [form.getAttribute("data-question"),
  form.getAttribute("data-state"), Array.from(form.querySelectorAll("input:checked")).map((i) => i.value),
  (form.querySelector("input[type=text]") || {value: ""}).value])"""


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


@pytest.fixture()
def course() -> Course:
    return course_with_checks(2, 2, 4)


def answer(frame: Any, question_id: str, response: list[str] | str) -> str:
    """Answer one check as a learner would (go to it, choose or type, submit); return its data-state."""
    return frame.evaluate(ANSWER, [question_id, response])


def answer_some(frame: Any, course: Course) -> dict[str, tuple[str, list[str], str]]:
    """Answer the first module's checks: right, wrong once (a try left), wrong twice (final), right (typed);
    then go back to the second screen. Return the states the page must show again after a relaunch."""
    q = course.questions
    assert answer(frame, q[0].id, answer_of(q[0])) == "correct"
    assert answer(frame, q[1].id, WRONG[q[1].kind]) == "retry"
    assert answer(frame, q[2].id, WRONG[q[2].kind]) == "retry"
    assert answer(frame, q[2].id, WRONG[q[2].kind]) == "incorrect"
    assert answer(frame, q[3].id, answer_of(q[3])) == "correct"
    frame.evaluate("() => window.C2EPlayer.show(1)")
    return {state[0]: (state[1], state[2], state[3]) for state in frame.evaluate(STATES)}


def assert_answers_kept(frame: Any, expected: dict[str, tuple[str, list[str], str]]) -> None:
    """The relaunched page is on the second screen, with every check as it was left and the resume prompt."""
    assert frame.evaluate("() => window.C2EPlayer.current()") == 1
    assert {state[0]: (state[1], state[2], state[3]) for state in frame.evaluate(STATES)} == expected
    assert frame.locator("body").get_attribute("data-resumed") == "true"
    assert frame.get_by_role("button", name="Continue").is_visible()


def test_a_check_grades_gives_feedback_and_shows_the_answer_after_the_last_try(browser, course, tmp_path):
    site = tmp_path / "web"
    WebPackager().package(course, Target("folder", site), ConvertOptions())
    with Lrs(site) as server:
        page = browser.new_page()
        page.goto(f"{server.site_origin}/index.html")
        page.wait_for_selector(PLAYER_READY, state="attached")
        choice = course.questions[0]
        check = page.locator(f"#{choice.id}")
        page.evaluate(f"() => window.C2EPlayer.show({check.get_attribute('data-index')})")
        assert check.locator("fieldset legend").inner_text() == "Question 1: which?"
        check.get_by_role("button", name="Check my answer").click()
        assert check.locator(".check-verdict").inner_text() == "Choose or type an answer first."
        check.get_by_label("Option A of 1").check()
        check.get_by_role("button", name="Check my answer").click()
        feedback = check.locator("[role=status]")
        assert feedback.get_attribute("aria-live") == "polite"
        assert "Not quite. Try again. Attempts left: 1." in feedback.inner_text()
        assert FEEDBACK_WRONG in feedback.inner_text() and f"{CHOICE_FEEDBACK} A" in feedback.inner_text()
        check.get_by_label("Option C of 1").check()
        check.get_by_role("button", name="Check my answer").click()
        text = feedback.inner_text()
        assert "The answer: Option B of 1" in text and "Try again" not in text
        assert check.get_by_role("button", name="Check my answer").is_hidden()
        assert check.get_by_label("Option B of 1").is_disabled()
        fill_in = course.questions[3]
        page.evaluate(f"() => window.C2EPlayer.show({page.locator(f'#{fill_in.id}').get_attribute('data-index')})")
        page.locator(f"#{fill_in.id}").get_by_label("Your answer").fill("  24 HOURS ")
        page.locator(f"#{fill_in.id}").get_by_label("Your answer").press("Enter")
        assert page.locator(f"#{fill_in.id} form").get_attribute("data-state") == "correct"
        assert FEEDBACK_RIGHT in page.locator(f"#{fill_in.id} [role=status]").inner_text()
        stored = page.evaluate(f"() => JSON.parse(localStorage.getItem('c2e:{course.id}'))")
        tries = [(i["id"], i["response"], i["result"]) for i in stored["interactions"]]
        assert tries == [(choice.id, ["c1"], "incorrect"), (choice.id, ["c3"], "incorrect"),
                         (fill_in.id, "24 HOURS", "correct")]
        assert all(i["latency"] >= 0 for i in stored["interactions"]) and stored["interactions"][2]["latency"] > 0
        assert stored["score"] == {"raw": 1, "min": 0, "max": 8, "scaled": 0.125}
        page.close()


def _scorm_resume(browser: Any, course: Course, package: Path, standard: str) -> dict[str, str]:
    """Answer, leave, relaunch and check the answers are back: return the cmi the first session committed last."""
    with LmsSession(browser, package, ready=PLAYER_READY, standard=standard) as lms:
        course_states = answer_some(lms.frame, course)
        lms.unload()
        first = lms.commits()[-1]
        saved = lms.saved_state()
    with LmsSession(browser, package, resume_from=saved, ready=PLAYER_READY, standard=standard) as again:
        assert_answers_kept(again.frame, course_states)
        assert again.errors("/pkg/") == []
    return first


def _interactions(cmi: dict[str, str], response: str) -> list[tuple[str, str, str]]:
    count = len({key.split(".")[2] for key in cmi if key.startswith("cmi.interactions.") and key.endswith(".id")})
    prefix = "cmi.interactions.{}."
    return [(cmi[prefix.format(n) + "id"], cmi[prefix.format(n) + response], cmi[prefix.format(n) + "result"])
            for n in range(count)]


def test_scorm12_resume_keeps_answers_and_scorm_again_sees_score_and_interactions(browser, course, tmp_path):
    package = tmp_path / "checks-scorm12.zip"
    Scorm12Packager().package(course, Target("zip", package), ConvertOptions())
    first = _scorm_resume(browser, course, package, "scorm12")
    q = course.questions
    assert (first["cmi.core.score.min"], first["cmi.core.score.max"], first["cmi.core.score.raw"]) == ("0", "100", "25")
    assert _interactions(first, "student_response") == [
        (q[0].id, "c2", "correct"), (q[1].id, "c1", "wrong"), (q[2].id, "t", "wrong"), (q[2].id, "t", "wrong"),
        (q[3].id, "24 HOURS", "correct")]
    assert first["cmi.interactions.0.type"] == "choice" and first["cmi.interactions.2.type"] == "true-false"
    assert len(first["cmi.suspend_data"]) <= SUSPEND_12 and first["cmi.suspend_data"].startswith("c4.")


def test_scorm2004_resume_keeps_answers_and_reports_scaled_score_and_interactions(browser, course, tmp_path):
    package = tmp_path / "checks-scorm2004.zip"
    Scorm2004Packager().package(course, Target("zip", package), ConvertOptions())
    first = _scorm_resume(browser, course, package, "scorm2004")
    q = course.questions
    assert (first["cmi.score.scaled"], first["cmi.score.raw"], first["cmi.score.max"]) == ("0.25", "2", "8")
    assert _interactions(first, "learner_response") == [
        (q[0].id, "c2", "correct"), (q[1].id, "c1", "incorrect"), (q[2].id, "true", "incorrect"),
        (q[2].id, "true", "incorrect"), (q[3].id, "24 HOURS", "correct")]
    assert first["cmi.interactions.1.correct_responses.0.pattern"] == "c1[,]c3"
    assert first["cmi.interactions.0.timestamp"].endswith("Z")


def _xapi_site(course: Course, tmp_path: Path, packager: Any) -> Path:
    package = tmp_path / "checks.zip"
    packager.package(course, Target("zip", package), ConvertOptions())
    folder = tmp_path / "site"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


def _verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]


def test_xapi_resume_keeps_answers_and_answered_statements_are_valid(browser, course, tmp_path):
    site = _xapi_site(course, tmp_path, XapiPackager())
    registration = str(uuid.uuid4())
    with Lrs(site) as lrs:
        url = lrs.launch_url(ACTOR, registration, course_iri(course))
        first = open_player(browser, url)
        expected = answer_some(first, course)
        first.goto("about:blank")
        first.close()
        statements = lrs.wait_for(lambda got: "terminated" in _verbs(got))
        again = open_player(browser, url)
        assert_answers_kept(again, expected)
        assert again.errors == []
        again.close()
    answered = [s for s in statements if _verbs([s]) == ["answered"]]
    assert validate_statements(answered) == [[] for _ in answered]
    assert [(s["result"]["response"], s["result"]["success"]) for s in answered] == [
        ("c2", True), ("c1", False), ("true", False), ("true", False), ("24 HOURS", True)]
    definition = answered[1]["object"]["definition"]
    assert definition["interactionType"] == "choice" and definition["correctResponsesPattern"] == ["c1[,]c3"]
    assert [c["id"] for c in definition["choices"]] == ["c1", "c2", "c3"]
    assert definition["choices"][0]["description"] == {"en": "Option A of 2"}


def test_cmi5_resume_keeps_answers_and_passes_against_the_launch_mastery_score(browser, tmp_path):
    course = course_with_checks(1, 2, 2, kinds=("choice", "true-false"))
    site = _xapi_site(course, tmp_path, Cmi5Packager())
    registration = str(uuid.uuid4())
    with Lms(site) as lms:
        first = open_player(browser, lms.launch(au_iri(course), registration, mastery=0.5))
        assert answer(first, course.questions[0].id, answer_of(course.questions[0])) == "correct"
        first.evaluate("() => window.C2EPlayer.show(0)")
        first.goto("about:blank")
        first.close()
        lms.wait_for(lambda got: _verbs(got).count("terminated") == 1)
        again = open_player(browser, lms.launch(au_iri(course), registration, mastery=0.5))
        assert again.evaluate("() => window.C2EPlayer.current()") == 0
        assert again.evaluate(STATES)[0][1:] == ["correct", ["c2"], ""]
        for _ in range(2):
            answer(again, course.questions[1].id, ["true"])
        statements = lms.wait_for(lambda got: "passed" in _verbs(got))
        assert again.locator("body").get_attribute("data-passed") == "true", "1 of 2 right passes at 0.5"
        again.close()
    passed = next(s for s in statements if _verbs([s]) == ["passed"])
    assert passed["result"]["score"] == {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}
    answered = [s for s in statements if _verbs([s]) == ["answered"]]
    assert len(answered) == 3 and validate_statements(answered) == [[] for _ in answered]


def test_web_resume_keeps_answers_in_local_storage(browser, course, tmp_path):
    site = tmp_path / "web"
    WebPackager().package(course, Target("folder", site), ConvertOptions())
    with Lrs(site) as server:
        context = browser.new_context()
        first = context.new_page()
        first.goto(f"{server.site_origin}/index.html")
        first.wait_for_selector(PLAYER_READY, state="attached")
        expected = answer_some(first, course)
        first.close()
        again = context.new_page()
        again.goto(f"{server.site_origin}/index.html")
        again.wait_for_selector(PLAYER_READY, state="attached")
        assert_answers_kept(again, expected)
        again.get_by_role("button", name="Start from the beginning").click()
        assert again.evaluate("() => window.C2EPlayer.current()") == 0
        assert again.locator("body").get_attribute("data-resumed") is None
        context.close()


def test_600_screens_with_600_answered_checks_fit_scorm12_suspend_data(browser, tmp_path):
    course = course_with_checks(60, 10, 10, kinds=("choice", "multiple-response", "true-false"), with_image=False)
    assert len(course.screens()) == 600 and len(course.questions) == 600
    site = tmp_path / "web"
    WebPackager().package(course, Target("folder", site), ConvertOptions())
    with Lrs(site) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{server.site_origin}/index.html")
        page.wait_for_selector(PLAYER_READY, state="attached")
        page.evaluate("""(answers) => { for (const [id, response] of answers) {
            const form = document.getElementById(id).querySelector("form.check");
            form.querySelectorAll("input").forEach((input) => { input.checked = response.includes(input.value); });
            form.requestSubmit(); } }""", [[q.id, answer_of(q) if n % 3 else WRONG[q.kind]]
                                          for n, q in enumerate(course.questions) for _ in range(1 if n % 3 else 2)])
        page.evaluate("() => { for (let i = 0; i < 1200; i += 2) { window.C2EPlayer.show(i); } }")
        state = page.evaluate("() => window.C2EPlayer.encodeState()")
        assert len(state) <= SUSPEND_12, len(state)
        expected = page.evaluate(STATES)
        seen = page.evaluate("() => window.C2EPlayer.seen()")
        page.close()
        again = context.new_page()
        again.goto(f"{server.site_origin}/index.html")
        again.wait_for_selector(PLAYER_READY, state="attached")
        assert again.evaluate(STATES) == expected
        checks = [index % 20 >= 10 for index in range(1200)]  # each module: 10 screens, then its 10 checks
        assert again.evaluate("() => window.C2EPlayer.seen()") == [was or check for was, check in zip(seen, checks, strict=True)]
        assert again.locator("body").get_attribute("data-passed") == "false", "a third wrong: 67% < 80%"
        context.close()


def test_the_sample_course_completes_with_the_keyboard_only(browser, sample_deck, tmp_path):
    conversion = converter.convert(sample_deck, tmp_path, format="web", target="folder").value
    site = conversion.packages["web"]
    course = conversion.course
    assert course.questions, "the sample deck has a quiz slide"
    with Lrs(site) as server:
        page = browser.new_page()
        page.goto(f"{server.site_origin}/index.html")
        page.wait_for_selector(PLAYER_READY, state="attached")
        pressed: set[str] = set()

        def press(key: str) -> None:
            pressed.add(key)
            page.keyboard.press(key)

        def focused(expression: str) -> Any:
            return page.evaluate(f"() => {{ const el = document.activeElement; return {expression}; }}")

        press("Tab")  # the skip link
        press("Tab")
        press("Shift+Tab")
        assert focused("el.classList.contains('skip-link')")
        press("Enter")  # to the content
        for _ in range(200):
            check = page.locator("section.screen:not([hidden]) form.check")
            if check.count() and check.get_attribute("data-state") not in ("correct", "incorrect"):
                right = json.loads(check.get_attribute("data-correct"))
                for _ in range(30):
                    if focused("el.type === 'radio'"):
                        break
                    press("Tab")
                for _ in range(10):
                    if focused("el.value") in right:
                        break
                    press("ArrowDown")
                press("Space")
                press("Tab")
                assert focused("el.classList.contains('check-submit')")
                press("Enter")
                assert check.get_attribute("data-state") == "correct"
            if page.locator("#next").is_disabled():
                break
            press("ArrowRight")  # the player's shortcut for Next (focus is on the screen's title or the page)
        assert page.locator("body").get_attribute("data-complete") == "true"
        assert page.locator("body").get_attribute("data-passed") == "true"
        assert pressed <= {"Tab", "Shift+Tab", "Enter", "Space", "ArrowDown", "ArrowRight"}
        page.close()


def test_the_screens_and_score_rule_completes_only_once_every_screen_is_seen_and_the_checks_pass(browser, tmp_path):
    course = course_with_checks(1, 2, 2, kinds=("choice", "true-false"))
    site = tmp_path / "web"
    for name, data in build_site(course, settings=PlayerSettings(completion="screens-and-score")).value.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    with Lrs(site) as server:
        page = browser.new_page()
        page.goto(f"{server.site_origin}/index.html")
        page.wait_for_selector(PLAYER_READY, state="attached")
        page.evaluate("() => { for (let i = 0; i < 4; i += 1) { window.C2EPlayer.show(i); } }")
        assert page.locator("body").get_attribute("data-complete") is None, "every screen seen, checks not passed"
        for question in course.questions:
            answer(page, question.id, answer_of(question))
        assert page.locator("body").get_attribute("data-complete") == "true"
        assert page.locator("body").get_attribute("data-passed") == "true"
        stored = page.evaluate(f"() => JSON.parse(localStorage.getItem('c2e:{course.id}'))")
        assert (stored["completed"], stored["success"], stored["score"]["scaled"]) == (True, "passed", 1)
        page.close()
