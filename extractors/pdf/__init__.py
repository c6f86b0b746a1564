"""PDF handouts and slide exports to a ``SourceDocument``."""

from .extractor import PdfExtractor

__all__ = ["PdfExtractor"]
