"""The service's web page in headless Chromium, as a training team uses it on a phone: choose the sample deck
and its handout, convert, follow the progress, read what needs a look, open the preview and page through it,
download the SCORM zip (valid); axe-core finds no WCAG 2.x A/AA violation before or after."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import REPO, SAMPLE_DECK
from runtime.axe_audit import WCAG_TAGS, axe_source
from runtime.harness import running_browser
from scorm_checks import scorm12_problems
from serve_client import running_service

HANDOUT = REPO / "samples" / "handout.pdf"
GUIDE = REPO / "samples" / "facilitator-guide.docx"
AXE_RUN = """async (tags) => (await axe.run({exclude: [["#preview"]]}, {runOnly: {type: "tag", values: tags},
  resultTypes: ["violations"]})).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""


@pytest.fixture(scope="module")
def browser() -> Any:
    with running_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("page") / "data") as running:
        yield running


def axe_violations(page: Any) -> list[str]:
    """Return axe-core's WCAG A/AA violations on the page (the preview frame is the player's, audited by its
    own tests)."""
    page.add_script_tag(content=axe_source())
    violations: list[str] = page.evaluate(AXE_RUN, list(WCAG_TAGS))
    return violations


@pytest.mark.parametrize("width,height", [(375, 667), (1280, 800)])
def test_a_user_converts_the_sample_deck_and_handout_on_the_page(browser, service, tmp_path, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                  bypass_csp=True)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(service.url)
        page.wait_for_selector("#format-scorm12")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

        page.set_input_files("#files", [str(SAMPLE_DECK), str(HANDOUT), str(GUIDE)])
        assert page.locator("#chosen li").count() == 3
        assert page.input_value("#role-0") == "auto" and page.input_value("#role-2") == "facilitator-guide"
        page.select_option("#role-1", "handout")
        assert page.is_checked("#format-scorm12") and page.is_checked("#format-web")
        page.select_option("#lms", "moodle")
        page.click("#submit")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('Converted')",
                               timeout=180_000)
        assert page.get_attribute("#status", "role") == "status"
        assert page.evaluate("document.activeElement.id") == "result-title"
        page.wait_for_selector("#looks h4")  # the loss report loads after the result shows
        assert page.locator("#looks h4").count() >= 1  # the sample's hidden slide, at least
        assert "need a look" in page.text_content("#summary")

        frame = page.frame_locator("#preview")
        frame.locator("body[data-ready='true']").wait_for(timeout=30_000)
        first = frame.locator("section.screen:not([hidden]) h2").first.text_content()
        for _ in range(3):
            frame.locator("#next").click()
        later = frame.locator("section.screen:not([hidden]) h2").first.text_content()
        assert later != first

        link = page.locator("#downloads a", has_text="scorm12.zip")
        with page.expect_download() as download:
            link.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.endswith("-scorm12.zip")
        assert scorm12_problems(saved) == []

        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.reload()  # back on the page later in the session: the last job is shown again
        page.wait_for_selector("#downloads a")
        assert page.locator("#downloads a", has_text="scorm12.zip").count() == 1
        assert errors == []
    finally:
        context.close()


def test_files_dropped_on_the_page_are_the_ones_sent(browser, service):
    context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(service.url)
        page.wait_for_selector("#format-scorm12")
        transfer = page.evaluate_handle("""([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name));
            return transfer; }""", [HANDOUT.name, list(HANDOUT.read_bytes())])
        page.dispatch_event("#drop", "dragover", {"dataTransfer": transfer})
        assert "over" in page.get_attribute("#drop", "class")
        page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
        assert page.locator("#chosen li").count() == 1
        assert HANDOUT.name in page.text_content("#chosen")
        page.click("#submit")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('Converted')",
                               timeout=180_000)
        assert "handout" in page.text_content("#downloads")
    finally:
        context.close()


def test_a_file_the_service_refuses_is_explained_on_the_page(browser, service, tmp_path):
    text = tmp_path / "notes.pptx"
    text.write_text("not a deck")
    context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)  # our CSP forbids eval
    try:
        page = context.new_page()
        page.goto(service.url)
        page.wait_for_selector("#format-scorm12")
        page.set_input_files("#files", [str(text)])
        page.click("#submit")
        page.wait_for_function("document.getElementById('error').textContent.length > 0")
        assert "not a document c2e recognises" in page.text_content("#error")
        assert page.get_attribute("#error", "role") == "alert"
        assert page.is_enabled("#submit")
    finally:
        context.close()




def test_with_a_token_the_page_asks_for_it_and_the_preview_still_plays(browser, tmp_path):
    token = "page-token-0123456789abcdef"
    with running_service(tmp_path / "data", token=token) as guarded:
        context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(guarded.url)
            page.wait_for_selector("#token-box:not([hidden])")
            assert "token" in page.text_content("#error")
            assert axe_violations(page) == []  # the token prompt and its error are accessible too
            page.fill("#token", token)
            page.dispatch_event("#token", "change")
            page.wait_for_selector("#format-scorm12")
            page.set_input_files("#files", [str(HANDOUT)])
            page.click("#submit")
            page.wait_for_function("document.getElementById('status').textContent.startsWith('Converted')",
                                   timeout=180_000)
            frame = page.frame_locator("#preview")
            frame.locator("body[data-ready='true']").wait_for(timeout=30_000)
            with page.expect_download() as download:
                page.locator("#downloads a", has_text="scorm12.zip").click()
            assert download.value.suggested_filename.endswith("-scorm12.zip")
        finally:
            context.close()
