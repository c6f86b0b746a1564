"""Our SCORM 2004 package run the way an LMS runs it: scorm-again's Scorm2004API as window.API_1484_11, the
player in an iframe; completion, location, session time, one Terminate, resume, and knowledge-check results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converter.options import ConvertOptions
from converter.plugin import Target
from packagers.scorm2004 import Scorm2004Packager

from course_factory import make_course
from runtime.harness import LmsServer, LmsSession, running_browser

pytestmark = pytest.mark.runtime

ISO_DURATION = re.compile(r"PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S")
"""What the adapter writes to cmi.session_time: an ISO 8601 duration (RTE 4.1.1.5 timeinterval), e.g. PT1H2M3.45S."""
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}Z")
SUSPEND_DATA_MAX = 64000
"""SCORM 2004 4th edition: cmi.suspend_data holds at least 64,000 characters."""
PLAYER_READY = 'body[data-ready="true"]'


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


def build_package(tmp_path: Path, modules: int = 2, screens_per_module: int = 3) -> tuple[Path, list[str]]:
    """Package a factory course as SCORM 2004; return the zip and the screen ids in learner order."""
    course = make_course(modules, screens_per_module)
    out = tmp_path / f"course-{modules}x{screens_per_module}-scorm2004.zip"
    Scorm2004Packager().package(course, Target("zip", out), ConvertOptions())
    return out, [screen.id for screen in course.screens()]


def launch(browser, package: Path, resume_from: dict[str, str] | None = None) -> LmsSession:
    """A 2004 session that, once entered, has our player started (body[data-ready])."""
    return LmsSession(browser, package, resume_from=resume_from, ready=PLAYER_READY, standard="scorm2004")


def next_button(lms: LmsSession):
    return lms.frame.get_by_role("button", name="Next")


def page_to_the_end(lms: LmsSession) -> int:
    clicks = 0
    while next_button(lms).is_enabled():
        next_button(lms).click()
        clicks += 1
    return clicks


def visible_screen_ids(lms: LmsSession) -> list[str]:
    return lms.frame.eval_on_selector_all("section.screen", "els => els.filter(e => !e.hidden).map(e => e.id)")


def adapter_errors(lms: LmsSession) -> list[dict[str, str]]:
    return lms.frame.evaluate("() => window.C2ERuntime.errors")


def assert_player_ran_cleanly(lms: LmsSession) -> None:
    """No console error or uncaught exception from the package, and every API call it made succeeded."""
    assert lms.errors("/pkg/") == []
    must_say_true = ("Initialize", "SetValue", "Commit", "Terminate")
    failed = [c for c in lms.calls() if c["error"] != "0" or (c["call"] in must_say_true and c["result"] != "true")]
    assert failed == []


def test_the_player_finds_api_1484_11_and_uses_the_2004_adapter(browser, tmp_path):
    package, _ = build_package(tmp_path)
    with launch(browser, package) as lms:
        body = lms.frame.locator("body")
        assert (body.get_attribute("data-runtime"), body.get_attribute("data-lms")) == ("scorm2004", "connected")
        assert lms.frame.evaluate("() => window.C2ERuntime.suspendBudget") == SUSPEND_DATA_MAX
        assert [c["call"] for c in lms.calls() if c["call"] not in ("GetLastError",)][:3] == [
            "Initialize", "GetValue", "GetValue"]
        assert lms.calls("Initialize")[0]["result"] == "true"
        assert adapter_errors(lms) == []


def test_paging_through_every_screen_completes_the_course(browser, tmp_path):
    package, ids = build_package(tmp_path)
    with launch(browser, package) as lms:
        assert page_to_the_end(lms) == len(ids) - 1
        assert lms.set_values("cmi.completion_status") == ["incomplete", "completed"]
        assert lms.set_values("cmi.location") == ids
        assert set(ids) <= {c["cmi.location"] for c in lms.commits()}, "each screen is committed"
        committed = lms.commits()[-1]
        assert (committed["cmi.completion_status"], committed["cmi.location"]) == ("completed", ids[-1])
        assert committed["cmi.exit"] == "normal", "a completed attempt ends normally"
        assert lms.frame.locator("body").get_attribute("data-complete") == "true"
        assert adapter_errors(lms) == []
        lms.unload()
        session_times = lms.set_values("cmi.session_time")
        assert len(session_times) == 1 and ISO_DURATION.fullmatch(session_times[0]), session_times
        assert len(lms.calls("Terminate")) == 1
        assert lms.calls("Terminate")[0]["result"] == "true"
        final = lms.commits()[-1]
        assert (final["cmi.completion_status"], final["cmi.exit"]) == ("completed", "normal")
        assert lms.set_values("adl.nav.request") == [], "a one-SCO course leaves navigation to the LMS"
        assert final["cmi.session_time"] == session_times[0]
        assert all(len(data) <= SUSPEND_DATA_MAX for data in lms.set_values("cmi.suspend_data"))
        assert_player_ran_cleanly(lms)


def test_second_launch_resumes_on_the_saved_screen(browser, tmp_path):
    package, ids = build_package(tmp_path)
    with launch(browser, package) as first:
        next_button(first).click()
        next_button(first).click()
        first.unload()
        final = first.commits()[-1]
        assert (final["cmi.exit"], final["cmi.completion_status"]) == ("suspend", "incomplete")
        assert final["cmi.location"] == ids[2]
        assert len(first.calls("Terminate")) == 1
        saved = first.saved_state()
    assert saved["cmi.entry"] == "resume" and saved["cmi.location"] == ids[2]

    with launch(browser, package, resume_from=saved) as lms:
        assert [c["result"] for c in lms.calls("GetValue") if c["args"] == ["cmi.entry"]] == ["resume"]
        assert visible_screen_ids(lms) == [ids[2]]
        assert lms.frame.locator("body").get_attribute("data-screen") == "2"
        assert lms.frame.evaluate("() => window.C2EPlayer.seen()")[:3] == [True, True, True]
        for _ in range(len(ids) - 4):
            next_button(lms).click()
            assert lms.commits()[-1]["cmi.completion_status"] == "incomplete"
        next_button(lms).click()
        assert not next_button(lms).is_enabled()
        assert lms.commits()[-1]["cmi.completion_status"] == "completed"
        lms.unload()
        assert len(lms.calls("Terminate")) == 1 and lms.commits()[-1]["cmi.exit"] == "normal"
        assert_player_ran_cleanly(lms)


def test_score_success_and_interactions_reach_cmi(browser, tmp_path):
    package, _ = build_package(tmp_path)
    with launch(browser, package) as lms:
        lms.frame.evaluate("""() => {
            const player = window.C2EPlayer;
            player.interaction({id: "q-dosing-1", type: "choice", response: "b", correct: "b", result: "correct"});
            player.interaction({id: "q dose?", type: "true-false", response: "false", correct: "true",
                                result: "incorrect"});
            player.interaction({id: "q-multi", type: "multiple-response", response: ["a", "c"], correct: "a,c",
                                result: "correct", description: "Pick two"});
            player.score(1, 2);
            player.success(true);
        }""")
        cmi = lms.cmi()
        assert [cmi[f"cmi.score.{k}"] for k in ("scaled", "raw", "min", "max")] == ["0.5", "1", "0", "2"]
        assert cmi["cmi.success_status"] == "passed"
        assert cmi["cmi.completion_status"] == "incomplete", "passing does not complete an unseen course"
        first = {k.removeprefix("cmi.interactions.0."): v for k, v in cmi.items() if k.startswith("cmi.interactions.0.")}
        assert (first["id"], first["type"], first["learner_response"], first["result"]) == (
            "q-dosing-1", "choice", "b", "correct")
        assert first["correct_responses.0.pattern"] == "b" and ISO_TIMESTAMP.fullmatch(first["timestamp"])
        assert (cmi["cmi.interactions.1.id"], cmi["cmi.interactions.1.type"]) == ("q-dose-", "true-false")
        assert (cmi["cmi.interactions.1.learner_response"], cmi["cmi.interactions.1.result"]) == ("false", "incorrect")
        assert cmi["cmi.interactions.1.correct_responses.0.pattern"] == "true"
        assert cmi["cmi.interactions.2.learner_response"] == "a[,]c" == cmi[
            "cmi.interactions.2.correct_responses.0.pattern"]
        assert cmi["cmi.interactions.2.description"] == "Pick two"
        assert adapter_errors(lms) == []
        lms.unload()
        final = lms.commits()[-1]
        assert (final["cmi.success_status"], final["cmi.score.scaled"]) == ("passed", "0.5")
        assert final["cmi.exit"] == "suspend", "not every screen was seen: the attempt stays resumable"
        assert_player_ran_cleanly(lms)


def test_session_time_is_an_iso_8601_duration(browser, tmp_path):
    package, _ = build_package(tmp_path, 1, 1)
    with launch(browser, package) as lms:
        durations = lms.frame.evaluate(
            "() => [0, 999, 60000, 3723450, 360000000].map(ms => window.C2ERuntime.isoDuration(ms))")
    assert durations == ["PT0S", "PT1S", "PT1M0S", "PT1H2M3.45S", "PT100H0M0S"]
    assert all(ISO_DURATION.fullmatch(d) for d in durations)


def test_without_an_lms_the_adapter_falls_back_to_standalone(browser, tmp_path):
    package, ids = build_package(tmp_path)
    server = LmsServer(package)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(error.message))
        page.goto(f"{server.origin}/pkg/index.html")
        page.wait_for_selector(PLAYER_READY, state="attached")
        body = page.locator("body")
        assert (body.get_attribute("data-runtime"), body.get_attribute("data-lms")) == ("scorm2004", "none")
        page.get_by_role("button", name="Next").click()
        stored = page.evaluate("() => JSON.parse(localStorage.getItem('c2e:' + document.documentElement.dataset.course))")
        assert stored["location"] == ids[1]
        assert errors == []
    finally:
        context.close()
        server.close()


def test_a_new_attempt_reads_no_saved_state_and_records_no_error(browser, tmp_path):
    """cmi.entry "" (a new attempt after a normal exit): location and suspend data are not set yet, so the LMS
    answers GetValue with error 403; the adapter expects that, starts on the first screen, records nothing."""
    package, ids = build_package(tmp_path)
    with launch(browser, package, resume_from={"cmi.entry": ""}) as lms:
        not_set = [c["args"][0] for c in lms.calls("GetValue") if c["error"] != "0"]
        assert not_set == ["cmi.location", "cmi.suspend_data"]
        assert all(c["error"] == "403" for c in lms.calls("GetValue") if c["error"] != "0")
        assert visible_screen_ids(lms) == [ids[0]]
        assert adapter_errors(lms) == []
        assert lms.errors("/pkg/") == []
