"""Hardened OOXML reading: capped zip extraction, entity-free XML parsing, relationships and content types.

Shared by every Office extractor. Nothing here trusts the file: sizes are checked in the central directory and
again while inflating, entry names that leave the package root are ignored, XML entities are never expanded,
and external relationship targets are returned as strings, never fetched.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from converter.errors import CorruptInputError, EncryptedInputError, Fault, LimitExceededError
from converter.model import Location
from converter.options import Limits
from converter.result import Messages

from .xml import CT_NS, PR_NS, parse_xml

RT_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
CONTENT_TYPES_PART = "[Content_Types].xml"
PACKAGE_RELS_PART = "_rels/.rels"
RATIO_FLOOR_BYTES = 10 * 1024 * 1024
"""Below this many unpacked bytes (per entry, and in total) the compression ratio is not checked: blank
pictures and repetitive XML legitimately compress several hundred to one, and that little data is harmless."""
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class Package:
    """The parts of a zip package, keyed by member name without a leading slash.

    ``roots`` holds each XML part parsed so far (by stored name): every reader asks ``xml()``, so a part is
    parsed once per conversion. Readers must not change a root they get; copy it first.
    """

    path: Path
    parts: dict[str, bytes]
    roots: dict[str, etree._Element] = field(default_factory=dict, compare=False, repr=False)

    def find(self, name: str) -> str | None:
        """Return the stored member name for a part name (leading slash and letter case ignored), or None."""
        key = name.lstrip("/")
        return key if key in self.parts else self._by_lower_name.get(key.lower())

    @cached_property
    def _by_lower_name(self) -> dict[str, str]:
        """Stored names by their lower-case form (the first stored wins), so a miss costs one lookup."""
        found: dict[str, str] = {}
        for stored in self.parts:
            found.setdefault(stored.lower(), stored)
        return found

    def get(self, name: str) -> bytes | None:
        """Return a part's bytes, or None when the package has no such part."""
        found = self.find(name)
        return self.parts[found] if found is not None else None

    def xml(self, name: str, prepare: Callable[[bytes], bytes] | None = None) -> etree._Element:
        """Return the root of XML part ``name``, parsed on first use (``prepare`` rewrites the bytes first).

        Raises ``CorruptInputError`` when the part is missing or not well-formed XML.
        """
        found = self.find(name)
        if found is None:
            raise CorruptInputError(f"is damaged: the part {name!r} is missing", self.path)
        if found not in self.roots:
            data = self.parts[found]
            self.roots[found] = parse_xml(prepare(data) if prepare else data, found, self.path)
        return self.roots[found]

    @cached_property
    def content_types(self) -> ContentTypes:
        """Return ``[Content_Types].xml`` read; raises ``CorruptInputError`` when it is missing or damaged."""
        if self.find(CONTENT_TYPES_PART) is None:
            raise CorruptInputError(f"is damaged: the required part {CONTENT_TYPES_PART} is missing", self.path)
        return ContentTypes.from_root(self.xml(CONTENT_TYPES_PART))


@dataclass(frozen=True)
class Relationship:
    """One relationship. ``target`` is a package part name when internal, the raw URI when ``external``."""

    id: str
    type: str
    target: str | None
    external: bool


@dataclass(frozen=True)
class ContentTypes:
    """``[Content_Types].xml``: defaults by extension and overrides by part name (both lower case)."""

    defaults: dict[str, str]
    overrides: dict[str, str]

    @classmethod
    def from_xml(cls, data: bytes, path: str | Path | None = None) -> ContentTypes:
        """Parse the content-types part; raises ``CorruptInputError`` when it is not XML."""
        return cls.from_root(parse_xml(data, CONTENT_TYPES_PART, path))

    @classmethod
    def from_root(cls, root: etree._Element) -> ContentTypes:
        """Return the content types of a parsed ``[Content_Types].xml``."""
        return cls(_types(root, "Default", "Extension"), _types(root, "Override", "PartName"))

    def of(self, name: str) -> str | None:
        """Return the content type of a part name, or None when the package does not declare one."""
        key = name.lstrip("/").lower()
        if key in self.overrides:
            return self.overrides[key]
        return self.defaults.get(posixpath.splitext(key)[1].lstrip("."))


def _types(root: etree._Element, tag: str, key: str) -> dict[str, str]:
    return {el.get(key, "").lstrip("/").lower(): el.get("ContentType", "") for el in root.iter(f"{{{CT_NS}}}{tag}")}


# ---------------------------------------------------------------------------------------------- zip reading


def read_package(path: str | Path, limits: Limits, messages: Messages | None = None,
                 archive: zipfile.ZipFile | None = None, roots: dict[str, etree._Element] | None = None) -> Package:
    """Return every safe part of the zip at ``path``, enforcing ``limits`` before and while inflating.

    ``archive`` is the zip already opened on ``path`` (by the sniffer), read here instead of opening the file
    again; ``roots`` are parts it already parsed (see ``Package.roots``).

    Raises ``CorruptInputError`` for a damaged zip, ``LimitExceededError`` for a zip bomb or an oversized
    file, ``EncryptedInputError`` for zip-level encryption. Unsafe or duplicate entry names are skipped,
    with a message in ``messages``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CorruptInputError(f"cannot be read ({error.strerror or error})", path) from error
    if size > limits.max_input_bytes:
        raise LimitExceededError(f"is {size:,} bytes; the limit is {limits.max_input_bytes:,} bytes", path,
                                 "max_input_bytes")
    try:
        if archive is None:
            with zipfile.ZipFile(path) as opened:
                return _read_archive(opened, path, limits, messages, roots)
        return _read_archive(archive, path, limits, messages, roots)
    except _READ_ERRORS as error:
        raise CorruptInputError(f"is damaged: {_describe(error)}", path) from error


def _read_archive(archive: zipfile.ZipFile, path: Path, limits: Limits, messages: Messages | None,
                  roots: dict[str, etree._Element] | None) -> Package:
    infos = archive.infolist()
    check_directory(infos, limits, path)
    parts = _read_members(archive, infos, limits, messages or Messages())
    return Package(path, parts, {name: root for name, root in (roots or {}).items() if name in parts})


def check_directory(infos: list[zipfile.ZipInfo], limits: Limits, path: Path) -> None:
    """Check the sizes the central directory declares; raises ``LimitExceededError`` on the first breach."""
    if len(infos) > limits.max_zip_entries:
        raise LimitExceededError(f"holds {len(infos):,} zip entries; the limit is {limits.max_zip_entries:,}", path,
                                 "max_zip_entries")
    total, limit = sum(info.file_size for info in infos), limits.max_uncompressed_bytes
    if total > limit:
        raise LimitExceededError(f"would unpack to {total:,} bytes; the limit is {limit:,} bytes", path,
                                 "max_uncompressed_bytes")
    for info in infos:
        check_entry_size(info.filename, info.file_size, info.compress_size, limits, path)
    check_ratio("its contents", total, sum(info.compress_size for info in infos), limits, path)


def check_entry_size(name: str, unpacked: int, packed: int, limits: Limits, path: Path) -> None:
    """Raise ``LimitExceededError`` when one entry is too big or compressed suspiciously well."""
    if unpacked > limits.max_part_bytes:
        limit = limits.max_part_bytes
        raise LimitExceededError(f"has a part {name!r} of {unpacked:,} bytes; the limit is {limit:,} bytes", path,
                                 "max_part_bytes")
    check_ratio(f"the part {name!r}", unpacked, packed, limits, path)


def check_ratio(what: str, unpacked: int, packed: int, limits: Limits, path: Path) -> None:
    """Raise ``LimitExceededError`` when ``unpacked`` bytes came from too few ``packed`` ones (a zip bomb)."""
    if unpacked >= RATIO_FLOOR_BYTES and unpacked > packed * limits.max_compression_ratio:
        ratio, limit = unpacked / max(packed, 1), limits.max_compression_ratio
        problem = f"{what} compressed {ratio:,.1f} to 1; the limit is {limit:,g} to 1 (this looks like a zip bomb)"
        raise LimitExceededError(problem, path, "max_compression_ratio")


def safe_member_name(name: str) -> str | None:
    """Return ``name`` normalised (no ``.`` or empty segments), or None if it could leave the package root."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return None
    segments = [segment for segment in name.split("/") if segment not in ("", ".")]
    if ".." in segments or not segments:
        return None
    return "/".join(segments)


def _read_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits,
                  messages: Messages) -> dict[str, bytes]:
    parts: dict[str, bytes] = {}
    seen: set[str] = set()
    unpacked = packed = 0
    path = Path(archive.filename or "")
    for info in infos:
        if info.is_dir():
            continue
        name = _accept_name(info.filename, seen, archive.filename, messages)
        if name is None:
            continue
        cap = min(limits.max_part_bytes, limits.max_uncompressed_bytes - unpacked)
        data = read_member(archive, info, cap, limits, path)
        unpacked, packed = unpacked + len(data), packed + info.compress_size
        check_ratio("its contents", unpacked, packed, limits, path)
        parts[name] = data
    return parts


def _accept_name(raw: str, seen: set[str], archive_name: str | None, messages: Messages) -> str | None:
    name = safe_member_name(raw)
    if name is None:
        messages.warn("ooxml.unsafe-entry-skipped", f"zip entry {raw!r} points outside the package; ignored",
                      _entry_location(archive_name, raw))
        return None
    if name.lower() in seen:
        messages.warn("ooxml.duplicate-entry-skipped", f"zip entry {raw!r} appears twice; the first was kept",
                      _entry_location(archive_name, raw))
        return None
    seen.add(name.lower())
    return name


def _entry_location(archive_name: str | None, raw: str) -> Location:
    return Location(file=Path(archive_name or "").name, part=raw)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, limits: Limits,
                path: Path | None = None) -> bytes:
    """Inflate one entry in chunks, never holding more than ``cap`` bytes, re-checking the real ratio.

    ``path`` names the file in errors (the archive's file name when None)."""
    path = path if path is not None else Path(archive.filename or "")
    if info.flag_bits & 0x1:
        raise EncryptedInputError(f"{Fault.ENCRYPTED} zip package (its entry {info.filename!r} is encrypted)", path)
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while chunk := stream.read(min(_CHUNK, cap + 1 - total)):
            total += len(chunk)
            if total > cap:
                raise LimitExceededError(f"has a part {info.filename!r} larger than {cap:,} bytes when unpacked",
                                         path, "max_part_bytes")
            check_entry_size(info.filename, total, info.compress_size, limits, path)
            chunks.append(chunk)
    return b"".join(chunks)


def _describe(error: BaseException) -> str:
    text = str(error) or "no details"
    if isinstance(error, zipfile.BadZipFile):
        return f"not a readable zip package ({text})"
    if isinstance(error, (EOFError, zlib.error)):
        return f"a zip entry is truncated or garbled ({type(error).__name__}: {text})"
    return f"{type(error).__name__}: {text}"


# ---------------------------------------------------------------------------------------------- sniffing


def peek_member(path: str | Path, name: str, max_bytes: int = 1024 * 1024) -> bytes | None:
    """Return one small entry of a zip without reading the rest, or None when it is absent, big or damaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(name)
            if info.file_size > max_bytes or info.flag_bits & 0x1:
                return None
            with archive.open(info) as stream:
                return stream.read(max_bytes)
    except (KeyError, *_READ_ERRORS):
        return None


def peek_local_member(head: bytes, name: str, max_bytes: int = 1024 * 1024) -> bytes | None:
    """Return what the first bytes of a zip hold of entry ``name`` (possibly cut short), reading local headers.

    For damaged zips without a usable central directory: Office writes ``[Content_Types].xml`` first.
    """
    offset = 0
    while head[offset:offset + 4] == b"PK\x03\x04" and offset + 30 <= len(head):
        flags, method = struct.unpack_from("<HH", head, offset + 6)
        packed = struct.unpack_from("<I", head, offset + 18)[0]
        name_len, extra_len = struct.unpack_from("<HH", head, offset + 26)
        start = offset + 30 + name_len + extra_len
        entry = head[offset + 30:offset + 30 + name_len].decode("utf-8", "replace")
        if entry == name:
            return _inflate_prefix(head[start:start + packed] if packed else head[start:], method, max_bytes)
        if packed == 0 or flags & 0x8:
            return None
        offset = start + packed
    return None


def _inflate_prefix(data: bytes, method: int, max_bytes: int) -> bytes | None:
    if method == zipfile.ZIP_STORED:
        return data[:max_bytes]
    if method != zipfile.ZIP_DEFLATED:
        return None
    try:
        return zlib.decompressobj(-15).decompress(data, max_bytes)
    except zlib.error:
        return None


# ---------------------------------------------------------------------------------------------- relationships


def rels_part_name(part: str) -> str:
    """Return the name of the relationships part of ``part`` ('' or '/' means the package itself)."""
    folder, base = posixpath.split(part.lstrip("/"))
    return posixpath.join(folder, "_rels", f"{base}.rels") if base else PACKAGE_RELS_PART


def resolve_target(source_part: str, target: str) -> str | None:
    """Return the part name a relative ``target`` of ``source_part`` names, or None if it leaves the package."""
    target = unquote(target.split("#", 1)[0]).replace("\\", "/")
    if not target:
        return None
    base = "" if target.startswith("/") else posixpath.dirname(source_part.lstrip("/"))
    segments: list[str] = []
    for segment in posixpath.join(base, target.lstrip("/")).split("/"):
        if segment == "..":
            if not segments:
                return None
            segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    return "/".join(segments) or None


def read_relationships(package: Package, source_part: str) -> dict[str, Relationship]:
    """Return the relationships of ``source_part`` by id ('' for the package); empty when there are none.

    Internal targets are resolved to part names (None when they would leave the package); external targets
    (``TargetMode="External"``) are kept as given and never fetched.
    """
    if package.find(rels_part_name(source_part)) is None:
        return {}
    root = package.xml(rels_part_name(source_part))
    found: dict[str, Relationship] = {}
    for element in root.iter(f"{{{PR_NS}}}Relationship"):
        rel = _relationship(element, source_part)
        found.setdefault(rel.id, rel)
    return found


def _relationship(element: etree._Element, source_part: str) -> Relationship:
    target = element.get("Target", "")
    external = (element.get("TargetMode") or "").lower() == "external"
    resolved = target if external else resolve_target(source_part, target)
    return Relationship(element.get("Id", ""), element.get("Type", ""), resolved, external)


def main_part(package: Package) -> tuple[str, str]:
    """Return (part name, content type) of the package's main document part.

    Raises ``CorruptInputError`` naming what is missing: the content types, the package relationships, the
    officeDocument relationship or the part it points to.
    """
    content_types = package.content_types
    if package.get(PACKAGE_RELS_PART) is None:
        raise CorruptInputError(f"is damaged: the required part {PACKAGE_RELS_PART} is missing", package.path)
    rels = read_relationships(package, "")
    main = next((rel for rel in rels.values() if rel.type in RT_OFFICE_DOCUMENT and not rel.external), None)
    if main is None or main.target is None:
        raise CorruptInputError("is damaged: it names no main document part", package.path)
    stored = package.find(main.target)
    if stored is None:
        raise CorruptInputError(f"is damaged: its main part {main.target!r} is missing", package.path)
    return stored, content_types.of(stored) or ""
