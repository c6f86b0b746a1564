"""The one place c2e's outputs reach the disk: every file and folder is written under a temporary name beside
its final one and renamed into place, so a reader (or a batch killed with SIGKILL) never sees half an output
and an existing output is never lost to a failed write.

Temporary names start with a dot and end in ``.tmp`` (``.deck-scorm12.zip.3f9a1c2b7e00.tmp``); ``sweep``
removes those a killed process left behind. Packagers reach it through ``packagers._zip``; the batch writes its
report, and moves each input's finished outputs into place, through it too.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

TEMP_SUFFIXES = (".tmp", ".old")
"""What ends the name of a temporary file or folder (``.old``: an output being replaced)."""


def temp_sibling(final: Path, suffix: str = ".tmp") -> Path:
    """Return a fresh hidden name beside ``final`` (``.NAME.RANDOM.tmp``), for writing before the rename."""
    return final.parent / f".{final.name}.{secrets.token_hex(6)}{suffix}"


def write_atomic(out_file: Path, fill: Callable[[BinaryIO], object]) -> Path:
    """Write a file through ``fill(handle)`` into a temporary sibling, then move it into place; return it.

    Raises ``OutputError`` when the folder cannot be created or written; the temporary file never stays.
    """
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        temp = temp_sibling(out_file)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise OutputError(f"cannot write to this folder ({error.strerror or error})", out_file.parent) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out_file)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write the file ({error.strerror or error})", out_file) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return out_file


def write_bytes(out_file: Path, data: bytes) -> Path:
    """Write ``data`` to ``out_file`` atomically; return ``out_file``."""
    return write_atomic(out_file, lambda handle: handle.write(data))


def replace_folder(built: Path, out_dir: Path) -> Path:
    """Move the finished folder ``built`` to ``out_dir`` (same file system), replacing any folder there.

    The old folder is first renamed aside (``.NAME.RANDOM.old``) and removed only after the new one is in
    place; a process killed between the two renames leaves the old one under its hidden name, which ``sweep``
    removes (the caller redoes that output). Raises ``OutputError``.
    """
    old = temp_sibling(out_dir, ".old")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        if out_dir.exists():
            os.replace(out_dir, old)
        os.replace(built, out_dir)
    except OSError as error:
        if old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        raise OutputError(f"cannot write the folder ({error.strerror or error})", out_dir) from error
    finally:
        shutil.rmtree(old, ignore_errors=True)
    return out_dir


@contextmanager
def built_folder(final: Path) -> Iterator[Path]:
    """Yield a fresh temporary sibling of ``final`` to build a folder in; on a clean exit move it into place
    (``replace_folder``). Whatever happens, the temporary folder never stays. Raises ``OutputError``."""
    temp = temp_sibling(final)
    try:
        yield temp
        replace_folder(temp, final)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def is_temporary(path: Path) -> bool:
    """Return True for a name ``temp_sibling`` makes (hidden, ending in ``.tmp`` or ``.old``)."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIXES)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files and folders a killed writer left directly in ``folder``; return them."""
    if not folder.is_dir():
        return []
    stale = sorted(path for path in folder.iterdir() if is_temporary(path))
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale
