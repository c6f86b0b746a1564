"""Journey packager: the blended journey as data, ``NAME-journey/journey.json`` and ``journey.ics``.

``journey.json`` follows ``converter/model/schema/journey-1.0.json`` (the ``JourneyDocument`` model below): the
rates the minutes were estimated with (``timing``) and how many modules fit the target (``sizing``), the stages
built with their minutes, the objectives, every pre-learning module (id, title, minutes and fit, objective and
question ids, screen ids, delivery mode with reasons), the live plan's activities, the micro-items with their day offsets and the job aids with their pages.
``journey.ics`` is an iCalendar file: the live session on day 0 and one all-day event per micro-item, dated from
``ConvertOptions.session_date`` (when unset: the date of ``SOURCE_DATE_EPOCH``, default 1980-01-01, so the file
stays deterministic; set the date to get a usable calendar); its event summaries are in the course's language
(``packagers._messages.document_words``), while ``journey.json`` is data (English keys and enum values).
The calendar is written here, to RFC 5545 (``ics_text``, ``ics_line``): no third-party library, nothing to install.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

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
CALENDAR_PRODID = "-//classroom-to-elearning//c2e journey//EN"
ICS_LINE_OCTETS = 75
"""RFC 5545 3.1: a content line longer than this many octets (the CRLF not counted) is folded."""
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""What a TEXT value (RFC 5545 3.3.11) or XML cannot hold: controls other than tab and newline (CONTROL), lone
surrogates (no UTF-8 form) and the non-characters U+FFFE, U+FFFF."""
_FOLD_UNITS = re.compile(r"\\.|.", re.DOTALL)
"""What a fold never splits: an escape (backslash and the character it escapes), else one character."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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


def ics_text(value: str) -> str:
    """Return ``value`` as an RFC 5545 TEXT value (3.3.11): CRLF and CR read as newlines, what TEXT cannot hold
    dropped (see ``_NOT_TEXT``), then backslash, ``;``, ``,`` and newline escaped (``\\\\``, ``\\;``, ``\\,``,
    ``\\n``)."""
    text = _NOT_TEXT.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_date(day: datetime.date) -> str:
    """Return ``day`` as an RFC 5545 DATE value (3.3.4): ``YYYYMMDD``."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def ics_utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str:
    """Return a UTC time as an RFC 5545 DATE-TIME value in UTC form (3.3.5): ``YYYYMMDDTHHMMSSZ``."""
    return f"{ics_date(datetime.date(year, month, day))}T{hour:02d}{minute:02d}{second:02d}Z"


def ics_line(line: str) -> bytes:
    """Return one content line as UTF-8 ending in CRLF, folded (RFC 5545 3.1) so that no line is longer than
    ``ICS_LINE_OCTETS`` octets: each fold is a CRLF and one space, between two characters (never inside a UTF-8
    sequence) and never inside an escape, so unfolding gives back ``line`` exactly."""
    octets = line.encode("utf-8")
    if len(octets) <= ICS_LINE_OCTETS:
        return octets + b"\r\n"
    lines: list[bytes] = []
    current = bytearray()
    for unit in _FOLD_UNITS.findall(line):
        encoded = unit.encode("utf-8")
        if len(current) + len(encoded) > ICS_LINE_OCTETS:
            lines.append(bytes(current))
            current = bytearray(b" ")
        current += encoded
    lines.append(bytes(current))
    return b"\r\n".join(lines) + b"\r\n"


def ics_event(uid: str, stamp: str, day: datetime.date, summary: str, description: str) -> list[str]:
    """Return the content lines of one all-day VEVENT (RFC 5545 3.6.1), unfolded; its DESCRIPTION only when it
    has text. Properties in a fixed order (icalendar's: SUMMARY, DTSTART, DTSTAMP, UID, DESCRIPTION)."""
    lines = ["BEGIN:VEVENT", f"SUMMARY:{ics_text(summary)}", f"DTSTART;VALUE=DATE:{ics_date(day)}",
             f"DTSTAMP:{stamp}", f"UID:{ics_text(uid)}"]
    if text := ics_text(description):
        lines.append(f"DESCRIPTION:{text}")
    return [*lines, "END:VEVENT"]


def journey_calendar(course: Course, options: ConvertOptions) -> bytes:
    """Return ``journey.ics`` (RFC 5545, UTF-8, CRLF lines): the live session and each micro-item as an all-day
    event; the same bytes for the same course, options and ``SOURCE_DATE_EPOCH``."""
    day = session_day(options)
    stamp = ics_utc(*zip_date_time())
    words = document_words(course.language)
    live = fill(words["minutes"], minutes=round(course.live.minutes))
    events = [(f"live@{course.id}", 0, fill(words["calendar-live"], title=course.title, duration=live), "")]
    events += [(f"{item.id}@{course.id}", item.day_offset,
                fill(words["calendar-micro"], title=item.title,
                     duration=fill(words["minutes"], minutes=f"{item.minutes:g}")),
                spans_text(item.takeaway)) for item in course.micro_items]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ics_text(CALENDAR_PRODID)}",
             f"X-WR-CALNAME:{ics_text(fill(words['calendar-name'], title=course.title))}"]
    for uid, offset, summary, description in events:
        lines += ics_event(uid, stamp, day + datetime.timedelta(days=offset), summary, description)
    lines.append("END:VCALENDAR")
    return b"".join(ics_line(line) for line in lines)


class JourneyPackager:
    """Writes ``NAME-journey/``: ``journey.json`` and ``journey.ics``."""

    name = "journey"
    description = "the blended journey as data: journey.json (stages, modules, live plan, micro-items, job aids) " \
                  "and journey.ics (the micro-items' schedule)"
    targets: tuple[TargetKind, ...] = ("folder", "zip")

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write both files to ``target`` atomically."""
        document = journey_document(course, options).model_dump(mode="json")
        files = {"journey.json": (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                 "journey.ics": journey_calendar(course, options)}
        return Result.of(write_target(target, files, first=("journey.json",)))
