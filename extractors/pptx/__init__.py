"""PowerPoint decks (.pptx and its show, template and macro-enabled variants) to a ``SourceDocument``."""

from .extractor import PptxExtractor

__all__ = ["PptxExtractor"]
