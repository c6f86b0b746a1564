"""Zip surgery for hostile packages: read and rewrite entries, and patch headers a normal writer never would."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

Entries = list[tuple[str, bytes]]

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"


def read_entries(path: Path) -> Entries:
    """Return every entry of a zip as (name, bytes), in stored order (duplicates kept)."""
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_entries(path: Path, entries: Entries, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write ``entries`` as a zip, in order, duplicates and odd names included, with a fixed timestamp."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; they are the point here
        with zipfile.ZipFile(path, "w", method) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = method
                archive.writestr(info, data)
    return path


def replace_entry(entries: Entries, name: str, data: bytes) -> Entries:
    """Return ``entries`` with the first entry called ``name`` holding ``data`` (appended when absent)."""
    out, done = [], False
    for entry_name, entry_data in entries:
        if entry_name == name and not done:
            out.append((name, data))
            done = True
        else:
            out.append((entry_name, entry_data))
    return out if done else out + [(name, data)]


def entry_offsets(data: bytes) -> list[tuple[int, int, str]]:
    """Return (local header offset, central header offset, name) of each entry, read from the central directory."""
    end = data.rfind(END_SIG)
    count = struct.unpack_from("<H", data, end + 10)[0]
    offset = struct.unpack_from("<I", data, end + 16)[0]
    found = []
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        local = struct.unpack_from("<I", data, offset + 42)[0]
        name = data[offset + 46:offset + 46 + name_len].decode("utf-8", "replace")
        found.append((local, offset, name))
        offset += 46 + name_len + extra_len + comment_len
    return found


def patch_sizes(path: Path, name: str, *, unpacked: int | None = None, crc: int | None = None,
                flags: int | None = None) -> Path:
    """Rewrite the sizes, CRC or flags that the local and central headers of entry ``name`` declare."""
    data = bytearray(path.read_bytes())
    for local, central, entry in entry_offsets(bytes(data)):
        if entry != name:
            continue
        if unpacked is not None:
            struct.pack_into("<I", data, local + 22, unpacked)
            struct.pack_into("<I", data, central + 24, unpacked)
        if crc is not None:
            struct.pack_into("<I", data, local + 14, crc)
            struct.pack_into("<I", data, central + 16, crc)
        if flags is not None:
            struct.pack_into("<H", data, local + 6, flags)
            struct.pack_into("<H", data, central + 8, flags)
    path.write_bytes(bytes(data))
    return path


def raw_deflate(data: bytes, level: int = 9) -> bytes:
    """Return ``data`` as a raw deflate stream (what a zip entry holds)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def deflate_zeros(size: int, level: int = 9) -> tuple[bytes, int]:
    """Return (raw deflate stream of ``size`` zero bytes, their CRC-32) without holding them all at once."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    chunk, crc, parts = bytes(1 << 20), 0, []
    for _ in range(size >> 20):
        parts.append(compressor.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    tail = bytes(size & ((1 << 20) - 1))
    parts.append(compressor.compress(tail) + compressor.flush())
    return b"".join(parts), zlib.crc32(tail, crc)


def build_raw_zip(members: list[tuple[str, bytes, int, int, int]], shared: dict[str, int] | None = None) -> bytes:
    """Assemble a zip by hand from (name, deflated bytes, crc, declared unpacked size, method) tuples.

    ``shared`` maps a name to the index of an earlier member whose local header and data it reuses (an
    overlapping-entry zip bomb: many central directory entries, one copy of the data).
    """
    shared = shared or {}
    body, centrals, offsets = bytearray(), bytearray(), []
    for name, packed, crc, unpacked, method in members:
        encoded = name.encode("utf-8")
        if name in shared:
            offset = offsets[shared[name]]
        else:
            offset = len(body)
            body += LOCAL_SIG + struct.pack("<HHHHHIIIHH", 20, 0x800, method, 0, 0x21, crc, len(packed), unpacked,
                                            len(encoded), 0) + encoded + packed
        offsets.append(offset)
        centrals += CENTRAL_SIG + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0x800, method, 0, 0x21, crc, len(packed),
                                              unpacked, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = END_SIG + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(centrals), len(body), 0)
    return bytes(body + centrals + end)
