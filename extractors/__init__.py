"""Extractors: read one input format (PPTX, DOCX, PDF ...) into a ``SourceDocument``; they import only the kernel."""
