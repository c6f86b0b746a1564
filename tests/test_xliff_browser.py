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


def test_in_a_hebrew_translation_tables_run_right_to_left_and_code_stays_left_to_right(tmp_path, browser):
    from dataclasses import replace

    from test_player_a11y_browser import write_site

    from converter.localisation import apply_translation, export
    from converter.model import Code

    from course_factory import make_course

    program = "for dose in (5, 10):\n    print(f'{dose} mg')"
    course = make_course(extra_blocks=[Code(id="b-code", text=program, language="python")])
    catalog = export(course, "he")
    assert not any(program in "".join(p if isinstance(p, str) else p.text for p in u.source) for u in catalog.units)
    filled = replace(catalog, units=tuple(replace(u, target=tuple(
        p.translate(TO_HEBREW) if isinstance(p, str) else replace(p, text=p.text.translate(TO_HEBREW))
        for p in u.source)) for u in catalog.units))
    hebrew = apply_translation(course, filled).value
    site = write_site(hebrew, tmp_path / "site")
    context = browser.new_context(viewport={"width": 375, "height": 667}, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-ready='true']")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        direction = "(selector) => getComputedStyle(document.querySelector(selector)).direction"
        assert page.evaluate(direction, ".screen:not([hidden]) table") == "rtl"
        assert page.evaluate(direction, ".screen:not([hidden]) pre") == "ltr"
        assert page.inner_text(".screen:not([hidden]) pre") == program
        cell = page.inner_text(".screen:not([hidden]) table td")
        assert cell and not any(c in LATIN for c in cell.lower())
        shot = tmp_path / "hebrew-code-table-375.png"
        page.screenshot(path=str(shot), full_page=True)
        _keep(shot)
    finally:
        context.close()


def test_a_japanese_translation_without_spaces_breaks_lines_and_never_overflows_a_phone(tmp_path, browser):
    from runtime.axe_audit import audit_site

    kana = str.maketrans(LATIN + LATIN.upper(), "アイウエオカキクケコサシスセソタチツテトナニヌネノハ" * 2, " ")  # no spaces
    exported = tmp_path / "course.xlf"
    run = run_c2e("xliff", "export", str(SAMPLE), "-o", str(exported), "--slide-images", "never", timeout=300)
    assert run.returncode == 0, run.stderr
    ja = translate(exported, tmp_path / "course.ja.xlf", change=lambda text: text.translate(kana), language="ja")
    run = run_c2e("convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-f", "web", "--slide-images", "never",
                  "--translation", str(ja), timeout=300)
    assert run.returncode == 0, run.stderr
    site = tmp_path / "out" / "cardiolex-sales-onboarding-ja-web"
    screens = audit_site(browser, site, VIEWPORTS["phone"])
    assert [(s["screen"], s["overflow"]) for s in screens if s["overflow"]] == []
    assert [(s["screen"], [v["id"] for v in s["violations"]]) for s in screens if s["violations"]] == []
