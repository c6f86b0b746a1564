"""Package paths as LMSs and web servers need them: relative, inside the package, ASCII, without spaces."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from .verdict import Problem

_DRIVE = re.compile(r"^[A-Za-z]:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_url(href: str) -> bool:
    """Return whether ``href`` is an absolute URL (``https://...``), which no file in the package backs."""
    return bool(_SCHEME.match(href))


def path_problems(path: str, what: str, where: str) -> list[Problem]:
    """Return what is unsafe about one package path (an entry name or a manifest's href): absolute, climbing out
    with ``..``, backslashes, spaces, non-ASCII."""
    problems = []
    parts = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        problems.append(Problem("package.absolute-path", f"{path!r} ({what}) is an absolute path; package paths are "
                                                         "relative to the package root", where))
    elif ".." in parts or ".." in unquote(path).replace("\\", "/").split("/"):
        problems.append(Problem("package.path-traversal", f"{path!r} ({what}) climbs out of the package (..)", where))
    if "\\" in path:
        problems.append(Problem("package.backslash-path", f"{path!r} ({what}) has a backslash; package paths use /",
                                where))
    if " " in path or "%20" in path:
        problems.append(Problem("package.space-in-path", f"{path!r} ({what}) has a space; LMSs and web servers "
                                                         "mangle them", where))
    if not path.isascii():
        problems.append(Problem("package.non-ascii-path", f"{path!r} ({what}) has non-ASCII characters; LMSs and "
                                                          "web servers mangle them", where))
    return problems


def resolve(base: str, href: str) -> str:
    """Return the package path ``href`` names from the folder ``base``: query and fragment dropped, %-escapes
    decoded, ``a/./b`` made ``a/b``."""
    path = unquote(urlsplit(href).path)
    joined = posixpath.join(base, path) if base else path
    return posixpath.normpath(joined) if joined else joined
