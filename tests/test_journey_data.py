"""journey.json and journey.ics as a spec: the sample course's journey validates against the published schema,
lists every module, activity, micro-item and job aid, and its calendar parses with icalendar."""

from __future__ import annotations

import datetime
import json
import os

import icalendar
import jsonschema
import pytest

import converter
from converter.model import Course
from packagers.journey import JOURNEY_SCHEMA_VERSION, journey_schema

from conftest import REPO

PUBLISHED = REPO / "converter" / "model" / "schema" / f"journey-{JOURNEY_SCHEMA_VERSION}.json"


@pytest.fixture(scope="module")
def course() -> Course:
    return converter.build(REPO / "samples" / "course.toml").value


@pytest.fixture(scope="module")
def folder(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("journey")
    return converter.package(course, out, formats="journey", session_date="2027-03-01").value.packages["journey"]


def test_the_published_journey_schema_is_the_models():
    actual = json.dumps(journey_schema(), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("C2E_UPDATE_GOLDENS") == "1" and not os.environ.get("CI"):
        PUBLISHED.write_text(actual, encoding="utf-8")
        pytest.skip(f"{PUBLISHED.name} rewritten; review its diff")
    assert PUBLISHED.read_text(encoding="utf-8") == actual, "the journey model changed: run `make goldens`"


def test_journey_json_validates_and_lists_the_whole_journey(folder, course):
    document = json.loads((folder / "journey.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(PUBLISHED.read_text(encoding="utf-8")))
    assert [stage["stage"] for stage in document["stages"]] == ["pre-learning", "live", "reinforcement",
                                                                "performance-support"]
    assert [m["id"] for m in document["modules"]] == [m.id for m in course.modules]
    assert [a["id"] for a in document["live"]] == [a.id for a in course.live.activities]
    starts = [a["start_minute"] for a in document["live"]]
    assert starts[0] == 0 and starts == sorted(starts)
    assert [(i["id"], i["day_offset"]) for i in document["micro_items"]] == [
        (i.id, i.day_offset) for i in course.micro_items]
    assert all(2 <= i["minutes"] <= 5 for i in document["micro_items"])
    assert [a["href"] for a in document["job_aids"]] == [f"job-aids/{a.id}.html" for a in course.job_aids]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "stages": "none"}, json.loads(PUBLISHED.read_text(encoding="utf-8")))


def test_journey_ics_parses_and_dates_each_micro_item_after_the_session(folder, course):
    calendar = icalendar.Calendar.from_ical((folder / "journey.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 + len(course.micro_items)
    session = datetime.date(2027, 3, 1)
    assert events[0].decoded("dtstart") == session and str(events[0]["summary"]).startswith("Live session")
    for event, item in zip(events[1:], course.micro_items, strict=True):
        assert event.decoded("dtstart") == session + datetime.timedelta(days=item.day_offset)
        assert item.title in str(event["summary"])
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_two_builds_are_byte_identical(folder, course, tmp_path):
    again = converter.package(course, tmp_path, formats="journey", session_date="2027-03-01").value.packages
    for name in ("journey.json", "journey.ics"):
        assert (again["journey"] / name).read_bytes() == (folder / name).read_bytes()
