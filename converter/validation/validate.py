"""``validate_package``: find a package's descriptor at its root, tell its standard, and check it through.

SCORM (``imsmanifest.xml``): both XSD engines plus the manifest's structure; cmi5 (``cmi5.xml``): both engines
on the cmi5 XSD plus structure; xAPI (``tincan.xml``): well-formedness and structure (no XSD is published).
Every package's paths are checked whatever its standard.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..errors import InputNotFoundError
from ..options import Limits
from .archive import Package, open_package
from .paths import path_problems
from .scorm import MANIFEST, detect, manifest_problems
from .verdict import Problem, Standard, Validation
from .xapi import CMI5, CMI5_NS, TINCAN, TINCAN_NS, cmi5_problems, root_problem, tincan_problems
from .xsd import parse_descriptor, xsd_problems

DESCRIPTORS = (MANIFEST, CMI5, TINCAN)
XSD_CHECKS = ("XSD (lxml, xmlschema)", "ids and references", "files", "paths")


def validate_package(path: Path, limits: Limits | None = None) -> Validation:
    """Return the verdict on the zip or folder at ``path``.

    Raises ``InputNotFoundError`` (missing), ``UnsupportedFormatError`` (neither a zip nor a folder),
    ``CorruptInputError``, ``EncryptedInputError`` or ``LimitExceededError`` when the package cannot be read safely;
    every defect of a package that can be read is a ``Problem`` of the verdict instead.
    """
    if not path.exists():
        raise InputNotFoundError("does not exist", path)
    with open_package(path, limits or Limits()) as package:
        standard, problems, checks = _check_descriptor(package)
        problems = _entry_problems(package) + problems
        return Validation(str(path), standard, tuple(problems), len(package.files), checks)


def _entry_problems(package: Package) -> list[Problem]:
    """Return the problems of the package's own entry names, whatever its standard."""
    problems = [problem for name in package.names for problem in path_problems(name, "package path", name)]
    problems += [Problem("package.duplicate-entry", f"{name!r} is stored more than once in the zip", name)
                 for name in package.duplicates]
    problems += [Problem("package.path-traversal", f"{name!r} is a link leading out of the folder", name)
                 for name in package.outside]
    return problems


def _check_descriptor(package: Package) -> tuple[Standard, list[Problem], tuple[str, ...]]:
    files = package.files
    for name in DESCRIPTORS:
        if name in files:
            root, problems = parse_descriptor(package.read(name), name)
            if root is None:
                return _standard_of(name), problems, ()
            return CHECKERS[name](root, files)
    nested = sorted(f for f in files if posixpath.basename(f) in DESCRIPTORS)
    if nested:
        descriptor = posixpath.basename(nested[0])
        return _nested_standard(package, nested[0]), [Problem(
            "package.not-at-root", f"{descriptor} is at {nested[0]!r}, not at the package root, where an LMS looks "
            "for it (zip the folder's contents, not the folder)", nested[0])], ()
    return Standard.UNKNOWN, [Problem(
        "package.no-descriptor", "the package has no imsmanifest.xml (SCORM), cmi5.xml (cmi5) or tincan.xml (xAPI) "
        "at its root", "")], ()


def _nested_standard(package: Package, name: str) -> Standard:
    """Return the standard of a descriptor found below the root (its namespace tells a SCORM edition)."""
    if posixpath.basename(name) != MANIFEST:
        return _standard_of(posixpath.basename(name))
    root, _ = parse_descriptor(package.read(name), name)
    return detect(root)[0] if root is not None else Standard.UNKNOWN


def _standard_of(descriptor: str) -> Standard:
    return {CMI5: Standard.CMI5, TINCAN: Standard.XAPI}.get(descriptor, Standard.UNKNOWN)


def _check_scorm(root: etree._Element, files: list[str]) -> tuple[Standard, list[Problem], tuple[str, ...]]:
    standard, problems = detect(root)
    if standard is Standard.UNKNOWN:
        return standard, problems, ()
    problems += xsd_problems(standard.value, root, MANIFEST)
    return standard, problems + manifest_problems(root, standard, files), XSD_CHECKS


def _check_cmi5(root: etree._Element, files: list[str]) -> tuple[Standard, list[Problem], tuple[str, ...]]:
    problems = root_problem(root, CMI5, CMI5_NS, "courseStructure", "cmi5.namespace")
    if problems:
        return Standard.CMI5, problems, ()
    problems = xsd_problems("cmi5", root, CMI5)
    return Standard.CMI5, problems + cmi5_problems(root, files), XSD_CHECKS


def _check_tincan(root: etree._Element, files: list[str]) -> tuple[Standard, list[Problem], tuple[str, ...]]:
    problems = root_problem(root, TINCAN, TINCAN_NS, "tincan", "xapi.namespace")
    if problems:
        return Standard.XAPI, problems, ()
    return Standard.XAPI, tincan_problems(root, files), ("well-formed XML", "ids and launch", "files", "paths")


CHECKERS: dict[str, Callable[[etree._Element, list[str]], tuple[Standard, list[Problem], tuple[str, ...]]]] = {
    MANIFEST: _check_scorm,
    CMI5: _check_cmi5,
    TINCAN: _check_tincan,
}
