"""Word documents (.docx and its template and macro-enabled variants, Strict too) to a ``SourceDocument``.

This module is light: the registry asks every extractor's ``sniff`` about each input, so only the reading
modules of the format that claims the file are imported (in ``extract``).
"""

from __future__ import annotations

from converter.model import SourceDocument
from converter.options import ConvertOptions
from converter.probe import Probe
from converter.result import Result

from .._extract import extract_guarded
from .sniffing import EXTENSIONS, claims


class DocxExtractor:
    """Reads Word documents section by section: headings, text with emphasis and links, lists, tables,
    pictures, text boxes, footnotes, facilitator cues and timing tables; headers and footers as document attrs."""

    name = "docx"
    extensions = EXTENSIONS

    def sniff(self, probe: Probe) -> bool:
        """Return True for a Word package (document, template, macro-enabled, damaged) or an encrypted one."""
        return claims(probe)

    def extract(self, probe: Probe, options: ConvertOptions) -> Result[SourceDocument]:
        """Read the document ``probe`` was taken of; raises only ``converter.errors`` classes, whatever the input holds."""
        from .extractor import read_document  # the reading modules load when a file is read

        return extract_guarded(probe, options, lambda probe, limits, messages: read_document(
            probe, limits, messages, options))


__all__ = ["DocxExtractor"]
