"""Localisation: a course's strings out to translators as XLIFF 2.1 or 1.2, and translations back in.

A translated course is just a ``Course`` with its strings replaced (``apply_translation``), so every packager
writes localised outputs unchanged. ``export`` lists the strings, ``update`` carries a translation over to a
revised course, ``tally`` counts the words left, ``pseudo`` pseudo-translates. Imports the kernel and lxml only.
"""

from __future__ import annotations

from .apply import apply_translation, course_catalog, localised_name
from .catalog import VERSIONS, Catalog, Unit, export
from .read import parse_xliff, read_xliff
from .revise import Tally, count_words, pseudo, tally, update
from .write import write_xliff

__all__ = ["VERSIONS", "Catalog", "Tally", "Unit", "apply_translation", "count_words", "course_catalog", "export",
           "localised_name", "parse_xliff", "pseudo", "read_xliff", "tally", "update", "write_xliff"]
