"""The one deterministic writer every packager uses: same entries in, same bytes out, as a zip or a folder.

Entries are sorted by name (a caller may force some first), stamped with one fixed time taken from
``SOURCE_DATE_EPOCH`` (default 1980-01-01 00:00:00, the earliest time a zip can hold), given fixed Unix
permissions (0644), stored when already compressed (pictures, media, fonts, zips) and deflated at a
fixed level otherwise. The archive is written to a temporary file beside ``out_file`` and moved into
place (``converter.atomic``, the one place outputs reach the disk), so a reader never sees a half-written package.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from converter.atomic import built_folder, write_atomic, write_bytes
from converter.errors import OutputError
from converter.plugin import Target

ZIP_EPOCH = 315532800
"""1980-01-01 00:00:00 UTC: the earliest timestamp the zip format can store."""
_ZIP_LATEST = 4354819199
"""2107-12-31 23:59:59 UTC: the latest timestamp the zip format can store."""

STORED_EXTENSIONS = frozenset(
    {"png", "jpg", "jpeg", "gif", "webp", "mp3", "mp4", "m4a", "webm", "ogg", "zip", "woff2"}
)
"""Already-compressed formats: deflating them costs time and saves almost nothing."""

DEFLATE_LEVEL = 6
"""zlib's default: on a package's HTML, scripts and XML, level 9 takes half as long again for zips under 1% smaller."""
FILE_MODE = 0o644
_UNIX = 3
_SAFE_PART = re.compile(r"[A-Za-z0-9._~+=,@-]+")


def check_name(name: str) -> str:
    """Return ``name`` when it is a safe archive path; raise ValueError otherwise.

    Safe: relative, forward slashes only, ASCII letters, digits and ``._~+=,@-`` in each part, no empty,
    ``.`` or ``..`` part. LMSs unpack packages on servers of every kind; anything else breaks somewhere.
    """
    parts = name.split("/")
    if not name or any(part in ("", ".", "..") or not _SAFE_PART.fullmatch(part) for part in parts):
        raise ValueError(
            f"unsafe package path {name!r}: package paths must be ASCII without spaces, relative, "
            "with '/' separators and no '.' or '..' parts"
        )
    return name


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """Return the fixed entry timestamp: ``SOURCE_DATE_EPOCH`` (UTC) clamped to the zip range, or 1980-01-01."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(raw) if raw else ZIP_EPOCH
    except ValueError:
        seconds = ZIP_EPOCH
    seconds = min(max(seconds, ZIP_EPOCH), _ZIP_LATEST)
    return time.gmtime(seconds)[:6]


def order_names(names: Iterable[str], first: Iterable[str] = ()) -> list[str]:
    """Return the names sorted, except that those in ``first`` (that exist) lead in the given order."""
    name_set = set(names)
    leading = [name for name in dict.fromkeys(first) if name in name_set]
    return leading + sorted(name_set.difference(leading))


def _check_names(names: Iterable[str]) -> None:
    seen: dict[str, str] = {}
    for name in names:
        check_name(name)
        folded = name.lower()
        if folded in seen:
            raise ValueError(f"package paths {seen[folded]!r} and {name!r} differ only in case")
        seen[folded] = name


def _zip_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.create_system = _UNIX
    info.external_attr = (0o100000 | FILE_MODE) << 16
    stored = PurePosixPath(name).suffix.lower().lstrip(".") in STORED_EXTENSIONS
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _write_archive(handle: BinaryIO, entries: Mapping[str, bytes], names: list[str]) -> None:
    date_time = zip_date_time()
    with zipfile.ZipFile(handle, "w") as archive:
        for name in names:
            info = _zip_info(name, date_time)
            level = DEFLATE_LEVEL if info.compress_type == zipfile.ZIP_DEFLATED else None
            archive.writestr(info, entries[name], compresslevel=level)


def archive_bytes(entries: Mapping[str, bytes], first: Iterable[str] = ()) -> bytes:
    """Return ``entries`` zipped in memory exactly as ``write_zip`` zips a package (order, time, modes,
    compression), for a format that is itself a zip whose part names no package path may have (a Word
    document's ``[Content_Types].xml``): the caller owns the names, which are not checked."""
    buffer = io.BytesIO()
    _write_archive(buffer, entries, order_names(entries, first))
    return buffer.getvalue()


def write_zip(out_file: Path, entries: Mapping[str, bytes], first: Iterable[str] = ()) -> Path:
    """Write ``entries`` (archive path -> bytes) as a zip at ``out_file`` atomically; return ``out_file``.

    Raises ValueError for an unsafe or case-colliding path (before anything is written) and
    ``OutputError`` when the folder cannot be created or written. On any failure the temporary file is
    removed and an existing ``out_file`` is left as it was. Missing parent folders are created.
    """
    first = list(first)
    _check_names(entries)
    names = order_names(entries, first)
    return write_atomic(Path(out_file), lambda handle: _write_archive(handle, entries, names))


def write_folder(out_dir: Path, entries: Mapping[str, bytes]) -> Path:
    """Write ``entries`` as files under ``out_dir``, atomically: built in a temporary sibling folder, then
    swapped into place (``converter.atomic.replace_folder``), so a reader never sees half a site and a failure
    leaves the old folder as it was.

    Raises ValueError for an unsafe path (before anything is written) and ``OutputError`` when it cannot write.
    """
    _check_names(entries)
    try:
        with built_folder(out_dir) as temp:
            for name in sorted(entries):
                path = temp.joinpath(*name.split("/"))
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(entries[name])
                path.chmod(FILE_MODE)
    except OSError as error:
        raise OutputError(f"cannot write the folder ({error.strerror or error})", out_dir) from error
    return out_dir


def write_target(target: Target, entries: Mapping[str, bytes], first: Iterable[str] = ()) -> Path:
    """Write ``entries`` to ``target``: a zip (``first`` names lead), a folder, or the one entry as a file."""
    if target.kind == "zip":
        return write_zip(target.path, entries, first)
    if target.kind == "folder":
        return write_folder(target.path, entries)
    if len(entries) != 1:
        raise ValueError(f"a single-file target takes one entry, not {len(entries)}")
    return write_bytes(target.path, next(iter(entries.values())))
