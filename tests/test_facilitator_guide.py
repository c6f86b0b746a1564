"""The facilitator guide as a spec: the sample course's live session, its role-play and notes, in a .docx that
is byte-identical from build to build, that LibreOffice and python-docx read with its structure (numbered lists
counting from their own start, code keeping its lines), written without any office library."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile

import docx
import pytest
from lxml import etree

import converter
from converter.model import Course
from packagers.facilitator_guide import duration, guide_bytes, time_moved

from conftest import REPO
from course_factory import bullets, make_course, para

COURSE_FILE = REPO / "samples" / "course.toml"


@pytest.fixture(scope="module")
def course() -> Course:
    return converter.build(COURSE_FILE).value


@pytest.fixture(scope="module")
def guide(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("guide")
    path = converter.package(course, out, formats="facilitator-guide").value.packages["facilitator-guide"]
    return path


def _text(path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_guide_holds_the_role_play_with_its_cues_materials_and_notes(guide, course):
    assert guide.name == "cardiolex-sales-onboarding-facilitator-guide.docx"
    text = _text(guide)
    role_play = next(a for a in course.live.activities if a.kind == "role-play")
    assert role_play.title in [p.text for p in docx.Document(str(guide)).paragraphs if p.style.name == "Heading 2"]
    assert "Work in threes: representative, cardiologist, observer" in text  # the slide's prompt
    assert "Hand out the objection cards face down" in text  # the slide's speaker notes
    assert "Materials: Objection cards, observation form" in text  # the guide's timing table
    assert "SAY-MARKER: welcome the group" in text  # a guide cue
    assert "NOTE-MARKER: ask learners to share a patient story" in text  # the discussion slide's notes


def test_the_agenda_times_every_activity_and_the_pre_learning_keeps_its_notes(guide, course):
    document = docx.Document(str(guide))
    agenda = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in agenda.rows]
    assert rows[0] == ["Start", "Activity", "Kind", "Minutes"]
    assert [row[1] for row in rows[1:]] == [a.title for a in course.live.activities]
    starts = [int(h) * 60 + int(m) for h, m in (row[0].split(":") for row in rows[1:])]
    assert starts[0] == 0 and starts == sorted(starts)
    text = _text(guide)
    assert "Transition: before any product talk" in text  # a pre-learning screen's speaker notes
    assert time_moved(course) in text


def test_the_time_moved_out_of_class_adds_up(course):
    live, pre = course.live.minutes, sum(module.minutes for module in course.modules)
    sentence = time_moved(course)
    assert sentence.startswith(f"From {duration(live + pre)} in class to {duration(live)} live + {duration(pre)}")
    assert re.search(r"\d+ live activities", sentence)
    assert duration(95) == "95 min" and duration(120) == "2 h" and duration(190) == "3 h 10 min"


def test_two_builds_are_byte_identical(guide, course, tmp_path, monkeypatch):
    again = converter.package(course, tmp_path, formats="facilitator-guide").value.packages["facilitator-guide"]
    assert again.read_bytes() == guide.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = converter.package(course, tmp_path / "dated", formats="facilitator-guide").value.packages
    assert docx.Document(str(dated["facilitator-guide"])).core_properties.created.year == 2023


def _office_text(soffice: str, guide: bytes, folder) -> list[str]:
    """Return the lines LibreOffice gives for the guide as plain text (list labels included)."""
    path = folder / "guide.docx"
    path.write_bytes(guide)
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    return (folder / "guide.txt").read_text(encoding="utf-8-sig").splitlines()


def test_libreoffice_opens_the_guide_with_its_agenda_activities_and_notes(guide, course, soffice, tmp_path):
    lines = [line.strip() for line in _office_text(soffice, guide.read_bytes(), tmp_path)]
    assert lines[0] == f"{course.title}: facilitator guide"
    assert time_moved(course) in lines
    assert "Work in threes: representative, cardiologist, observer" in " ".join(lines)
    assert "Hand out the objection cards face down" in " ".join(lines)
    first_screen = course.modules[0].screens[0].title
    assert f"\u2022 {first_screen}" in lines or f"\u2022\t{first_screen}" in lines  # a bulleted screen title


def _steps_course(language: str = "en"):  # noqa: ANN202
    from converter.model import Activity, Code, ListBlock, ListItem, LivePlan, Span

    first = bullets((0, "Open the form"), (1, "Check the date"), (0, "Sign it"), ordered=True)
    continued = ListBlock(ordered=True, start=4, items=tuple(ListItem(spans=(Span(text=text),))
                                                             for text in ("Fourth step", "Fifth step")))
    again = bullets((0, "Start over"), ordered=True)
    code = Code(text="def f(x):\n    if x:\n        return 1\n\treturn 0", language="python")
    activity = Activity(id="act-1", title="Steps", kind="discussion", minutes=10,
                        blocks=(first, para("between"), continued, code, again))
    return make_course(language=language).model_copy(update={"live": LivePlan(activities=(activity,), minutes=10)})


def test_each_numbered_list_counts_from_its_own_start_and_code_keeps_its_lines(soffice, tmp_path):
    lines = _office_text(soffice, guide_bytes(_steps_course()), tmp_path)
    start = lines.index("def f(x):")
    assert lines[start:start + 4] == ["def f(x):", "    if x:", "        return 1", "\treturn 0"]
    labelled = [line.strip() for line in lines if re.match(r"\s*([0-9]+|[a-z])\. ", line)]
    assert labelled == ["1. Open the form", "a. Check the date", "2. Sign it", "4. Fourth step", "5. Fifth step",
                        "1. Start over"]
    code = next(p for p in docx.Document(io.BytesIO(guide_bytes(_steps_course()))).paragraphs
                if p.text.startswith("def f"))
    assert code.text == "def f(x):\n    if x:\n        return 1\n\treturn 0"
    assert {run.font.name for run in code.runs} == {"Courier New"}


def test_the_proofing_language_is_the_courses():
    for language, expected in (("de", "de"), ("he", "he"), ("", "en")):
        with zipfile.ZipFile(io.BytesIO(guide_bytes(make_course(language=language)))) as parts:
            styles = etree.fromstring(parts.read("word/styles.xml"))
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        lang = styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}lang")
        assert lang is not None and lang.get(f"{w}val") == expected, language


def test_writing_the_guide_imports_no_office_library(tmp_path):
    script = ("import sys, converter\nfrom pathlib import Path\n"
              f"course = converter.build(Path({str(COURSE_FILE)!r})).value\n"
              "from packagers.facilitator_guide import guide_bytes\n"
              "assert guide_bytes(course)[:2] == b'PK'\n"
              "print(sorted(name for name in sys.modules if name.split('.')[0] in ('docx', 'pptx', 'icalendar')))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"
