"""Hostile-safe XML parsing of package descriptors and XSD validation with two engines (lxml and xmlschema).

The schemas are this package's data (``schemas/``, copied unmodified from the ADL/IMS and cmi5 sources with
their notices); the project-authored driver schemas import every namespace of an edition from local files, and
both engines are kept offline: lxml parses with the network off, xmlschema loads only inside the schema folder
(``allow="sandbox"``) and never follows an instance's ``xsi:schemaLocation``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from .verdict import Problem

SCHEMAS = Path(__file__).resolve().with_name("schemas")
"""The schema folder; a real folder on disk because the drivers import their schemas by relative path."""

DRIVERS = {
    "scorm12": "scorm12-driver.xsd",
    "scorm2004-3rd": "scorm2004-3rd-driver.xsd",
    "scorm2004-4th": "scorm2004-4th-driver.xsd",
    "cmi5": "cmi5/CourseStructure.xsd",
}
"""The schema that validates each standard's descriptor, relative to ``SCHEMAS``."""

MAX_ERRORS = 50
"""Per engine: a badly broken manifest says enough after this many."""


def _parser() -> etree.XMLParser:
    """Return a parser that never resolves entities, loads no DTD and touches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=False)


_DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def parse_descriptor(data: bytes, where: str) -> tuple[etree._Element | None, list[Problem]]:
    """Return the descriptor's root, or None and the problem: not well-formed, or a DOCTYPE.

    A DOCTYPE is refused before parsing (and again after, whatever the encoding), so no entity is ever expanded
    (XXE, entity bombs). Surprise: ``<!DOCTYPE`` inside a comment or CDATA section is refused too.
    """
    if any(marker in data for marker in _DOCTYPE):
        return None, [_doctype(where)]
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        return None, [Problem("xml.malformed", f"{where} is not well-formed XML ({error})", where)]
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        return None, [_doctype(where)]
    return root, []


def _doctype(where: str) -> Problem:
    return Problem("xml.doctype", f"{where} declares a DOCTYPE (a DTD or entities); a package descriptor needs none, "
                                  "so it is refused with nothing expanded (XXE, entity bombs)", where)


@cache
def engines(standard: str) -> tuple[etree.XMLSchema, Any]:
    """Return the lxml and the xmlschema validators for ``standard`` (a key of ``DRIVERS``), built once."""
    import xmlschema  # imported on first validation: it is heavy, and only ``c2e validate`` needs it

    driver = SCHEMAS / DRIVERS[standard]
    lxml_schema = etree.XMLSchema(etree.parse(str(driver), _parser()))
    xs_schema = xmlschema.XMLSchema(str(driver), base_url=str(SCHEMAS), allow="sandbox")
    return lxml_schema, xs_schema


def xsd_problems(standard: str, root: etree._Element, where: str) -> list[Problem]:
    """Return what each engine finds wrong with ``root`` against the standard's schemas (xmlschema also catches
    IDREFs that name no ID)."""
    lxml_schema, xs_schema = engines(standard)
    problems = []
    if not lxml_schema.validate(root):
        problems += [Problem("xsd.lxml", f"schema (lxml): {error.message}", f"{where} line {error.line}")
                     for error in list(lxml_schema.error_log)[:MAX_ERRORS]]
    for count, error in enumerate(xs_schema.iter_errors(root.getroottree())):
        if count == MAX_ERRORS:
            break
        line = getattr(error, "sourceline", None)
        place = f"{where} line {line}" if line else f"{where} {error.path or ''}".strip()
        problems.append(Problem("xsd.xmlschema", f"schema (xmlschema): {error.reason or error.message}", place))
    return problems
