"""Legacy and OpenDocument files (.ppt, .doc, .odp, .odt, .rtf) through LibreOffice headless."""

from .libreoffice import SOFFICE_ENV, LibreOfficeBridge, find_soffice

__all__ = ["SOFFICE_ENV", "LibreOfficeBridge", "find_soffice"]
