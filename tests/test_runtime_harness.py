"""The test LMS itself: a hand-written SCO proves that calls, commits, finish and resume are recorded."""

from __future__ import annotations

import re

import pytest

from runtime import harness
from runtime.harness import LmsSession, running_browser

MINIMAL_SCO = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Minimal SCO</title></head>
<body><p id="entry"></p><p id="location"></p><button id="done">Done</button>
<script>
  function findApi(win) {
    for (var i = 0; win && i < 10; i++, win = win.parent) {
      if (win.API) return win.API;
      if (win === win.parent) break;
    }
    return null;
  }
  var api = findApi(window), started = Date.now();
  api.LMSInitialize("");
  document.getElementById("entry").textContent = api.LMSGetValue("cmi.core.entry");
  document.getElementById("location").textContent = api.LMSGetValue("cmi.core.lesson_location");
  api.LMSSetValue("cmi.core.lesson_location", "screen-1");
  api.LMSSetValue("cmi.suspend_data", "seen=1");
  api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  api.LMSCommit("");
  document.getElementById("done").onclick = function () {
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    api.LMSCommit("");
  };
  window.addEventListener("pagehide", function () {
    api.LMSSetValue("cmi.core.session_time", "0000:00:01.50");
    api.LMSSetValue("cmi.core.exit", api.LMSGetValue("cmi.core.lesson_status") === "completed" ? "" : "suspend");
    api.LMSFinish("");
  });
</script></body></html>
"""
pytestmark = pytest.mark.runtime
BROKEN_SCO = "<!doctype html><title>Broken</title><script>console.error('boom'); undefinedCall();</script>"


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


def write_sco(directory, html):
    directory.mkdir()
    (directory / "index.html").write_text(html, encoding="utf-8")
    return directory


def test_a_commit_is_recorded_with_the_cmi_the_sco_set(browser, tmp_path):
    with LmsSession(browser, write_sco(tmp_path / "sco", MINIMAL_SCO)) as lms:
        assert [c["call"] for c in lms.calls("LMSInitialize")] == ["LMSInitialize"]
        commit = lms.commits()[-1]
        assert commit["cmi.core.lesson_location"] == "screen-1"
        assert commit["cmi.suspend_data"] == "seen=1"
        assert commit["cmi.core.lesson_status"] == "incomplete"
        assert lms.cmi()["cmi.core.student_id"] == "learner-1"


def test_unload_fires_pagehide_and_the_finish_commit_is_kept(browser, tmp_path):
    with LmsSession(browser, write_sco(tmp_path / "sco", MINIMAL_SCO)) as lms:
        lms.unload()
        finishes = lms.calls("LMSFinish")
        assert len(finishes) == 1 and finishes[0]["result"] == "true"
        final = lms.commits()[-1]
        assert final["cmi.core.exit"] == "suspend"
        assert lms.set_values("cmi.core.session_time") == ["0000:00:01.50"]
        assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", final["cmi.core.session_time"])
        assert lms.saved_state()["cmi.core.entry"] == "resume"


def test_set_values_are_logged_with_arguments_and_results(browser, tmp_path):
    with LmsSession(browser, write_sco(tmp_path / "sco", MINIMAL_SCO)) as lms:
        lms.frame.get_by_role("button", name="Done").click()
        sets = [(c["args"][0], c["args"][1], c["result"]) for c in lms.calls("LMSSetValue")]
        assert ("cmi.core.lesson_status", "completed", "true") in sets
        assert lms.commits()[-1]["cmi.core.lesson_status"] == "completed"


def test_a_second_launch_gets_the_saved_state(browser, tmp_path):
    sco = write_sco(tmp_path / "sco", MINIMAL_SCO)
    with LmsSession(browser, sco) as first:
        first.unload()
        state = first.saved_state()
    with LmsSession(browser, sco, resume_from=state) as second:
        assert second.frame.locator("#entry").text_content() == "resume"
        assert second.frame.locator("#location").text_content() == "screen-1"


def test_errors_from_the_package_are_collected(browser, tmp_path):
    with LmsSession(browser, write_sco(tmp_path / "broken", BROKEN_SCO)) as lms:
        texts = [e["text"] for e in lms.errors("/pkg/")]
        assert "boom" in texts
        assert any("undefinedCall" in t for t in texts)


def test_a_missing_runtime_fails_instead_of_skipping(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match="make test"):
        harness.ensure_runtime()
