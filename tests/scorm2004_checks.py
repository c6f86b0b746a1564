"""Conformance checks for a SCORM 2004 4th edition zip, shared by tests: both XSD validators against the
4th-edition driver (all five namespaces) plus what XSD cannot see."""

from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

import xmlschema
from lxml import etree

from conftest import SCHEMAS

IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS_NS = "http://www.imsglobal.org/xsd/imsss"
NS = {"cp": IMSCP_NS, "adlcp": ADLCP_NS, "imsss": IMSSS_NS}
DRIVER = SCHEMAS / "scorm2004-4th-driver.xsd"


@lru_cache(maxsize=1)
def validators() -> tuple[etree.XMLSchema, xmlschema.XMLSchema]:
    """The lxml and xmlschema validators of the 4th-edition driver (built once)."""
    if not DRIVER.is_file():
        raise AssertionError(f"{DRIVER} is missing: tests expect shared/ beside the repository")
    return etree.XMLSchema(etree.parse(str(DRIVER))), xmlschema.XMLSchema(str(DRIVER))


def manifest_problems(manifest: bytes, names: set[str]) -> list[str]:
    """Every problem of a 2004 manifest whose package holds ``names`` (empty when it is valid)."""
    lxml_schema, xs_schema = validators()
    root = etree.fromstring(manifest)
    problems = [f"lxml: {error.message}" for error in lxml_schema.error_log] if not lxml_schema.validate(root) else []
    problems += [f"xmlschema: {error.reason}" for error in xs_schema.iter_errors(manifest.decode("utf-8"))]
    return problems + structure_problems(root, names)


def scorm2004_problems(package: Path) -> list[str]:
    """Return every conformance problem of a SCORM 2004 package (a zip; empty when it is valid)."""
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            return ["no imsmanifest.xml at the zip root"]
        manifest = archive.read("imsmanifest.xml")
    return manifest_problems(manifest, names)


def structure_problems(root: etree._Element, names: set[str]) -> list[str]:
    """What XSD cannot see: unique ids, resolving references, scormType, listed files present, safe paths."""
    problems = []
    if root.findtext("cp:metadata/cp:schema", namespaces=NS) != "ADL SCORM":
        problems.append("metadata schema is not 'ADL SCORM'")
    if root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) != "2004 4th Edition":
        problems.append("metadata schemaversion is not '2004 4th Edition'")
    ids = [el.get("identifier") for el in root.iter() if el.get("identifier") is not None]
    if len(ids) != len(set(ids)):
        problems.append("identifiers are not unique")
    organizations = root.find("cp:organizations", NS)
    org_ids = {o.get("identifier") for o in root.iterfind("cp:organizations/cp:organization", NS)}
    if organizations is None or organizations.get("default") not in org_ids:
        problems.append("the default organization does not exist")
    resources = {r.get("identifier"): r for r in root.iterfind(".//cp:resource", NS)}
    items = root.findall(".//cp:item", NS)
    if not any(item.get("identifierref") for item in items):
        problems.append("no item launches a resource")
    for item in items:
        if item.get("identifierref") and item.get("identifierref") not in resources:
            problems.append(f"item {item.get('identifier')} refers to a missing resource")
    for resource in resources.values():
        if resource.get(f"{{{ADLCP_NS}}}scormType") not in {"sco", "asset"}:
            problems.append(f"resource {resource.get('identifier')} has no adlcp:scormType")
        hrefs = [resource.get("href")] + [f.get("href") for f in resource.iterfind("cp:file", NS)]
        problems += [f"{href} is listed but not in the zip" for href in hrefs if href and href not in names]
    problems += [f"{name} has an unsafe package path" for name in names
                 if not name.isascii() or " " in name or name.startswith("/") or ".." in name.split("/")]
    return problems
