"""PDF handouts and slide exports to a ``SourceDocument``.

This module is light: the registry asks every extractor's ``sniff`` about each input, so only the reading
modules of the format that claims the file are imported (in ``extract``).
"""

from __future__ import annotations

from converter.model import SourceDocument
from converter.options import ConvertOptions
from converter.probe import Probe
from converter.result import Result

from .._extract import extract_guarded


class PdfExtractor:
    """Reads PDFs page by page: text in reading order, headings, lists, ruled tables, images, links, outline.

    pypdfium2 reads text with positions and font sizes, rules, images, links and the outline; pdfplumber's
    table finder turns the rules of pages that have a grid into tables. Both are imported when a PDF is read.
    """

    name = "pdf"
    extensions = (".pdf",)

    def sniff(self, probe: Probe) -> bool:
        """Return True when the file starts with a PDF header (within its first kilobyte)."""
        return probe.is_pdf

    def extract(self, probe: Probe, options: ConvertOptions) -> Result[SourceDocument]:
        """Read the PDF ``probe`` was taken of; raises only ``converter.errors`` classes, whatever the input holds."""
        from .extractor import read_pdf  # the reading modules load when a file is read

        return extract_guarded(probe, options, lambda probe, limits, messages: read_pdf(probe, limits, messages,
                                                                                        options))


__all__ = ["PdfExtractor"]
