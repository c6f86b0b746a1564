"""cmi5 (``cmi5.xml``, with its XSD) and xAPI (``tincan.xml``, no published XSD) course descriptors: ids unique
and IRIs, objectives resolve, and every launch URL inside the package names a file that is there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from lxml import etree

from .paths import is_url, path_problems, resolve
from .verdict import Problem

CMI5 = "cmi5.xml"
CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN = "tincan.xml"
TINCAN_NS = "http://projecttincan.com/tincan.xsd"


def root_problem(root: etree._Element, where: str, namespace: str, localname: str, code: str) -> list[Problem]:
    """Return a problem when the descriptor's root is not ``<localname>`` in ``namespace``."""
    name = etree.QName(root)
    if name.namespace == namespace and name.localname == localname:
        return []
    return [Problem(code, f"the root element is <{name.localname}> in the namespace {name.namespace!r}; {where}'s "
                          f"root is <{localname}> in {namespace!r}", where)]


def cmi5_problems(root: etree._Element, files: Iterable[str]) -> list[Problem]:
    """Return the structural problems of a cmi5 course structure (the XSD is checked apart)."""
    ns = f"{{{CMI5_NS}}}"
    ids = [(etree.QName(el).localname, el.get("id") or "") for el in root.iter(f"{ns}course", f"{ns}block", f"{ns}au")]
    declared = [el.get("id") or "" for el in root.iterfind(f"{ns}objectives/{ns}objective")]
    problems = _duplicates(ids + [("objective", v) for v in declared], "cmi5.duplicate-id", CMI5)
    for ref in root.iter(f"{ns}objective"):
        if ref.get("idref") is not None and ref.get("idref") not in declared:
            problems.append(Problem("cmi5.dangling-objective", f"objective idref {ref.get('idref')!r} names no "
                                                               "objective of the course", f"{CMI5} line {ref.sourceline}"))
    present = set(files)
    for au in root.iter(f"{ns}au"):
        url = (au.findtext(f"{ns}url") or "").strip()
        problems += _launch_problems(url, f"url of au {au.get('id')!r}", f"{CMI5} line {au.sourceline}", present)
    return problems


def tincan_problems(root: etree._Element, files: Iterable[str]) -> list[Problem]:
    """Return the structural problems of a tincan.xml: activities with IRI ids, unique, one at least launchable."""
    ns = f"{{{TINCAN_NS}}}"
    activities = list(root.iterfind(f"{ns}activities/{ns}activity"))
    if not activities:
        return [Problem("xapi.no-activity", "tincan.xml lists no <activities>/<activity>", TINCAN)]
    problems = _duplicates([("activity", a.get("id") or "") for a in activities], "xapi.duplicate-id", TINCAN)
    present, launches = set(files), 0
    for activity in activities:
        where, activity_id = f"{TINCAN} line {activity.sourceline}", activity.get("id") or ""
        if not is_url(activity_id):
            problems.append(Problem("xapi.activity-id", f"activity id {activity_id!r} is not an IRI "
                                                        "(https://... expected)", where))
        for launch in activity.iterfind(f"{ns}launch"):
            launches += 1
            url = (launch.text or "").strip()
            problems += _launch_problems(url, f"launch of activity {activity_id!r}", where, present)
    if not launches:
        problems.append(Problem("xapi.no-launch", "no activity has a <launch>: the LMS has nothing to open", TINCAN))
    return problems


def _duplicates(ids: list[tuple[str, str]], code: str, where: str) -> list[Problem]:
    counts = Counter(value for _, value in ids)
    return [Problem(code, f"id {value!r} is used {count} times; ids must be unique", where)
            for value, count in sorted(counts.items()) if count > 1]


def _launch_problems(url: str, what: str, where: str, present: set[str]) -> list[Problem]:
    if not url:
        return [Problem("package.no-launch", f"{what} is empty", where)]
    if is_url(url):
        return []
    problems = path_problems(url, what, where)
    path = resolve("", url)
    if not problems and path not in present:
        problems.append(Problem("package.missing-file", f"{what}, {path!r}, is not in the package", where))
    return problems
