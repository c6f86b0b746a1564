"""The loss report model: per unit, what was extracted and every message (kept, approximated, lost).

Import it as ``converter.model.report`` (it builds on ``converter.result``, which itself uses the model).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..result import Message
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
    messages: tuple[Message, ...] = Field(default=(), description="messages not tied to one unit")
