"""The course model: what the chunker builds from one or more source documents and every packager writes from.

A course is a blended learning journey: pre-learning ``modules`` of screens, a ``live`` session plan for the
facilitator, ``micro_items`` spaced after the session, ``job_aids`` for the job, plus the ``objectives`` and
``questions`` they refer to by id. Ids are stable across re-publishing (see ``identity.py``): an LMS keys a
learner's progress on them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .blocks import Block, Cue, Span
from .ids import language_tag
from .location import Location
from .source import Asset, SourceInfo

Stage = Literal["pre-learning", "live", "reinforcement", "performance-support"]
ModuleKind = Literal["lesson", "introduction", "summary", "assessment", "practice"]
QuestionKind = Literal["choice", "multiple-response", "true-false", "fill-in"]
ActivityKind = Literal["discussion", "exercise", "role-play", "case-study", "breakout", "q-and-a", "poll",
                       "presentation", "other"]
JobAidKind = Literal["checklist", "procedure", "reference"]
ModuleFit = Literal["within", "short-source", "short", "long"]
"""How a module's minutes sit against the target range: within it; shorter because its whole source is (it
cannot be longer); shorter; longer (one unit alone over the maximum, or a run that may not be cut)."""
DeliveryMode = Literal["elearning", "blended", "blended-facilitated", "ilt", "collaborative"]
LearningNeed = Literal["knowledge-transfer", "skill-development", "behavioural-change", "large-scale-rollout",
                       "complex-problem-solving"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class UnitRef(_Frozen):
    """Which source unit a screen (or activity, job aid) came from: file name, 1-based index and stable key."""

    file: str
    index: int = Field(ge=1)
    key: str = ""


class Screen(_Frozen):
    """One screen of a module: the learner sees ``blocks``; ``notes`` is the transcript (speaker notes);
    ``facilitator`` holds cues for the live session, never shown to learners.

    ``id`` comes from the source unit's own identity, so it survives edits elsewhere in the source.
    """

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    facilitator: tuple[Cue, ...] = ()
    units: tuple[UnitRef, ...] = ()
    where: Location
    minutes: float = Field(default=0.0, ge=0, description="estimated learner time")


class Delivery(_Frozen):
    """How a module is best delivered, from the learning need its content shows (``reasons``: the signals seen).

    The alignment: knowledge transfer -> eLearning; skill development -> ILT or blended; behavioural change ->
    blended with facilitation; large-scale rollout -> eLearning; complex problem solving -> ILT or collaborative.
    """

    mode: DeliveryMode
    need: LearningNeed
    reasons: tuple[str, ...] = ()


class Timing(_Frozen):
    """The rates and the module size the course's minutes were estimated with (stated in every output).

    A screen's minutes: its on-screen words at ``reading_wpm``, its notes (the transcript) at ``speaking_wpm``,
    its media's length (``media_minutes`` for a clip of unknown length), ``minutes_per_question`` per knowledge
    check, and ``seconds_per_screen`` of pause."""

    reading_wpm: int = Field(default=200, ge=1)
    speaking_wpm: int = Field(default=130, ge=1)
    minutes_per_question: float = Field(default=1.0, ge=0)
    seconds_per_screen: float = Field(default=20.0, ge=0)
    media_minutes: float = Field(default=1.0, ge=0, description="counted for a clip whose length is unknown")
    module_minutes: float = Field(default=10.0, gt=0, description="a module's target length")
    module_min: float = Field(default=5.0, ge=0)
    module_max: float = Field(default=15.0, gt=0)

    def within(self, minutes: float) -> bool:
        """Return whether a module of ``minutes`` is within the size range (min to max, inclusive)."""
        return self.module_min <= minutes <= self.module_max

    def describe(self) -> str:
        """Return the rates in one line, as the report and the README state them."""
        return (f"reading {self.reading_wpm} words/min, speaking {self.speaking_wpm} words/min (notes), "
                f"{self.minutes_per_question:g} min per question, {self.seconds_per_screen:g} s pause per screen, "
                f"{self.media_minutes:g} min per clip of unknown length")


class Module(_Frozen):
    """A self-paced module: an ordered run of screens, with the objectives it serves and its checks."""

    id: str
    title: str
    stage: Stage = "pre-learning"
    kind: ModuleKind = "lesson"
    screens: tuple[Screen, ...]
    minutes: float = Field(default=0.0, ge=0)
    objectives: tuple[str, ...] = Field(default=(), description="ids of ``Course.objectives``")
    questions: tuple[str, ...] = Field(default=(), description="ids of ``Course.questions`` (knowledge checks)")
    delivery: Delivery | None = Field(default=None, description="the recommended delivery mode, with reasons")


class Objective(_Frozen):
    """A learning objective; ``derived`` when c2e wrote it (for an author to review) rather than read it."""

    id: str
    text: str
    derived: bool = False
    where: Location | None = None


class Choice(_Frozen):
    id: str
    spans: tuple[Span, ...]
    correct: bool = False
    feedback: tuple[Span, ...] = ()


class Question(_Frozen):
    """A knowledge check: choices for choice/multiple-response/true-false, ``answers`` for fill-in.

    ``generated`` when c2e wrote it from the content rather than read it from a quiz slide.
    """

    id: str
    kind: QuestionKind
    prompt: tuple[Span, ...]
    choices: tuple[Choice, ...] = ()
    answers: tuple[str, ...] = Field(default=(), description="accepted fill-in answers")
    feedback_correct: tuple[Span, ...] = ()
    feedback_incorrect: tuple[Span, ...] = ()
    objectives: tuple[str, ...] = ()
    generated: bool = False
    where: Location | None = None
    units: tuple[UnitRef, ...] = Field(default=(), description="the source units the question stands for: a quiz "
                                                                 "slide the player shows as this check, not as a screen")


class Activity(_Frozen):
    """One activity of the live session: what the facilitator runs, with its cues, notes and timing."""

    id: str
    title: str
    kind: ActivityKind = "other"
    minutes: float = Field(default=0.0, ge=0)
    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    cues: tuple[Cue, ...] = ()
    units: tuple[UnitRef, ...] = ()
    where: Location | None = None


class LivePlan(_Frozen):
    """The flipped live session: its activities in order."""

    activities: tuple[Activity, ...] = ()
    minutes: float = Field(default=0.0, ge=0)


class MicroItem(_Frozen):
    """A reinforcement item (2-5 minutes, one idea) scheduled ``day_offset`` days after the live session: its
    ``takeaway``, a short explanation (``blocks``), its ``questions`` and recall prompts (``objectives``)."""

    id: str
    title: str
    day_offset: int = Field(ge=0)
    minutes: float = Field(default=0.0, ge=0)
    blocks: tuple[Block, ...] = ()
    takeaway: tuple[Span, ...] = ()
    questions: tuple[str, ...] = ()
    objectives: tuple[str, ...] = Field(default=(), description="ids of ``Course.objectives`` the learner recalls "
                                                                "(a recall prompt each, besides the questions)")


class JobAid(_Frozen):
    """A performance-support resource (checklist, procedure, reference table) for use on the job."""

    id: str
    title: str
    kind: JobAidKind
    blocks: tuple[Block, ...] = ()
    units: tuple[UnitRef, ...] = ()


class Course(_Frozen):
    """A course built from one or more sources (a deck, its handout, a facilitator guide, a reference PDF).

    ``name`` is the ASCII stem of the files written for it (``NAME-scorm12.zip``); ``assets`` carry their bytes
    (base64 in JSON), so a course saved as JSON rebuilds the byte-identical package.
    """

    schema_version: str
    id: str
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    title: str
    language: str | None = Field(default=None, description="BCP 47 tag; anything else is dropped on load")
    sources: tuple[SourceInfo, ...]
    modules: tuple[Module, ...]
    objectives: tuple[Objective, ...] = ()
    questions: tuple[Question, ...] = ()
    live: LivePlan = Field(default_factory=LivePlan)
    micro_items: tuple[MicroItem, ...] = ()
    job_aids: tuple[JobAid, ...] = ()
    assets: tuple[Asset, ...] = ()
    timing: Timing = Field(default_factory=Timing, description="the rates the minutes were estimated with")

    @field_validator("language", mode="before")
    @classmethod
    def _well_formed_language(cls, value: object) -> str | None:
        return language_tag(value)

    def screens(self) -> list[Screen]:
        """Return every screen in learner order."""
        return [screen for module in self.modules for screen in module.screens]

    def module_fit(self, module: Module) -> ModuleFit:
        """Return how ``module``'s minutes sit against ``timing``'s range (see ``ModuleFit``)."""
        if self.timing.within(module.minutes):
            return "within"
        if module.minutes > self.timing.module_max:
            return "long"
        files = {ref.file for screen in module.screens for ref in screen.units}
        sharing = [m for m in self.modules if files & {ref.file for screen in m.screens for ref in screen.units}]
        return "short-source" if len(files) == 1 and len(sharing) == 1 else "short"

    def sizing(self) -> str:
        """Return one line on the modules' sizes: how many fall within the target range, and why the others
        do not, with the rates used."""
        fits = [self.module_fit(module) for module in self.modules]
        counts = {fit: fits.count(fit) for fit in ("short-source", "short", "long") if fits.count(fit)}
        words = {"short-source": "shorter, as its whole source is", "short": "shorter", "long": "longer"}
        rest = "".join(f"; {count} {words[fit]}" for fit, count in counts.items())
        return (f"{fits.count('within')} of {len(fits)} modules within {self.timing.module_min:g}-"
                f"{self.timing.module_max:g} min (target {self.timing.module_minutes:g}){rest}; "
                f"rates: {self.timing.describe()}")

    def asset(self, asset_id: str) -> Asset:
        """Return the asset with this id; raises KeyError when the model is inconsistent."""
        for asset in self.assets:
            if asset.id == asset_id:
                return asset
        raise KeyError(asset_id)
