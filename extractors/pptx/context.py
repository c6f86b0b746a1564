"""Shared state of one PPTX read: namespaces, the asset store, deck-wide and per-slide context."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from converter.model import Location
from converter.result import Messages

from .._office.assets import AssetStore
from .._office.package import Relationship
from .._office.xml import NS as DRAWINGML_NS
from .._office.xml import (  # noqa: F401 - re-exported: the PPTX readers import them from here
    PML_NS,
    is_true,
    qn,
    to_int,
)
from .drawings import Previews
from .parts import DeckParts, Part

if TYPE_CHECKING:
    from .styles import BulletCache, LayoutInfo, PlaceholderStyles

__all__ = ["NS", "DeckContext", "SlideContext", "is_true", "qn", "shape_id", "shape_name", "to_int"]
NS = {**DRAWINGML_NS, **PML_NS}


_C_NV_PR = (qn("p:cNvPr"), qn("p14:cNvPr"))


def shape_id(element: etree._Element) -> str | None:
    """Return a shape's ``cNvPr/@id`` (its id on the slide, kept by PowerPoint across edits), or None."""
    c_nv_pr = next(element.iter(*_C_NV_PR), None)
    return _digits(c_nv_pr.get("id")) if c_nv_pr is not None else None


def shape_name(element: etree._Element) -> str:
    """Return a shape's name and id as PowerPoint's selection pane shows them, e.g. ``Picture 3 (id 7)``."""
    c_nv_pr = next(element.iter(*_C_NV_PR), None)
    if c_nv_pr is None:
        return etree.QName(element).localname
    return f"{c_nv_pr.get('name') or 'unnamed'} (id {c_nv_pr.get('id', '?')})"


def _digits(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value.isdigit() else None


@dataclass
class DeckContext:
    """What every slide reader shares: file name, messages, the deck's parts, assets, slide numbers by part name,
    and what each layout gives its slides (read once per layout)."""

    file: str
    messages: Messages
    row_tolerance: int
    parts: DeckParts
    path: Path | None = None
    slide_numbers: dict[str, int] = field(default_factory=dict)
    assets: AssetStore = field(default_factory=AssetStore)
    languages: Counter[str] = field(default_factory=Counter)
    layouts: dict[str, LayoutInfo] = field(default_factory=dict)
    bullets: BulletCache = field(default_factory=dict)
    previews: Previews = field(default_factory=Previews)
    """OLE equations' WMF/EMF previews waiting for LibreOffice (``pictures.add_pictures``)."""


@dataclass
class SlideContext:
    """One slide (or notes slide) being read: its part gives relationships and related parts; ``styles`` are its
    layout's and master's placeholder list styles (None for notes and damaged decks)."""

    deck: DeckContext
    unit: int
    part: Part
    placeholder_boxes: dict[tuple[str, str], tuple[int, int, int, int]] = field(default_factory=dict)
    styles: PlaceholderStyles | None = None
    anchor_prefix: str = "sp-"
    """Anchors name the shape's id with this prefix: ``sp-7`` on a slide, ``note-sp-3`` on its notes page."""
    places: dict[etree._Element | None, Location] = field(default_factory=dict, repr=False, compare=False)
    """Locations already made, by shape (None for the slide): every block and message of a shape shares one."""

    def where(self, element: etree._Element | None = None) -> Location:
        """Return the location of this slide, or of one shape on it (with the shape's id as the anchor)."""
        found = self.places.get(element)
        if found is None:
            found = self.places[element] = self._location(element)
        return found

    def _location(self, element: etree._Element | None) -> Location:
        if element is None:
            return Location(file=self.deck.file, unit=self.unit)
        c_nv_pr = next(element.iter(*_C_NV_PR), None)
        if c_nv_pr is None:
            return Location(file=self.deck.file, unit=self.unit, shape=etree.QName(element).localname)
        number = _digits(c_nv_pr.get("id"))
        return Location(file=self.deck.file, unit=self.unit,
                        shape=f"{c_nv_pr.get('name') or 'unnamed'} (id {c_nv_pr.get('id', '?')})",
                        anchor=f"{self.anchor_prefix}{number}" if number else None)

    def warn(self, code: str, text: str, element: etree._Element | None = None, instead: str | None = None) -> None:
        self.deck.messages.warn(code, text, self.where(element), instead)

    def info(self, code: str, text: str, element: etree._Element | None = None, instead: str | None = None) -> None:
        self.deck.messages.info(code, text, self.where(element), instead)

    def relationship(self, r_id: str | None) -> Relationship | None:
        """Return relationship ``r_id`` of this part, or None when it is empty or dangling."""
        return self.part.relationship(r_id)

    def part_xml(self, part: Part) -> etree._Element:
        """Return the root of a part's XML, parsed once per conversion and shared: never change the tree returned.
        Raises ``CorruptInputError`` for a part that is not XML."""
        return part.xml

    def related_part(self, r_id: str | None) -> Part | None:
        """Return the internal part ``r_id`` points to, or None when it is external, empty or dangling."""
        return self.part.related(r_id)
