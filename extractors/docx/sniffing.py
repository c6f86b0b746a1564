"""What tells a Word package: its extensions and main content types (light: the registry imports it to sniff)."""

from __future__ import annotations

from converter.probe import Probe

from .._office.opening import OfficeKind, claims_package

MAIN_CONTENT_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})
EXTENSIONS = (".docx", ".docm", ".dotx", ".dotm")
WORD = OfficeKind(app="Word", format_name="docx", noun="a Word document", save_as=".docx", extensions=EXTENSIONS,
                  main_types=MAIN_CONTENT_TYPES, default_types=True)


def claims(probe: Probe) -> bool:
    """Return True for a zip whose content types declare a Word main part (damaged zips included), or for an
    encrypted Office file named like a Word document."""
    return claims_package(probe, WORD)
