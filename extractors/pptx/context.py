"""Shared state of one PPTX read: namespaces, the asset store, deck-wide and per-slide context."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from converter.model import Location
from converter.result import Messages

from .._office.xml import NS as DRAWINGML_NS
from .._office.xml import PML_NS, parse_xml
from .._office.xml import is_true, qn, to_int  # noqa: F401 - re-exported: the PPTX readers import them from here
from .._office.assets import AssetStore
from .._office.package import Package

if TYPE_CHECKING:
    from .styles import PlaceholderStyles

NS = {**DRAWINGML_NS, **PML_NS}


def shape_id(element: etree._Element) -> str | None:
    """Return a shape's ``cNvPr/@id`` (its id on the slide, kept by PowerPoint across edits), or None."""
    c_nv_pr = next(element.iter(qn("p:cNvPr"), qn("p14:cNvPr")), None)
    value = (c_nv_pr.get("id") or "").strip() if c_nv_pr is not None else ""
    return value if value.isdigit() else None


def shape_name(element: etree._Element) -> str:
    """Return a shape's name and id as PowerPoint's selection pane shows them, e.g. ``Picture 3 (id 7)``."""
    c_nv_pr = next(element.iter(qn("p:cNvPr"), qn("p14:cNvPr")), None)
    if c_nv_pr is None:
        return etree.QName(element).localname
    return f"{c_nv_pr.get('name') or 'unnamed'} (id {c_nv_pr.get('id', '?')})"


@dataclass
class DeckContext:
    """What every slide reader shares: file name, messages, assets, slide numbers by part name."""

    file: str
    messages: Messages
    row_tolerance: int
    path: Path | None = None
    slide_numbers: dict[str, int] = field(default_factory=dict)
    assets: AssetStore = field(default_factory=AssetStore)
    languages: Counter[str] = field(default_factory=Counter)
    layouts: dict[str, Any] = field(default_factory=dict)
    package: Package | None = None
    """The package as read (its ``xml()`` parses each part once); None only in tests that build a context."""


@dataclass
class SlideContext:
    """One slide (or notes slide) being read: its python-pptx part gives relationships and related parts;
    ``styles`` are its layout's and master's placeholder list styles (None for notes and damaged decks)."""

    deck: DeckContext
    unit: int
    part: Any
    placeholder_boxes: dict[tuple[str, str], tuple[int, int, int, int]] = field(default_factory=dict)
    styles: PlaceholderStyles | None = None
    anchor_prefix: str = "sp-"
    """Anchors name the shape's id with this prefix: ``sp-7`` on a slide, ``note-sp-3`` on its notes page."""

    def where(self, element: etree._Element | None = None) -> Location:
        """Return the location of this slide, or of one shape on it (with the shape's id as the anchor)."""
        if element is None:
            return Location(file=self.deck.file, unit=self.unit)
        found = shape_id(element)
        return Location(file=self.deck.file, unit=self.unit, shape=shape_name(element),
                        anchor=f"{self.anchor_prefix}{found}" if found else None)

    def warn(self, code: str, text: str, element: etree._Element | None = None) -> None:
        self.deck.messages.warn(code, text, self.where(element))

    def info(self, code: str, text: str, element: etree._Element | None = None) -> None:
        self.deck.messages.info(code, text, self.where(element))

    def relationship(self, r_id: str | None) -> Any | None:
        """Return python-pptx's relationship ``r_id`` of this part, or None when it is empty or dangling."""
        if not r_id:
            return None
        rels = self.part.rels
        return rels[r_id] if r_id in rels else None

    def part_xml(self, part: Any) -> etree._Element:
        """Return the root of a python-pptx part's XML: the package's parse when the deck was read from one (each
        part is parsed once per conversion), else a parse of the part's bytes. Never change the tree returned."""
        package = self.deck.package
        if package is not None and package.find(str(part.partname)) is not None:
            return package.xml(str(part.partname))
        return parse_xml(part.blob, str(part.partname), self.deck.file)

    def related_part(self, r_id: str | None) -> Any | None:
        """Return the internal part ``r_id`` points to, or None when it is external, empty or dangling."""
        rel = self.relationship(r_id)
        if rel is None or rel.is_external:
            return None
        return rel.target_part
