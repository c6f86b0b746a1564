"""SCORM 1.2 packager: the player site plus an ``imsmanifest.xml`` describing one SCO, written deterministically.

Decision: the whole course is one SCO launched at ``index.html`` (one tracked learning object; the player's
menu shows the modules). The manifest is built with lxml and lists every file of the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from converter.model import Course

from ._manifest import XSI_NS, clip_title, maker, serialize, xs_id
from ._package import SitePackager

IMSCP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
SCHEMA_LOCATION = (
    f"{IMSCP_NS} imscp_rootv1p1p2.xsd {IMSMD_NS} imsmd_rootv1p2p1.xsd {ADLCP_NS} adlcp_rootv1p2.xsd"
)
MANIFEST_NAME = "imsmanifest.xml"
LAUNCH_FILE = "index.html"

_cp = maker(IMSCP_NS)


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
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", "1.2")
    organizations = _cp(root, "organizations", default=org_id)
    organization = _cp(organizations, "organization", identifier=org_id)
    _cp(organization, "title", clip_title(course.title))
    item = _cp(organization, "item", identifier=item_id, identifierref=res_id, isvisible="true")
    _cp(item, "title", clip_title(course.title))
    resources = _cp(root, "resources")
    resource = _cp(resources, "resource", identifier=res_id, type="webcontent", href=LAUNCH_FILE)
    resource.set(f"{{{ADLCP_NS}}}scormtype", "sco")
    for name in sorted(set(files) - {MANIFEST_NAME}):
        _cp(resource, "file", href=name)
    return serialize(root)


class Scorm12Packager(SitePackager):
    """Writes a SCORM 1.2 package: ``imsmanifest.xml`` at the root, ``index.html``, ``player/``, ``assets/``."""

    name = "scorm12"
    description = "SCORM 1.2 package (one SCO) that any LMS can import and track"
    runtime = "scorm12"
    descriptor_name = MANIFEST_NAME

    def descriptor(self, course: Course, files: Mapping[str, bytes]) -> bytes:
        return build_manifest(course, files)
