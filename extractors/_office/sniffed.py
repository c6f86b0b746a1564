"""What sniffing an Office file learnt, kept per probe and handed on to extraction: the zip opened once and
``[Content_Types].xml`` parsed once, whichever extractor asks first (Word and PowerPoint both sniff a zip)."""

from __future__ import annotations

import weakref
import zipfile
from dataclasses import dataclass

from lxml import etree

from converter.errors import C2EError
from converter.probe import Probe

from .package import _READ_ERRORS, CONTENT_TYPES_PART, ContentTypes, peek_local_member
from .xml import parse_xml

PEEK_BYTES = 1024 * 1024
"""The largest ``[Content_Types].xml`` a sniffer reads (real ones are a few kilobytes)."""


@dataclass
class SniffedZip:
    """One probe's zip: the archive left open for extraction (None when the zip's directory cannot be read), the
    content-types bytes found (possibly cut short, from the local headers of a damaged zip) and their parse."""

    archive: zipfile.ZipFile | None
    content_types_data: bytes | None
    content_types_root: etree._Element | None

    @property
    def content_types(self) -> ContentTypes | None:
        """Return the parsed content types, or None when they are absent or not well-formed."""
        return ContentTypes.from_root(self.content_types_root) if self.content_types_root is not None else None

    def take_archive(self) -> zipfile.ZipFile | None:
        """Return the open archive and forget it: the caller reads it and closes it."""
        archive, self.archive = self.archive, None
        return archive


_SNIFFED: dict[int, SniffedZip] = {}


def sniffed_zip(probe: Probe) -> SniffedZip:
    """Return what the zip at ``probe.path`` holds, read on the first call for this probe and kept until the probe
    is gone (its archive is then closed)."""
    key = id(probe)
    found = _SNIFFED.get(key)
    if found is None:
        found = _sniff(probe)
        _SNIFFED[key] = found
        weakref.finalize(probe, _forget, key)
    return found


def _forget(key: int) -> None:
    sniffed = _SNIFFED.pop(key, None)
    archive = sniffed.take_archive() if sniffed is not None else None
    if archive is not None:
        archive.close()


def _sniff(probe: Probe) -> SniffedZip:
    archive = _open(probe)
    data = _peek(archive) if archive is not None else None
    if data is None:
        data = peek_local_member(probe.head, CONTENT_TYPES_PART, PEEK_BYTES)
    return SniffedZip(archive, data, _parse(data))


def _open(probe: Probe) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(probe.path)
    except _READ_ERRORS:
        return None


def _peek(archive: zipfile.ZipFile) -> bytes | None:
    try:
        info = archive.getinfo(CONTENT_TYPES_PART)
        if info.file_size > PEEK_BYTES or info.flag_bits & 0x1:
            return None
        with archive.open(info) as stream:
            return stream.read(PEEK_BYTES)
    except (KeyError, *_READ_ERRORS):
        return None


def _parse(data: bytes | None) -> etree._Element | None:
    if data is None:
        return None
    try:
        return parse_xml(data, CONTENT_TYPES_PART)
    except C2EError:
        return None
