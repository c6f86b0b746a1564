"""journey.ics is written by c2e itself to RFC 5545, without icalendar: it parses with icalendar (kept for the
tests only) to the journey's events, its lines end in CRLF and are folded at 75 octets without splitting a
character or an escape, its text round-trips exactly, and writing it imports no icalendar."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys

import icalendar
import pytest

import converter
from converter.model import Course, Span, spans_text
from converter.options import ConvertOptions
from packagers._messages import document_words, fill
from packagers.journey import ics_line, ics_text, journey_calendar

from conftest import REPO

SESSION = datetime.date(2027, 3, 1)
LINE_OCTETS = 75
"""RFC 5545 3.1: lines longer than 75 octets (the CRLF not counted) are folded."""
TRICKY = "Dose, then wait; never skip.\nC:\\new\\Notes \\N and \\; a backslash at the end \\"
"""Everything TEXT escapes (comma, semicolon, backslash, newline), and backslashes that look like escapes."""


@pytest.fixture(scope="module")
def course() -> Course:
    return converter.build(REPO / "samples" / "course.toml").value


def _options() -> ConvertOptions:
    return ConvertOptions(session_date=SESSION)


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def _with_micro(course: Course, *, title: str | None = None, takeaway: str | None = None) -> Course:
    """Return ``course`` with its first micro-item's title and/or takeaway replaced (not re-validated)."""
    first = course.micro_items[0]
    update: dict[str, object] = {}
    if title is not None:
        update["title"] = title
    if takeaway is not None:
        update["takeaway"] = (Span(text=takeaway),)
    return course.model_copy(update={"micro_items": (first.model_copy(update=update), *course.micro_items[1:])})


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n"), "the last content line ends with CRLF too"
    return data[:-2].split(b"\r\n")


def test_the_sample_calendar_parses_to_the_live_session_and_each_micro_item(course):
    data = journey_calendar(course, _options())
    calendar = icalendar.Calendar.from_ical(data)
    words = document_words(course.language)
    assert str(calendar["prodid"]) == "-//classroom-to-elearning//c2e journey//EN"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == fill(words["calendar-name"], title=course.title)
    live = fill(words["calendar-live"], title=course.title,
                duration=fill(words["minutes"], minutes=round(course.live.minutes)))
    expected = [(f"live@{course.id}", SESSION, live, None)]
    expected += [(f"{item.id}@{course.id}", SESSION + datetime.timedelta(days=item.day_offset),
                  fill(words["calendar-micro"], title=item.title,
                       duration=fill(words["minutes"], minutes=f"{item.minutes:g}")),
                  spans_text(item.takeaway) or None) for item in course.micro_items]
    actual = [(str(event["uid"]), event.decoded("dtstart"), str(event["summary"]),
               str(event["description"]) if "description" in event else None) for event in _events(data)]
    assert actual == expected
    assert any(description for *_, description in expected), "the sample's micro-items have takeaways"
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//classroom-to-elearning//c2e journey//EN"
                           b"\r\nX-WR-CALNAME:")
    assert data.endswith(b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_each_event_is_all_day_and_stamped_with_source_date_epoch(course, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = journey_calendar(course, ConvertOptions())
    assert b"\r\nDTSTART;VALUE=DATE:20231114\r\n" in data, "the session defaults to SOURCE_DATE_EPOCH's date"
    stamp = datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC)
    for event in _events(data):
        assert event.decoded("dtstamp") == stamp
        assert type(event.decoded("dtstart")) is datetime.date
    assert data.count(b"\r\nDTSTAMP:20231114T221320Z\r\n") == 1 + len(course.micro_items)
    assert journey_calendar(course, ConvertOptions()) == data, "the same inputs give the same bytes"


def test_every_line_ends_in_crlf_and_holds_at_most_75_octets(course):
    data = journey_calendar(_with_micro(course, takeaway=TRICKY * 4), _options())
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    lines = _physical_lines(data)
    assert max(len(line) for line in lines) == LINE_OCTETS, "the long takeaway is folded at 75 octets"
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"


@pytest.mark.parametrize("title", ["é" * 90, "学習の旅" * 30, "Ünïcødé 🎓 " * 12])
def test_a_long_multi_byte_summary_folds_between_characters_and_unfolds_to_the_same_text(course, title):
    changed = course.model_copy(update={"title": title})
    data = journey_calendar(_with_micro(changed, title=title), _options())
    lines = _physical_lines(data)
    assert all(len(line) <= LINE_OCTETS for line in lines)
    for line in lines:
        line.decode("utf-8")  # raises when a fold split a character
    assert sum(line.startswith(b" ") for line in lines) >= 4, "the summaries and the calendar name were folded"
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert f"\r\nX-WR-CALNAME:{ics_text(title)}" in unfolded
    events = _events(data)
    assert title in str(events[0]["summary"]) and title in str(events[1]["summary"])
    assert str(icalendar.Calendar.from_ical(data)["x-wr-calname"]).startswith(title)


@pytest.mark.parametrize("character", ["a", "é", "€", "🎓"])
def test_a_fold_never_splits_a_character_at_the_75th_octet(character):
    for length in range(60, 80):
        line = "SUMMARY:" + "x" * length + character * 5
        folded = ics_line(line)
        pieces = folded[:-2].split(b"\r\n")
        assert all(len(piece) <= LINE_OCTETS for piece in pieces)
        assert all(piece.startswith(b" ") for piece in pieces[1:])
        assert [piece.decode("utf-8") for piece in pieces]  # each piece is whole characters
        assert folded.replace(b"\r\n ", b"") == (line + "\r\n").encode("utf-8")
        assert (len(pieces) == 1) == (len(line.encode("utf-8")) <= LINE_OCTETS)


def test_a_fold_never_splits_an_escape():
    for length in range(60, 80):
        line = "DESCRIPTION:" + "y" * length + ics_text(",;\\\n" * 20)
        pieces = ics_line(line)[:-2].split(b"\r\n")
        for piece in pieces[:-1]:
            assert len(re.search(rb"\\*$", piece).group()) % 2 == 0, f"a fold inside an escape: {piece!r}"
        assert b"".join(piece.removeprefix(b" ") if i else piece for i, piece in enumerate(pieces)) == \
            line.encode("utf-8")


def test_text_with_commas_semicolons_backslashes_and_newlines_round_trips_exactly(course):
    tricky = _with_micro(course, title=TRICKY.replace("\n", " "), takeaway=TRICKY * 3)
    data = journey_calendar(tricky, _options())
    event = _events(data)[1]
    assert str(event["description"]) == TRICKY * 3
    assert tricky.micro_items[0].title in str(event["summary"])
    assert b"Dose\\, then wait\\; never skip.\\nC:\\\\new\\\\Notes \\\\N and \\\\\\; a backslash" in \
        data.replace(b"\r\n ", b"")


def test_cr_and_crlf_become_newlines_and_what_text_cannot_hold_is_dropped(course):
    raw = "one\r\ntwo\rthree\nfour\x00\x07\x0b\x0c\x1b\x7f\ufffe\ud800 tab\tkept"
    data = journey_calendar(_with_micro(course, takeaway=raw), _options())
    assert str(_events(data)[1]["description"]) == "one\ntwo\nthree\nfour tab\tkept"
    assert re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data) is None
    assert ics_text(raw) == "one\\ntwo\\nthree\\nfour tab\tkept"


def test_a_micro_item_without_takeaway_text_has_no_description(course):
    for takeaway in ("", "\x00\x1f"):
        data = journey_calendar(_with_micro(course, takeaway=takeaway), _options())
        events = _events(data)
        assert "description" not in events[0] and "description" not in events[1]
        assert b"\r\nDESCRIPTION:\r\n" not in data
        for event, item in zip(events[2:], course.micro_items[1:], strict=True):
            assert ("description" in event) == bool(spans_text(item.takeaway))


def test_writing_the_journey_does_not_import_icalendar(tmp_path):
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import converter\n"
        f"course = converter.build(Path({str(REPO / 'samples' / 'course.toml')!r})).value\n"
        "written = converter.package(course, Path('out'), formats='journey', session_date='2027-03-01').value\n"
        "folder = written.packages['journey']\n"
        "print(json.dumps({'files': sorted(p.name for p in folder.iterdir()),\n"
        "                  'ics': (folder / 'journey.ics').read_bytes().decode('utf-8'),\n"
        "                  'journey': 'packagers.journey' in sys.modules,\n"
        "                  'icalendar': sorted(m for m in sys.modules if m.split('.')[0] == 'icalendar')}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen["files"] == ["journey.ics", "journey.json"] and seen["journey"]
    assert seen["icalendar"] == [], "the journey packager imported icalendar"
    assert len(_events(seen["ics"].encode("utf-8"))) > 1
