"""Word documents (.docx and its template and macro-enabled variants, Strict too) to a ``SourceDocument``."""

from .extractor import DocxExtractor

__all__ = ["DocxExtractor"]
