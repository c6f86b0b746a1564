"""SCORM 1.2 packager: the player site plus an ``imsmanifest.xml`` describing its SCOs, written deterministically.

Decision: by default the whole course is one SCO launched at ``index.html`` (one tracked learning object; the
player's menu shows the modules). With ``--sco module`` (and ``--micro-scos``) each module (micro-item) is an
item launching the same SCO resource with ``?part=<id>`` (the item's ``parameters``), the other files in an
asset resource it depends on; SCORM 1.2 has no sequencing, so the LMS's menu offers the items in order. The
manifest is built with lxml and lists every file of the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from converter.model import Course
from converter.options import ConvertOptions

from ._manifest import XSI_NS, clip_title, maker, sco_resources, serialize, xs_id
from ._package import SitePackager
from ._units import launch_units, single_unit

IMSCP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
SCHEMA_LOCATION = (
    f"{IMSCP_NS} imscp_rootv1p1p2.xsd {IMSMD_NS} imsmd_rootv1p2p1.xsd {ADLCP_NS} adlcp_rootv1p2.xsd"
)
MANIFEST_NAME = "imsmanifest.xml"
LAUNCH_FILE = "index.html"

_cp = maker(IMSCP_NS)


def build_manifest(course: Course, files: Iterable[str], options: ConvertOptions | None = None) -> bytes:
    """Return the ``imsmanifest.xml`` bytes for ``course`` whose package holds ``files`` (manifest excluded):
    one SCO for the course, or (``options.sco == "module"``, ``options.micro_scos``) one item per unit.

    Identifiers derive from the course, module and micro-item ids only, so re-exports keep the LMS's
    registration and progress.
    """
    org_id, res_id = xs_id("org", course.id), xs_id("res", course.id)
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
    for unit in launch_units(course, options):
        item = _cp(organization, "item", identifier=xs_id("item", unit.id), identifierref=res_id, isvisible="true")
        if unit.parameters:
            item.set("parameters", unit.parameters)
        _cp(item, "title", clip_title(unit.title))
    sco_resources(_cp, root, f"{{{ADLCP_NS}}}scormtype", (xs_id("res", course.id), xs_id("files", course.id)),
                  set(files) - {MANIFEST_NAME}, single_unit(options), LAUNCH_FILE)
    return serialize(root)


class Scorm12Packager(SitePackager):
    """Writes a SCORM 1.2 package: ``imsmanifest.xml`` at the root, ``index.html``, ``player/``, ``assets/``."""

    name = "scorm12"
    description = "SCORM 1.2 package (one SCO) that any LMS can import and track"
    runtime = "scorm12"
    descriptor_name = MANIFEST_NAME

    def descriptor(self, course: Course, files: Mapping[str, bytes], options: ConvertOptions | None = None) -> bytes:
        return build_manifest(course, files, options)
