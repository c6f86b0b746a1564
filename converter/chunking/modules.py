"""Chunker: one or more source documents to one course.

Each learner source (deck, handout, reference) becomes modules of screens, one screen per visible unit, grouped
by PowerPoint sections, else section-header slides, else a time budget; the modules follow the sources' order.
A facilitator guide becomes the live-session plan; activity slides and sections (``journey.py``) leave the
self-paced modules for it. Facilitator cues leave the learner's screens for the screen's ``facilitator`` layer. Every id comes from the sources' own identity (``model.identity``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..model import (
    SCHEMA_VERSION,
    Activity,
    Asset,
    Block,
    Course,
    Cue,
    JobAid,
    LivePlan,
    Module,
    Question,
    Screen,
    SourceDocument,
    SourceInfo,
    SourceRole,
    Unit,
    UnitRef,
    assign_ids,
    block_text,
    course_id,
    screen_id,
    slugify,
    source_scope,
)
from ..model.identity import group_id, unit_key
from ..options import ConvertOptions
from ..result import Messages, Result
from .journey import (
    ESTIMATED_MINUTES,
    LiveItem,
    activity_kind,
    explicit_minutes,
    lift_job_aids,
    micro_items,
    plan_live,
    split_activities,
)
from .links import relink_blocks
from .questions import cue_questions, read_checks

SECONDS_PER_SCREEN = 20.0
"""Time a learner spends on a screen beyond reading: looking at pictures, using the buttons."""
DEFAULT_ROLES: dict[str, SourceRole] = {"pptx": "deck"}
"""A source's role when nobody named it: decks are decks, everything else a handout."""


@dataclass(frozen=True)
class UnitGroup:
    """A run of units that will become one module: its title and the key its id is made from."""

    title: str
    key: str
    units: tuple[Unit, ...]


def role_of(info: SourceInfo) -> SourceRole:
    """Return the source's role: the one it was given, else what its format usually is."""
    return info.role or DEFAULT_ROLES.get(info.format.split("+")[0], "handout")


def build_course(docs: SourceDocument | Sequence[SourceDocument], options: ConvertOptions) -> Result[Course]:
    """Return one course built from ``docs`` (in the order given); the first deck, else the first source, is
    primary: it names the course and gives its language and id. Raises ValueError for a bad author course id."""
    docs = [docs] if isinstance(docs, SourceDocument) else list(docs)
    if not docs:
        raise ValueError("a course needs at least one source")
    messages = Messages()
    scopes = [source_scope(doc.source, len(docs)) for doc in docs]
    docs = [assign_ids(doc, scope) for doc, scope in zip(docs, scopes, strict=True)]
    primary = next((doc for doc in docs if role_of(doc.source) == "deck"), docs[0])
    modules: list[Module] = []
    guide: list[LiveItem] = []
    slides: list[LiveItem] = []
    questions: list[Question] = []
    for doc, scope in zip(docs, scopes, strict=True):
        if role_of(doc.source) == "facilitator-guide":
            guide.extend(_activity(doc, unit, scope, options, True) for unit in doc.units if not unit.hidden)
            questions.extend(q for unit in doc.units if not unit.hidden for q in cue_questions(unit))
        else:
            learner, live = split_activities(_learner_units(doc, options, messages), options.live_activities)
            slides.extend(_activity(doc, unit, scope, options) for unit in live)
            modules.extend(_modules(doc, learner, scope, options, messages, questions))
    activities = plan_live(guide, slides)
    modules, job_aids = _with_job_aids(modules) if options.job_aids else (modules, [])
    course = Course(
        schema_version=SCHEMA_VERSION,
        id=course_id(options.course_id, primary.source),
        name=options.name or slugify(PurePath(primary.source.name).stem, max_length=60) or "course",
        title=options.title or primary.title,
        language=primary.language,
        sources=tuple(doc.source.model_copy(update={"role": role_of(doc.source)}) for doc in docs),
        modules=tuple(modules),
        live=LivePlan(activities=tuple(activities), minutes=round(sum(a.minutes for a in activities), 2)),
        questions=tuple(questions),
        job_aids=tuple(job_aids),
        micro_items=micro_items(modules, sorted(set(options.micro_offsets)), options.words_per_minute),
        assets=_used_assets(docs, modules, activities),
    )
    return Result.of(course, messages)


def _modules(doc: SourceDocument, units: list[Unit], scope: str, options: ConvertOptions, messages: Messages,
             questions: list[Question]) -> list[Module]:
    """Return the modules of one source's learner ``units``; the questions read from them join ``questions``."""
    checks = read_checks(units, scope, messages)
    modules = []
    placed: list[Question] = []
    for group in _distinct(group_units(units, options)):
        found = [_stands_for(doc, unit, question) if checks[unit.index].quiz else question
                 for unit in group.units for question in checks[unit.index].questions]
        screens = UnitGroup(group.title, group.key, tuple(u for u in group.units if not checks[u.index].quiz))
        module = _module(doc, screens, scope, options)
        modules.append(module.model_copy(update={"questions": tuple(question.id for question in found)}))
        placed.extend(found)
    questions.extend(placed)
    return _relinked(modules, placed)


def _stands_for(doc: SourceDocument, unit: Unit, question: Question) -> Question:
    """Return a quiz slide's question holding the slide: the player shows it as a check instead of a screen."""
    return question.model_copy(update={"units": (_unit_ref(doc, unit),)})


def _distinct(groups: list[UnitGroup]) -> list[UnitGroup]:
    """Return the groups with repeated keys (two sections of the same name) made distinct by their rank."""
    seen: dict[str, int] = {}
    distinct = []
    for group in groups:
        seen[group.key] = seen.get(group.key, 0) + 1
        rank = seen[group.key]
        distinct.append(group if rank == 1 else UnitGroup(group.title, f"{group.key}#{rank}", group.units))
    return distinct


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
                instead="left out",
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
        return _by_section(units)
    if any(unit.role == "section-header" for unit in units[1:]):
        return _split(units, lambda unit, group: unit.role == "section-header")
    budget = _Budget(options)
    return _split(units, budget.full)


def _by_section(units: list[Unit]) -> list[UnitGroup]:
    groups: list[list[Unit]] = []
    for unit in units:
        if not groups or groups[-1][-1].section != unit.section:
            groups.append([])
        groups[-1].append(unit)
    return [UnitGroup(group[0].section or _first_title(group), f"section:{group[0].section or ''}:"
                      + ("" if group[0].section else unit_key(group[0])), tuple(group)) for group in groups]


def _split(units: list[Unit], opens: Callable[[Unit, list[Unit]], bool]) -> list[UnitGroup]:
    """Cut ``units`` before each unit for which ``opens(unit, current group)`` is true."""
    groups: list[list[Unit]] = [[]]
    for unit in units:
        if groups[-1] and opens(unit, groups[-1]):
            groups.append([])
        groups[-1].append(unit)
    return [UnitGroup(_first_title(group), f"unit:{unit_key(group[0])}", tuple(group)) for group in groups]


class _Budget:
    """Opens a new group when the current one would pass ``options.module_minutes``."""

    def __init__(self, options: ConvertOptions) -> None:
        self.options = options

    def full(self, unit: Unit, group: list[Unit]) -> bool:
        minutes = sum(unit_minutes_of(member, self.options) for member in group)
        return minutes + unit_minutes_of(unit, self.options) > self.options.module_minutes


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


def _module(doc: SourceDocument, group: UnitGroup, scope: str, options: ConvertOptions) -> Module:
    screens = tuple(_screen(doc, unit, scope, options) for unit in group.units)
    return Module(
        id=group_id("mod", scope, group.key),
        title=group.title,
        screens=screens,
        minutes=round(sum(screen.minutes for screen in screens), 2),
    )


def split_cues(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Cue, ...]]:
    """Return (what a learner sees, the facilitator cues) of a unit's blocks, each in source order."""
    learner = tuple(block for block in blocks if not isinstance(block, Cue))
    cues = tuple(block for block in blocks if isinstance(block, Cue))
    return learner, cues


def _unit_ref(doc: SourceDocument, unit: Unit) -> UnitRef:
    return UnitRef(file=doc.source.name, index=unit.index, key=unit_key(unit))


def _screen(doc: SourceDocument, unit: Unit, scope: str, options: ConvertOptions) -> Screen:
    blocks, cues = split_cues(unit.blocks)
    return Screen(
        id=screen_id(scope, unit),
        title=unit.title or f"{unit.kind.capitalize()} {unit.index}",
        blocks=blocks,
        notes=unit.notes,
        facilitator=cues,
        units=(_unit_ref(doc, unit),),
        where=unit.where,
        minutes=unit_minutes_of(unit, options),
    )


def _activity(doc: SourceDocument, unit: Unit, scope: str, options: ConvertOptions,
              guide: bool = False) -> LiveItem:
    """Return a facilitator-guide unit or an activity slide as one activity of the live plan.

    Minutes: the source's own, else an estimate by kind for an activity, else the guide text's reading time."""
    blocks, cues = split_cues(unit.blocks)
    kind = activity_kind(unit, bare_word=True if guide else None)
    timed = explicit_minutes(unit)
    estimate = ESTIMATED_MINUTES[kind] if kind else unit_minutes_of(unit, options)
    return LiveItem(Activity(
        id=group_id("act", scope, unit_key(unit)),
        title=unit.title or f"{unit.kind.capitalize()} {unit.index}",
        kind=kind or "other",
        minutes=round(timed or estimate, 2),
        blocks=blocks,
        notes=unit.notes,
        cues=cues,
        units=(_unit_ref(doc, unit),),
        where=unit.where,
    ), timed is not None)


def _with_job_aids(modules: list[Module]) -> tuple[list[Module], list[JobAid]]:
    """Return the modules with their job aids' blocks lifted out of the screens (``journey.lift_job_aids``),
    and those job aids in learner order."""
    aids: list[JobAid] = []
    lifted = []
    for module in modules:
        screens = []
        for screen in module.screens:
            screen, found = lift_job_aids(screen)
            screens.append(screen)
            aids.extend(found)
        lifted.append(module.model_copy(update={"screens": tuple(screens)}))
    return lifted, aids


def _relinked(modules: list[Module], questions: Sequence[Question] = ()) -> list[Module]:
    """Return one source's modules with its slide and page jumps pointed at the screens (or checks) those units
    became."""
    screens = {ref.index: question.id for question in questions for ref in question.units}
    screens.update({ref.index: screen.id for module in modules for screen in module.screens for ref in screen.units})
    return [
        module.model_copy(update={"screens": tuple(
            screen.model_copy(update={"blocks": relink_blocks(screen.blocks, screens),
                                      "notes": relink_blocks(screen.notes, screens)})
            for screen in module.screens)})
        for module in modules
    ]


def _used_assets(docs: list[SourceDocument], modules: list[Module], activities: Sequence[Activity]) -> tuple[Asset, ...]:
    """Return the assets the course shows, each once, in the order of the sources' asset lists."""
    blocks = [block for module in modules for screen in module.screens for block in (*screen.blocks, *screen.notes)]
    blocks += [block for activity in activities for block in (*activity.blocks, *activity.notes)]
    used = {ref for block in blocks for ref in (getattr(block, "asset", None),) if ref}
    found: dict[str, Asset] = {}
    for doc in docs:
        for asset in doc.assets:
            if asset.id in used:
                found.setdefault(asset.id, asset)
    return tuple(found.values())
