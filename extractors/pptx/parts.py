"""The deck's parts as the hardened package read them: bytes, content types, relationships and parsed XML.

Every reader goes through ``DeckParts``, so each part is parsed once per conversion (``Package.xml``) and shared:
a layout and its master are read once, whichever slides use them. Parts are looked up the way PowerPoint links
them (relationships), never by guessing names. A part that is XML but not well-formed is left out with one
``pptx.part-dropped`` warning and is then treated as missing, as is a relationship that points at it.
"""

from __future__ import annotations

import posixpath
import weakref
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from converter.errors import CorruptInputError
from converter.model import Location
from converter.result import Messages

from .._office.package import Package, Relationship, read_relationships, rels_part_name
from .._office.xml import has_doctype

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_SLIDE = _RT + "slide"
RT_SLIDE_LAYOUT = _RT + "slideLayout"
RT_SLIDE_MASTER = _RT + "slideMaster"
RT_NOTES_SLIDE = _RT + "notesSlide"
_CT = "application/vnd.openxmlformats-officedocument.presentationml."
CT_SLIDE = _CT + "slide+xml"
CT_SLIDE_LAYOUT = _CT + "slideLayout+xml"
CT_SLIDE_MASTER = _CT + "slideMaster+xml"
CT_NOTES_SLIDE = _CT + "notesSlide+xml"
OCTET_STREAM = "application/octet-stream"
"""The content type of a part the package declares none for."""
XML_SUFFIXES = (".xml", ".rels", ".vml")
"""Part names that are XML whatever their content type says (besides content types ending in ``xml``)."""


@dataclass(eq=False)
class Part:
    """One part of the deck: its stored name (no leading slash), declared content type and, for XML, its root.

    ``root`` is the shared parse: never change it. ``blob`` is what may be kept as an asset: the bytes as stored,
    or for XML that declared a DOCTYPE, the parse written out again without it.
    """

    owner: weakref.ReferenceType[DeckParts] = field(repr=False)
    name: str
    content_type: str
    root: etree._Element | None = None
    _rels: dict[str, Relationship] | None = field(default=None, repr=False)

    @property
    def parts(self) -> DeckParts:
        """The deck's parts, held weakly: they hold this part, and a reference back would make a cycle that keeps
        every parsed tree of the deck alive after reading, until the next full garbage collection."""
        parts = self.owner()
        if parts is None:
            raise RuntimeError(f"the deck holding {self.name} has been let go")
        return parts

    @property
    def ext(self) -> str:
        """Return the extension of the part name without its dot, as stored (``png``, ``JPG``, '' for none)."""
        return posixpath.splitext(self.name)[1][1:]

    @property
    def xml(self) -> etree._Element:
        """Return the root of this part's XML (the shared parse); raises ``CorruptInputError`` for a part that is
        not XML by its name or content type and does not parse either."""
        return self.root if self.root is not None else self.parts.package.xml(self.name)

    @cached_property
    def blob(self) -> bytes:
        data = self.parts.package.parts[self.name]
        if self.root is None or not has_doctype(data):
            return data
        return etree.tostring(self.root, encoding="UTF-8", xml_declaration=True, standalone=True)

    @property
    def rels(self) -> dict[str, Relationship]:
        """Return this part's relationships by id (read once); {} when it has none or they are damaged."""
        if self._rels is None:
            self._rels = self.parts.relationships(self.name)
        return self._rels

    def relationship(self, r_id: str | None) -> Relationship | None:
        """Return relationship ``r_id``, or None when it is empty, unknown or points at a missing internal part."""
        rel = self.rels.get(r_id) if r_id else None
        if rel is None or rel.external or self.parts.part(rel.target) is not None:
            return rel
        return None

    def related(self, r_id: str | None) -> Part | None:
        """Return the internal part ``r_id`` points to, or None when it is external, empty or dangling."""
        rel = self.relationship(r_id)
        return None if rel is None or rel.external else self.parts.part(rel.target)

    def related_by_type(self, rel_type: str, content_type: str) -> Part | None:
        """Return the one internal part related by ``rel_type`` when it has ``content_type``; None when there is
        none, more than one, or it is of another kind."""
        found = [rel for rel in self.rels.values() if rel.type == rel_type and self.relationship(rel.id) is rel]
        part = self.parts.part(found[0].target) if len(found) == 1 and not found[0].external else None
        return part if part is not None and part.content_type == content_type else None


class DeckParts:
    """The parts of one package, each loaded (and, if XML, parsed) on first use and kept."""

    def __init__(self, package: Package, messages: Messages) -> None:
        self.package = package
        self.messages = messages
        self._parts: dict[str, Part | None] = {}
        self._dropped: set[str] = set()

    def part(self, name: str | None) -> Part | None:
        """Return the part stored as ``name`` (leading slash and letter case ignored), or None when the package
        has no such part or it is XML that is not well-formed (left out with a warning, once)."""
        found = self.package.find(name) if name else None
        if found is None:
            return None
        if found not in self._parts:
            self._parts[found] = self._load(found)
        return self._parts[found]

    def _load(self, name: str) -> Part | None:
        content_type = self.package.content_types.of(name) or OCTET_STREAM
        if not is_xml_part(name, content_type):
            return Part(weakref.ref(self), name, content_type)
        root = self.root(name)
        return Part(weakref.ref(self), name, content_type, root) if root is not None else None

    def root(self, name: str) -> etree._Element | None:
        """Return the parsed root of XML part ``name``, or None (with one warning) when it cannot be parsed."""
        if name in self._dropped:
            return None
        try:
            return self.package.xml(name)
        except CorruptInputError as error:
            self._dropped.add(name)
            where = Location(file=self.package.path.name, part=name)
            self.messages.warn("pptx.part-dropped", f"the part {name} was left out: {error.problem}", where,
                               instead="left out")
            return None

    def relationships(self, source: str) -> dict[str, Relationship]:
        """Return the relationships of part ``source``; {} when it has none or its relationships part is
        damaged (then left out with a warning)."""
        rels_name = self.package.find(rels_part_name(source))
        if rels_name is None or self.root(rels_name) is None:
            return {}
        return read_relationships(self.package, source)

    def check_unread(self) -> None:
        """Warn about each XML part no reader asked for whose DOCTYPE cannot be defused (a hostile file's mark);
        parts that were read have been checked already."""
        for name, data in self.package.parts.items():
            if name in self._parts or name in self._dropped or name in self.package.roots:
                continue
            if is_xml_part(name, self.package.content_types.of(name) or "") and has_doctype(data):
                self.root(name)


def is_xml_part(name: str, content_type: str) -> bool:
    """Return True for a part that is XML by its name or its declared content type (SVG pictures included)."""
    return name.lower().endswith(XML_SUFFIXES) or content_type.endswith("xml")
