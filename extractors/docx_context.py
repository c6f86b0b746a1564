"""Shared state of one DOCX read: namespaces, the asset store, the current story and the reader's context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from converter.errors import LimitExceededError
from converter.model import Block, Location
from converter.result import Messages

from ._ooxml import ContentTypes, Package, Relationship
from ._ooxml_assets import AssetStore, picture_store

if TYPE_CHECKING:  # the readers of these parts import this module
    from .docx_notes import Notes
    from .docx_numbering import Numbering
    from .docx_styles import Styles

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
UNDERSTOOD_CHOICES = frozenset({
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/drawing/2010/main",
})
"""Namespaces whose ``mc:Choice`` we read: the drawing's text boxes and pictures are in it, not in a rendering."""
OFF_VALUES = frozenset({"0", "false", "off", "none"})


def qn(tag: str) -> str:
    """Return Clark notation for a prefixed tag: ``qn('w:t')`` -> ``{http://...wordprocessingml/2006/main}t``."""
    prefix, local = tag.split(":", 1)
    return f"{{{NS[prefix]}}}{local}"


W_VAL = qn("w:val")


def is_on(element: etree._Element | None) -> bool | None:
    """Return an on/off property's value: None when absent, True when present without ``w:val``."""
    if element is None:
        return None
    return (element.get(W_VAL) or "true").strip().lower() not in OFF_VALUES


def to_int(value: str | None, default: int = 0) -> int:
    """Return ``value`` as an int, or ``default`` when it is missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def choose_branch(element: etree._Element) -> list[etree._Element]:
    """Return the children of the ``mc:AlternateContent`` branch to read: the first Choice whose requirements
    we understand, else the Fallback (never both: they hold the same content twice)."""
    for choice in element.findall(qn("mc:Choice")):
        prefixes = (choice.get("Requires") or "").split()
        if prefixes and all(choice.nsmap.get(prefix) in UNDERSTOOD_CHOICES for prefix in prefixes):
            return list(choice)
    fallback = element.find(qn("mc:Fallback"))
    return list(fallback) if fallback is not None else []


def rel_kind(rel: Relationship) -> str:
    """Return a relationship type's last segment (``image``, ``hyperlink``): Strict and Transitional alike."""
    return rel.type.rstrip("/").rsplit("/", 1)[-1]


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
    notes: Notes
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
    _said: set[tuple[str, str]] = field(default_factory=set)

    def count_paragraph(self) -> None:
        """Count one paragraph of the current section; raises ``LimitExceededError`` past the limit."""
        self.unit_paragraphs += 1
        if self.unit_paragraphs > self.max_paragraphs:
            raise LimitExceededError(f"section {self.unit} has more than {self.max_paragraphs:,} paragraphs; "
                                     f"the limit is {self.max_paragraphs:,}", self.path, "max_shapes_per_unit")

    def where(self, shape: str | None = None) -> Location:
        """Return the location of the current section, or of one paragraph or table in it."""
        return Location(file=self.file, unit=self.unit, shape=shape, part=self.story.part)

    def warn(self, code: str, text: str, shape: str | None = None) -> None:
        self.messages.warn(code, text, self.where(shape))

    def info(self, code: str, text: str, shape: str | None = None) -> None:
        self.messages.info(code, text, self.where(shape))

    def warn_once(self, code: str, key: str, text: str) -> None:
        """Warn about ``key`` once per document (a symbol font used on 300 lines is one message)."""
        if (code, key) not in self._said:
            self._said.add((code, key))
            self.warn(code, text)

    def relationship(self, r_id: str | None) -> Relationship | None:
        """Return the current story's relationship ``r_id``, or None when it is empty or dangling."""
        return self.story.rels.get(r_id) if r_id else None
