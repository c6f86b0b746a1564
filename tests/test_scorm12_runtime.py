"""Our SCORM 1.2 package run the way an LMS runs it: scorm-again as window.API, the player in an iframe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converter.options import ConvertOptions
from converter.plugin import Target
from packagers.scorm12 import Scorm12Packager

from course_factory import MARKER_NOTES, make_course
from runtime.harness import LmsSession, running_browser

pytestmark = pytest.mark.runtime

SUSPEND_DATA_MAX = 4096
"""SCORM 1.2 RTE: cmi.suspend_data is a CMIString4096 (scorm-again accepts far more, so we check)."""
CMI_TIMESPAN = re.compile(r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?")
"""SCORM 1.2 CMITimespan, HHHH:MM:SS.SS (2 to 4 hour digits, optional 1 or 2 decimals)."""
PLAYER_READY = 'body[data-ready="true"]'


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


def build_package(tmp_path: Path, modules: int = 2, screens_per_module: int = 3) -> tuple[Path, list[str]]:
    """Package a factory course as SCORM 1.2; return the zip and the screen ids in learner order."""
    course = make_course(modules, screens_per_module)
    out = tmp_path / f"course-{modules}x{screens_per_module}-scorm12.zip"
    Scorm12Packager().package(course, Target("zip", out), ConvertOptions())
    return out, [screen.id for screen in course.screens()]


def launch(browser, package: Path, resume_from: dict[str, str] | None = None) -> LmsSession:
    """A session that, once entered, has our player started (body[data-ready])."""
    return LmsSession(browser, package, resume_from=resume_from, ready=PLAYER_READY)


def next_button(lms: LmsSession):
    return lms.frame.get_by_role("button", name="Next")


def click_next(lms: LmsSession, times: int) -> None:
    for _ in range(times):
        next_button(lms).click()


def page_to_the_end(lms: LmsSession) -> int:
    """Click Next until it is disabled; return how many clicks that took."""
    clicks = 0
    while next_button(lms).is_enabled():
        next_button(lms).click()
        clicks += 1
    return clicks


def visible_screen_ids(lms: LmsSession) -> list[str]:
    return lms.frame.eval_on_selector_all("section.screen", "els => els.filter(e => !e.hidden).map(e => e.id)")


def suspend_data_written(lms: LmsSession) -> list[str]:
    """Every suspend_data the player set, and every one that was committed."""
    return lms.set_values("cmi.suspend_data") + [c["cmi.suspend_data"] for c in lms.commits()]


def assert_player_ran_cleanly(lms: LmsSession) -> None:
    """No console error or uncaught exception from the package, and every LMS call it made succeeded."""
    assert lms.errors("/pkg/") == []
    must_say_true = ("LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish")
    failed = [c for c in lms.calls() if c["error"] != "0" or (c["call"] in must_say_true and c["result"] != "true")]
    assert failed == []


def test_paging_through_every_screen_completes_the_course(browser, tmp_path):
    package, ids = build_package(tmp_path)
    with launch(browser, package) as lms:
        assert page_to_the_end(lms) == len(ids) - 1
        assert lms.set_values("cmi.core.lesson_status") == ["incomplete", "completed"]
        assert lms.set_values("cmi.core.lesson_location") == ids
        assert set(ids) <= {c["cmi.core.lesson_location"] for c in lms.commits()}, "each screen is committed"
        committed = lms.commits()[-1]
        assert committed["cmi.core.lesson_status"] == "completed"
        assert committed["cmi.core.lesson_location"] == ids[-1]
        assert lms.frame.locator("body").get_attribute("data-complete") == "true"
        lms.unload()
        session_times = lms.set_values("cmi.core.session_time")
        assert session_times and all(CMI_TIMESPAN.fullmatch(t) for t in session_times), session_times
        assert len(lms.calls("LMSFinish")) == 1
        final = lms.commits()[-1]
        assert final["cmi.core.lesson_status"] == "completed"
        assert all(len(data) < SUSPEND_DATA_MAX for data in suspend_data_written(lms))
        assert_player_ran_cleanly(lms)


def test_second_launch_resumes_at_saved_location(browser, tmp_path):
    package, ids = build_package(tmp_path)
    with launch(browser, package) as first:
        click_next(first, 2)
        first.unload()
        final = first.commits()[-1]
        assert (final["cmi.core.exit"], final["cmi.core.lesson_status"]) == ("suspend", "incomplete")
        assert final["cmi.core.lesson_location"] == ids[2]
        saved = first.saved_state()
    assert saved["cmi.core.entry"] == "resume"

    with launch(browser, package, resume_from=saved) as lms:
        assert visible_screen_ids(lms) == [ids[2]]
        assert lms.frame.locator("body").get_attribute("data-screen") == "2"
        for _ in range(len(ids) - 4):
            next_button(lms).click()
            assert lms.commits()[-1]["cmi.core.lesson_status"] == "incomplete"
        next_button(lms).click()
        assert not next_button(lms).is_enabled()
        assert lms.commits()[-1]["cmi.core.lesson_status"] == "completed"
        assert_player_ran_cleanly(lms)


def test_large_course_suspend_data_stays_under_4096(browser, tmp_path):
    package, ids = build_package(tmp_path, modules=3, screens_per_module=500)
    with launch(browser, package) as lms:
        clicks = lms.frame.evaluate(
            """() => { const next = document.getElementById("next"); let n = 0;
                       while (!next.disabled && n < 100000) { next.click(); n += 1; } return n; }"""
        )
        assert clicks == len(ids) - 1 == 1499
        lms.unload()
        written = suspend_data_written(lms)
        assert len(written) >= len(ids)
        assert max(len(data) for data in written) < SUSPEND_DATA_MAX
        assert lms.commits()[-1]["cmi.core.lesson_status"] == "completed"
        assert lms.saved_state()["cmi.core.lesson_location"] == ids[-1]
        assert_player_ran_cleanly(lms)


def test_large_course_resumes_from_its_compact_suspend_data(browser, tmp_path):
    package, ids = build_package(tmp_path, modules=3, screens_per_module=500)
    with launch(browser, package) as first:
        first.frame.evaluate("() => { for (let i = 0; i < 1200; i += 1) document.getElementById('next').click(); }")
        first.unload()
        saved = first.saved_state()
    with launch(browser, package, resume_from=saved) as lms:
        assert lms.frame.locator("body").get_attribute("data-screen") == "1200"
        lms.frame.evaluate("() => { for (let i = 0; i < 298; i += 1) document.getElementById('next').click(); }")
        assert lms.commits()[-1]["cmi.core.lesson_status"] == "incomplete"
        next_button(lms).click()
        assert lms.commits()[-1]["cmi.core.lesson_status"] == "completed"


def test_the_player_shows_no_console_errors(browser, tmp_path):
    package, ids = build_package(tmp_path)
    with launch(browser, package) as lms:
        lms.frame.get_by_role("button", name="Transcript").first.click()
        assert lms.frame.get_by_text(f"{MARKER_NOTES} 1:").is_visible()
        click_next(lms, 2)
        lms.frame.get_by_role("button", name="Previous").click()
        lms.frame.get_by_role("link", name=re.compile("Screen 2.3")).click()
        assert visible_screen_ids(lms) == [ids[-1]]
        lms.unload()
        assert_player_ran_cleanly(lms)


def test_score_success_and_interactions_reach_the_lms_through_the_adapter(browser, tmp_path):
    package, ids = build_package(tmp_path)
    with launch(browser, package) as lms:
        lms.frame.evaluate("""() => {
            const player = window.C2EPlayer;
            player.interaction({id: "q-dosing-1", type: "choice", response: "b", correct: "b", result: "correct"});
            player.interaction({id: "q dose?", type: "true-false", response: "false", correct: "true",
                                result: "incorrect"});
            player.score(1, 2);
            player.success(true);
        }""")
        cmi = lms.cmi()
        assert (cmi["cmi.core.score.raw"], cmi["cmi.core.score.min"], cmi["cmi.core.score.max"]) == ("50", "0", "100")
        assert cmi["cmi.core.lesson_status"] == "passed"
        assert cmi["cmi.interactions.0.id"] == "q-dosing-1" and cmi["cmi.interactions.0.type"] == "choice"
        assert cmi["cmi.interactions.0.result"] == "correct"
        assert cmi["cmi.interactions.1.id"] == "q-dose-" and cmi["cmi.interactions.1.type"] == "true-false"
        assert (cmi["cmi.interactions.1.student_response"], cmi["cmi.interactions.1.result"]) == ("f", "wrong")
        lms.unload()
        assert lms.commits()[-1]["cmi.core.lesson_status"] == "passed"
        assert_player_ran_cleanly(lms)
