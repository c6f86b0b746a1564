"""Open PDFs without trust: PDF libraries imported late, the empty password tried, failures turned into our errors."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from converter.errors import CorruptInputError, EmptyInputError, Fault, MissingDependencyError

INSTALL_HINT = "pip install classroom-to-elearning[pdf]"
LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "pypdfium2_raw")
"""Loggers of the PDF libraries: given a ``NullHandler`` so their warnings never reach stderr on their own
(an application that configures logging still receives them through the root logger)."""

ERR_FILE, ERR_FORMAT, ERR_PASSWORD, ERR_SECURITY = 2, 3, 4, 6
"""pdfium's ``FPDF_ERR_*`` load error codes."""


def quiet_library_loggers() -> None:
    """Give each PDF library logger a ``NullHandler`` (once) so library code never prints on its own."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())


def load_pdfium() -> tuple[Any, Any]:
    """Return ``(pypdfium2, pypdfium2.raw)``; raises ``MissingDependencyError`` naming the extra to install."""
    try:
        import pypdfium2
        import pypdfium2.raw as raw
    except ImportError as error:
        raise MissingDependencyError(f"reading PDF files needs pypdfium2: {INSTALL_HINT}") from error
    quiet_library_loggers()
    return pypdfium2, raw


def load_pdfplumber() -> Any:
    """Return the pdfplumber module (tables only); raises ``MissingDependencyError`` naming the extra."""
    try:
        import pdfplumber
    except ImportError as error:
        raise MissingDependencyError(f"finding tables in PDF files needs pdfplumber: {INSTALL_HINT}") from error
    quiet_library_loggers()
    return pdfplumber


def open_document(path: Path) -> Any:
    """Return a ``PdfDocument`` opened with the empty password (owner-password-only files open fine).

    Raises ``EncryptedInputError`` when a user password is needed, ``CorruptInputError`` when pdfium cannot
    parse the file, ``EmptyInputError`` when it parses but lists no page.
    """
    pdfium, _ = load_pdfium()
    try:
        return pdfium.PdfDocument(path, password="")
    except pdfium.PdfiumError as error:
        raise _open_error(getattr(error, "err_code", None), path) from error


def _open_error(code: int | None, path: Path) -> Exception:
    if code == ERR_PASSWORD:
        return Fault.encrypted(path, "PDF", "remove the password (for example by printing it to a new PDF with the "
                                           "password entered), then convert again")
    if code == ERR_SECURITY:
        return Fault.encrypted(path, "PDF", "it uses a security handler c2e cannot open (rights management or "
                                           "certificate encryption); save an unprotected copy, then convert again")
    if code == ERR_FORMAT:
        return CorruptInputError("is damaged: its PDF structure (header, cross-reference table or trailer) "
                                 "cannot be read", path)
    if code == ERR_FILE:
        return CorruptInputError("cannot be opened as a PDF file", path)
    return EmptyInputError("has no pages that can be read (its page tree is empty or unreadable)", path)
