"""What tells a PowerPoint package: its extensions and main content types (light: the registry imports it to sniff)."""

from __future__ import annotations

from converter.probe import Probe

from .._office.opening import OfficeKind, claims_package

PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_CONTENT_TYPES = frozenset({
    PRESENTATION_MAIN,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
})
EXTENSIONS = (".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm")
POWERPOINT = OfficeKind(app="PowerPoint", format_name="pptx", noun="a PowerPoint presentation", save_as=".pptx",
                        extensions=EXTENSIONS, main_types=MAIN_CONTENT_TYPES, empty_noun="a PowerPoint file")


def claims(probe: Probe) -> bool:
    """Return True for a zip whose content types declare a presentation main part (damaged zips included),
    or for an encrypted Office file named like a presentation."""
    return claims_package(probe, POWERPOINT)
