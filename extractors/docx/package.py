"""Recognise and open Word packages: sniffing, refusals with reasons, Strict-to-Transitional parts, core properties."""

from __future__ import annotations

from lxml import etree

from converter.errors import CorruptInputError
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .._office.opening import core_properties, open_package
from .._office.package import ContentTypes, Package, read_relationships
from .context import Story, rel_kind
from .sniffing import EXTENSIONS, MAIN_CONTENT_TYPES, WORD, claims  # noqa: F401 - re-exported

STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main":
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships":
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/officeDocument/math": b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes":
        b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    b"http://purl.oclc.org/ooxml/drawingml/picture": b"http://schemas.openxmlformats.org/drawingml/2006/picture",
    b"http://purl.oclc.org/ooxml/drawingml/chart": b"http://schemas.openxmlformats.org/drawingml/2006/chart",
}
"""ISO 29500 Strict namespaces and their Transitional twins: the element names are the same in both."""
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"
GENERIC_TITLES = frozenset({"", "document", "untitled", "microsoft word document", "title", "word document"})


def open_document(probe: Probe, limits: Limits, messages: Messages) -> tuple[Package, ContentTypes, str]:
    """Return the checked package, its content types and the main document part's name.

    Raises ``UnsupportedFormatError`` when the package's main part is not a Word document.
    """
    package, main_name = open_package(probe, limits, messages, WORD)
    return package, package.content_types, main_name


def to_transitional(data: bytes) -> bytes:
    """Return XML bytes with Strict namespaces renamed to their Transitional twins (unchanged if none)."""
    if _STRICT_MARK not in data:
        return data
    for strict, transitional in STRICT_NAMESPACES.items():
        data = data.replace(strict, transitional)
    return data


def parse_part(package: Package, name: str) -> etree._Element:
    """Return the root of an XML part read as Transitional; raises ``CorruptInputError`` when it is damaged."""
    return package.xml(name, to_transitional)


def open_story(package: Package, part: str) -> Story:
    """Return a story for ``part`` with its relationships (none when its relationships part is damaged)."""
    try:
        return Story(part, read_relationships(package, part))
    except CorruptInputError:
        return Story(part, {})


def related_part(package: Package, story: Story, kind: str) -> str | None:
    """Return the stored name of the first internal part of relationship ``kind`` (``styles``), or None."""
    for rel in story.rels.values():
        if rel_kind(rel) == kind and not rel.external and rel.target:
            found = package.find(rel.target)
            if found is not None:
                return found
    return None


def optional_part(package: Package, story: Story, kind: str) -> etree._Element | None:
    """Return the root of an optional related part (styles, numbering), or None when absent or damaged."""
    name = related_part(package, story, kind)
    if name is None:
        return None
    try:
        return parse_part(package, name)
    except CorruptInputError:
        return None


def read_core_properties(package: Package) -> dict[str, str]:
    """Return the core properties (``title``, ``language``, ``identifier``, ``created``) when present and
    meaningful (generic titles left out)."""
    found = core_properties(package, lambda rel: rel_kind(rel) == "core-properties")
    if "title" in found and found["title"].lower() in GENERIC_TITLES:
        del found["title"]
    return found
