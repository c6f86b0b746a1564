"""The leaf of the extractors' import graph: Office XML namespaces, ``qn``, attribute readers and the hardened parser.

It imports nothing of ours but the kernel, so every other module may depend on it without a cycle. Charts
(``c:chartSpace``, chartex ``cx:chartSpace``) and SmartArt data parts are the same XML in Word and PowerPoint
packages; the parser never expands entities, loads DTDs or touches the network.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from converter.errors import CorruptInputError

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"

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
"""DrawingML and the namespaces it shares between Word and PowerPoint."""
PML_NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "p15": "http://schemas.microsoft.com/office/powerpoint/2012/main",
}
"""PresentationML."""
WML_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": W14_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
"""WordprocessingML and the drawing namespaces Word adds."""
_PREFIXES = {**NS, **PML_NS, **WML_NS, "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
             "dc": DC_NS, "dcterms": DCTERMS_NS}
TRUE_VALUES = frozenset({"1", "true", "on"})
_CLARK: dict[str, str] = {}
"""``qn`` results by prefixed tag (the readers ask for the same few dozen tags again and again)."""


def qn(tag: str) -> str:
    """Return Clark notation for a prefixed tag: ``qn('a:t')`` -> ``{http://...drawingml/2006/main}t``.

    One table serves every Office format (``a:``, ``p:``, ``w:``, ``dc:``...): a prefix means the same namespace
    wherever it is used."""
    found = _CLARK.get(tag)
    if found is None:
        prefix, local = tag.split(":", 1)
        found = _CLARK[tag] = f"{{{_PREFIXES[prefix]}}}{local}"
    return found


def is_true(value: str | None) -> bool:
    """Return True for an xsd:boolean attribute that is set ('1' or 'true')."""
    return (value or "").strip().lower() in TRUE_VALUES


def to_int(value: str | None, default: int = 0) -> int:
    """Return ``value`` as an int, or ``default`` when it is missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_UTF8_BOM = b"\xef\xbb\xbf"
_DOCTYPE_MARKS = (b"<!DOCTYPE",) + tuple("<!DOCTYPE".encode(codec) for codec in ("utf-16-le", "utf-16-be",
                                                                                    "utf-32-le", "utf-32-be"))
_ENTITY_NAME = re.compile(rb"<!ENTITY\s+([A-Za-z_:][\w.:-]*)")


# ---------------------------------------------------------------------------------------------- XML


def xml_parser() -> etree.XMLParser:
    """Return a parser that never expands entities, loads DTDs, touches the network or accepts huge trees."""
    # Never pass collect_ids=False: with lxml 6.1 / libxml2 2.14 it makes libxml2 load external parameter
    # entities (files a DOCTYPE names) and define the entities they declare, whatever load_dtd says.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False)


def parse_xml(data: bytes, name: str = "an XML part", path: str | Path | None = None) -> etree._Element:
    """Return the root element of ``data``; entities are never expanded and never read from anywhere.

    A UTF-8 byte-order mark is stripped and any DOCTYPE is defused before lxml sees it (libxml2 would
    still open parameter entities' files and count entity bombs). Raises ``CorruptInputError`` when
    ``data`` is not well-formed.
    """
    data = data[len(_UTF8_BOM):] if data.startswith(_UTF8_BOM) else data
    defused = defuse_doctype(data, name, path)
    try:
        root = etree.fromstring(defused, xml_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CorruptInputError(f"is damaged: {name} is not well-formed XML ({error})", path) from error
    if root is None:
        raise CorruptInputError(f"is damaged: {name} holds no XML element", path)
    if defused is not data:
        _drop_entity_references(root)
    return root


def has_doctype(data: bytes) -> bool:
    """Return True when ``data`` declares a DOCTYPE (the only way to declare entities), in UTF-8, 16 or 32."""
    if b"\x00" not in data:  # every UTF-16 and UTF-32 mark holds a NUL byte: only the UTF-8 one can be there
        return _DOCTYPE_MARKS[0] in data
    return any(mark in data for mark in _DOCTYPE_MARKS)


def defuse_doctype(data: bytes, name: str = "an XML part", path: str | Path | None = None) -> bytes:
    """Return ``data`` with its DOCTYPE replaced by one declaring each general entity as empty text.

    References then resolve to nothing: no file, URL or parameter entity is opened and nothing multiplies.
    A DOCTYPE in UTF-16 or UTF-32 (never written by Office) or one that does not end is refused as damage.
    """
    start = data.find(_DOCTYPE_MARKS[0])
    if start < 0:
        if has_doctype(data):
            raise CorruptInputError(f"is damaged: {name} declares a DOCTYPE in UTF-16 or UTF-32", path)
        return data
    end = _doctype_end(data, start + len(_DOCTYPE_MARKS[0]))
    if end is None:
        raise CorruptInputError(f"is damaged: {name} has an unterminated DOCTYPE", path)
    names = sorted(set(_ENTITY_NAME.findall(data[start:end])))
    empty = b"".join(b'<!ENTITY ' + entity + b' "">' for entity in names)
    return data[:start] + (b"<!DOCTYPE defused [" + empty + b"]>" if names else b"") + data[end:]


def _doctype_end(data: bytes, index: int) -> int | None:
    """Return the index just past the ``>`` closing a DOCTYPE, skipping quotes, comments and brackets."""
    depth, quote = 0, 0
    while index < len(data):
        char = data[index]
        if quote:
            quote = 0 if char == quote else quote
        elif char in b"\"'":
            quote = char
        elif data.startswith(b"<!--", index):
            close = data.find(b"-->", index + 4)
            index = close + 2 if close >= 0 else len(data)
        elif char in b"[]":
            depth += 1 if char == ord("[") else -1
        elif char == ord(">") and depth <= 0:
            return index + 1
        index += 1
    return None


def sanitize_xml(data: bytes, name: str = "an XML part", path: str | Path | None = None) -> bytes:
    """Return ``data`` unchanged, or re-serialised without its DOCTYPE and entity references if it has one."""
    if not has_doctype(data):
        return data
    root = parse_xml(data, name, path)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def _drop_entity_references(root: etree._Element) -> None:
    for entity in list(root.iter(etree.Entity)):
        parent, previous, tail = entity.getparent(), entity.getprevious(), entity.tail or ""
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        elif parent is not None:
            parent.text = (parent.text or "") + tail
        if parent is not None:
            parent.remove(entity)


def alternate_content(element: etree._Element) -> list[etree._Element]:
    """Return the children to read for an ``mc:AlternateContent``: the Fallback, else the first Choice."""
    branch = element.find(f"{{{MC_NS}}}Fallback")
    if branch is None:
        branch = element.find(f"{{{MC_NS}}}Choice")
    return list(branch) if branch is not None else []
