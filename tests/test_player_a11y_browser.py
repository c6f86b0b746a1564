"""The player in headless Chromium: axe-core clean on every screen at phone and desktop sizes, no horizontal
scroll down to 320 px, the conformance report agreeing with axe, and the interface in Hebrew (right to left)
and German."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from converter import api as converter
from converter.chunking.micro import micro_courses
from converter.model import Code, Course, Table, TableCell, TableRow
from converter.options import ConvertOptions
from packagers import accessibility
from packagers._site import PlayerSettings, build_site

from course_factory import make_course, para
from runtime.axe_audit import VIEWPORTS, audit_all, audit_site
from runtime.harness import running_browser

REPO = Path(__file__).resolve().parent.parent
SAMPLE_COURSE = REPO / "samples" / "course.toml"


@pytest.fixture(scope="module")
def browser() -> Any:
    with running_browser() as chromium:
        yield chromium


def write_site(course: Course, folder: Path, **player: Any) -> Path:
    """Write the standalone player site of ``course`` into ``folder`` and return it."""
    from converter.options import PlayerOptions

    for name, data in build_site(course, "standalone", settings=PlayerSettings(player=PlayerOptions(**player))).value.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def wide_course(language: str = "en") -> Course:
    """Return a course whose first screen holds a long code line, a long unbroken word and a wide table."""
    cells = tuple(TableCell(paragraphs=((para(f"column {i} value").spans[0],),)) for i in range(12))
    table = Table(rows=(TableRow(cells=cells), TableRow(cells=cells)), header_rows=1)
    code = Code(text="git log --pretty=format:'%h %an %s' --graph --decorate --all --since=2.weeks " * 3)
    word = para("https://example.org/" + "a-very-long-path-segment-" * 8)
    return make_course(language=language, extra_blocks=[code, table, word])


def problems(results: dict[str, Any]) -> list[str]:
    """Return one line per screen with a violation or horizontal overflow (empty: clean)."""
    return [f"{run['viewport']} {s['screen']}: overflow {s['overflow']}px, "
            + ", ".join(f"{v['id']} at {v['nodes'][:2]}" for v in s["violations"])
            for run in results["runs"] for s in run["screens"] if s["violations"] or s["overflow"]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> tuple[Course, dict[str, Any]]:
    """The sample course (deck, handout and guide) built once, with its axe results at both sizes."""
    course = converter.build(SAMPLE_COURSE, ConvertOptions(slide_images="never")).value
    site = write_site(course, tmp_path_factory.mktemp("sample"))
    return course, audit_all(browser, site)


def test_every_screen_of_the_sample_course_is_axe_clean_at_phone_and_desktop_sizes(sample):
    course, results = sample
    assert [run["viewport"] for run in results["runs"]] == ["375x667", "1280x800"]
    pages = len(course.screens()) + sum(len(module.questions) for module in course.modules)  # screens and checks
    assert all(len(run["screens"]) == pages for run in results["runs"])
    assert problems(results) == []


def test_every_micro_item_package_of_the_sample_course_is_axe_clean_at_phone_and_desktop_sizes(sample, browser,
                                                                                              tmp_path):
    course, _ = sample
    assert course.micro_items
    for micro in micro_courses(course):
        results = audit_all(browser, write_site(micro, tmp_path / micro.name))
        assert all(len(run["screens"]) == 1 + len(micro.questions) for run in results["runs"]), micro.name
        assert problems(results) == [], micro.name


def test_the_conformance_report_agrees_with_axe(sample):
    course, results = sample
    report = accessibility.report(course, results)
    axe_failed = {tag for run in results["runs"] for s in run["screens"] for v in s["violations"] for tag in v["tags"]}
    for row in report["criteria"]:
        tag = "wcag" + row["id"].replace(".", "")
        if row["status"] == "supports":
            assert tag not in axe_failed, f"{row['id']} says supports but axe failed it"
    automated = report["automated"]
    assert automated["ran"] and automated["version"] == results["version"]
    assert [run["violations"] for run in automated["runs"]] == [
        sum(len(s["violations"]) for s in run["screens"]) for run in results["runs"]]


def test_code_tables_and_long_words_scroll_inside_their_box_down_to_320_px(tmp_path, browser):
    site = write_site(wide_course(), tmp_path)
    for width, height in (*VIEWPORTS.values(), (320, 568)):
        screens = audit_site(browser, site, (width, height))
        assert [(s["screen"], s["overflow"]) for s in screens if s["overflow"]] == [], f"at {width}px"
        assert [v["id"] for s in screens for v in s["violations"]] == [], f"at {width}px"


def _open(browser: Any, site: Path, width: int = 1280, height: int = 800) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    page.wait_for_selector("body[data-ready='true']")
    return context, page


def test_a_hebrew_course_shows_its_player_in_hebrew_right_to_left(tmp_path, browser):
    site = write_site(make_course(language="he"), tmp_path / "site")
    context, page = _open(browser, site)
    try:
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.inner_text("#next") == "הבא" and page.inner_text("#prev") == "הקודם"
        assert page.inner_text("#menu-toggle").strip().endswith("תפריט")
        assert page.inner_text("#progress") == "מסך 1 מתוך 6"
        next_box, prev_box = page.locator("#next").bounding_box(), page.locator("#prev").bounding_box()
        assert next_box["x"] < prev_box["x"], "right to left: Next is on the left"
        menu_box, content_box = page.locator("#menu").bounding_box(), page.locator("#content").bounding_box()
        assert menu_box["x"] > content_box["x"], "right to left: the menu is on the right"
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("document.body.dataset.screen") == "1", "ArrowLeft goes forward in Hebrew"
        assert page.inner_text("#progress") == "מסך 2 מתוך 6"
        shot = page.screenshot(path=str(tmp_path / "hebrew.png"))
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000
    finally:
        context.close()


def test_a_german_course_shows_its_player_in_german(tmp_path, browser):
    site = write_site(make_course(language="de"), tmp_path)
    context, page = _open(browser, site)
    try:
        assert page.evaluate("document.documentElement.dir") == "ltr"
        assert (page.inner_text("#prev"), page.inner_text("#next")) == ("Zurück", "Weiter")
        page.click("#next")
        assert page.inner_text("#progress") == "Seite 2 von 6"
        assert page.inner_text(".screen:not([hidden]) .transcript-toggle") == "Transkript"
    finally:
        context.close()


def test_a_screen_change_is_announced_and_focus_moves_to_the_new_title(tmp_path, browser):
    site = write_site(make_course(), tmp_path)
    context, page = _open(browser, site)
    try:
        assert page.get_attribute("#progress", "aria-live") == "polite"
        page.focus("#next")
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.id")
        assert focused.startswith("screen-title|") and focused.endswith("--title")
        assert page.evaluate("document.querySelectorAll('h1').length") == 1
    finally:
        context.close()


@pytest.mark.parametrize("width,height", list(VIEWPORTS.values()))
def test_player_controls_are_at_least_24_px_targets(tmp_path, browser, width, height):
    site = write_site(make_course(), tmp_path)
    context, page = _open(browser, site, width, height)
    try:
        if page.is_visible("#menu-toggle") and not page.is_visible("#menu"):
            page.click("#menu-toggle")
        small = page.evaluate("""() => Array.from(document.querySelectorAll(
              'button, .menu a, .shortcuts summary, .skip-link'))
            .filter((e) => e.offsetParent !== null)
            .map((e) => [e.id || e.className || e.tagName, e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24).map(([n]) => n)""")
        assert small == []
    finally:
        context.close()


def test_focus_is_not_hidden_behind_the_sticky_controls(tmp_path, browser):
    site = write_site(make_course(extra_blocks=[para(f"Paragraph {i} " * 30) for i in range(30)]), tmp_path)
    context, page = _open(browser, site, 375, 667)
    try:
        page.click("#menu-toggle")  # close the menu on a phone
        page.focus(".screen:not([hidden]) .transcript-toggle")
        covered = page.evaluate("""() => {
            const target = document.activeElement.getBoundingClientRect();
            const bar = document.querySelector('.controls').getBoundingClientRect();
            return target.bottom > bar.top && target.top < bar.bottom; }""")
        assert covered is False
    finally:
        context.close()


def test_reduced_motion_turns_the_screen_animation_off(tmp_path, browser):
    site = write_site(make_course(), tmp_path)
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-ready='true']")
        page.click("#next")
        assert page.evaluate("getComputedStyle(document.querySelector('.screen:not([hidden])')).animationName") \
            == "none"
    finally:
        context.close()


def test_a_slide_picture_sits_after_the_slide_text_and_the_transcript_opens_and_closes(tmp_path, browser):
    from converter.model import Image

    from course_factory import make_asset, tiny_png

    asset = make_asset(tiny_png(1600, 900))
    course = make_course(extra_blocks=[para("Text of the drawn slide."),
                                       Image(asset=asset.id, alt="Slide 1: the process", role="slide",
                                             width_px=1600, height_px=900)])
    course = course.model_copy(update={"assets": (*course.assets, asset)})
    context, page = _open(browser, write_site(course, tmp_path), 375, 667)
    try:
        text = page.locator(".screen:not([hidden]) p", has_text="Text of the drawn slide.")
        picture = page.locator(".screen:not([hidden]) img[data-role='slide']")
        assert text.is_visible() and picture.is_visible()
        assert text.bounding_box()["y"] < picture.bounding_box()["y"], "the picture comes after the text"
        body = page.locator(".screen:not([hidden]) .screen-body").bounding_box()
        assert picture.bounding_box()["width"] <= body["width"] + 0.5, "the picture scales to the phone"
        toggle = page.locator(".screen:not([hidden]) .transcript-toggle")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator(".screen:not([hidden]) .transcript").is_visible()
        toggle.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator(".screen:not([hidden]) .transcript").is_visible()
    finally:
        context.close()


def test_the_conformance_report_page_is_itself_axe_clean(sample, tmp_path, browser):
    from runtime.axe_audit import WCAG_TAGS, axe_source

    course, results = sample
    site = write_site(course, tmp_path)
    (site / "accessibility.html").write_bytes(accessibility.report_files(course, results)["accessibility.html"])
    context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto((site / "accessibility.html").as_uri())
        page.add_script_tag(content=axe_source())
        violations = page.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map((v) => v.id)""", list(WCAG_TAGS))
        assert violations == []
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert page.locator("table").first.locator("tbody tr").count() == 55
    finally:
        context.close()


def test_the_audit_finds_a_violation_on_its_screen_and_the_report_follows_it(tmp_path, browser):
    from converter.model import Paragraph, Span

    empty_link = Paragraph(spans=(Span(text="Read the label "), Span(text=" ", href="https://example.org/label")))
    course = make_course(extra_blocks=[empty_link])
    results = audit_all(browser, write_site(course, tmp_path), {"phone": VIEWPORTS["phone"]})
    (run,) = results["runs"]
    flagged = {s["screen"]: [v["id"] for v in s["violations"]] for s in run["screens"] if s["violations"]}
    assert flagged == {course.screens()[0].id: ["link-name"]}
    by_id = {row["id"]: row for row in accessibility.report(course, results)["criteria"]}
    assert by_id["2.4.4"]["status"] == "partially supports" and "link-name" in by_id["2.4.4"]["remarks"]
    assert by_id["1.1.1"]["status"] == "supports"
