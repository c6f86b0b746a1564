"""DrawingML namespaces and attribute readers, shared by the chart and SmartArt readers of every Office format.

Charts (``c:chartSpace``, chartex ``cx:chartSpace``) and SmartArt data parts are the same XML in Word and
PowerPoint packages; only how a format finds the part and reports what it kept differs.
"""

from __future__ import annotations

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a14": "http://schemas.microsoft.com/office/drawing/2010/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "cx": "http://schemas.microsoft.com/office/drawing/2014/chartex",
    "dsp": "http://schemas.microsoft.com/office/drawing/2008/diagram",
}
TRUE_VALUES = frozenset({"1", "true", "on"})


def qn(tag: str) -> str:
    """Return Clark notation for a prefixed tag: ``qn('a:t')`` -> ``{http://...drawingml/2006/main}t``."""
    prefix, local = tag.split(":", 1)
    return f"{{{NS[prefix]}}}{local}"


def is_true(value: str | None) -> bool:
    """Return True for an xsd:boolean attribute that is set ('1' or 'true')."""
    return (value or "").strip().lower() in TRUE_VALUES


def to_int(value: str | None, default: int = 0) -> int:
    """Return ``value`` as an int, or ``default`` when it is missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
