"""What a client uploads, made safe before anything reads it: names reduced to plain ASCII file names (a name
holding a path is refused), each file's format told from its content (the signature, as the converter does;
never the client's name or media type), saved under its sanitised name with the extension of the format it
really is, and listed in a ``course.toml`` that makes the files one course in the order given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from .. import api
from ..errors import C2EError
from ..sources import ROLES

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 80


class BadUpload(Exception):
    """An upload refused before conversion: ``status`` (HTTP), ``code`` and plain words."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def safe_name(client_name: str | None) -> str:
    """Return a file name safe on any file system and in any package (ASCII letters, digits, ``.-_``), from the
    client's name; raises ``BadUpload`` (400) for a name that holds a path, a drive or a parent reference."""
    raw = (client_name or "").strip()
    if not raw:
        raise BadUpload(400, "upload.no-name", "each file needs a file name")
    if (PurePosixPath(raw).name != raw or PureWindowsPath(raw).name != raw or raw in (".", "..")
            or "\x00" in raw):
        raise BadUpload(400, "upload.path-in-name", f"the file name {raw[:100]!r} holds a path; send the file's "
                                                    "own name only")
    ascii_name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    stem, dot, suffix = ascii_name.rpartition(".")
    if not dot:
        stem, suffix = ascii_name, ""
    stem = re.sub(r"[.-]{2,}", "-", _UNSAFE.sub("-", stem)).strip(".-_ ")[:MAX_NAME].strip(".-_") or "source"
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


@dataclass(frozen=True)
class Source:
    """A checked upload: its file name in the job's folder, the reader that claims it and its size."""

    name: str
    format: str
    size: int
    role: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "format": self.format, "size": self.size, "role": self.role}


def parse_roles(text: str | None, count: int) -> list[str | None]:
    """Return the role of each of ``count`` files from ``deck,,facilitator-guide`` (empty or ``auto``: a deck
    is a deck, anything else a handout); raises ``BadUpload`` (400) for an unknown role or too many."""
    values = [part.strip().lower() for part in (text or "").split(",")] if text and text.strip() else []
    if len(values) > count:
        raise BadUpload(400, "options.roles", f"{len(values)} roles for {count} file(s): give one per file, in order")
    unknown = [v for v in values if v not in ("", "auto", *ROLES)]
    if unknown:
        raise BadUpload(400, "options.roles", f"unknown role {unknown[0]!r}; roles: auto, {', '.join(ROLES)}")
    roles: list[str | None] = [v if v not in ("", "auto") else None for v in values]
    return roles + [None] * (count - len(roles))


def check_source(path: Path, client_name: str, taken: set[str], role: str | None = None) -> Source:
    """Sniff the saved upload ``path`` and move it to its final name beside it (unique among ``taken``); raises
    ``BadUpload``: 400 for an empty file, 415 for a format c2e does not read, 422 for a damaged or encrypted
    file that claims a format it reads."""
    size = path.stat().st_size
    try:
        reader, extensions = api.sniff(path)
    except C2EError as error:
        status = {10: 400, 4: 415, 7: 413}.get(error.exit_code, 422)
        raise BadUpload(status, error.code, f"{client_name}: {error.problem}") from error
    name = safe_name(client_name)
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix}" not in extensions:  # the content decides the extension, not the client
        stem, suffix = (stem if dot else name), extensions[0].lstrip(".")
    final = _unique(f"{stem}.{suffix}", taken)
    taken.add(final)
    path.rename(path.parent / final)
    return Source(final, reader, size, role)


def _unique(name: str, taken: set[str]) -> str:
    if name.lower() not in {t.lower() for t in taken} and name != "course.toml":
        return name
    stem, _, suffix = name.rpartition(".")
    number = 2
    while f"{stem}-{number}.{suffix}".lower() in {t.lower() for t in taken}:
        number += 1
    return f"{stem}-{number}.{suffix}"


def course_toml(sources: list[Source]) -> str:
    """Return the ``course.toml`` that makes ``sources`` one course, in the order given, each with its role when
    the client gave one (else a deck is a deck, anything else a handout, as for ``c2e convert``). Names are
    ``safe_name`` output and roles one of ``ROLES``, so they need no escaping."""
    lines = []
    for source in sources:
        lines += ["[[sources]]", f'path = "{source.name}"'] + ([f'role = "{source.role}"'] if source.role else [])
        lines.append("")
    return "\n".join(lines)
