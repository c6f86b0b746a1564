"""Re-publishing an edited deck keeps learners' progress, checked in the LMS runtime (scorm-again in Chromium).

A learner stops on screen 10; the author inserts a slide at position 2 and re-publishes; the LMS relaunches the
new package with the CMI data it saved: the learner lands on the same screen, with the screens seen before
still counted as seen and the new slide not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

import converter

from runtime.harness import LmsSession, running_browser
from test_stable_ids import add_slide, make_deck, move_slide

pytestmark = pytest.mark.runtime

PLAYER_READY = 'body[data-ready="true"]'
TITLES = [f"Topic {n:02d}" for n in range(1, 16)]


@pytest.fixture(scope="module")
def browser():
    with running_browser() as chromium:
        yield chromium


def publish(deck: Path, out: Path) -> Path:
    return converter.convert(deck, out, formats="scorm12").value.packages["scorm12"]


def current_title(lms: LmsSession) -> str:
    return lms.frame.eval_on_selector("section.screen:not([hidden]) .screen-title", "e => e.textContent.trim()")


def seen_titles(lms: LmsSession) -> set[str]:
    titles = lms.frame.eval_on_selector_all("section.screen .screen-title", "els => els.map(e => e.textContent.trim())")
    seen = lms.frame.evaluate("() => window.C2EPlayer.seen()")
    return {title for title, was_seen in zip(titles, seen, strict=True) if was_seen}


def test_a_republished_deck_resumes_on_the_same_screen_with_progress_kept(browser, tmp_path):
    deck = make_deck(tmp_path / "deck.pptx", TITLES)
    first_package = publish(deck, tmp_path / "v1")
    with LmsSession(browser, first_package, ready=PLAYER_READY) as lms:
        for _ in range(9):
            lms.frame.get_by_role("button", name="Next").click()
        assert current_title(lms) == TITLES[9]
        lms.unload()
        saved = lms.saved_state()

    edited = Presentation(deck)
    add_slide(edited, "Inserted after review")
    move_slide(edited, len(edited.slides) - 1, 1)
    edited.save(tmp_path / "deck.pptx")
    second_package = publish(tmp_path / "deck.pptx", tmp_path / "v2")

    with LmsSession(browser, second_package, resume_from=saved, ready=PLAYER_READY) as lms:
        assert current_title(lms) == TITLES[9]
        assert lms.frame.locator("body").get_attribute("data-screen") == "10"  # one slide more before it
        assert seen_titles(lms) == set(TITLES[:10])
        assert lms.errors("/pkg/") == []
