"""A Hebrew translation of the English sample course, in headless Chromium: right to left at 375 and 1280 px, no
horizontal overflow, 0 axe-core violations, the player in Hebrew. Screenshots go to the test's tmp folder (and
to ``$C2E_TEST_ARTIFACTS`` when it is set)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from xliff_tools import translate

from conftest import REPO, run_c2e
from runtime.axe_audit import VIEWPORTS, audit_all
from runtime.harness import running_browser

SAMPLE = REPO / "samples" / "course.toml"
LATIN = "abcdefghijklmnopqrstuvwxyz"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשתךםןף"
TO_HEBREW = str.maketrans(LATIN + LATIN.upper(), HEBREW + HEBREW)


@pytest.fixture(scope="module")
def browser() -> Any:
    with running_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def hebrew_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hebrew")
    exported = folder / "course.xlf"
    for args in (("xliff", "export", str(SAMPLE), "-o", str(exported), "--slide-images", "never"),):
        run = run_c2e(*args, timeout=300)
        assert run.returncode == 0, run.stderr
    he = translate(exported, folder / "course.he.xlf", change=lambda text: text.translate(TO_HEBREW), language="he")
    run = run_c2e("convert", str(SAMPLE), "-o", str(folder / "out"), "-f", "web", "--slide-images", "never",
                  "--translation", str(he), timeout=300)
    assert run.returncode == 0, run.stderr
    assert "0 strings in the source language" in run.stdout
    return folder / "out" / "cardiolex-sales-onboarding-he-web"


def _keep(shot: Path) -> None:
    target = os.environ.get("C2E_TEST_ARTIFACTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / shot.name)


def test_the_hebrew_translation_is_axe_clean_and_does_not_overflow_at_phone_and_desktop_sizes(hebrew_site, browser):
    results = audit_all(browser, hebrew_site)
    assert [run["viewport"] for run in results["runs"]] == ["375x667", "1280x800"]
    assert all(len(run["screens"]) > 20 for run in results["runs"])
    bad = [f"{run['viewport']} {s['screen']}: overflow {s['overflow']}px, {[v['id'] for v in s['violations']]}"
           for run in results["runs"] for s in run["screens"] if s["violations"] or s["overflow"]]
    assert bad == []


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_hebrew_translation_renders_right_to_left_in_chromium(hebrew_site, browser, size, tmp_path):
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto((hebrew_site / "index.html").as_uri())
        page.wait_for_selector("body[data-ready='true']")
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["he", "rtl"]
        assert page.inner_text("#next") == "הבא"
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
        title = page.inner_text(".screen:not([hidden]) .screen-title")
        assert title and not any(c in LATIN for c in title.lower()), title
        next_box, prev_box = page.locator("#next").bounding_box(), page.locator("#prev").bounding_box()
        assert next_box["x"] < prev_box["x"], "right to left: Next is on the left"
        page.click("#next")
        text = page.inner_text(".screen:not([hidden])")
        assert any(c in HEBREW for c in text) and page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        shot = tmp_path / f"hebrew-{width}.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
        _keep(shot)
    finally:
        context.close()
