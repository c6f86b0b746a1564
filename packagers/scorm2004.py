"""SCORM 2004 (4th edition) packager: the player site plus an ``imsmanifest.xml`` describing its SCOs.

Decision: by default, as for SCORM 1.2, the whole course is one SCO launched at ``index.html`` (the player's
menu shows the modules). With ``--sco module`` each module is an item of its own (and with ``--micro-scos`` each
micro-item), all launching the one SCO resource with ``?part=<id>`` (the item's ``parameters``), the other files
in a shared asset resource it depends on. The manifest is built with lxml and lists every file of the package.
Simple sequencing is kept to what the journey needs: the organization lets the learner choose and flow
(``controlMode choice flow``; ``--forward-only``: flow forward only, no choice), each SCO reports its own
completion (``deliveryControls completionSetByContent``), its primary objective is satisfied by the scaled score
when its part has knowledge checks (``satisfiedByMeasure``, mastery 0.8), and the course's status rolls up from
the modules' (the default rollup rules: completed when all are); micro-items, weeks after the live session,
take no part in the rollup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from converter.model import Course
from converter.options import ConvertOptions

from ._manifest import XSI_NS, clip_title, maker, sco_resources, serialize, xs_id
from ._package import SitePackager
from ._units import LaunchUnit, launch_units, single_unit

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


def _scored(course: Course, unit: LaunchUnit) -> bool:
    """Return whether the unit's part holds knowledge checks (its objective then waits for a score)."""
    if unit.kind == "course":
        return bool(course.questions)
    parts = {module.id: module.questions for module in course.modules}
    parts.update({item.id: item.questions for item in course.micro_items})
    return bool(parts.get(unit.id))


def _sco_item(parent: etree._Element, unit: LaunchUnit, res_id: str, scored: bool) -> etree._Element:
    """Add the item launching ``unit`` (a leaf: the SCO with its parameters) with its objective and controls."""
    item = _cp(parent, "item", identifier=xs_id("item", unit.id), identifierref=res_id, isvisible="true")
    if unit.parameters:
        item.set("parameters", unit.parameters)
    _cp(item, "title", clip_title(unit.title))
    item_sequencing = _sequencing(item)
    if not unit.counts_for_completion:
        _ss(item_sequencing, "rollupRules", rollupObjectiveSatisfied="false", rollupProgressCompletion="false",
            objectiveMeasureWeight="0")
    objectives = _ss(item_sequencing, "objectives")
    primary = _ss(objectives, "primaryObjective", objectiveID=xs_id("obj", unit.id))
    if scored:
        primary.set("satisfiedByMeasure", "true")
        _ss(primary, "minNormalizedMeasure", MASTERY_SCORE)
    _ss(item_sequencing, "deliveryControls", completionSetByContent="true",
        objectiveSetByContent="true" if scored else "false")
    return item


def build_manifest(course: Course, files: Iterable[str], options: ConvertOptions | None = None) -> bytes:
    """Return the ``imsmanifest.xml`` bytes for ``course`` whose package holds ``files`` (manifest excluded):
    one SCO for the course, or (``options.sco == "module"``, ``options.micro_scos``) one item per unit.

    Identifiers (and the objective ids) derive from the course, module and micro-item ids only, so re-exports
    keep the LMS's registration and progress.
    """
    root = etree.Element(
        f"{{{IMSCP_NS}}}manifest",
        {"identifier": xs_id("manifest", course.id), "version": "1.0"},
        nsmap={None: IMSCP_NS, "adlcp": ADLCP_NS, "imsss": IMSSS_NS, "xsi": XSI_NS},
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", SCHEMA_VERSION)

    org_id = xs_id("org", course.id)
    organizations = _cp(root, "organizations", default=org_id)
    organization = _cp(organizations, "organization", identifier=org_id)
    _cp(organization, "title", clip_title(course.title))
    for unit in launch_units(course, options):
        _sco_item(organization, unit, xs_id("res", course.id), _scored(course, unit))
    forward_only = options is not None and options.forward_only and not single_unit(options)
    controls = {"choice": "false", "flow": "true", "forwardOnly": "true"} if forward_only else \
        {"choice": "true", "flow": "true"}
    _ss(_sequencing(organization), "controlMode", **controls)
    sco_resources(_cp, root, f"{{{ADLCP_NS}}}scormType", (xs_id("res", course.id), xs_id("files", course.id)),
                  set(files) - {MANIFEST_NAME}, single_unit(options), LAUNCH_FILE)
    return serialize(root)


class Scorm2004Packager(SitePackager):
    """Writes a SCORM 2004 4th edition package: ``imsmanifest.xml`` at the root, ``index.html``, ``player/``,
    ``assets/``."""

    name = "scorm2004"
    description = "SCORM 2004 4th edition package (one SCO, simple sequencing) for LMSs that prefer 2004"
    runtime = "scorm2004"
    descriptor_name = MANIFEST_NAME

    def descriptor(self, course: Course, files: Mapping[str, bytes], options: ConvertOptions | None = None) -> bytes:
        return build_manifest(course, files, options)
