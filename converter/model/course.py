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
    """A reinforcement item (2-5 minutes, one idea) scheduled ``day_offset`` days after the live session."""

    id: str
    title: str
    day_offset: int = Field(ge=0)
    minutes: float = Field(default=0.0, ge=0)
    blocks: tuple[Block, ...] = ()
    takeaway: tuple[Span, ...] = ()
    questions: tuple[str, ...] = ()


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

    @field_validator("language", mode="before")
    @classmethod
    def _well_formed_language(cls, value: object) -> str | None:
        return language_tag(value)

    def screens(self) -> list[Screen]:
        """Return every screen in learner order."""
        return [screen for module in self.modules for screen in module.screens]

    def asset(self, asset_id: str) -> Asset:
        """Return the asset with this id; raises KeyError when the model is inconsistent."""
        for asset in self.assets:
            if asset.id == asset_id:
                return asset
        raise KeyError(asset_id)
