"""``Result``: a stage's value plus typed, located messages (what was kept, approximated or lost).

Library code never prints or logs to warn; it returns messages and the CLI decides how to show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from .model.location import Location

T = TypeVar("T")
U = TypeVar("U")


class Level(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Message(BaseModel):
    """A located message with a stable ``code`` such as ``pptx.smartart-flattened``."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    level: Level
    code: str
    text: str
    where: Location | None = None
    instead: str | None = None
    """For something not shown as itself: what the learner gets instead (``"slide picture"``, ``"text only"``,
    ``"left out"``); the report lists these first, as what a person must look at."""

    def describe(self) -> str:
        """Return ``warning pptx.x: text (deck.pptx, unit 3)`` for a person to read."""
        place = f" ({self.where.describe()})" if self.where else ""
        return f"{self.level.value} {self.code}: {self.text}{place}"


@dataclass
class Messages:
    """A collector a stage fills while it works, then hands to its ``Result``."""

    items: list[Message] = field(default_factory=list)

    def add(self, level: Level, code: str, text: str, where: Location | None = None, instead: str | None = None) -> None:
        self.items.append(Message(level=level, code=code, text=text, where=where, instead=instead))

    def info(self, code: str, text: str, where: Location | None = None, instead: str | None = None) -> None:
        self.add(Level.INFO, code, text, where, instead)

    def warn(self, code: str, text: str, where: Location | None = None, instead: str | None = None) -> None:
        self.add(Level.WARNING, code, text, where, instead)

    def extend(self, messages: tuple[Message, ...] | list[Message]) -> None:
        self.items.extend(messages)


@dataclass(frozen=True)
class Result(Generic[T]):
    """A value and the messages produced while making it."""

    value: T
    messages: tuple[Message, ...] = ()

    @classmethod
    def of(cls, value: T, messages: Messages | None = None) -> Result[T]:
        """Return a result holding ``value`` and what ``messages`` collected."""
        return cls(value, tuple(messages.items) if messages else ())

    def then(self, value: U, messages: tuple[Message, ...] = ()) -> Result[U]:
        """Return a result for the next stage's ``value``, keeping this stage's messages first."""
        return Result(value, self.messages + tuple(messages))

    @property
    def warnings(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.level is not Level.INFO)
