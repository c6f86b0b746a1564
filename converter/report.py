"""The conversion report: counts per unit of what was extracted, and every message located on that unit."""

from __future__ import annotations

from collections import Counter

from . import __version__
from .model import SCHEMA_VERSION, Course, SourceDocument, Unit, block_text
from .model.report import Report, UnitReport
from .result import Level, Message

COUNTED_KINDS = ("heading", "paragraph", "list", "table", "image", "chart", "media", "quote")


def count_unit(unit: Unit) -> dict[str, int]:
    """Return what a unit holds: blocks by kind, list items, words of the body and of the notes."""
    counts = Counter({kind: 0 for kind in COUNTED_KINDS})
    counts.update(block.kind for block in unit.blocks)
    counts["list_items"] = sum(len(block.items) for block in unit.blocks if block.kind == "list")
    counts["images_without_alt"] = sum(1 for b in unit.blocks if b.kind == "image" and not b.alt and not b.decorative)
    counts["words"] = sum(len(block_text(block).split()) for block in unit.blocks) + len((unit.title or "").split())
    counts["notes_words"] = sum(len(block_text(block).split()) for block in unit.notes)
    return dict(counts)


def build_report(source: SourceDocument, course: Course | None, messages: tuple[Message, ...], *,
                 format_name: str, package: str | None) -> Report:
    """Return the report of one conversion; messages without a unit are listed at document level."""
    in_course = {unit for screen in (course.screens() if course else []) for unit in screen.source_units}
    by_unit: dict[int, list[Message]] = {}
    loose = []
    for message in messages:
        if message.where is not None and message.where.unit is not None:
            by_unit.setdefault(message.where.unit, []).append(message)
        else:
            loose.append(message)
    units = tuple(
        UnitReport(index=unit.index, kind=unit.kind, title=unit.title, hidden=unit.hidden,
                   in_course=unit.index in in_course, counts=count_unit(unit),
                   messages=tuple(by_unit.get(unit.index, ())))
        for unit in source.units
    )
    totals = Counter()
    for unit in units:
        totals.update(unit.counts)
    totals["units"] = len(units)
    totals["screens"] = len(in_course)
    totals["warnings"] = sum(1 for m in messages if m.level is Level.WARNING)
    totals["errors"] = sum(1 for m in messages if m.level is Level.ERROR)
    return Report(schema_version=SCHEMA_VERSION, tool=f"c2e {__version__}", source=source.source,
                  format=format_name, package=package, totals=dict(sorted(totals.items())), units=units,
                  messages=tuple(loose))
