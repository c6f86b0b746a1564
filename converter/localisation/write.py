"""Write a catalogue as XLIFF 2.1 (the default) or XLIFF 1.2, with lxml, deterministically.

XLIFF 2.1: one ``<file>`` whose ``original`` names the course, one ``<unit>`` per string (``name``: its role)
with notes (place, length limit), a ``<segment>`` with its ``state`` and, from ``xliff update``, ``subState``
``c2e:new``/``c2e:changed`` and the old translation as a Translation Candidates ``<mtc:match>``. Formatted runs
are ``<pc>`` codes. XLIFF 1.2: ``<trans-unit>`` with ``resname``, ``maxwidth``/``size-unit="char"``, ``<g>``
codes, an empty ``<target state="needs-translation">`` (new) or ``needs-review-translation`` (changed) and the
old translation as ``<alt-trans>``.
"""

from __future__ import annotations

import re

from lxml import etree

from .catalog import Catalog, Unit
from .content import Code, Content

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
ORIGINAL_PREFIX = "c2e-course:"
"""``file/@original`` is this prefix and the course id: how a returned file is matched to its course."""
SUBSTATE_PREFIX = "c2e:"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
"""``xml:space="preserve"`` on ``<file>``: a string's spaces and line breaks are content."""

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (written as ``<cp>`` in XLIFF 2; a manifest or page could not carry them)."""
_SUBTYPES = {"b": "xlf:b", "i": "xlf:i", "u": "xlf:u", "code": "c2e:code"}
_CTYPES = {"b": "bold", "i": "italic", "u": "underlined", "link": "link"}
_STATES_12 = {"initial": "needs-translation", "translated": "translated", "reviewed": "signed-off",
              "final": "final"}


def write_xliff(catalog: Catalog, version: str = "2.1") -> bytes:
    """Return ``catalog`` as an XLIFF document (UTF-8, with an XML declaration)."""
    root = _xliff2(catalog) if version.startswith("2") else _xliff12(catalog)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


_INLINE_HOLDERS = {"source", "target", "note"}


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the structure for people to read, never inside text (white space there is content)."""
    children = list(element)
    if not children or etree.QName(element).localname in _INLINE_HOLDERS:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _x2(tag: str) -> str:
    return f"{{{XLIFF2_NS}}}{tag}"


def _xliff2(catalog: Catalog) -> etree._Element:
    root = etree.Element(_x2("xliff"), nsmap={None: XLIFF2_NS, "mtc": MTC_NS})
    root.set("version", "2.1")
    root.set("srcLang", catalog.source_language)
    if catalog.target_language:
        root.set("trgLang", catalog.target_language)
    file = etree.SubElement(root, _x2("file"), id="f1", original=ORIGINAL_PREFIX + catalog.course_id)
    file.set(XML_SPACE, "preserve")
    notes = etree.SubElement(file, _x2("notes"))
    etree.SubElement(notes, _x2("note"), category="c2e").text = (
        f"Course {catalog.title!r} ({catalog.course_id}), exported by c2e. Unit ids are the course's stable ids; "
        "keep inline codes, translate the text between them.")
    for unit in catalog.units:
        file.append(_unit2(unit))
    return root


def _unit2(unit: Unit) -> etree._Element:
    element = etree.Element(_x2("unit"), id=unit.id)
    if unit.role:
        element.set("name", unit.role)
    if unit.previous is not None:
        matches = etree.SubElement(element, f"{{{MTC_NS}}}matches")
        match = etree.SubElement(matches, f"{{{MTC_NS}}}match", ref="#s1", type="tm", origin="previous version",
                                 similarity="50")
        _content2(etree.SubElement(match, _x2("source")), unit.previous[0], unit.previous[0])
        _content2(etree.SubElement(match, _x2("target")), unit.previous[1], unit.previous[0])
    notes = etree.SubElement(element, _x2("notes"))
    etree.SubElement(notes, _x2("note"), category="location").text = _xml_safe(unit.note)
    if unit.max_length:
        etree.SubElement(notes, _x2("note"), category="max-length").text = str(unit.max_length)
    segment = etree.SubElement(element, _x2("segment"), id="s1", state=unit.state)
    if unit.flag:
        segment.set("subState", SUBSTATE_PREFIX + unit.flag)
    _content2(etree.SubElement(segment, _x2("source")), unit.source, unit.source)
    if unit.target is not None:
        _content2(etree.SubElement(segment, _x2("target")), unit.target, unit.source)
    return element


def _formats(source: Content) -> dict[str, str]:
    return {p.id: p.fmt for p in source if isinstance(p, Code)}


def _content2(parent: etree._Element, content: Content, source: Content) -> None:
    """Fill ``parent`` with text and ``<pc>`` codes (formatting names from the source's codes)."""
    formats = _formats(source)
    last: etree._Element | None = None
    for piece in content:
        if isinstance(piece, str):
            last = _text2(parent, last, piece)
            continue
        fmt = formats.get(piece.id, piece.fmt)
        pc = etree.SubElement(parent, _x2("pc"), id=piece.id, type="link" if fmt == "link" else "fmt")
        if fmt in _SUBTYPES:
            pc.set("subType", _SUBTYPES[fmt])
        if fmt:
            pc.set("dispStart", f"<{fmt}>")
            pc.set("dispEnd", f"</{fmt}>")
        _text2(pc, None, piece.text)
        last = pc


def _text2(parent: etree._Element, last: etree._Element | None, text: str) -> etree._Element | None:
    """Append ``text`` after ``last`` (or into ``parent``), characters XML cannot hold as ``<cp>``."""
    for n, chunk in enumerate(NOT_XML.split(text)):
        if n:
            char = NOT_XML.findall(text)[n - 1]
            last = etree.SubElement(parent, _x2("cp"), hex=f"{ord(char):04X}")
        if last is None:
            parent.text = (parent.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
    return last


def _xml_safe(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _x12(tag: str) -> str:
    return f"{{{XLIFF12_NS}}}{tag}"


def _xliff12(catalog: Catalog) -> etree._Element:
    root = etree.Element(_x12("xliff"), nsmap={None: XLIFF12_NS})
    root.set("version", "1.2")
    file = etree.SubElement(root, _x12("file"), original=ORIGINAL_PREFIX + catalog.course_id,
                            datatype="x-c2e-course")
    file.set(XML_SPACE, "preserve")
    file.set("source-language", catalog.source_language)
    if catalog.target_language:
        file.set("target-language", catalog.target_language)
    header = etree.SubElement(file, _x12("header"))
    etree.SubElement(header, _x12("note")).text = (
        f"Course {catalog.title!r} ({catalog.course_id}), exported by c2e. Keep the <g> codes.")
    body = etree.SubElement(file, _x12("body"))
    for unit in catalog.units:
        body.append(_unit12(unit))
    return root


def _unit12(unit: Unit) -> etree._Element:
    element = etree.Element(_x12("trans-unit"), id=unit.id)
    if unit.role:
        element.set("resname", unit.role)
    if unit.max_length:
        element.set("size-unit", "char")
        element.set("maxwidth", str(unit.max_length))
    _content12(etree.SubElement(element, _x12("source")), unit.source, unit.source)
    if unit.target is not None:
        target = etree.SubElement(element, _x12("target"), state=_STATES_12[unit.state])
        _content12(target, unit.target, unit.source)
    elif unit.flag:
        etree.SubElement(element, _x12("target"),
                         state="needs-translation" if unit.flag == "new" else "needs-review-translation")
    etree.SubElement(element, _x12("note"), {"from": "c2e"}).text = _xml_safe(unit.note)
    if unit.previous is not None:
        alt = etree.SubElement(element, _x12("alt-trans"), {"origin": "previous version", "match-quality": "50"})
        _content12(etree.SubElement(alt, _x12("source")), unit.previous[0], unit.previous[0])
        _content12(etree.SubElement(alt, _x12("target")), unit.previous[1], unit.previous[0])
    return element


def _content12(parent: etree._Element, content: Content, source: Content) -> None:
    formats = _formats(source)
    last: etree._Element | None = None
    for piece in content:
        if isinstance(piece, str):
            if last is None:
                parent.text = (parent.text or "") + _xml_safe(piece)
            else:
                last.tail = (last.tail or "") + _xml_safe(piece)
            continue
        fmt = formats.get(piece.id, piece.fmt)
        ctype = _CTYPES.get(fmt) or "x-" + (fmt.replace("+", "-") or "fmt")
        last = etree.SubElement(parent, _x12("g"), id=piece.id, ctype=ctype)
        last.text = _xml_safe(piece.text)
