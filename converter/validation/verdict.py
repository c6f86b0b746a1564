"""What ``c2e validate`` says about a package: its standard, whether it is valid, and each problem located."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Standard(str, Enum):
    """The standard a package follows, as detected from its descriptor (value: the ``--format`` name)."""

    SCORM12 = "scorm12"
    SCORM2004_3RD = "scorm2004-3rd"
    SCORM2004_4TH = "scorm2004-4th"
    CMI5 = "cmi5"
    XAPI = "xapi"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Return the standard's name for people, e.g. ``SCORM 2004 4th Edition``."""
        return _LABELS[self]


_LABELS = {
    Standard.SCORM12: "SCORM 1.2",
    Standard.SCORM2004_3RD: "SCORM 2004 3rd Edition",
    Standard.SCORM2004_4TH: "SCORM 2004 4th Edition",
    Standard.CMI5: "cmi5",
    Standard.XAPI: "xAPI (tincan.xml)",
    Standard.UNKNOWN: "unknown standard",
}


@dataclass(frozen=True)
class Problem:
    """One defect: a stable ``code`` (``manifest.dangling-identifierref``), plain words, and where it is."""

    code: str
    message: str
    where: str = ""

    def describe(self) -> str:
        """Return ``where: message [code]`` for a person to read."""
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.message} [{self.code}]"


@dataclass(frozen=True)
class Validation:
    """A package's verdict: ``valid`` is true exactly when no problem was found.

    ``files`` counts the package's files (folders left out); ``package`` is the path validated.
    """

    package: str
    standard: Standard
    problems: tuple[Problem, ...] = ()
    files: int = 0
    checks: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """Return the one-line verdict, e.g. ``valid: SCORM 1.2 package out/deck.zip (10 files)``."""
        what = f"{self.standard.label} package {self.package}"
        if self.valid:
            return f"valid: {what} ({self.files} files; {', '.join(self.checks)})"
        count = len(self.problems)
        return f"not valid: {what}: {count} problem{'s' if count != 1 else ''}"

    def as_json(self) -> dict[str, Any]:
        """Return the verdict for tools: ``standard``, ``valid``, ``problems`` [{code, message, where}], ..."""
        return {
            "package": self.package,
            "standard": self.standard.value,
            "standard_name": self.standard.label,
            "valid": self.valid,
            "files": self.files,
            "checks": list(self.checks),
            "problems": [{"code": p.code, "message": p.message, "where": p.where} for p in self.problems],
        }
