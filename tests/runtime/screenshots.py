"""Screenshots of the player for the README (``make screenshots``): docs/screenshots/<size>-<view>.png.

Views at 375x667 (phone) and 1280x800 (desktop): the menu, a content screen, a table screen, a screen with
its transcript open and a knowledge check answered wrong once (its feedback shown), from the sample course; a
code screen from a small version-control deck written here with
python-pptx (code in a monospace text box, the case that used to overflow phones); a Hebrew deck's player.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from converter import api as converter  # noqa: E402
from converter.model import Course  # noqa: E402
from converter.options import ConvertOptions  # noqa: E402
from packagers._site import build_site  # noqa: E402

OUT = REPO / "docs" / "screenshots"
SIZES = {"phone": (375, 667), "desktop": (1280, 800)}
GIT_COMMANDS = [
    "$ git switch -c feature/login-form",
    "$ git add src/login.py tests/test_login.py",
    "$ git commit -m \"Login form: validate the e-mail address before sending it to the server\"",
    "$ git push --set-upstream origin feature/login-form",
]


def git_deck(folder: Path) -> Path:
    """Write a three-slide deck about Git (a code slide and a table slide) and return its path."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = "Version control with Git"
    title.placeholders[1].text = "Branches, commits and pull requests"
    code = deck.slides.add_slide(deck.slide_layouts[5])
    code.shapes.title.text = "Commit your work on a branch"
    box = code.shapes.add_textbox(Inches(0.5), Inches(1.6), Inches(9), Inches(3)).text_frame
    for index, line in enumerate(GIT_COMMANDS):
        paragraph = box.paragraphs[0] if index == 0 else box.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.name, run.font.size = "Consolas", Pt(14)
    code.notes_slide.notes_text_frame.text = "Type each command; explain what the remote branch is for."
    table_slide = deck.slides.add_slide(deck.slide_layouts[5])
    table_slide.shapes.title.text = "Everyday commands"
    rows = [("Command", "What it does", "When"), ("git status", "Shows changed and staged files", "Often"),
            ("git diff --staged", "Shows what the next commit holds", "Before committing"),
            ("git log --oneline --graph", "Shows the history as a graph", "When lost")]
    table = table_slide.shapes.add_table(len(rows), 3, Inches(0.5), Inches(1.6), Inches(9), Inches(2)).table
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = folder / "git-basics.pptx"
    deck.save(str(path))
    return path


HEBREW_SLIDES = [
    ("אבטחת יישומי רשת", ["עשר הסכנות הנפוצות", "איך מזהים אותן ואיך מתגוננים"]),
    ("הזרקת קוד", ["נתונים מהמשתמש מגיעים למפרש בלי בדיקה", "מתגוננים בשאילתות עם פרמטרים",
                  "בודקים כל קלט בצד השרת"]),
]


def hebrew_deck(folder: Path) -> Path:
    """Write a two-slide deck in Hebrew (runs marked he-IL) and return its path."""
    from pptx import Presentation
    from pptx.enum.lang import MSO_LANGUAGE_ID

    deck = Presentation()
    deck.core_properties.title = "אבטחת יישומי רשת: מבוא"
    for title, bullets in HEBREW_SLIDES:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        for index, text in enumerate(bullets):
            paragraph = body.paragraphs[0] if index == 0 else body.add_paragraph()
            run = paragraph.add_run()
            run.text = text
            run.font.language_id = MSO_LANGUAGE_ID.HEBREW
        slide.notes_slide.notes_text_frame.text = "שואלים את הלומדים מה הם כבר יודעים."
    path = folder / "hebrew.pptx"
    deck.save(str(path))
    return path


def write_site(course: Course, folder: Path) -> Path:
    """Write the standalone player site of ``course`` into ``folder`` and return it."""
    for name, data in build_site(course, "standalone").value.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def screen_id(course: Course, title: str) -> str:
    """Return the id of the first screen whose title starts with ``title``."""
    return next(screen.id for screen in course.screens() if screen.title.startswith(title))


def first_check(course: Course) -> str:
    """Return the id of the course's first knowledge check (the page shows it under its question's id)."""
    return next(qid for module in course.modules for qid in module.questions)


def shoot(browser: Any, site: Path, size: str, name: str, screen: str, action: str = "") -> None:
    """Save ``docs/screenshots/<size>-<name>.png`` of the page's screen whose id is ``screen`` (the first when
    empty) after ``action`` (menu | transcript | wrong-answer)."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-ready='true']")
        shown = page.locator(f'section[id="{screen}"]') if screen else page.locator("section.screen").first
        page.evaluate(f"window.C2EPlayer.show({shown.get_attribute('data-index')})")
        if action == "menu" and not page.is_visible("#menu"):
            page.click("#menu-toggle")
        if action == "transcript":
            page.click(".screen:not([hidden]) .transcript-toggle")
            page.evaluate("document.querySelector('.screen:not([hidden]) .transcript').scrollIntoView()")
        if action == "wrong-answer":
            right = json.loads(shown.locator("form.check").get_attribute("data-correct") or "[]")
            field = shown.locator("input[type=text]")
            if field.count():
                field.fill("a guess")
            else:
                next(box for box in shown.locator("input").all() if box.get_attribute("value") not in right).check()
            shown.locator("button.check-submit").click()
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(OUT / f"{size}-{name}.png"))
    finally:
        context.close()


def main() -> None:
    """Write every screenshot."""
    from runtime.harness import running_browser

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        sample = converter.build(REPO / "samples" / "course.toml").value
        git = converter.build(git_deck(folder), ConvertOptions(slide_images="never")).value
        hebrew = converter.build(hebrew_deck(folder), ConvertOptions(slide_images="never")).value
        sites = {"sample": write_site(sample, folder / "sample"), "git": write_site(git, folder / "git"),
                 "hebrew": write_site(hebrew, folder / "hebrew")}
        views = [("menu", "sample", "", "menu"), ("content", "sample", screen_id(sample, "How Cardiolex works"), ""),
                 ("table", "sample", screen_id(sample, "Dosing and safety"), ""),
                 ("code", "git", screen_id(git, "Commit your work"), ""),
                 ("transcript", "sample", screen_id(sample, "Hypertension at a glance"), "transcript"),
                 ("check", "sample", first_check(sample), "wrong-answer"),
                 ("hebrew", "hebrew", hebrew.screens()[1].id, "")]
        with running_browser() as browser:
            for size in SIZES:
                for name, site, screen, action in views:
                    shoot(browser, sites[site], size, name, screen, action)


if __name__ == "__main__":
    main()
