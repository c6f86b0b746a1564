"""Journey packager: the blended journey as data, ``NAME-journey/journey.json`` and ``journey.ics``.

``journey.json`` follows ``converter/model/schema/journey-1.0.json`` (the ``JourneyDocument`` model below): the
rates the minutes were estimated with (``timing``) and how many modules fit the target (``sizing``), the stages
built with their minutes, the objectives, every pre-learning module (id, title, minutes and fit, objective and
question ids, screen ids, delivery mode with reasons), the live plan's activities, the micro-items with their day offsets and the job aids with their pages.
``journey.ics`` is an iCalendar file: the live session on day 0 and one all-day event per micro-item, dated from
``ConvertOptions.session_date`` (when unset: the date of ``SOURCE_DATE_EPOCH``, default 1980-01-01, so the file
stays deterministic; set the date to get a usable calendar); its event summaries are in the course's language
(``packagers._messages.document_words``), while ``journey.json`` is data (English keys and enum values).
Needs ``icalendar`` (the ``[journey]`` extra) for the calendar only.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from converter.errors import MissingDependencyError
from converter.model import (
    ActivityKind,
    Course,
    Delivery,
    JobAidKind,
    ModuleFit,
    Stage,
    Timing,
    UnitRef,
    spans_text,
)
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._messages import document_words, fill
from ._zip import write_target, zip_date_time

JOURNEY_SCHEMA_VERSION = "1.0"
INSTALL_HINT = "pip install 'classroom-to-elearning[journey]'"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StageSummary(_Strict):
    stage: Stage
    minutes: float = Field(ge=0)
    items: int = Field(ge=0, description="modules, activities, micro-items or job aids in the stage")


class ObjectiveEntry(_Strict):
    id: str
    text: str
    derived: bool = Field(description="written by c2e from the module's content, for an author to review")


class ModuleEntry(_Strict):
    id: str
    title: str
    minutes: float = Field(ge=0)
    fit: ModuleFit = Field(description="within the target range, or why not (short-source: its whole source is "
                                       "shorter than the minimum)")
    objectives: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    screens: tuple[str, ...] = ()
    delivery: Delivery | None = Field(default=None, description="the recommended delivery mode, with the "
                                                                "learning need and the signals seen")


class ActivityEntry(_Strict):
    id: str
    title: str
    kind: ActivityKind
    minutes: float = Field(ge=0)
    start_minute: float = Field(ge=0, description="minutes after the session starts")
    sources: tuple[UnitRef, ...] = ()


class MicroEntry(_Strict):
    id: str
    title: str
    minutes: float = Field(ge=0)
    day_offset: int = Field(ge=0, description="days after the live session")
    takeaway: str
    questions: tuple[str, ...] = ()
    objectives: tuple[str, ...] = Field(default=(), description="objectives the learner recalls (a prompt each)")


class JobAidEntry(_Strict):
    id: str
    title: str
    kind: JobAidKind
    href: str = Field(description="the page in each package, e.g. job-aids/aid-....html")
    sources: tuple[UnitRef, ...] = ()


class JourneyDocument(_Strict):
    """The blended journey of one course: what ``journey.json`` holds."""

    schema_version: str = JOURNEY_SCHEMA_VERSION
    course_id: str
    title: str
    words_per_minute: int = Field(description="the speaking rate the minutes were estimated with")
    timing: Timing = Field(description="the rates and the module size the minutes were estimated with")
    sizing: str = Field(description="one line: how many modules fall within the target range, and the rates")
    stages: tuple[StageSummary, ...] = Field(description="the stages built, in journey order")
    objectives: tuple[ObjectiveEntry, ...] = ()
    modules: tuple[ModuleEntry, ...]
    live: tuple[ActivityEntry, ...]
    micro_items: tuple[MicroEntry, ...]
    job_aids: tuple[JobAidEntry, ...]


def journey_schema() -> dict[str, object]:
    """Return the JSON Schema of ``journey.json``."""
    return JourneyDocument.model_json_schema()


def journey_document(course: Course, options: ConvertOptions) -> JourneyDocument:
    """Return the journey of ``course`` as the ``journey.json`` model."""
    starts, clock = [], 0.0
    for activity in course.live.activities:
        starts.append(clock)
        clock += activity.minutes
    stages = (
        StageSummary(stage="pre-learning", minutes=round(sum(m.minutes for m in course.modules), 2),
                     items=len(course.modules)),
        StageSummary(stage="live", minutes=course.live.minutes, items=len(course.live.activities)),
        StageSummary(stage="reinforcement", minutes=round(sum(i.minutes for i in course.micro_items), 2),
                     items=len(course.micro_items)),
        StageSummary(stage="performance-support", minutes=0, items=len(course.job_aids)),
    )
    return JourneyDocument(
        course_id=course.id, title=course.title, words_per_minute=course.timing.speaking_wpm,
        timing=course.timing, sizing=course.sizing(),
        stages=tuple(stage for stage in stages if stage.stage in options.stages),
        objectives=tuple(ObjectiveEntry(id=o.id, text=o.text, derived=o.derived) for o in course.objectives),
        modules=tuple(ModuleEntry(id=m.id, title=m.title, minutes=m.minutes, fit=course.module_fit(m),
                                  objectives=m.objectives, questions=m.questions,
                                  screens=tuple(s.id for s in m.screens), delivery=m.delivery)
                      for m in course.modules),
        live=tuple(ActivityEntry(id=a.id, title=a.title, kind=a.kind, minutes=a.minutes,
                                 start_minute=round(start, 2), sources=a.units)
                   for a, start in zip(course.live.activities, starts, strict=True)),
        micro_items=tuple(MicroEntry(id=i.id, title=i.title, minutes=i.minutes, day_offset=i.day_offset,
                                     takeaway=spans_text(i.takeaway), questions=i.questions,
                                     objectives=i.objectives)
                          for i in course.micro_items),
        job_aids=tuple(JobAidEntry(id=a.id, title=a.title, kind=a.kind, href=f"job-aids/{a.id}.html", sources=a.units)
                       for a in course.job_aids),
    )


def session_day(options: ConvertOptions) -> datetime.date:
    """Return the live session's date: the one given, else the date of ``SOURCE_DATE_EPOCH``."""
    return options.session_date or datetime.date(*zip_date_time()[:3])


def journey_calendar(course: Course, options: ConvertOptions) -> bytes:
    """Return ``journey.ics``: the live session and each micro-item as an all-day event."""
    try:
        import icalendar
    except ImportError as error:
        raise MissingDependencyError(f"journey.ics needs icalendar: {INSTALL_HINT}") from error
    day = session_day(options)
    stamp = datetime.datetime(*zip_date_time(), tzinfo=datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//classroom-to-elearning//c2e journey//EN")
    calendar.add("version", "2.0")
    words = document_words(course.language)
    calendar.add("x-wr-calname", fill(words["calendar-name"], title=course.title))
    live = fill(words["minutes"], minutes=round(course.live.minutes))
    events = [(f"live@{course.id}", 0, fill(words["calendar-live"], title=course.title, duration=live), "")]
    events += [(f"{item.id}@{course.id}", item.day_offset,
                fill(words["calendar-micro"], title=item.title,
                     duration=fill(words["minutes"], minutes=f"{item.minutes:g}")),
                spans_text(item.takeaway)) for item in course.micro_items]
    for uid, offset, summary, description in events:
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", day + datetime.timedelta(days=offset))
        event.add("summary", summary)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


class JourneyPackager:
    """Writes ``NAME-journey/``: ``journey.json`` and ``journey.ics``."""

    name = "journey"
    requires = (("icalendar", "icalendar", INSTALL_HINT),)
    description = "the blended journey as data: journey.json (stages, modules, live plan, micro-items, job aids) " \
                  "and journey.ics (the micro-items' schedule)"
    targets: tuple[TargetKind, ...] = ("folder", "zip")

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write both files to ``target`` atomically; raises ``MissingDependencyError`` without icalendar."""
        document = journey_document(course, options).model_dump(mode="json")
        files = {"journey.json": (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                 "journey.ics": journey_calendar(course, options)}
        return Result.of(write_target(target, files, first=("journey.json",)))
