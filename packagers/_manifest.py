"""What every manifest writer shares: valid XML ids, clipped titles, namespaced lxml builders, serialisation.

SCORM 1.2 and 2004 (``imsmanifest.xml``), xAPI (``tincan.xml``) and cmi5 (``cmi5.xml``) manifests are built
with lxml from these helpers, never by string concatenation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
MAX_TITLE = 200
"""imscp ``titleType`` allows at most 200 characters; the other standards take the same limit."""

_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]+")

Element = etree._Element
Maker = Callable[..., Element]


def xs_id(prefix: str, value: str) -> str:
    """Return a valid xs:ID made of ``prefix`` and ``value``: characters outside ``[A-Za-z0-9._-]`` become ``-``."""
    cleaned = _NOT_NCNAME.sub("-", value).strip("-") or "course"
    return f"{prefix}-{cleaned}"


def clip_title(title: str) -> str:
    """Return ``title`` on one line, cut to the 200 characters a manifest title may hold (never empty)."""
    title = " ".join(title.split()) or "Untitled course"
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "\u2026"


def maker(namespace: str) -> Maker:
    """Return ``make(parent, tag, text=None, **attrs)``: a child element in ``namespace`` (``parent`` None: a
    detached element). Attribute names may carry a ``{namespace}`` prefix."""

    def make(parent: Element | None, tag: str, text: str | None = None, **attrs: str) -> Element:
        name = f"{{{namespace}}}{tag}"
        element = etree.Element(name, attrs) if parent is None else etree.SubElement(parent, name, attrs)
        if text is not None:
            element.text = text
        return element

    return make


def serialize(root: Element) -> bytes:
    """Return the document as UTF-8 bytes with an XML declaration, pretty-printed (deterministic)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sco_resources(make: Maker, root: Element, scorm_type: str, ids: tuple[str, str], files: Iterable[str],
                  single: bool, launch: str = "index.html") -> None:
    """Add ``<resources>`` to a SCORM manifest: the one SCO resource (id ``ids[0]``, launched at ``launch``) every
    item points at, listing ``files`` when it is the package's only SCO (``single``), else listing ``launch`` and
    depending on an asset resource (id ``ids[1]``) that lists the rest. ``scorm_type`` is the qualified name of
    the edition's ``adlcp:scormtype``/``scormType`` attribute."""
    resources = make(root, "resources")
    sco = make(resources, "resource", identifier=ids[0], type="webcontent", href=launch)
    sco.set(scorm_type, "sco")
    names = sorted(files)
    if single:
        for name in names:
            make(sco, "file", href=name)
        return
    make(sco, "file", href=launch)
    make(sco, "dependency", identifierref=ids[1])
    shared = make(resources, "resource", identifier=ids[1], type="webcontent")
    shared.set(scorm_type, "asset")
    for name in names:
        if name != launch:
            make(shared, "file", href=name)
