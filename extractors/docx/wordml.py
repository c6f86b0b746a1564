"""WordprocessingML names and attribute readers: namespaces, ``qn``, on/off and integer values, the
``mc:AlternateContent`` branch to read. A leaf of the DOCX readers: it imports only the shared XML helpers."""

from __future__ import annotations

import functools

from lxml import etree

from .._office.xml import NS as DRAWINGML_NS
from .._office.xml import WML_NS
from .._office.xml import qn as office_qn
from .._office.xml import to_int as to_int  # re-exported: the DOCX readers import it from here

NS = {**WML_NS, **{prefix: DRAWINGML_NS[prefix] for prefix in ("r", "m", "a", "mc")}}
UNDERSTOOD_CHOICES = frozenset({
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/drawing/2010/main",
})
"""Namespaces whose ``mc:Choice`` we read: the drawing's text boxes and pictures are in it, not in a rendering."""


@functools.cache
def qn(tag: str) -> str:
    """Return Clark notation for a prefixed tag (``qn('w:p')``), remembered: the readers ask for a few dozen
    tags thousands of times."""
    return office_qn(tag)


OFF_VALUES = frozenset({"0", "false", "off", "none"})
W_VAL = qn("w:val")
W14_PARA_ID = qn("w14:paraId")
_HEX = frozenset("0123456789ABCDEF")


def is_on(element: etree._Element | None) -> bool | None:
    """Return an on/off property's value: None when absent, True when present without ``w:val``."""
    if element is None:
        return None
    return (element.get(W_VAL) or "true").strip().lower() not in OFF_VALUES


def choose_branch(element: etree._Element) -> list[etree._Element]:
    """Return the children of the ``mc:AlternateContent`` branch to read: the first Choice whose requirements
    we understand, else the Fallback (never both: they hold the same content twice)."""
    for choice in element.findall(qn("mc:Choice")):
        prefixes = (choice.get("Requires") or "").split()
        if prefixes and all(choice.nsmap.get(prefix) in UNDERSTOOD_CHOICES for prefix in prefixes):
            return list(choice)
    fallback = element.find(qn("mc:Fallback"))
    return list(fallback) if fallback is not None else []


def para_anchor(p: etree._Element) -> str | None:
    """Return ``para-<w14:paraId>`` of a ``w:p`` (upper-case hex), or None when Word wrote no (valid) paraId."""
    value = (p.get(W14_PARA_ID) or "").strip().upper()
    return f"para-{value}" if value and len(value) <= 8 and set(value) <= _HEX else None


def first_para_anchor(element: etree._Element) -> str | None:
    """Return the anchor of the first paragraph inside ``element`` (a table) that has a paraId, or None."""
    return next((anchor for p in element.iter(qn("w:p")) if (anchor := para_anchor(p))), None)
