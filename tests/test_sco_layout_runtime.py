"""A SCORM 2004 package with one SCO per module (and per micro-item) run the way an LMS runs it: scorm-again's
API_1484_11, each item launched on its own with its ``parameters``. The one player shows only the launched part's
screens, completes that SCO once they were all seen, resumes it on its own saved screen, and a micro-item's SCO is
its one screen with the takeaway."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import converter
from converter.model import MicroItem, Span
from converter.options import ConvertOptions
from converter.plugin import Target
from packagers._manifest import xs_id
from packagers.scorm2004 import Scorm2004Packager

from course_factory import make_course
from runtime.harness import LmsSession, running_browser

pytestmark = pytest.mark.runtime

PLAYER_READY = 'body[data-ready="true"]'
TAKEAWAY = "MARKER-TAKEAWAY: the dose comes first"


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def course():
    base = make_course(3, 3)
    item = MicroItem(id="mic-recall", title="Recall the dose", day_offset=1, takeaway=(Span(text=TAKEAWAY),))
    return base.model_copy(update={"micro_items": (item,)})


@pytest.fixture(scope="module")
def package(tmp_path_factory, course) -> Path:
    out = tmp_path_factory.mktemp("per-module") / "course-scorm2004.zip"
    Scorm2004Packager().package(course, Target("zip", out), ConvertOptions(sco="module", micro_scos=True))
    return out


def launch(browser, package: Path, item: str, resume_from: dict[str, str] | None = None) -> LmsSession:
    return LmsSession(browser, package, resume_from=resume_from, ready=PLAYER_READY, standard="scorm2004",
                      item=xs_id("item", item))


def next_button(lms: LmsSession):
    return lms.frame.get_by_role("button", name="Next")


def visible_screen_ids(lms: LmsSession) -> list[str]:
    return lms.frame.eval_on_selector_all("section.screen", "els => els.filter(e => !e.hidden).map(e => e.id)")


def menu_targets(lms: LmsSession) -> list[str]:
    return lms.frame.eval_on_selector_all(
        "#menu a[data-index]", "els => els.filter(e => !e.closest('[hidden]')).map(e => e.hash.slice(1))")


def test_the_manifest_items_launch_the_player_with_their_part(package, course):
    import zipfile

    with zipfile.ZipFile(package) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    parameters = [item.get("parameters") for item in root.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}item")]
    assert parameters == [f"?part={m.id}" for m in course.modules] + ["?part=mic-recall"]


def test_a_module_sco_shows_only_its_screens_and_completes_once_they_are_seen(browser, package, course):
    module = course.modules[1]
    ids = [screen.id for screen in module.screens]
    with launch(browser, package, module.id) as lms:
        body = lms.frame.locator("body")
        assert (body.get_attribute("data-part"), body.get_attribute("data-screens")) == (module.id, str(len(ids)))
        assert visible_screen_ids(lms) == [ids[0]]
        assert menu_targets(lms) == ids, "the menu lists this module's screens only"
        assert lms.frame.locator("#progress").text_content() == f"Screen 1 of {len(ids)}"
        while next_button(lms).is_enabled():
            next_button(lms).click()
        assert lms.set_values("cmi.location") == ids
        assert lms.set_values("cmi.completion_status") == ["incomplete", "completed"]
        lms.unload()
        final = lms.commits()[-1]
        assert (final["cmi.completion_status"], final["cmi.exit"]) == ("completed", "normal")
        assert lms.set_values("adl.nav.request") == ["continue"], "a completed module asks the LMS for the next"
        assert lms.errors("/pkg/") == []


def test_each_module_sco_resumes_on_its_own_saved_screen(browser, package, course):
    module = course.modules[2]
    ids = [screen.id for screen in module.screens]
    with launch(browser, package, module.id) as first:
        next_button(first).click()
        first.unload()
        saved = first.saved_state()
    assert (saved["cmi.location"], saved["cmi.completion_status"], saved["cmi.entry"]) == (
        ids[1], "incomplete", "resume")
    assert first.set_values("adl.nav.request") == [], "an unfinished module leaves navigation to the learner"
    with launch(browser, package, module.id, resume_from=saved) as again:
        assert visible_screen_ids(again) == [ids[1]]
        assert again.frame.evaluate("() => window.C2EPlayer.seen()") == [True, True, False]
        next_button(again).click()
        assert again.commits()[-1]["cmi.completion_status"] == "completed"
    with launch(browser, package, course.modules[0].id) as other:
        assert visible_screen_ids(other) == [course.modules[0].screens[0].id], "another SCO starts on its own"
        assert other.set_values("cmi.completion_status") == ["incomplete"]


def test_a_micro_item_sco_is_one_screen_with_its_takeaway_and_completes_when_seen(browser, package):
    with launch(browser, package, "mic-recall") as lms:
        assert visible_screen_ids(lms) == ["mic-recall"]
        assert TAKEAWAY in lms.frame.locator("#mic-recall").text_content()
        assert not next_button(lms).is_enabled() and menu_targets(lms) == []
        assert lms.set_values("cmi.completion_status") == ["incomplete", "completed"]
        assert lms.errors("/pkg/") == []


def test_the_workday_preset_reports_a_score_before_the_completion(browser, tmp_path):
    """Workday records no completion without a score: with its preset, a course without knowledge checks
    reports 100% (scaled 1) just before it sets completed."""
    result = converter.package(make_course(1, 2), tmp_path, lms="workday")
    with LmsSession(browser, result.value.package, ready=PLAYER_READY, standard="scorm2004") as lms:
        next_button(lms).click()
        cmi = lms.cmi()
        assert [cmi["cmi.score.scaled"], cmi["cmi.score.raw"], cmi["cmi.score.max"]] == ["1", "100", "100"]
        assert cmi["cmi.completion_status"] == "completed"
        calls = [tuple(c["args"]) for c in lms.calls("SetValue")]
        assert calls.index(("cmi.score.scaled", "1")) < calls.index(("cmi.completion_status", "completed"))
        assert lms.errors("/pkg/") == []
