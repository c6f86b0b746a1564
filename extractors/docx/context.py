"""Shared state of one DOCX read: namespaces, the asset store, the current story and the reader's context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from lxml import etree

from converter.errors import LimitExceededError
from converter.model import Block, Location
from converter.result import Messages

from .._office.assets import AssetStore, picture_store
from .._office.package import ContentTypes, Package, Relationship

if TYPE_CHECKING:  # these readers import only .wordml, never this module
    from .numbering import Numbering
    from .styles import Styles


def rel_kind(rel: Relationship) -> str:
    """Return a relationship type's last segment (``image``, ``hyperlink``): Strict and Transitional alike."""
    return rel.type.rstrip("/").rsplit("/", 1)[-1]


class NoteIndex(Protocol):
    """Footnotes and endnotes by kind and id (``notes.Notes``; a protocol here, since the notes reader imports this
    module)."""

    def find(self, kind: str, note_id: str) -> tuple[Story, etree._Element] | None:
        """Return the story and element of note ``note_id``, or None when the document lacks it."""


@dataclass
class Story:
    """One XML part being read (the body, a footnotes part, a header) and its relationships by id."""

    part: str
    rels: dict[str, Relationship]
    paragraphs: int = 0


@dataclass
class Field:
    """A complex field being read: its instruction so far, and whether its result has begun."""

    instruction: str = ""
    in_result: bool = False
    href: str | None = None


@dataclass
class TextBox:
    """A text box met inside a paragraph: its ``w:txbxContent`` and whether it is drawn shaded or bordered."""

    content: etree._Element
    framed: bool


@dataclass
class DocContext:
    """What every reader of one document shares; ``side`` holds pictures and text boxes met in a paragraph."""

    file: str
    path: Path
    package: Package
    content_types: ContentTypes
    messages: Messages
    styles: Styles
    numbering: Numbering
    notes: NoteIndex
    story: Story
    unit: int = 1
    assets: AssetStore = field(default_factory=picture_store)
    side: list[Block | TextBox] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    note_refs: list[tuple[str, str, int]] = field(default_factory=list)
    note_count: int = 0
    note_label: str = ""
    comments: int = 0
    max_paragraphs: int = 5_000
    unit_paragraphs: int = 0
    anchor: str | None = None
    """``para-<w14:paraId>`` of the paragraph being read (None when the file has no paraIds)."""
    _said: set[tuple[str, str]] = field(default_factory=set)

    def count_paragraph(self) -> None:
        """Count one paragraph of the current section; raises ``LimitExceededError`` past the limit."""
        self.unit_paragraphs += 1
        if self.unit_paragraphs > self.max_paragraphs:
            raise LimitExceededError(f"section {self.unit} has more than {self.max_paragraphs:,} paragraphs; "
                                     f"the limit is {self.max_paragraphs:,}", self.path, "max_shapes_per_unit")

    def where(self, shape: str | None = None) -> Location:
        """Return the location of the current section, or of one paragraph or table in it."""
        return Location(file=self.file, unit=self.unit, shape=shape, part=self.story.part, anchor=self.anchor)

    def warn(self, code: str, text: str, shape: str | None = None, instead: str | None = None) -> None:
        self.messages.warn(code, text, self.where(shape), instead)

    def info(self, code: str, text: str, shape: str | None = None, instead: str | None = None) -> None:
        self.messages.info(code, text, self.where(shape), instead)

    def warn_once(self, code: str, key: str, text: str, instead: str | None = None) -> None:
        """Warn about ``key`` once per document (a symbol font used on 300 lines is one message)."""
        if (code, key) not in self._said:
            self._said.add((code, key))
            self.warn(code, text, instead=instead)

    def relationship(self, r_id: str | None) -> Relationship | None:
        """Return the current story's relationship ``r_id``, or None when it is empty or dangling."""
        return self.story.rels.get(r_id) if r_id else None
