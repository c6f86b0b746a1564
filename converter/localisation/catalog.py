"""The translation catalogue: a course's strings as units, the form every XLIFF version is read into and
written from, and how a course becomes one (``export``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from ..model import Course, Span
from .content import Content, from_spans
from .walk import Place, walk

State = Literal["initial", "translated", "reviewed", "final"]
"""A unit's translation state in XLIFF 2's words (XLIFF 1.2's are mapped onto these)."""
Flag = Literal["", "new", "changed"]
"""What ``xliff update`` says of a unit: new in this revision, or its source changed since it was translated."""
VERSIONS = ("2.1", "1.2")


@dataclass(frozen=True)
class Unit:
    """One translatable string: its id, source and target content, state, and what a translator is told."""

    id: str
    source: Content
    target: Content | None = None
    state: State = "initial"
    flag: Flag = ""
    note: str = ""
    role: str = ""
    max_length: int | None = None
    rich: bool = True
    previous: tuple[Content, Content] | None = None
    """The old source and translation ``xliff update`` offers for a changed unit."""

    @property
    def translated(self) -> bool:
        """Return whether the unit has a target with words in it (white space alone is no translation)."""
        return any((p if isinstance(p, str) else p.text).strip() for p in self.target or ())


@dataclass(frozen=True)
class Catalog:
    """The units of one course (``course_id``) from ``source_language`` into ``target_language``."""

    course_id: str
    source_language: str
    target_language: str | None
    units: tuple[Unit, ...]
    title: str = ""
    version: str = "2.1"

    def by_id(self) -> dict[str, Unit]:
        """Return the units by id."""
        return {unit.id: unit for unit in self.units}


@dataclass
class _Collector:
    """A visitor that records each string as a unit and changes nothing."""

    units: dict[str, Unit] = field(default_factory=dict)

    def add(self, uid: str, content: Content, place: Place, rich: bool) -> None:
        known = self.units.get(uid)
        if known is not None:  # the same string reused (one id, one translation): note the other place too
            self.units[uid] = replace(known, note=f"{known.note} | {place.describe()}")
            return
        self.units[uid] = Unit(uid, content, note=place.describe(), role=place.role, max_length=place.max_length,
                               rich=rich)

    def rich(self, uid: str, spans: tuple[Span, ...], place: Place) -> tuple[Span, ...]:
        self.add(uid, from_spans(spans), place, True)
        return spans

    def plain(self, uid: str, text: str, place: Place) -> str:
        self.add(uid, (text,), place, False)
        return text


def export(course: Course, target_language: str | None = None, source_language: str | None = None) -> Catalog:
    """Return every translatable string of ``course`` as a catalogue without targets.

    The source language is the course's, else ``source_language``, else ``en``."""
    collector = _Collector()
    walk(course, collector)
    return Catalog(course.id, source_language or course.language or "en", target_language,
                   tuple(collector.units.values()), course.title)
