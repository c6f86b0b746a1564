"""PowerPoint decks (.pptx and its show, template and macro-enabled variants) to a ``SourceDocument``.

This module is light: the registry asks every extractor's ``sniff`` about each input, so only the reading
modules of the format that claims the file are imported (in ``extract``).
"""

from __future__ import annotations

from functools import partial

from converter.model import SourceDocument
from converter.options import ConvertOptions
from converter.probe import Probe
from converter.result import Result

from .._extract import extract_guarded
from .sniffing import EXTENSIONS, claims


class PptxExtractor:
    """Reads PowerPoint decks slide by slide: text, lists, tables, pictures, notes, sections, hidden flags."""

    name = "pptx"
    extensions = EXTENSIONS

    def sniff(self, probe: Probe) -> bool:
        """Return True for a presentation package (also show, template, macro-enabled, damaged, encrypted)."""
        return claims(probe)

    def extract(self, probe: Probe, options: ConvertOptions) -> Result[SourceDocument]:
        """Read the deck ``probe`` was taken of; raises only ``converter.errors`` classes, whatever the input holds."""
        from .extractor import read_deck  # the reading modules load when a file is read

        return extract_guarded(probe, options, partial(read_deck, slide_images=options.slide_images))


__all__ = ["PptxExtractor"]
