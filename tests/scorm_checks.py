"""Conformance checks for a SCORM 1.2 zip, shared by tests: the product's own validator (``c2e validate``:
both XSD engines plus what XSD cannot see), asked to find SCORM 1.2 in particular."""

from __future__ import annotations

from pathlib import Path

from converter.validation import Standard, validate_package
from converter.validation.scorm import ADLCP12 as ADLCP_NS
from converter.validation.scorm import IMSCP12 as IMSCP_NS

NS = {"cp": IMSCP_NS, "adlcp": ADLCP_NS}


def scorm12_problems(package: Path) -> list[str]:
    """Return every conformance problem of a SCORM 1.2 package (empty when it is valid)."""
    verdict = validate_package(package)
    problems = [problem.describe() for problem in verdict.problems]
    if verdict.standard is not Standard.SCORM12:
        problems.insert(0, f"expected a SCORM 1.2 package, found {verdict.standard.label}")
    return problems
