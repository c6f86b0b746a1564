"""A package to validate, read without trust: a zip (entry count, sizes and ratios capped) or an unpacked folder.

Surprise: a limit exceeded raises ``LimitExceededError`` (exit 7) instead of becoming a problem, because the
package is then refused unread, as every other c2e command refuses such input.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    InputNotFoundError,
    LimitExceededError,
    UnsupportedFormatError,
)
from ..options import Limits

RATIO_FLOOR_BYTES = 10 * 1024 * 1024
"""Below this many unpacked bytes the compression ratio is not checked (repetitive HTML compresses well)."""
_CHUNK = 64 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


@dataclass
class Package:
    """The entries of a zip or folder; ``names`` are package paths as stored (folders end in ``/``)."""

    path: Path
    names: list[str]
    limits: Limits
    archive: zipfile.ZipFile | None = None
    duplicates: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    """Folder entries that are links leading out of the folder (never read)."""

    @property
    def files(self) -> list[str]:
        return [name for name in self.names if not name.endswith("/")]

    def read(self, name: str) -> bytes:
        """Return one entry's bytes, never more than ``max_part_bytes`` (inflated in chunks)."""
        cap = self.limits.max_part_bytes
        try:
            if self.archive is None:
                with (self.path / name).open("rb") as handle:
                    data = handle.read(cap + 1)
            else:
                data = self._inflate(name, cap)
        except _READ_ERRORS as error:
            raise CorruptInputError(f"its entry {name!r} cannot be read ({error})", self.path) from error
        if len(data) > cap:
            raise LimitExceededError(f"its entry {name!r} is over {cap:,} bytes", self.path, "max_part_bytes")
        return data

    def _inflate(self, name: str, cap: int) -> bytes:
        assert self.archive is not None
        info = self.archive.getinfo(name)
        chunks, size = [], 0
        with self.archive.open(info) as handle:
            while size <= cap and (chunk := handle.read(_CHUNK)):
                chunks.append(chunk)
                size += len(chunk)
                _check_ratio(f"its entry {name!r}", size, info.compress_size, self.limits, self.path)
        return b"".join(chunks)


@contextmanager
def open_package(path: Path, limits: Limits) -> Iterator[Package]:
    """Open a zip or a folder as a ``Package``; raise our errors for anything that is neither, or hostile."""
    if path.is_dir():
        yield _folder(path, limits)
        return
    archive = _open_zip(path, limits)
    with archive:
        infos = archive.infolist()
        _check_directory(infos, limits, path)
        names = [info.filename for info in infos]
        duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
        yield Package(path, names, limits, archive, duplicates)


def _open_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise InputNotFoundError(f"cannot be read ({error.strerror or error})", path) from error
    if size == 0:
        raise EmptyInputError("is an empty (0-byte) file, not a package", path)
    if size > limits.max_input_bytes:
        raise LimitExceededError(f"is {size:,} bytes; the limit is {limits.max_input_bytes:,} bytes", path,
                                 "max_input_bytes")
    if head not in _ZIP_MAGIC:
        raise UnsupportedFormatError("is not a package: neither a zip nor a folder", path)
    try:
        return zipfile.ZipFile(path)
    except _READ_ERRORS as error:
        raise CorruptInputError(f"is a damaged or truncated zip ({error})", path) from error


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits, path: Path) -> None:
    """Refuse zip bombs and encrypted packages before reading any entry."""
    if len(infos) > limits.max_zip_entries:
        raise LimitExceededError(f"holds {len(infos):,} zip entries; the limit is {limits.max_zip_entries:,}", path,
                                 "max_zip_entries")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise LimitExceededError(f"unpacks to {total:,} bytes; the limit is {limits.max_uncompressed_bytes:,}",
                                 path, "max_uncompressed_bytes")
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedInputError(f"has an encrypted entry {info.filename!r}", path)
        if info.file_size > limits.max_part_bytes:
            raise LimitExceededError(f"its entry {info.filename!r} is {info.file_size:,} bytes; the limit is "
                                     f"{limits.max_part_bytes:,}", path, "max_part_bytes")
        _check_ratio(f"its entry {info.filename!r}", info.file_size, info.compress_size, limits, path)
    _check_ratio("its contents", total, sum(info.compress_size for info in infos), limits, path)


def _check_ratio(what: str, unpacked: int, packed: int, limits: Limits, path: Path) -> None:
    if unpacked >= RATIO_FLOOR_BYTES and unpacked > packed * limits.max_compression_ratio:
        ratio, limit = unpacked / max(packed, 1), limits.max_compression_ratio
        raise LimitExceededError(f"{what} compressed {ratio:,.1f} to 1; the limit is {limit:,g} to 1 (this looks "
                                 "like a zip bomb)", path, "max_compression_ratio")


def _folder(root: Path, limits: Limits) -> Package:
    """Return the folder's entries as package paths; links leading outside the folder are listed apart."""
    names: list[str] = []
    outside: list[str] = []
    total, base = 0, root.resolve()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            full = Path(folder) / name
            relative = full.relative_to(root).as_posix()
            if full.is_symlink() and not full.resolve().is_relative_to(base):
                outside.append(relative)
                continue
            names.append(relative)
            total += full.stat().st_size if full.is_file() else 0
            if len(names) > limits.max_zip_entries:
                raise LimitExceededError(f"holds over {limits.max_zip_entries:,} files", root, "max_zip_entries")
    if total > limits.max_uncompressed_bytes:
        raise LimitExceededError(f"holds {total:,} bytes; the limit is {limits.max_uncompressed_bytes:,}", root,
                                 "max_uncompressed_bytes")
    return Package(root, names, limits, outside=outside)
