"""Recognise and open PowerPoint packages: sniffing, refusals with reasons, and python-pptx on a sanitised copy."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from converter.errors import C2EError, CorruptInputError, MissingDependencyError
from converter.model import Location
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .._office.package import CONTENT_TYPES_PART, ContentTypes, Package
from .._office.xml import CT_NS, has_doctype
from .._office.opening import OfficeKind, claims_package, open_package

PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_CONTENT_TYPES = frozenset({
    PRESENTATION_MAIN,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
})
EXTENSIONS = (".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm")
INSTALL_HINT = "pip install classroom-to-elearning[pptx]"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
POWERPOINT = OfficeKind(app="PowerPoint", format_name="pptx", noun="a PowerPoint presentation", save_as=".pptx",
                        extensions=EXTENSIONS, main_types=MAIN_CONTENT_TYPES, empty_noun="a PowerPoint file")


def claims(probe: Probe) -> bool:
    """Return True for a zip whose content types declare a presentation main part (damaged zips included),
    or for an encrypted Office file named like a presentation."""
    return claims_package(probe, POWERPOINT)


def open_presentation(probe: Probe, limits: Limits, messages: Messages) -> tuple[Package, Any]:
    """Return the checked package and a python-pptx ``Presentation`` opened on a sanitised in-memory copy.

    The copy declares the main part as a plain presentation (so .ppsx/.potx/.pptm open), gives every part a
    content type, and has no DOCTYPE left in any XML part.
    """
    package, main_name = open_package(probe, limits, messages, POWERPOINT)
    return package, _load(repack(package, main_name, messages), probe.path)


def repack(package: Package, main_name: str, messages: Messages) -> bytes:
    """Return the package as an uncompressed in-memory zip that python-pptx will accept.

    An XML part whose DOCTYPE cannot be defused is left out with a warning (python-pptx then treats it as
    missing); every other part is copied unchanged.
    """
    types_name = package.find(CONTENT_TYPES_PART) or CONTENT_TYPES_PART
    declared = package.content_types
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(CONTENT_TYPES_PART, _content_types_for_pptx(package, types_name, declared, main_name))
        for name, data in package.parts.items():
            if name != types_name and (data := _safe_part(package, name, declared, messages)) is not None:
                archive.writestr(name, data)
    return buffer.getvalue()


def _safe_part(package: Package, name: str, declared: ContentTypes, messages: Messages) -> bytes | None:
    """Return a part as python-pptx may see it, or None (with a warning) for an XML part that cannot be read.

    One damaged slide must not sink the deck: python-pptx parses every part when it opens a package, so a
    part that is not well-formed XML is left out here and its slide is reported missing later.
    """
    data = package.parts[name]
    is_xml = name.lower().endswith(_XML_SUFFIXES) or (declared.of(name) or "").endswith("xml")
    if not is_xml:
        return data
    try:
        root = package.xml(name)  # parsed once: the chart and SmartArt readers reuse it
        return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True) if has_doctype(data) \
            else data
    except CorruptInputError as error:
        where = Location(file=package.path.name, part=name)
        messages.warn("pptx.part-dropped", f"the part {name} was left out: {error.problem}", where)
        return None


def _content_types_for_pptx(package: Package, types_name: str, declared: ContentTypes, main_name: str) -> bytes:
    root = copy.deepcopy(package.xml(types_name))  # changed below: never the shared parse
    for override in root.findall(f"{{{CT_NS}}}Override"):
        if override.get("PartName", "").lstrip("/").lower() == main_name.lower():
            root.remove(override)
    _override(root, main_name, PRESENTATION_MAIN)
    for name in package.parts:
        if declared.of(name) is None and name != types_name:
            _override(root, name, "application/octet-stream")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def _override(root: etree._Element, name: str, content_type: str) -> None:
    etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)


def import_pptx() -> Any:
    """Return the python-pptx module; raises ``MissingDependencyError`` naming the extra to install."""
    try:
        import pptx
    except ImportError as error:
        raise MissingDependencyError(f"reading PowerPoint files needs python-pptx: {INSTALL_HINT}") from error
    return pptx


def _load(data: bytes, path: Path) -> Any:
    pptx = import_pptx()
    try:
        return pptx.Presentation(io.BytesIO(data))
    except C2EError:
        raise
    except Exception as error:  # noqa: BLE001 - python-pptx raises many kinds on damaged packages
        problem = f"is damaged: python-pptx cannot open it ({type(error).__name__}: {error})"
        raise CorruptInputError(problem, path) from error
