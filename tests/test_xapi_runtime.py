"""Our xAPI package run the way an LMS runs it: ``index.html`` opened with the Rustici launch parameters in
headless Chromium, the test playing the LRS on another loopback port (tests/runtime/lrs.py). The statements
come in order (launched, initialized, experienced per screen, completed, terminated last), every request carries
the version header and the launch's auth, every statement the registration, and every statement passes
Learning Locker's validator; a second launch with the same registration resumes from the State API."""

from __future__ import annotations

import re
import uuid
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from converter.options import ConvertOptions
from converter.plugin import Target
from packagers.xapi import XapiPackager, course_iri, module_iri, screen_iri

from course_factory import make_course
from runtime.harness import open_player, running_browser
from runtime.lrs import AUTH, VERSION, Lrs, validate_statements

pytestmark = pytest.mark.runtime

ACTOR = {"objectType": "Agent", "name": "Test Learner", "mbox": "mailto:learner@example.org"}
ISO_DURATION = re.compile(r"PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S")
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


@pytest.fixture()
def course():
    return make_course(2, 3)


@pytest.fixture()
def site(tmp_path, course) -> Path:
    """The package, built as a zip and unpacked the way an LMS unpacks it."""
    package = tmp_path / "course-xapi.zip"
    XapiPackager().package(course, Target("zip", package), ConvertOptions())
    folder = tmp_path / "site"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture()
def lrs(site):
    with Lrs(site) as running:
        yield running


def page_to_the_end(page: Any) -> None:
    next_button = page.get_by_role("button", name="Next")
    while next_button.is_enabled():
        next_button.click()


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].removeprefix(VERBS) for s in statements]


def close(page: Any) -> None:
    """Leave the page as a learner closing the window: the player finishes on pagehide."""
    page.goto("about:blank")
    page.close()


def test_a_full_attempt_sends_the_statements_in_order(browser, lrs, course):
    registration = str(uuid.uuid4())
    ids = [screen.id for screen in course.screens()]
    page = open_player(browser, lrs.launch_url(ACTOR, registration, course_iri(course)))
    body = page.locator("body")
    assert (body.get_attribute("data-runtime"), body.get_attribute("data-lms")) == ("xapi", "connected")
    page_to_the_end(page)
    lrs.wait_for(lambda got: "completed" in verbs(got))
    assert page.evaluate("() => window.C2ERuntime.errors") == [] and page.errors == []
    close(page)
    statements = lrs.wait_for(lambda got: "terminated" in verbs(got))
    assert verbs(statements) == ["launched", "initialized", *["experienced"] * len(ids), "completed", "terminated"]
    experienced = [s["object"]["id"] for s in statements if s["verb"]["id"].endswith("/experienced")]
    assert experienced == [screen_iri(course, screen_id) for screen_id in ids]
    assert statements[-1]["result"]["duration"] and ISO_DURATION.fullmatch(statements[-1]["result"]["duration"])
    assert statements[-2]["result"]["completion"] is True


def test_every_statement_is_valid_xapi_with_registration_and_course_context(browser, lrs, course):
    registration = str(uuid.uuid4())
    page = open_player(browser, lrs.launch_url(ACTOR, registration, course_iri(course)))
    page_to_the_end(page)
    page.evaluate("""() => {
      window.C2EPlayer.interaction({id: "q-dose-1", type: "choice", response: "a", correct: "a", result: "correct",
                                    description: "Which dose?"});
      window.C2EPlayer.interaction({id: "q-safe", type: "true-false", response: false, correct: true,
                                    result: "incorrect"});
      window.C2EPlayer.score(1, 2);
      window.C2EPlayer.success(false);
    }""")
    lrs.wait_for(lambda got: "failed" in verbs(got))
    close(page)
    statements = lrs.wait_for(lambda got: "terminated" in verbs(got))
    assert validate_statements(statements) == [[] for _ in statements]
    course_id = course_iri(course)
    modules = {module_iri(course, module.id) for module in course.modules}
    for statement in statements:
        assert UUID4.fullmatch(statement["id"]), statement["id"]
        assert datetime.fromisoformat(statement["timestamp"]).tzinfo is not None
        assert statement["actor"] == ACTOR
        context = statement["context"]
        assert context["registration"] == registration
        assert context["contextActivities"]["grouping"] == [{"objectType": "Activity", "id": course_id}]
        parents = [a["id"] for a in context["contextActivities"].get("parent", [])]
        if statement["object"]["id"] == course_id:
            assert parents == []
        elif statement["verb"]["id"].endswith("/experienced"):
            assert len(parents) == 1 and parents[0] in modules
        else:
            assert parents == [course_id]
    assert len({s["id"] for s in statements}) == len(statements), "statement ids are unique"
    answered = [s for s in statements if s["verb"]["id"].endswith("/answered")]
    assert [(a["result"]["response"], a["result"]["success"]) for a in answered] == [("a", True), ("false", False)]
    assert answered[0]["object"]["definition"]["correctResponsesPattern"] == ["a"]
    failed = next(s for s in statements if s["verb"]["id"].endswith("/failed"))
    assert failed["result"] == {"success": False, "score": {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}}


def test_every_request_carries_the_version_header_and_the_launch_auth(browser, lrs, course):
    page = open_player(browser, lrs.launch_url(ACTOR, str(uuid.uuid4()), course_iri(course)))
    page.get_by_role("button", name="Next").click()
    close(page)
    lrs.wait_for(lambda got: "terminated" in verbs(got))
    requests = lrs.requests()
    assert {r["path"] for r in requests} == {"/xapi/statements", "/xapi/activities/state"}
    assert [(r["headers"].get("x-experience-api-version"), r["headers"].get("authorization")) for r in requests] == [
        (VERSION, AUTH)] * len(requests)
    state_reads = [r for r in requests if r["method"] == "GET"]
    assert len(state_reads) == 1 and state_reads[0]["query"]["stateId"] == "c2e.resume"


def test_a_second_launch_with_the_same_registration_resumes_on_the_saved_screen(browser, lrs, course):
    registration = str(uuid.uuid4())
    ids = [screen.id for screen in course.screens()]
    url = lrs.launch_url(ACTOR, registration, course_iri(course))
    first = open_player(browser, url)
    first.get_by_role("button", name="Next").click()
    first.get_by_role("button", name="Next").click()
    close(first)
    lrs.wait_for(lambda got: "terminated" in verbs(got))
    saved = [doc for (_, _, reg, state_id), doc in lrs.state().items() if (reg, state_id) == (registration, "c2e.resume")]
    assert len(saved) == 1 and saved[0]["location"] == ids[2] and saved[0]["completed"] is False
    again = open_player(browser, url)
    assert again.evaluate("() => window.C2EPlayer.current()") == 2
    assert again.evaluate("() => window.C2EPlayer.seen()")[:3] == [True, True, True]
    fresh = open_player(browser, lrs.launch_url(ACTOR, str(uuid.uuid4()), course_iri(course)))
    assert fresh.evaluate("() => window.C2EPlayer.current()") == 0, "another registration starts afresh"
    for page in (again, fresh):
        page.close()


def test_without_launch_parameters_the_player_runs_standalone(browser, lrs):
    page = open_player(browser, f"{lrs.site_origin}/index.html")
    body = page.locator("body")
    assert (body.get_attribute("data-runtime"), body.get_attribute("data-lms")) == ("xapi", "none")
    page.get_by_role("button", name="Next").click()
    close(page)
    assert lrs.requests() == [] and page.errors == []


def test_a_tin_can_0_9_actor_from_the_launch_document_becomes_an_xapi_agent(browser, lrs, course):
    legacy = {"name": ["Test Learner"], "account": [{"accountServiceHomePage": "https://lms.example.org",
                                                     "accountName": "learner-1"}]}
    page = open_player(browser, lrs.launch_url(legacy, str(uuid.uuid4())))
    statements = lrs.wait_for(lambda got: "initialized" in verbs(got))
    assert statements[0]["actor"] == {"objectType": "Agent", "name": "Test Learner",
                                      "account": {"homePage": "https://lms.example.org", "name": "learner-1"}}
    assert statements[0]["object"]["id"] == course_iri(course), "without activity_id: tincan.xml's default IRI"
    assert validate_statements(statements) == [[] for _ in statements]
    page.close()


def test_a_module_activity_of_a_per_module_package_is_tracked_on_its_own(browser, tmp_path, course):
    """Launched at its tincan.xml <launch> without activity_id, a module reports against its own IRI."""
    package = tmp_path / "per-module-xapi.zip"
    XapiPackager().package(course, Target("zip", package), ConvertOptions(sco="module"))
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "per-module")
        tincan = etree.fromstring(archive.read("tincan.xml"))
    ns = "{http://projecttincan.com/tincan.xsd}"
    launches = {a.get("id"): a.findtext(f"{ns}launch") for a in tincan.iter(f"{ns}activity")}
    module = course.modules[1]
    iri = module_iri(course, module.id)
    with Lrs(tmp_path / "per-module") as lrs:
        page = open_player(browser, lrs.launch_url(ACTOR, str(uuid.uuid4()), launch=launches[iri]))
        page_to_the_end(page)
        lrs.wait_for(lambda got: "completed" in verbs(got))  # queued after the last screen's, before the page goes
        close(page)
        statements = lrs.wait_for(lambda got: "terminated" in verbs(got))
        assert verbs(statements).count("experienced") == len(module.screens)
        completed = next(s for s in statements if verbs([s])[0] == "completed")
        assert completed["object"]["id"] == iri
        assert course_iri(course) not in {s["object"]["id"] for s in statements if verbs([s])[0] != "experienced"}


def test_a_batch_in_flight_when_the_learner_leaves_still_reaches_a_slow_lrs(browser, site, course):
    """Each statements POST answered after 1.5 s, behind a proxy that drops a request the browser closes: the
    learner pages to the end and leaves at once (the page navigates away), with launched in flight and the rest
    queued. The batch in flight is a keepalive request, so it outlives the page, and the rest follows it; before,
    the browser cancelled it with the page and 'launched' never reached the LRS. (The page is closed only once the
    statements are in: Playwright's page.close() also ends a page's keepalive requests, which a browser's tab
    close does not.)"""
    screens = len(course.screens())
    with Lrs(site, slow=1.5) as lrs:
        page = open_player(browser, lrs.launch_url(ACTOR, str(uuid.uuid4()), course_iri(course)))
        page_to_the_end(page)
        page.goto("about:blank")
        statements = lrs.wait_for(lambda got: len(got) >= screens + 4, deadline=20)
        page.close()
        assert lrs.dropped() == []
        assert verbs(statements) == ["launched", "initialized", *["experienced"] * screens, "completed", "terminated"]
        posts = [r for r in lrs.requests() if r["method"] == "POST" and r["path"] == "/xapi/statements"]
        assert len(posts) >= 2, "the test must leave with a batch in flight and statements queued behind it"
