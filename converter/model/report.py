"""The loss report model: per unit, what was extracted and every message (kept, approximated, lost).

Import it as ``converter.model.report`` (it builds on ``converter.result``, which itself uses the model).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..result import Message
from .course import Delivery, ModuleFit, Timing
from .source import SourceInfo


class UnitReport(BaseModel):
    """One slide, page or section: counts of what was read and the messages located there."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    index: int
    kind: str
    title: str | None
    hidden: bool = False
    in_course: bool = Field(description="whether the unit became a screen")
    counts: dict[str, int]
    messages: tuple[Message, ...] = ()


class SourceReport(BaseModel):
    """One source of the course: what it is, and its units."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    source: SourceInfo
    units: tuple[UnitReport, ...]


class Preflight(BaseModel):
    """One package written: exactly which learner actions set completion and success in the LMS, checked
    against what the LMS preset requires (``messages`` say what could never happen)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: str
    file: str
    standard: str
    completion: str = Field(description="the learner actions that set completion")
    success: str = Field(description="the learner actions that set success (passed/failed) and the score")
    exit: str = ""
    screens: int = Field(ge=0)
    suspend_needed: int = Field(ge=0, description="characters of suspend data once every screen is seen")
    suspend_budget: int = Field(ge=0, description="characters the package keeps at most (0: no LMS)")
    messages: tuple[Message, ...] = ()


class LookGroup(BaseModel):
    """The things a person must look at that share one outcome: what the learner gets instead of them (``left
    out``, ``text only``, ``slide picture``...), or, for a warning about something shown as itself, none."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    instead: str | None = Field(description="what the learner gets instead; None: shown, but a warning says "
                                            "what to check")
    messages: tuple[Message, ...] = Field(description="each with its location (file, slide/page/section, shape)")


class ModuleReport(BaseModel):
    """One pre-learning module: its minutes against the target, its objectives and its delivery mode."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    title: str
    minutes: float
    fit: ModuleFit
    objectives: tuple[str, ...] = Field(default=(), description="the objectives' texts; derived ones end with "
                                                                "' (derived)'")
    delivery: Delivery | None = None


class JourneyReport(BaseModel):
    """The journey's sizing: the rates, one line on how many modules fall within the target, each module."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    sizing: str
    timing: Timing
    modules: tuple[ModuleReport, ...] = ()


class Report(BaseModel):
    """The conversion report written beside the packages as ``<name>.report.json`` and ``.report.html``."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    schema_version: str
    tool: str
    course_id: str
    title: str
    sources: tuple[SourceReport, ...]
    packages: dict[str, str] = Field(default_factory=dict, description="format name -> file or folder name")
    totals: dict[str, int]
    lms: str | None = Field(default=None, description="the LMS preset the packages were checked against")
    preflight: tuple[Preflight, ...] = Field(default=(), description="per package: what sets completion and "
                                                                     "success")
    messages: tuple[Message, ...] = Field(default=(), description="messages not tied to one unit")
    summary: str = Field(default="", description="one line leading with what a person must look at")
    journey: JourneyReport | None = Field(default=None, description="module sizes, objectives, delivery modes")
    needs_look: tuple[LookGroup, ...] = Field(default=(), description="every message with ``instead`` set or of "
                                                                      "level warning or error, grouped by what was "
                                                                      "done instead, most pressing first")
