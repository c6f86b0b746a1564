"""Conformance checks for a SCORM 1.2 zip, shared by tests: both XSD validators plus what XSD cannot see."""

from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

import xmlschema
from lxml import etree

from conftest import SCHEMAS

IMSCP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS = {"cp": IMSCP_NS, "adlcp": ADLCP_NS}


@lru_cache(maxsize=1)
def _validators() -> tuple[etree.XMLSchema, xmlschema.XMLSchema]:
    driver = SCHEMAS / "scorm12-driver.xsd"
    if not driver.is_file():
        raise AssertionError(f"{driver} is missing: tests expect shared/ beside the repository")
    return etree.XMLSchema(etree.parse(str(driver))), xmlschema.XMLSchema(str(driver))


def scorm12_problems(package: Path) -> list[str]:
    """Return every conformance problem of a SCORM 1.2 package (empty when it is valid)."""
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            return ["no imsmanifest.xml at the zip root"]
        manifest = archive.read("imsmanifest.xml")
    lxml_schema, xs_schema = _validators()
    root = etree.fromstring(manifest)
    problems = [f"lxml: {error.message}" for error in lxml_schema.error_log] if not lxml_schema.validate(root) else []
    problems += [f"xmlschema: {error.reason}" for error in xs_schema.iter_errors(manifest.decode("utf-8"))]
    return problems + _structure_problems(root, names)


def _structure_problems(root: etree._Element, names: set[str]) -> list[str]:
    problems = []
    ids = [el.get("identifier") for el in root.iter() if el.get("identifier") is not None]
    if len(ids) != len(set(ids)):
        problems.append("identifiers are not unique")
    resources = {r.get("identifier"): r for r in root.iterfind(".//cp:resource", NS)}
    for item in root.iterfind(".//cp:item", NS):
        if item.get("identifierref") and item.get("identifierref") not in resources:
            problems.append(f"item {item.get('identifier')} refers to a missing resource")
    for resource in resources.values():
        if resource.get(f"{{{ADLCP_NS}}}scormtype") not in {"sco", "asset"}:
            problems.append(f"resource {resource.get('identifier')} has no adlcp:scormtype")
        hrefs = [resource.get("href")] + [f.get("href") for f in resource.iterfind("cp:file", NS)]
        problems += [f"{href} is listed but not in the zip" for href in hrefs if href and href not in names]
    problems += [f"{name} has an unsafe package path" for name in names
                 if not name.isascii() or " " in name or name.startswith("/") or ".." in name.split("/")]
    return problems
