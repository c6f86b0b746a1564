"""SCORM 2004 (4th edition) packager: the player site plus an ``imsmanifest.xml`` describing one SCO.

Decision: as for SCORM 1.2, the whole course is one SCO launched at ``index.html`` (the player's menu shows
the modules). The manifest is built with lxml and lists every file of the package. Simple sequencing is kept
to what a one-SCO course needs: the organization lets the learner choose and flow (``controlMode choice flow``),
the SCO reports its own completion (``deliveryControls completionSetByContent``), and its primary objective is
satisfied by the scaled score when the course has knowledge checks (``satisfiedByMeasure``, mastery 0.8).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from converter.model import Course

from ._manifest import XSI_NS, clip_title, maker, serialize, xs_id
from ._package import SitePackager

IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ_NS = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV_NS = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS_NS = "http://www.imsglobal.org/xsd/imsss"
SCHEMA_LOCATION = (
    f"{IMSCP_NS} imscp_v1p1.xsd {ADLCP_NS} adlcp_v1p3.xsd {ADLSEQ_NS} adlseq_v1p3.xsd "
    f"{ADLNAV_NS} adlnav_v1p3.xsd {IMSSS_NS} imsss_v1p0.xsd"
)
SCHEMA_VERSION = "2004 4th Edition"
MANIFEST_NAME = "imsmanifest.xml"
LAUNCH_FILE = "index.html"
MASTERY_SCORE = "0.8"
"""The scaled score (0..1) that satisfies the primary objective when the course has knowledge checks; the LMS
hands it to the SCO as ``cmi.scaled_passing_score``."""

_cp = maker(IMSCP_NS)
_ss = maker(IMSSS_NS)


def _sequencing(parent: etree._Element) -> etree._Element:
    return _ss(parent, "sequencing")


def build_manifest(course: Course, files: Iterable[str]) -> bytes:
    """Return the ``imsmanifest.xml`` bytes for ``course`` whose package holds ``files`` (manifest excluded).

    Identifiers (and the objective id) derive from the course id only, so re-exports keep the LMS's
    registration and progress.
    """
    org_id, item_id, res_id = (xs_id(prefix, course.id) for prefix in ("org", "item", "res"))
    scored = bool(course.questions)
    root = etree.Element(
        f"{{{IMSCP_NS}}}manifest",
        {"identifier": xs_id("manifest", course.id), "version": "1.0"},
        nsmap={None: IMSCP_NS, "adlcp": ADLCP_NS, "imsss": IMSSS_NS, "xsi": XSI_NS},
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", SCHEMA_VERSION)

    organizations = _cp(root, "organizations", default=org_id)
    organization = _cp(organizations, "organization", identifier=org_id)
    _cp(organization, "title", clip_title(course.title))
    item = _cp(organization, "item", identifier=item_id, identifierref=res_id, isvisible="true")
    _cp(item, "title", clip_title(course.title))
    item_sequencing = _sequencing(item)
    objectives = _ss(item_sequencing, "objectives")
    primary = _ss(objectives, "primaryObjective", objectiveID=xs_id("obj", course.id))
    if scored:
        primary.set("satisfiedByMeasure", "true")
        _ss(primary, "minNormalizedMeasure", MASTERY_SCORE)
    _ss(item_sequencing, "deliveryControls", completionSetByContent="true",
        objectiveSetByContent="true" if scored else "false")
    _ss(_sequencing(organization), "controlMode", choice="true", flow="true")

    resources = _cp(root, "resources")
    resource = _cp(resources, "resource", identifier=res_id, type="webcontent", href=LAUNCH_FILE)
    resource.set(f"{{{ADLCP_NS}}}scormType", "sco")
    for name in sorted(set(files) - {MANIFEST_NAME}):
        _cp(resource, "file", href=name)
    return serialize(root)


class Scorm2004Packager(SitePackager):
    """Writes a SCORM 2004 4th edition package: ``imsmanifest.xml`` at the root, ``index.html``, ``player/``,
    ``assets/``."""

    name = "scorm2004"
    description = "SCORM 2004 4th edition package (one SCO, simple sequencing) for LMSs that prefer 2004"
    runtime = "scorm2004"
    descriptor_name = MANIFEST_NAME

    def descriptor(self, course: Course, files: Mapping[str, bytes]) -> bytes:
        return build_manifest(course, files)
