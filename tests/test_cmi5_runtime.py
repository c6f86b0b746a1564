"""Our cmi5 package run the way an LMS runs it: ``index.html`` opened with the cmi5 launch parameters in headless
Chromium, the test playing the LMS: the loopback LRS (tests/runtime/lrs.py) plus a fetch URL that hands out the
auth token once (a second POST gets 401, cmi5 section 8.2.3) and a stored ``LMS.LaunchData`` document. The
statements come in order (initialized, experienced per screen, completed, terminated), carry the LMS's context
template (grouping, session id) and registration, the cmi5 category on the cmi5-defined ones only, go out with the
fetched token, and pass Learning Locker's validator."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from converter.options import ConvertOptions
from converter.plugin import Target
from packagers.cmi5 import CMI5_NS, Cmi5Packager, au_iri, course_iri

from course_factory import make_course
from runtime.harness import open_player, running_browser
from runtime.lrs import AUTH, VERSION, Lrs, _LrsHandler, validate_statements

pytestmark = pytest.mark.runtime

ACTOR = {"objectType": "Agent", "name": "Test Learner",
         "account": {"homePage": "https://lms.example.org", "name": "learner-1"}}
TOKEN = AUTH.removeprefix("Basic ")
PUBLISHER = "https://lms.example.org/publisher/course-1"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
ISO_DURATION = re.compile(r"PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S")
VERBS = "http://adlnet.gov/expapi/verbs/"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}


class _LmsHandler(_LrsHandler):
    """The LRS plus the LMS's fetch URL, ``/lms/fetch/<launch>``: the token on the first POST, 401 after."""

    used: set[str]
    used_lock: threading.Lock

    def _handle(self) -> None:
        if not self.path.startswith("/lms/fetch/"):
            super()._handle()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self._record(body)
        with self.used_lock:
            first = self.command == "POST" and self.path not in self.used
            self.used.add(self.path)
        if first:
            self._reply(200, json.dumps({"auth-token": TOKEN}).encode())
        else:
            self._reply(401, b'{"error-code": "1", "error-text": "the fetch URL was used already"}')

    do_GET = do_PUT = do_POST = do_DELETE = _handle  # noqa: N815 - http.server's naming


class Lms(Lrs):
    """``Lrs`` with the fetch URL and ``LMS.LaunchData``: ``launch_url`` prepares a launch as an LMS does."""

    def __enter__(self) -> Lms:
        super().__enter__()
        self._lrs.RequestHandlerClass = type("Handler", (_LmsHandler,), {
            "store": self.store, "used": set(), "used_lock": threading.Lock()})
        self.origin = self.endpoint.removesuffix("/xapi/")
        self.sessions: list[str] = []
        return self

    def launch(self, activity_id: str, registration: str, launch_mode: str = "Normal",
               mastery: float | None = None, url: str = "index.html",
               preferences: dict[str, str] | None = None) -> str:
        """Store LMS.LaunchData for a new session and return the cmi5 launch URL (a new fetch URL each time):
        the AU's ``url`` from cmi5.xml with the launch parameters appended, as cmi5 section 8.1 says."""
        session = str(uuid.uuid4())
        self.sessions.append(session)
        data: dict[str, Any] = {
            "contextTemplate": {"contextActivities": {"grouping": [{"objectType": "Activity", "id": PUBLISHER}]},
                                "extensions": {SESSION: session}},
            "launchMode": launch_mode, "launchMethod": "AnyWindow", "moveOn": "Completed"}
        if mastery is not None:
            data["masteryScore"] = mastery
        key = (activity_id, json.dumps(ACTOR, separators=(",", ":")), registration, "LMS.LaunchData")
        with self.store.lock:
            self.store.state[key] = json.dumps(data).encode()
            if preferences is not None:
                agent = json.dumps(ACTOR, separators=(",", ":"))
                self.store.profiles[(agent, "cmi5LearnerPreferences")] = json.dumps(preferences).encode()
        query = {"endpoint": self.endpoint, "fetch": f"{self.origin}/lms/fetch/{session}",
                 "registration": registration, "activityId": activity_id, "actor": json.dumps(ACTOR)}
        return f"{self.site_origin}/{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(query)}"


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


@pytest.fixture()
def course():
    return make_course(2, 3)


@pytest.fixture()
def site(tmp_path, course) -> Path:
    package = tmp_path / "course-cmi5.zip"
    Cmi5Packager().package(course, Target("zip", package), ConvertOptions())
    folder = tmp_path / "site"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture()
def lms(site):
    with Lms(site) as running:
        yield running


def page_to_the_end(page: Any) -> None:
    next_button = page.get_by_role("button", name="Next")
    while next_button.is_enabled():
        next_button.click()


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].removeprefix(VERBS) for s in statements]


def close(page: Any) -> None:
    page.goto("about:blank")
    page.close()


def categories(statement: dict[str, Any]) -> list[str]:
    return [a["id"] for a in statement["context"].get("contextActivities", {}).get("category", [])]


def test_a_full_attempt_follows_the_cmi5_launch_and_sends_the_statements_in_order(browser, lms, course):
    registration = str(uuid.uuid4())
    au = au_iri(course)
    page = open_player(browser, lms.launch(au, registration))
    body = page.locator("body")
    assert (body.get_attribute("data-runtime"), body.get_attribute("data-lms")) == ("cmi5", "connected")
    page_to_the_end(page)
    lms.wait_for(lambda got: "completed" in verbs(got))
    assert page.evaluate("() => window.C2ERuntime.errors") == [] and page.errors == []
    close(page)
    statements = lms.wait_for(lambda got: "terminated" in verbs(got))
    screens = len(course.screens())
    assert verbs(statements) == ["initialized", *["experienced"] * screens, "completed", "terminated"]
    assert validate_statements(statements) == [[] for _ in statements]
    session = lms.sessions[0]
    for statement in statements:
        context = statement["context"]
        assert statement["actor"] == ACTOR and context["registration"] == registration
        assert context["extensions"][SESSION] == session
        assert context["contextActivities"]["grouping"] == [{"objectType": "Activity", "id": PUBLISHER}]
        if verbs([statement])[0] in DEFINED:
            assert statement["object"]["id"] == au and CMI5 in categories(statement)
        else:
            assert CMI5 not in categories(statement)
            assert statement["object"]["id"].startswith(au + "/screen/")
    completed, terminated = statements[-2], statements[-1]
    assert completed["result"]["completion"] is True and MOVEON in categories(completed)
    assert ISO_DURATION.fullmatch(terminated["result"]["duration"])
    assert course_iri(course) not in {s["object"]["id"] for s in statements}, "the AU is launched, not the course"


def test_the_fetch_url_is_posted_once_and_its_token_authorises_every_lrs_request(browser, lms, course):
    page = open_player(browser, lms.launch(au_iri(course), str(uuid.uuid4())))
    page.get_by_role("button", name="Next").click()
    close(page)
    lms.wait_for(lambda got: "terminated" in verbs(got))
    requests = lms.requests()
    fetches = [r for r in requests if r["path"].startswith("/lms/fetch/")]
    assert [r["method"] for r in fetches] == ["POST"]
    lrs_requests = [r for r in requests if r["path"].startswith("/xapi/")]
    assert {r["path"] for r in lrs_requests} == {"/xapi/statements", "/xapi/activities/state", "/xapi/agents/profile"}
    assert [(r["headers"].get("x-experience-api-version"), r["headers"].get("authorization"))
            for r in lrs_requests] == [(VERSION, AUTH)] * len(lrs_requests)
    reads = [r["query"].get("stateId") or r["query"].get("profileId") for r in lrs_requests if r["method"] == "GET"]
    assert reads == ["LMS.LaunchData", "cmi5LearnerPreferences", "c2e.resume"], "the cmi5 launch sequence"
    profile = next(r for r in lrs_requests if r["path"] == "/xapi/agents/profile")
    assert json.loads(profile["query"]["agent"]) == ACTOR


def test_the_learners_audio_preference_off_mutes_every_clip(browser, tmp_path):
    voiced = make_course(1, 2, with_media=True)
    package = tmp_path / "voiced-cmi5.zip"
    Cmi5Packager().package(voiced, Target("zip", package), ConvertOptions())
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "site")
    with Lms(tmp_path / "site") as lms:
        preferences = {"languagePreference": "fr-FR,en-US", "audioPreference": "off"}
        page = open_player(browser, lms.launch(au_iri(voiced), str(uuid.uuid4()), preferences=preferences))
        clips = page.locator("audio")
        assert clips.count() >= 1
        assert page.evaluate("() => Array.from(document.querySelectorAll('audio')).every(a => a.muted)")
        assert page.locator("body").get_attribute("data-audio") == "off"
        assert page.evaluate("() => window.C2ERuntime.launch.preferences") == {"language": "fr-FR,en-US",
                                                                               "audio": "off"}
        close(page)
        heard = open_player(browser, lms.launch(au_iri(voiced), str(uuid.uuid4()), preferences={"audioPreference": "on"}))
        assert not heard.evaluate("() => Array.from(document.querySelectorAll('audio')).some(a => a.muted)")
        assert heard.locator("body").get_attribute("data-audio") is None
        close(heard)


def test_a_reused_fetch_url_gets_401_and_the_player_runs_standalone(browser, lms, course):
    url = lms.launch(au_iri(course), str(uuid.uuid4()))
    first = open_player(browser, url)
    close(first)
    lms.wait_for(lambda got: "terminated" in verbs(got))
    count = len(lms.statements())
    again = open_player(browser, url)
    assert again.locator("body").get_attribute("data-lms") == "none"
    errors = again.evaluate("() => window.C2ERuntime.errors")
    assert [(e["call"], e["code"]) for e in errors] == [("fetch", "401")]
    close(again)
    assert len(lms.statements()) == count, "no token, no statements"


def test_passed_and_failed_carry_the_score_and_allowed_statements_lack_the_cmi5_category(browser, lms, course):
    page = open_player(browser, lms.launch(au_iri(course), str(uuid.uuid4()), mastery=0.8))
    page.evaluate("""() => {
      window.C2EPlayer.interaction({id: "q-dose-1", type: "choice", response: "a", correct: "a", result: "correct",
                                    description: "Which dose?"});
      window.C2EPlayer.score(1, 2);
      window.C2EPlayer.success(false);
    }""")
    lms.wait_for(lambda got: "failed" in verbs(got))
    close(page)
    statements = lms.wait_for(lambda got: "terminated" in verbs(got))
    assert validate_statements(statements) == [[] for _ in statements]
    answered = next(s for s in statements if s["verb"]["id"].endswith("/answered"))
    assert CMI5 not in categories(answered) and answered["result"] == {"response": "a", "success": True}
    failed = next(s for s in statements if s["verb"]["id"].endswith("/failed"))
    assert failed["result"]["success"] is False
    assert failed["result"]["score"] == {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}
    assert {CMI5, MOVEON} <= set(categories(failed)) and failed["context"]["extensions"][MASTERY] == 0.8


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_launches_send_no_completed_or_passed(browser, lms, course, mode):
    page = open_player(browser, lms.launch(au_iri(course), str(uuid.uuid4()), launch_mode=mode))
    page_to_the_end(page)
    page.evaluate("() => { window.C2EPlayer.score(2, 2); window.C2EPlayer.success(true); }")
    screens = len(course.screens())
    lms.wait_for(lambda got: verbs(got).count("experienced") == screens)  # the last screen's, before the page goes
    close(page)
    statements = lms.wait_for(lambda got: "terminated" in verbs(got))
    assert verbs(statements) == ["initialized", *["experienced"] * screens, "terminated"]


def test_a_second_launch_with_the_same_registration_resumes_on_the_saved_screen(browser, lms, course):
    registration = str(uuid.uuid4())
    first = open_player(browser, lms.launch(au_iri(course), registration))
    first.get_by_role("button", name="Next").click()
    first.get_by_role("button", name="Next").click()
    close(first)
    lms.wait_for(lambda got: "terminated" in verbs(got))
    again = open_player(browser, lms.launch(au_iri(course), registration))
    assert again.evaluate("() => window.C2EPlayer.current()") == 2
    close(again)
    statements = lms.wait_for(lambda got: verbs(got).count("terminated") == 2)
    sessions = [s["context"]["extensions"][SESSION] for s in statements]
    assert set(sessions) == set(lms.sessions) and len(lms.sessions) == 2


def test_without_launch_parameters_the_player_runs_standalone(browser, lms):
    page = open_player(browser, f"{lms.site_origin}/index.html")
    body = page.locator("body")
    assert (body.get_attribute("data-runtime"), body.get_attribute("data-lms")) == ("cmi5", "none")
    page.get_by_role("button", name="Next").click()
    close(page)
    assert lms.requests() == [] and page.errors == []


def test_each_module_au_of_a_per_module_package_is_launched_and_completed_on_its_own(browser, tmp_path, course):
    package = tmp_path / "per-module-cmi5.zip"
    Cmi5Packager().package(course, Target("zip", package), ConvertOptions(sco="module"))
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "per-module")
        structure = etree.fromstring(archive.read("cmi5.xml"))
    aus = [(au.get("id"), au.findtext(f"{{{CMI5_NS}}}url")) for au in structure.iter(f"{{{CMI5_NS}}}au")]
    assert len(aus) == len(course.modules)
    module = course.modules[1]
    au_id, url = aus[1]
    registration = str(uuid.uuid4())
    with Lms(tmp_path / "per-module") as lms:
        page = open_player(browser, lms.launch(au_id, registration, url=url))
        assert page.locator("body").get_attribute("data-part") == module.id
        page_to_the_end(page)
        lms.wait_for(lambda got: "completed" in verbs(got))
        close(page)
        statements = lms.wait_for(lambda got: "terminated" in verbs(got))
        assert verbs(statements) == ["initialized", *["experienced"] * len(module.screens), "completed", "terminated"]
        assert {s["object"]["id"] for s in statements if verbs([s])[0] in DEFINED} == {au_id}
        assert all(s["context"]["registration"] == registration for s in statements)
        assert all(s["context"]["extensions"][SESSION] == lms.sessions[0] for s in statements)


def test_a_batch_in_flight_when_the_learner_leaves_still_reaches_a_slow_lms(browser, site, course):
    """The cmi5 side of the xAPI test of the same name: each statements POST answered after 1.5 s by an LMS that
    drops a request the browser closes; the learner pages to the end and navigates away at once. initialized (in
    flight then, as a keepalive request) lands, and the rest, terminated last, follows it."""
    screens = len(course.screens())
    with Lms(site, slow=1.5) as lms:
        page = open_player(browser, lms.launch(au_iri(course), str(uuid.uuid4())))
        page_to_the_end(page)
        page.goto("about:blank")
        statements = lms.wait_for(lambda got: len(got) >= screens + 3, deadline=20)
        page.close()
        assert lms.dropped() == []
        assert verbs(statements) == ["initialized", *["experienced"] * screens, "completed", "terminated"]
        posts = [r for r in lms.requests() if r["method"] == "POST" and r["path"] == "/xapi/statements"]
        assert len(posts) >= 2, "the test must leave with a batch in flight and statements queued behind it"
