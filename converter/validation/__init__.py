"""Package validation behind ``c2e validate``: the standard of a SCORM 1.2/2004, cmi5 or xAPI package, checked
with two XSD engines and the structural rules XSD cannot express. Works on any tool's packages.

Orchestration level: imports only the kernel, the stdlib, lxml and xmlschema (never a packager: packagers
write, this reads). ``schemas/`` is package data: the SCORM 1.2, SCORM 2004 3rd/4th edition and cmi5 schemas,
the project-authored drivers and catalog, with the shared folder's README.md (provenance and licence notices)
and SHA256SUMS (check with ``sha256sum -c --ignore-missing SHA256SUMS``: the QTI and XLIFF schemas it also
lists are not copied here), all unmodified.
"""

from __future__ import annotations

from .validate import validate_package
from .verdict import Problem, Standard, Validation

__all__ = ["Problem", "Standard", "Validation", "validate_package"]
