"""SCORM 1.2 and 2004 manifests: which edition, and what XSD cannot see (references, ids, files, scormType).

XSD is necessary, not sufficient: a manifest can validate and still name a missing launch file, refer to a
resource that does not exist, reuse an identifier, or leave the LMS without a launchable SCO.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from .paths import is_url, path_problems, resolve
from .verdict import Problem, Standard

MANIFEST = "imsmanifest.xml"
IMSCP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSCP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
EDITIONS = {"2004 3rd Edition": Standard.SCORM2004_3RD, "2004 4th Edition": Standard.SCORM2004_4TH}
_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
"""xs:ID is an NCName: a letter or ``_`` first, then letters, digits, ``.``, ``-``, ``_`` (no colon, no space)."""


def detect(root: etree._Element) -> tuple[Standard, list[Problem]]:
    """Return the manifest's standard from its namespace and ``schemaversion``, with any contradiction found."""
    name = etree.QName(root)
    version = _schemaversion(root, name.namespace or "")
    if name.localname != "manifest" or name.namespace not in (IMSCP12, IMSCP2004):
        return Standard.UNKNOWN, [Problem(
            "manifest.namespace", f"the root element is <{name.localname}> in the namespace {name.namespace!r}; a "
            f"SCORM manifest's root is <manifest> in {IMSCP12!r} (SCORM 1.2) or {IMSCP2004!r} (SCORM 2004)", MANIFEST)]
    if name.namespace == IMSCP12:
        problems = [] if version in (None, "1.2") else [Problem(
            "manifest.schemaversion", f"schemaversion is {version!r} but the manifest's namespace is SCORM 1.2's",
            MANIFEST)]
        return Standard.SCORM12, problems + _foreign(root, ADLCP2004, "SCORM 2004's adlcp", "SCORM 1.2")
    standard = EDITIONS.get(version or "", Standard.SCORM2004_4TH)
    problems = _foreign(root, ADLCP12, "SCORM 1.2's adlcp", "SCORM 2004")
    if version == "1.2":
        problems.append(Problem("manifest.namespace", f"schemaversion is '1.2' but the manifest's namespace is "
                                                      f"SCORM 2004's {IMSCP2004!r}; SCORM 1.2's is {IMSCP12!r}",
                                MANIFEST))
    elif version not in EDITIONS:
        problems.append(Problem("manifest.schemaversion", f"schemaversion is {version!r}; a SCORM 2004 manifest says "
                                                          "'2004 3rd Edition' or '2004 4th Edition' (checked against "
                                                          "the 4th edition's schemas)", MANIFEST))
    return standard, problems


def _schemaversion(root: etree._Element, namespace: str) -> str | None:
    found = root.find(f"{{{namespace}}}metadata/{{{namespace}}}schemaversion")
    return (found.text or "").strip() if found is not None else None


def _foreign(root: etree._Element, namespace: str, what: str, standard: str) -> list[Problem]:
    """Return a problem when ``root`` uses another edition's namespace, which that edition's LMS ignores."""
    used = any(etree.QName(el).namespace == namespace or any(a.startswith(f"{{{namespace}}}") for a in el.attrib)
               for el in root.iter(etree.Element))
    return [Problem("manifest.namespace", f"the manifest uses {what} namespace {namespace!r} in a {standard} "
                                          "manifest", MANIFEST)] if used else []


def manifest_problems(root: etree._Element, standard: Standard, files: Iterable[str]) -> list[Problem]:
    """Return the structural problems of a SCORM manifest whose package holds ``files``."""
    cp, adlcp, attr = (IMSCP12, ADLCP12, "scormtype") if standard is Standard.SCORM12 else \
        (IMSCP2004, ADLCP2004, "scormType")
    present = set(files)
    resources = {r.get("identifier"): r for r in root.iter(f"{{{cp}}}resource")}
    listed: set[str] = {MANIFEST}
    problems = _id_problems(root, cp) + _reference_problems(root, cp, resources)
    for rid, resource in resources.items():
        problems += _resource_problems(resource, rid or "", f"{{{adlcp}}}{attr}", f"adlcp:{attr}", cp, present,
                                       listed)
    problems += _launch_problems(root, cp, resources)
    listed |= {resolve("", el.text.strip()) for el in root.iter(f"{{{adlcp}}}location") if el.text}
    return problems + _unlisted(present, listed)


def _id_problems(root: etree._Element, cp: str) -> list[Problem]:
    """Return identifiers that are not valid xs:IDs, and identifiers used more than once."""
    ids = [(etree.QName(el).localname, el.get("identifier") or "") for el in root.iter(f"{{{cp}}}*")
           if el.get("identifier") is not None]
    ids += [(etree.QName(el).localname, el.get("ID") or "") for el in root.iter(f"{{{IMSSS}}}*")
            if el.get("ID") is not None]
    problems = [Problem("manifest.invalid-id", f"identifier {value!r} of <{tag}> is not a valid xs:ID (a letter "
                                               "or _ first, then letters, digits, '.', '-', '_'; no spaces or colons)",
                        f"{MANIFEST} <{tag} identifier={value!r}>")
                for tag, value in ids if not _NCNAME.fullmatch(value)]
    counts = Counter(value for _, value in ids)
    for value, count in sorted(counts.items()):
        if count > 1:
            tags = ", ".join(sorted({f"<{tag}>" for tag, v in ids if v == value}))
            problems.append(Problem("manifest.duplicate-id", f"identifier {value!r} is used {count} times ({tags}); "
                                                             "identifiers must be unique", MANIFEST))
    return problems


def _reference_problems(root: etree._Element, cp: str, resources: dict[str | None, etree._Element]) -> list[Problem]:
    """Return each identifierref (and organizations/@default) that names nothing."""
    problems = []
    organizations = {o.get("identifier") for o in root.iter(f"{{{cp}}}organization")}
    for element in root.iter(f"{{{cp}}}organizations"):
        default = element.get("default")
        if default and default not in organizations:
            problems.append(Problem("manifest.dangling-default", f"organizations/@default {default!r} names no "
                                                                 "organization", MANIFEST))
    manifests = {m.get("identifier") for m in root.iter(f"{{{cp}}}manifest")}
    for item in root.iter(f"{{{cp}}}item"):
        ref = item.get("identifierref")
        if ref is not None and ref not in resources and ref not in manifests:
            problems.append(Problem("manifest.dangling-identifierref", f"item {item.get('identifier')!r} refers to "
                                    f"identifierref {ref!r}, which no resource has as identifier",
                                    f"{MANIFEST} line {item.sourceline}"))
    for dependency in root.iter(f"{{{cp}}}dependency"):
        ref = dependency.get("identifierref")
        if ref not in resources:
            owner = dependency.getparent()
            problems.append(Problem("manifest.dangling-identifierref", f"a dependency of resource "
                                    f"{owner.get('identifier') if owner is not None else ''!r} refers to "
                                    f"identifierref {ref!r}, which no resource has as identifier",
                                    f"{MANIFEST} line {dependency.sourceline}"))
    return problems


def _base(element: etree._Element) -> str:
    """Return the folder ``xml:base`` attributes on ``element`` and its ancestors put its hrefs in."""
    bases = [el.get(XML_BASE) or "" for el in [element, *element.iterancestors()]]
    return posixpath.join("", *reversed(bases)) if any(bases) else ""


def _resource_problems(resource: etree._Element, rid: str, attr: str, shown: str, cp: str, present: set[str],
                       listed: set[str]) -> list[Problem]:
    """Return a resource's problems (no scormType, unsafe or missing files); add the files it lists to ``listed``."""
    where = f"{MANIFEST} resource {rid!r}"
    problems = [] if resource.get(attr) else [
        Problem("manifest.no-scormtype", f"resource {rid!r} has no {shown} ('sco' or 'asset')", where)]
    base = _base(resource)
    href = resource.get("href")
    if href:
        problems += _file_problems(href, base, f"launch file of resource {rid!r}", where, present, listed)
    for file in resource.iterfind(f"{{{cp}}}file"):
        if file.get("href"):
            problems += _file_problems(file.get("href") or "", _base(file), f"file listed by resource {rid!r}", where,
                                       present, listed)
    return problems


def _file_problems(href: str, base: str, what: str, where: str, present: set[str], listed: set[str]) -> list[Problem]:
    if is_url(href):
        return []
    problems = path_problems(href, what, where)
    path = resolve(base, href)
    listed.add(path)
    if not any(p.code in ("package.path-traversal", "package.absolute-path") for p in problems) and \
            path not in present:
        problems.append(Problem("package.missing-file", f"{what}, {path!r}, is not in the package", where))
    return problems


def _launch_problems(root: etree._Element, cp: str, resources: dict[str | None, etree._Element]) -> list[Problem]:
    """Return items that launch a resource without an href, or a manifest whose items launch nothing."""
    problems, launches = [], 0
    for item in root.iter(f"{{{cp}}}item"):
        resource = resources.get(item.get("identifierref"))
        if resource is None:
            continue
        if resource.get("href"):
            launches += 1
        else:
            problems.append(Problem("manifest.no-launch", f"item {item.get('identifier')!r} launches resource "
                                    f"{resource.get('identifier')!r}, which has no href (launch file)",
                                    f"{MANIFEST} line {item.sourceline}"))
    if not launches and not problems and not any(
            item.get("identifierref") for item in root.iter(f"{{{cp}}}item")):
        problems.append(Problem("manifest.no-launch", "no item launches a resource: the LMS has nothing to open",
                                MANIFEST))
    return problems


def _unlisted(present: set[str], listed: set[str]) -> list[Problem]:
    """Return files no resource lists (the schema copies SCORM packages carry at their root are exempt)."""
    return [Problem("package.unlisted-file", f"{name!r} is in the package but no resource lists it in a <file> "
                                             "element", name)
            for name in sorted(present - listed)
            if not ("/" not in name and name.lower().endswith((".xsd", ".dtd")))]
