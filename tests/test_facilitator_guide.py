"""The facilitator guide as a spec: the sample course's live session, its role-play and notes, in a .docx that
is byte-identical from build to build."""

from __future__ import annotations

import re

import docx
import pytest

import converter
from converter.model import Course
from packagers.facilitator_guide import duration, time_moved

from conftest import REPO

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
