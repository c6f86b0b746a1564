"""File signatures: what a file really is, read from its first bytes, never from its extension.

Stdlib only. Extractors use a ``Probe`` in ``sniff()``; the pipeline uses it to explain a refusal
(an encrypted Office file and a legacy .ppt look alike to a zip reader: both are OLE compound files).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import InputNotFoundError

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
PDF_MAGIC = b"%PDF-"
RTF_MAGIC = b"{\\rtf"
ODF_MIMETYPE_PREFIX = b"mimetypeapplication/vnd.oasis.opendocument."
_CFB_SCAN_BYTES = 8 * 1024 * 1024

_CFB_STREAMS = {
    "EncryptedPackage": "an encrypted (password-protected) Office file",
    "PowerPoint Document": "a legacy PowerPoint 97-2003 (.ppt) file",
    "WordDocument": "a legacy Word 97-2003 (.doc) file",
    "Workbook": "a legacy Excel 97-2003 (.xls) file",
}


@dataclass(frozen=True)
class Probe:
    """The first bytes and size of a file, read once."""

    path: Path
    size: int
    head: bytes

    @classmethod
    def read(cls, path: str | Path, head_bytes: int = 4096) -> Probe:
        """Return a probe of ``path``; raises ``InputNotFoundError`` when it is missing or unreadable."""
        path = Path(path)
        if not path.is_file():
            problem = "is a folder, not a file" if path.is_dir() else "no such file"
            raise InputNotFoundError(problem, path)
        try:
            with path.open("rb") as handle:
                head = handle.read(head_bytes)
            return cls(path, path.stat().st_size, head)
        except OSError as error:
            raise InputNotFoundError(f"cannot be read ({error.strerror or error})", path) from error

    @property
    def is_zip(self) -> bool:
        return self.head.startswith(ZIP_MAGIC) or self.head.startswith(EMPTY_ZIP_MAGIC)

    @property
    def is_cfb(self) -> bool:
        return self.head.startswith(CFB_MAGIC)

    @property
    def is_pdf(self) -> bool:
        return PDF_MAGIC in self.head[:1024]

    @property
    def is_rtf(self) -> bool:
        return self.head.startswith(RTF_MAGIC)

    @property
    def opendocument_kind(self) -> str | None:
        """Return ``presentation``, ``text``... for an OpenDocument file (its stored first entry names it)."""
        if not self.is_zip or self.head[30:30 + len(ODF_MIMETYPE_PREFIX)] != ODF_MIMETYPE_PREFIX:
            return None
        rest = self.head[30 + len(ODF_MIMETYPE_PREFIX):30 + len(ODF_MIMETYPE_PREFIX) + 40]
        kind = rest.split(b"PK", 1)[0].split(b"\x00", 1)[0]
        return kind.decode("ascii", "replace").split("-")[0] or None

    @cached_property
    def cfb_kind(self) -> str | None:
        """Return what an OLE compound file holds (see ``_CFB_STREAMS``), or None if not CFB or unknown.

        Stream names sit in UTF-16LE directory entries; a scan of the file finds them without a CFB parser.
        """
        if not self.is_cfb:
            return None
        with self.path.open("rb") as handle:
            data = handle.read(_CFB_SCAN_BYTES)
        for name, kind in _CFB_STREAMS.items():
            if name.encode("utf-16-le") in data:
                return kind
        return None

    def describe(self) -> str:
        """Return what this file appears to be, for an error message."""
        if self.size == 0:
            return "an empty (0-byte) file"
        if self.is_cfb:
            return self.cfb_kind or "an OLE compound file of unknown kind"
        if self.is_pdf:
            return "a PDF document"
        if self.is_rtf:
            return "an RTF document"
        if self.opendocument_kind:
            return f"an OpenDocument {self.opendocument_kind} file"
        if self.is_zip:
            return "a zip archive that is not a supported Office document"
        return "not a document c2e recognises"


def file_sha256(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
