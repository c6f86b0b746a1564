"""Chunker v1: modules from PowerPoint sections, else section-header slides, else a time budget.

One screen per unit; a unit's speaker notes stay with its screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import SCHEMA_VERSION, Course, Module, Screen, SourceDocument, Unit, block_text, make_id
from ..options import ConvertOptions
from ..result import Messages, Result
from .links import relink_blocks

SECONDS_PER_SCREEN = 20.0
"""Time a learner spends on a screen beyond reading: looking at pictures, using the buttons."""


@dataclass(frozen=True)
class UnitGroup:
    """A run of units that will become one module, with the module's title."""

    title: str
    units: tuple[Unit, ...]


def build_course(doc: SourceDocument, options: ConvertOptions) -> Result[Course]:
    """Return the course for ``doc``: grouped into modules, one screen per (visible) unit."""
    messages = Messages()
    units = _learner_units(doc, options, messages)
    groups = group_units(units, options)
    modules = tuple(_module(doc, group, number, options) for number, group in enumerate(groups, start=1))
    modules = _relinked(modules)
    course = Course(
        schema_version=SCHEMA_VERSION,
        id=make_id("crs", options.title or doc.title, doc.source.name),
        title=options.title or doc.title,
        language=doc.language,
        source=doc.source,
        modules=modules,
        assets=_used_assets(doc, modules),
    )
    return Result.of(course, messages)


def _learner_units(doc: SourceDocument, options: ConvertOptions, messages: Messages) -> list[Unit]:
    """Return the units a learner sees: hidden slides stay out unless asked for, and say so."""
    kept = []
    for unit in doc.units:
        if unit.hidden and not options.include_hidden:
            messages.info(
                "chunk.hidden-unit-skipped",
                f"hidden {unit.kind} {unit.index} ({unit.title or 'untitled'}) is left out; "
                "use --include-hidden to keep it",
                unit.where,
            )
            continue
        kept.append(unit)
    return kept


def group_units(units: list[Unit], options: ConvertOptions) -> list[UnitGroup]:
    """Group units into modules by the strongest structure the source has.

    PowerPoint sections win; else each section-header slide opens a module; else modules are cut by
    ``options.module_minutes``. Returns at least one group when ``units`` is not empty.
    """
    if not units:
        return []
    if any(unit.section for unit in units):
        return _by_key(units, lambda unit: unit.section or "")
    if any(unit.role == "section-header" for unit in units[1:]):
        return _by_section_headers(units)
    return _by_budget(units, options)


def _by_key(units: list[Unit], key) -> list[UnitGroup]:
    groups: list[list[Unit]] = []
    for unit in units:
        if not groups or key(groups[-1][-1]) != key(unit):
            groups.append([])
        groups[-1].append(unit)
    return [UnitGroup(key(group[0]) or _first_title(group), tuple(group)) for group in groups]


def _by_section_headers(units: list[Unit]) -> list[UnitGroup]:
    groups: list[list[Unit]] = [[]]
    for unit in units:
        if unit.role == "section-header" and groups[-1]:
            groups.append([])
        groups[-1].append(unit)
    return [UnitGroup(_first_title(group), tuple(group)) for group in groups]


def _by_budget(units: list[Unit], options: ConvertOptions) -> list[UnitGroup]:
    groups: list[list[Unit]] = [[]]
    minutes = 0.0
    for unit in units:
        unit_minutes = unit_minutes_of(unit, options)
        if groups[-1] and minutes + unit_minutes > options.module_minutes:
            groups.append([])
            minutes = 0.0
        groups[-1].append(unit)
        minutes += unit_minutes
    return [UnitGroup(_first_title(group), tuple(group)) for group in groups]


def _first_title(units: list[Unit] | tuple[Unit, ...]) -> str:
    for unit in units:
        if unit.title:
            return unit.title
    return f"Part starting at {units[0].kind} {units[0].index}"


def unit_minutes_of(unit: Unit, options: ConvertOptions) -> float:
    """Return the estimated learner minutes for a unit: its words (body and notes) read aloud, plus a pause."""
    words = sum(len(block_text(block).split()) for block in (*unit.blocks, *unit.notes))
    words += len((unit.title or "").split())
    return round(words / options.words_per_minute + SECONDS_PER_SCREEN / 60, 2)


def _module(doc: SourceDocument, group: UnitGroup, number: int, options: ConvertOptions) -> Module:
    screens = tuple(_screen(doc, unit, options) for unit in group.units)
    return Module(
        id=make_id("mod", group.title, doc.source.name, str(number), str(group.units[0].index)),
        title=group.title,
        screens=screens,
        minutes=round(sum(screen.minutes for screen in screens), 2),
    )


def _screen(doc: SourceDocument, unit: Unit, options: ConvertOptions) -> Screen:
    title = unit.title or f"{unit.kind.capitalize()} {unit.index}"
    return Screen(
        id=make_id("scr", title, doc.source.name, unit.kind, str(unit.index)),
        title=title,
        blocks=unit.blocks,
        notes=unit.notes,
        source_units=(unit.index,),
        where=unit.where,
        minutes=unit_minutes_of(unit, options),
    )


def _relinked(modules: tuple[Module, ...]) -> tuple[Module, ...]:
    """Return the modules with slide and page jumps pointed at the screens those units became."""
    screens = {unit: screen.id for module in modules for screen in module.screens for unit in screen.source_units}
    return tuple(
        module.model_copy(update={"screens": tuple(
            screen.model_copy(update={"blocks": relink_blocks(screen.blocks, screens),
                                      "notes": relink_blocks(screen.notes, screens)})
            for screen in module.screens)})
        for module in modules
    )


def _used_assets(doc: SourceDocument, modules: tuple[Module, ...]):
    used = {
        ref
        for module in modules
        for screen in module.screens
        for block in (*screen.blocks, *screen.notes)
        for ref in (getattr(block, "asset", None),)
        if ref
    }
    return tuple(asset for asset in doc.assets if asset.id in used)
