"""SCORM 1.2 packager: the player site plus an ``imsmanifest.xml`` describing one SCO, zipped deterministically.

Decision: the whole course is one SCO launched at ``index.html`` (one tracked learning object; the player's
menu shows the modules). The manifest is built with lxml and lists every file of the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from converter.model import Course
from converter.options import ConvertOptions
from converter.result import Result

from ._site import build_site
from ._zip import write_zip

IMSCP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{IMSCP_NS} imscp_rootv1p1p2.xsd {IMSMD_NS} imsmd_rootv1p2p1.xsd {ADLCP_NS} adlcp_rootv1p2.xsd"
)
MANIFEST_NAME = "imsmanifest.xml"
LAUNCH_FILE = "index.html"
MAX_TITLE = 200
"""imscp ``titleType`` allows at most 200 characters."""

_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]+")


def xs_id(prefix: str, value: str) -> str:
    """Return a valid xs:ID made of ``prefix`` and ``value``: characters outside ``[A-Za-z0-9._-]`` become ``-``."""
    cleaned = _NOT_NCNAME.sub("-", value).strip("-") or "course"
    return f"{prefix}-{cleaned}"


def clip_title(title: str) -> str:
    """Return ``title`` stripped and cut to the 200 characters a manifest title may hold (never empty)."""
    title = " ".join(title.split()) or "Untitled course"
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "\u2026"


def _element(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{IMSCP_NS}}}{tag}", attrs)
    if text is not None:
        child.text = text
    return child


def build_manifest(course: Course, files: Iterable[str]) -> bytes:
    """Return the ``imsmanifest.xml`` bytes for ``course`` whose package holds ``files`` (manifest excluded).

    Identifiers derive from the course id only, so re-exports keep the LMS's registration and progress.
    """
    org_id, item_id, res_id = (xs_id(prefix, course.id) for prefix in ("org", "item", "res"))
    root = etree.Element(
        f"{{{IMSCP_NS}}}manifest",
        {"identifier": xs_id("manifest", course.id), "version": "1.0"},
        nsmap={None: IMSCP_NS, "adlcp": ADLCP_NS, "xsi": XSI_NS},
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    metadata = _element(root, "metadata")
    _element(metadata, "schema", "ADL SCORM")
    _element(metadata, "schemaversion", "1.2")
    organizations = _element(root, "organizations", default=org_id)
    organization = _element(organizations, "organization", identifier=org_id)
    _element(organization, "title", clip_title(course.title))
    item = _element(organization, "item", identifier=item_id, identifierref=res_id, isvisible="true")
    _element(item, "title", clip_title(course.title))
    resources = _element(root, "resources")
    resource = _element(resources, "resource", identifier=res_id, type="webcontent", href=LAUNCH_FILE)
    resource.set(f"{{{ADLCP_NS}}}scormtype", "sco")
    for name in sorted(set(files) - {MANIFEST_NAME}):
        _element(resource, "file", href=name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class Scorm12Packager:
    """Writes a SCORM 1.2 zip: ``imsmanifest.xml`` at the root, ``index.html``, ``player/``, ``assets/``."""

    name = "scorm12"
    description = "SCORM 1.2 package (one SCO) that any LMS can import and track"

    def build(self, course: Course) -> Result[dict[str, bytes]]:
        """Return every package entry (path -> bytes), manifest included, without writing anything."""
        site = build_site(course, runtime="scorm12")
        entries = dict(site.value)
        entries[MANIFEST_NAME] = build_manifest(course, entries)
        return site.then(entries)

    def package(self, course: Course, out_file: Path, options: ConvertOptions) -> Result[Path]:
        """Write the package to ``out_file`` atomically and return its path with the rendering messages.

        Raises ``OutputError`` when the folder cannot be written.
        """
        built = self.build(course)
        return built.then(write_zip(Path(out_file), built.value))
