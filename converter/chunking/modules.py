"""Chunker: one or more source documents to one course.

Each learner source (deck, handout, reference) becomes modules of screens, one screen per visible unit, sized to
the target minutes along the source's sections and headings (``sizing``, minutes from ``timing``); the modules
follow the sources' order, each with its objectives (``objectives``) and a delivery-mode recommendation
(``delivery``). A facilitator guide becomes the live-session plan; activity slides and sections (``journey.py``)
leave the self-paced modules for it. Facilitator cues leave the learner's screens for the screen's
``facilitator`` layer. Every id comes from the sources' own identity (``model.identity``).
"""

from __future__ import annotations

from collections.abc import Sequence
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
    Objective,
    Question,
    Screen,
    SourceDocument,
    SourceInfo,
    SourceRole,
    Timing,
    Unit,
    UnitRef,
    assign_ids,
    course_id,
    screen_id,
    slugify,
    source_scope,
)
from ..model.identity import group_id, unit_key
from ..options import ConvertOptions
from ..result import Messages, Result
from .delivery import recommend_delivery
from .generated import generate_questions
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
from .objectives import align_objectives, read_objectives
from .questions import cue_questions, read_checks
from .sizing import UnitGroup, size_units
from .timing import timing_of, unit_minutes

DEFAULT_ROLES: dict[str, SourceRole] = {"pptx": "deck"}
"""A source's role when nobody named it: decks are decks, everything else a handout."""


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
    timing = timing_of(options)
    scopes = [source_scope(doc.source, len(docs)) for doc in docs]
    docs = [assign_ids(doc, scope) for doc, scope in zip(docs, scopes, strict=True)]
    primary = next((doc for doc in docs if role_of(doc.source) == "deck"), docs[0])
    modules: list[Module] = []
    guide: list[LiveItem] = []
    slides: list[LiveItem] = []
    questions: list[Question] = []
    read: list[Objective] = []
    for doc, scope in zip(docs, scopes, strict=True):
        if role_of(doc.source) == "facilitator-guide":
            guide.extend(_activity(doc, unit, scope, timing, True) for unit in doc.units if not unit.hidden)
            questions.extend(q for unit in doc.units if not unit.hidden for q in cue_questions(unit))
        else:
            learner, live = split_activities(_learner_units(doc, options, messages), options.builds("live"))
            slides.extend(_activity(doc, unit, scope, timing) for unit in live)
            read.extend(read_objectives(learner, scope))
            modules.extend(_modules(doc, learner, live, scope, timing, messages, questions))
    activities = plan_live(guide, slides)
    modules, objectives = align_objectives(modules, read)
    _report_unmapped(objectives, modules, messages)
    modules, generated = generate_questions(modules, primary.language, options.generated_questions, messages)
    questions.extend(generated)
    modules, job_aids = _with_job_aids(modules) if options.builds("performance-support") else (modules, [])
    offsets = sorted(set(options.micro_offsets)) if options.builds("reinforcement") else []
    course = Course(
        schema_version=SCHEMA_VERSION,
        id=course_id(options.course_id, primary.source),
        name=options.name or slugify(PurePath(primary.source.name).stem, max_length=60) or "course",
        title=options.title or primary.title,
        language=primary.language,
        sources=tuple(doc.source.model_copy(update={"role": role_of(doc.source)}) for doc in docs),
        modules=tuple(modules),
        objectives=tuple(objectives),
        live=LivePlan(activities=tuple(activities), minutes=round(sum(a.minutes for a in activities), 2)),
        questions=tuple(questions),
        job_aids=tuple(job_aids),
        micro_items=micro_items(modules, offsets, timing, questions),
        assets=_used_assets(docs, modules, activities),
        timing=timing,
    )
    return Result.of(course, messages)


def _report_unmapped(objectives: Sequence[Objective], modules: Sequence[Module], messages: Messages) -> None:
    """Say which objectives read from the sources no module covers (they stay course objectives)."""
    mapped = {objective for module in modules for objective in module.objectives}
    for objective in objectives:
        if objective.id not in mapped and objective.where is not None:
            messages.info("journey.objective-unmapped", f"no module covers the objective {objective.text!r}; it "
                          "stays an objective of the whole course", objective.where)


def _modules(doc: SourceDocument, units: list[Unit], live: list[Unit], scope: str, timing: Timing,
             messages: Messages, questions: list[Question]) -> list[Module]:
    """Return the modules of one source's learner ``units`` (sized, each with its delivery recommendation from
    its content and the ``live`` activity units among its slides); the questions read join ``questions``."""
    checks = read_checks(units, scope, messages)
    minutes = [unit_minutes(unit, timing, len(checks[unit.index].questions)) for unit in units]
    screen_minutes = {unit.index: value for unit, value in zip(units, minutes, strict=True)}
    groups = _distinct(size_units(units, minutes, timing))
    modules = []
    placed: list[Question] = []
    for rank, group in enumerate(groups):
        found = [_stands_for(doc, unit, question) if checks[unit.index].quiz else question
                 for unit in group.units for question in checks[unit.index].questions]
        quiz = {unit.index for unit in group.units if checks[unit.index].quiz}
        module = _module(doc, group, scope, screen_minutes, quiz)
        next_start = groups[rank + 1].units[0].index if rank + 1 < len(groups) else None
        kinds = [kind for unit in live if _within(unit.index, group.units[0].index, next_start)
                 for kind in (activity_kind(unit),) if kind]
        modules.append(module.model_copy(update={"questions": tuple(question.id for question in found),
                                                 "delivery": recommend_delivery(module, kinds)}))
        placed.extend(found)
    questions.extend(placed)
    return _relinked(modules, placed)


def _stands_for(doc: SourceDocument, unit: Unit, question: Question) -> Question:
    """Return a quiz slide's question holding the slide: the player shows it as a check instead of a screen."""
    return question.model_copy(update={"units": (_unit_ref(doc, unit),)})


def _within(index: int, start: int, end: int | None) -> bool:
    """Return whether a unit index falls in a module's span (from its first unit to the next module's)."""
    return index >= start and (end is None or index < end)


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
    """Return ``units`` cut into modules of about ``options.module_minutes`` (see ``sizing``), at least one
    group when ``units`` is not empty (knowledge checks not counted: see ``build_course`` for those)."""
    timing = timing_of(options)
    return size_units(units, [unit_minutes(unit, timing) for unit in units], timing)


def _module(doc: SourceDocument, group: UnitGroup, scope: str, minutes: dict[int, float],
            quiz: set[int]) -> Module:
    """Return the module of ``group``; ``minutes``: each unit's learner minutes, by unit index; the ``quiz``
    units (by index) are shown as knowledge checks, not screens, and still count in the module's minutes."""
    screens = tuple(_screen(doc, unit, scope, minutes[unit.index]) for unit in group.units if unit.index not in quiz)
    return Module(
        id=group_id("mod", scope, group.key),
        title=group.title,
        screens=screens,
        minutes=round(sum(minutes[unit.index] for unit in group.units), 2),
    )


def split_cues(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Cue, ...]]:
    """Return (what a learner sees, the facilitator cues) of a unit's blocks, each in source order."""
    learner = tuple(block for block in blocks if not isinstance(block, Cue))
    cues = tuple(block for block in blocks if isinstance(block, Cue))
    return learner, cues


def _unit_ref(doc: SourceDocument, unit: Unit) -> UnitRef:
    return UnitRef(file=doc.source.name, index=unit.index, key=unit_key(unit))


def _screen(doc: SourceDocument, unit: Unit, scope: str, minutes: float) -> Screen:
    blocks, cues = split_cues(unit.blocks)
    return Screen(
        id=screen_id(scope, unit),
        title=unit.title or f"{unit.kind.capitalize()} {unit.index}",
        blocks=blocks,
        notes=unit.notes,
        facilitator=cues,
        units=(_unit_ref(doc, unit),),
        where=unit.where,
        minutes=minutes,
    )


def _activity(doc: SourceDocument, unit: Unit, scope: str, timing: Timing,
              guide: bool = False) -> LiveItem:
    """Return a facilitator-guide unit or an activity slide as one activity of the live plan.

    Minutes: the source's own, else an estimate by kind for an activity, else the guide text's reading time."""
    blocks, cues = split_cues(unit.blocks)
    kind = activity_kind(unit, bare_word=True if guide else None)
    timed = explicit_minutes(unit)
    estimate = ESTIMATED_MINUTES[kind] if kind else unit_minutes(unit, timing)
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
