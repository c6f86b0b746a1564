"""The conversion report: per source and unit, counts of what was extracted and every message located there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .model import SCHEMA_VERSION, Course, SourceDocument, SourceInfo, Unit, block_text
from .model.report import Report, SourceReport, UnitReport
from .result import Level, Message

COUNTED_KINDS = ("heading", "paragraph", "list", "table", "image", "chart", "media", "quote", "cue")


def count_unit(unit: Unit) -> dict[str, int]:
    """Return what a unit holds: blocks by kind, list items, words of the body and of the notes."""
    counts = Counter({kind: 0 for kind in COUNTED_KINDS})
    counts.update(block.kind for block in unit.blocks)
    counts["list_items"] = sum(len(block.items) for block in unit.blocks if block.kind == "list")
    counts["images_without_alt"] = sum(1 for b in unit.blocks if b.kind == "image" and not b.alt and not b.decorative)
    counts["words"] = sum(len(block_text(block).split()) for block in unit.blocks) + len((unit.title or "").split())
    counts["notes_words"] = sum(len(block_text(block).split()) for block in unit.notes)
    return dict(counts)


def _placed(course: Course | None) -> set[tuple[str, int]]:
    """Return (file, unit index) of every unit the course shows on a screen or in the live plan."""
    if course is None:
        return set()
    refs = [ref for screen in course.screens() for ref in screen.units]
    refs += [ref for activity in course.live.activities for ref in activity.units]
    return {(ref.file, ref.index) for ref in refs}


def build_report(sources: Sequence[SourceDocument], course: Course | None, messages: Sequence[Message], *,
                 packages: dict[str, Path]) -> Report:
    """Return the report of one conversion; messages without a unit are listed at course level."""
    placed = _placed(course)
    known = {(doc.source.name, unit.index) for doc in sources for unit in doc.units}
    by_unit: dict[tuple[str, int], list[Message]] = {}
    loose = []
    for message in messages:
        key = (message.where.file, message.where.unit) if message.where and message.where.unit else None
        if key in known:
            by_unit.setdefault(key, []).append(message)
        else:  # not tied to a unit, or to one of a file a bridge converted first: listed for the course
            loose.append(message)
    infos = {info.name: info for info in course.sources} if course else {}
    reports = tuple(_source_report(doc, infos.get(doc.source.name, doc.source), placed, by_unit) for doc in sources)
    totals: Counter[str] = Counter()
    for unit in (unit for report in reports for unit in report.units):
        totals.update(unit.counts)
    totals["sources"] = len(reports)
    totals["units"] = sum(len(report.units) for report in reports)
    totals["screens"] = len(course.screens()) if course else 0
    totals["warnings"] = sum(1 for m in messages if m.level is Level.WARNING)
    totals["errors"] = sum(1 for m in messages if m.level is Level.ERROR)
    return Report(schema_version=SCHEMA_VERSION, tool=f"c2e {__version__}", course_id=course.id if course else "",
                  title=course.title if course else "", sources=reports,
                  packages={name: path.name for name, path in packages.items()},
                  totals=dict(sorted(totals.items())), messages=tuple(loose))


def _source_report(doc: SourceDocument, info: SourceInfo, placed: set[tuple[str, int]],
                   by_unit: dict[tuple[str, int], list[Message]]) -> SourceReport:
    name = doc.source.name
    units = tuple(
        UnitReport(index=unit.index, kind=unit.kind, title=unit.title, hidden=unit.hidden,
                   in_course=(name, unit.index) in placed, counts=count_unit(unit),
                   messages=tuple(by_unit.get((name, unit.index), ())))
        for unit in doc.units
    )
    return SourceReport(source=info, units=units)
