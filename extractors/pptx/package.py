"""Recognise and open PowerPoint packages: sniffing, refusals with reasons, and the deck's parts for the readers."""

from __future__ import annotations

from converter.errors import CorruptInputError
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .._office.opening import OfficeKind, claims_package, open_package
from .parts import DeckParts, Part

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


def open_presentation(probe: Probe, limits: Limits, messages: Messages) -> tuple[DeckParts, Part]:
    """Return the deck's parts and its main (presentation) part, read from the zip the sniffer opened.

    Raises as ``open_package`` does; ``CorruptInputError`` also when the main part is not well-formed XML.
    Nothing else is parsed here: each reader parses the parts it needs, once (see ``DeckParts``).
    """
    package, main_name = open_package(probe, limits, messages, POWERPOINT)
    package.xml(main_name)  # the main part must be XML: raises CorruptInputError naming it
    parts = DeckParts(package, messages)
    main = parts.part(main_name)
    if main is None or main.root is None:  # not reached: parsed above
        raise CorruptInputError(f"is damaged: its main part {main_name!r} cannot be read", probe.path)
    return parts, main
