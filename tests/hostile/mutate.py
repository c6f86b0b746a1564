"""Mutations of real documents for fuzzing: bytes, zip entries and XML parts, driven by plain integers.

A mutation is a list of ``(kind, a, b)`` operations; ``a`` and ``b`` are any non-negative integers, reduced
modulo whatever they index. Hypothesis draws and shrinks them (``tests/test_fuzz_extractors.py``);
``fuzz/run.py`` draws them from ``random``. The same list always gives the same bytes.

Structural operations (zip and XML) apply first, to the seed when it is a readable zip, then byte operations.
Fuzz targets (extractor name -> seed files) are data too: ``fuzz_targets()``.
"""

from __future__ import annotations

import copy
import io
import warnings
import zipfile
from pathlib import Path

from lxml import etree

Op = tuple[str, int, int]

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "corpus" / "real"
SAMPLES = REPO / "samples"
SEEDS = {
    "pptx": [SAMPLES / "pharma-sales-onboarding.pptx", REAL / "pptx" / "docling__powerpoint_sample.pptx",
             REAL / "pptx" / "unstructured__eng_spa_mult.pptx"],
    "docx": [SAMPLES / "facilitator-guide.docx", REAL / "docx" / "poi__61787.docx",
             REAL / "docx" / "markitdown__test_with_comment.docx",
             REAL / "docx" / "docling__unit_test_headers_numbered.docx"],
    "pdf": [SAMPLES / "handout.pdf", REAL / "pdf" / "docling__bookmark_sample.pdf",
            REAL / "pdf" / "docling__odf_presentation_01.odp.pdf"],
}
"""Small real files per extractor: the project's samples and the smallest real documents of the shared corpus
(files that are missing are left out, so a sample not written yet costs nothing)."""

BYTE_OPS = ("flip", "set-byte", "truncate", "insert-token", "delete-range", "splice")
ZIP_OPS = ("drop-entry", "dup-entry", "rename-entry", "swap-data", "empty-entry")
XML_OPS = ("xml-text", "xml-attr", "xml-drop", "xml-dup", "xml-move", "xml-nest", "xml-garble")
ALL_OPS = BYTE_OPS + ZIP_OPS + XML_OPS

INTERESTING_BYTES = (0x00, 0xFF, 0x7F, 0x80, 0x01, 0x3C, 0x3E, 0x26, 0x22, 0x25)
TOKENS = (
    b"<", b">", b"&", b"&amp;", b"<!DOCTYPE x [<!ENTITY e \"e\">]>", b"]]>", b"<![CDATA[", b"\"", b"'", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\x00", b"\r\n", b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"%PDF-1.7", b"%%EOF", b"obj",
    b"endobj", b"stream\n", b"endstream", b"xref", b"trailer", b"<<", b">>", b"[", b"]", b"/Length 999999999",
    b"/Filter /FlateDecode", b"/Type /Page", b"/Kids [1 0 R]", b"1 0 R", b"-1", b"2147483648", b"/Encrypt",
)
TEXTS = (
    "", " ", "\t", "\n\n\n", "0", "-1", "99999999999999999999", "NaN", "1e309", "\u202e\u202d", "\ufeff",
    "\U0001f600" * 50,
    "<script>window.__pwned=1</script>", "&", "A" * 20000, "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "{{7*7}}",
)
ATTRIBUTE_VALUES = (
    "", "0", "1", "-1", "-2147483649", "2147483648", "99999999999999999999", "NaN", "inf", "1e308", "0.5", "true",
    "false", "rId1", "rId2", "rId999", "../../../etc/passwd", "/", "http://127.0.0.1:9/x", "javascript:alert(1)",
    "ppaction://hlinksldjump", "#", "External", "Internal", "x" * 5000, "9" * 400, "a:b", "\u202e",
)
ATTRIBUTE_NAMES = ("id", "r:id", "r:embed", "idx", "type", "lvl", "gridSpan", "rowSpan", "hMerge", "vMerge", "sz",
                   "val", "x", "cx", "show", "Target", "TargetMode", "ContentType", "PartName", "numId", "ilvl")
ENTRY_NAMES = ("../evil.xml", "/abs.xml", "a\\b.xml", "", "[Content_Types].xml", "_rels/.rels", "UPPER.XML",
               "x/./y.xml")
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def fuzz_targets() -> dict[str, list[Path]]:
    """Return extractor name -> seed files, for every registered extractor that has seeds on disk."""
    from converter.registry import default_registry

    registered = {extractor.name for extractor in default_registry().extractors}
    return {name: [seed for seed in seeds if seed.is_file()]
            for name, seeds in SEEDS.items() if name in registered and any(seed.is_file() for seed in seeds)}


def mutate(data: bytes, ops: list[Op]) -> bytes:
    """Return ``data`` changed by ``ops`` (structural operations first, then byte operations)."""
    structural = [op for op in ops if op[0] not in BYTE_OPS]
    if structural:
        data = mutate_zip(data, structural)
    for op in ops:
        if op[0] in BYTE_OPS:
            data = mutate_bytes(data, op)
    return data


def mutate_bytes(data: bytes, op: Op) -> bytes:
    kind, a, b = op
    if not data:
        return TOKENS[b % len(TOKENS)] if kind in ("insert-token", "splice") else data
    at = a % len(data)
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ (1 << (b % 8))]) + data[at + 1:]
    if kind == "set-byte":
        return data[:at] + bytes([INTERESTING_BYTES[b % len(INTERESTING_BYTES)]]) + data[at + 1:]
    if kind == "truncate":
        return data[:at]
    if kind == "insert-token":
        return data[:at] + TOKENS[b % len(TOKENS)] + data[at:]
    if kind == "delete-range":
        return data[:at] + data[at + 1 + b % 64:]
    source = b % len(data)  # splice: copy up to 256 bytes from elsewhere in the file over this position
    chunk = data[source:source + 1 + (a >> 8) % 256]
    return data[:at] + chunk + data[at + len(chunk):]


def read_zip(data: bytes) -> list[tuple[str, bytes]] | None:
    """Return a zip's entries, or None when ``data`` is not a readable zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:  # noqa: BLE001 - any unreadable zip just means "no structural mutation"
        return None


def write_zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                                 compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def mutate_zip(data: bytes, ops: list[Op]) -> bytes:
    entries = read_zip(data)
    if not entries:
        return data
    for op in ops:
        entries = (mutate_entries(entries, op) if op[0] in ZIP_OPS else mutate_xml_entry(entries, op)) or entries
    return write_zip(entries)


def mutate_entries(entries: list[tuple[str, bytes]], op: Op) -> list[tuple[str, bytes]]:
    kind, a, b = op
    index = a % len(entries)
    name, body = entries[index]
    if kind == "drop-entry":
        return entries[:index] + entries[index + 1:]
    if kind == "dup-entry":
        return entries + [(name, entries[b % len(entries)][1])]
    if kind == "rename-entry":
        new = ENTRY_NAMES[b % len(ENTRY_NAMES)] or name.upper()
        return entries[:index] + [(new, body)] + entries[index + 1:]
    if kind == "swap-data":
        other = b % len(entries)
        swapped = list(entries)
        swapped[index], swapped[other] = (name, entries[other][1]), (entries[other][0], body)
        return swapped
    return entries[:index] + [(name, b"")] + entries[index + 1:]


def mutate_xml_entry(entries: list[tuple[str, bytes]], op: Op) -> list[tuple[str, bytes]] | None:
    """Change one element of one XML part (``a`` picks the part, ``b`` the element and the value)."""
    kind, a, b = op
    xml_indexes = [i for i, (name, _) in enumerate(entries) if name.endswith((".xml", ".rels"))]
    if not xml_indexes:
        return None
    index = xml_indexes[a % len(xml_indexes)]
    name, body = entries[index]
    if kind == "xml-garble":
        return entries[:index] + [(name, mutate_bytes(body, ("insert-token", a >> 4, b)))] + entries[index + 1:]
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except (etree.XMLSyntaxError, ValueError):
        return None
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    target = elements[b % len(elements)]
    try:
        _mutate_element(root, elements, target, kind, b)
        changed = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    except (ValueError, TypeError, etree.LxmlError):
        return None
    return entries[:index] + [(name, changed)] + entries[index + 1:]


def _mutate_element(root, elements, target, kind: str, b: int) -> None:
    value = b >> 5
    if kind == "xml-text":
        target.text = TEXTS[value % len(TEXTS)]
    elif kind == "xml-attr":
        _set_attribute(target, value)
    elif kind == "xml-drop" and target is not root:
        target.getparent().remove(target)
    elif kind == "xml-dup" and target is not root:
        for _ in range(1 + value % 50):
            target.addnext(copy.deepcopy(target))
    elif kind == "xml-move" and target is not root:
        destination = elements[value % len(elements)]
        if target not in destination.iterancestors() and destination is not target:
            destination.append(target)
    elif kind == "xml-nest" and target is not root:
        for _ in range(1 + value % 120):  # wrap the element in copies of its own tag, deeper each time
            wrapper = etree.Element(target.tag)
            target.addprevious(wrapper)
            wrapper.append(target)


def _set_attribute(element, value: int) -> None:
    attributes = list(element.attrib)
    new_value = ATTRIBUTE_VALUES[value % len(ATTRIBUTE_VALUES)]
    if attributes and value % 3:
        element.set(attributes[(value >> 2) % len(attributes)], new_value)
        return
    name = ATTRIBUTE_NAMES[(value >> 2) % len(ATTRIBUTE_NAMES)]
    element.set(f"{{{_R_NS}}}{name[2:]}" if name.startswith("r:") else name, new_value)
