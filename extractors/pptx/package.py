"""Recognise and open PowerPoint packages: sniffing, refusals with reasons, and the deck's parts for the readers."""

from __future__ import annotations

from converter.errors import CorruptInputError
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .._office.opening import open_package
from .parts import DeckParts, Part
from .sniffing import EXTENSIONS, POWERPOINT, PRESENTATION_MAIN, claims  # noqa: F401 - re-exported


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
