"""The loss report model: per unit, what was extracted and every message (kept, approximated, lost).

Import it as ``converter.model.report`` (it builds on ``converter.result``, which itself uses the model).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..result import Message
from .source import SourceInfo


class UnitReport(BaseModel):
    """One slide, page or section: counts of what was read and the messages located there."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    kind: str
    title: str | None
    hidden: bool = False
    in_course: bool = Field(description="whether the unit became a screen")
    counts: dict[str, int]
    messages: tuple[Message, ...] = ()


class Report(BaseModel):
    """The conversion report written beside each package as ``<name>.report.json`` and ``.report.html``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str
    tool: str
    source: SourceInfo
    format: str
    package: str | None
    totals: dict[str, int]
    units: tuple[UnitReport, ...]
    messages: tuple[Message, ...] = Field(default=(), description="messages not tied to one unit")
