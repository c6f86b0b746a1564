"""A batch's jobs: what ``c2e batch INPUTS...`` names (files, folders walked recursively, glob patterns, list
files, ``course.toml`` groups, fsspec URLs) turned into one job per course, each with its own output folder.

A job's ``key`` is its output folder, relative to the batch's output folder: the input's path relative to the
folder, glob or list file that named it, file name included (``real/pptx/deck.pptx``), so ``deck.pptx`` and
``deck.pdf`` never share a folder. A folder holding a ``course.toml`` is one job (its sources make one course)
and is not walked further. Two inputs that would still share a key (the same relative path under two folders)
get ``-2``, ``-3`` ... in the order of their full paths, so the names do not depend on the order given.
A file in a walked folder whose name c2e does not read is still a job when an extractor or bridge claims its
content (the signature wins over the name: a deck saved as ``.bin``); the rest (a README, a picture) are not
jobs, and the plan lists them as ignored, so the batch report names every file it saw.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import InputNotFoundError
from ..sources import COURSE_FILE

LIST_SUFFIXES = (".txt", ".lst", ".list")
"""A file input with one of these extensions is a list file: one input per line, ``#`` starts a comment."""
_MAGIC = frozenset("*?[")


@dataclass(frozen=True, order=True)
class Job:
    """One course to convert: its output folder ``key`` and its inputs (a file, a ``course.toml`` or a folder
    with one; a local path or an fsspec URL)."""

    key: str
    inputs: tuple[str, ...]

    @property
    def label(self) -> str:
        """Return how the job is named to a person: its key."""
        return self.key


@dataclass(frozen=True)
class Found:
    """An input found by discovery, before keys are made unique: where it is and the key it asks for;
    ``ignored``: a file in a walked folder that c2e does not read by its name."""

    source: str
    key: str
    ignored: bool = False


@dataclass(frozen=True)
class Plan:
    """The jobs of a batch, sorted by key, and the files seen in walked folders but not read (by name)."""

    jobs: list[Job]
    ignored: list[str]


def is_url(value: str) -> bool:
    """Return True for an fsspec URL such as ``s3://bucket/deck.pptx`` (``file://`` included)."""
    return "://" in value


def local_path(value: str) -> str:
    """Return ``value`` without a ``file://`` prefix (a local path stays as it is)."""
    return value.removeprefix("file://") if value.startswith("file://") else value


def discover(inputs: Sequence[str], readable: Sequence[str], claims: Callable[[str], bool] | None = None) -> Plan:
    """Return the jobs ``inputs`` name, sorted by key, and the files walked past; ``readable`` lists the
    extensions read in folders, ``claims(path)`` says whether c2e reads a walked file of another name.

    Raises ``InputNotFoundError`` for an input that does not exist or a pattern that matches nothing.
    """
    wanted = frozenset(ext.lower() for ext in readable)
    found: list[Found] = []
    for raw in inputs:
        found.extend(_expand(local_path(str(raw)), wanted))
    if claims is not None:
        found = [replace(f, ignored=False) if f.ignored and claims(f.source) else f for f in found]
    ignored = sorted({f.source for f in found if f.ignored})
    return Plan(unique_jobs(f for f in found if not f.ignored), ignored)


def _expand(value: str, wanted: frozenset[str]) -> list[Found]:
    """Return what one input names."""
    if is_url(value):
        return _expand_url(value, wanted)
    path = Path(value)
    if path.is_dir():
        return walk(path, wanted)
    if path.is_file():
        if path.suffix.lower() in LIST_SUFFIXES:
            return _expand_list(path, wanted)
        return [Found(str(path), _course_key(path) if path.suffix.lower() == ".toml" else path.name)]
    if _MAGIC & set(value):
        return _expand_glob(value, wanted)
    raise InputNotFoundError("no such file, folder or pattern", value)


def walk(root: Path, wanted: frozenset[str]) -> list[Found]:
    """Return the readable files under ``root`` (hidden names skipped) and its course folders, keyed from
    ``root``; a folder with a ``course.toml`` is one input and is not walked further."""
    if (root / COURSE_FILE).is_file():
        return [Found(str(root / COURSE_FILE), root.resolve().name)]
    found: list[Found] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if (here / name / COURSE_FILE).is_file():
                found.append(Found(str(here / name / COURSE_FILE), (here / name).relative_to(root).as_posix()))
            else:
                kept.append(name)
        dirs[:] = kept
        found.extend(Found(str(here / name), (here / name).relative_to(root).as_posix(), not _readable(name, wanted))
                     for name in sorted(files) if not name.startswith("."))
    return found


def _readable(name: str, wanted: frozenset[str]) -> bool:
    return not name.startswith("~$") and Path(name).suffix.lower() in wanted


def _course_key(course_file: Path) -> str:
    """Return the key of a course file: its folder's name for ``course.toml``, else its own stem."""
    return course_file.resolve().parent.name if course_file.name == COURSE_FILE else course_file.stem


def _expand_glob(pattern: str, wanted: frozenset[str]) -> list[Found]:
    """Return the files (and folders, walked) a glob pattern matches, keyed from its fixed leading folder."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        raise InputNotFoundError("no file matches this pattern", pattern)
    parts = Path(pattern).parts
    fixed = Path(*[p for p in parts[: next(i for i, p in enumerate(parts) if _MAGIC & set(p))]] or ["."])
    found: list[Found] = []
    for match in matches:
        path = Path(match)
        if path.is_dir():
            found.extend(Found(f.source, _join(_relative(path, fixed), f.key), f.ignored) for f in walk(path, wanted))
        elif path.is_file():
            found.append(Found(match, _relative(path, fixed)))
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _join(prefix: str, key: str) -> str:
    return key if prefix in ("", ".") else f"{prefix}/{key}"


def _expand_list(list_file: Path, wanted: frozenset[str]) -> list[Found]:
    """Return what each line of a list file names (relative paths are relative to the list file)."""
    try:
        lines = list_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputNotFoundError(f"cannot be read as a list of inputs ({error})", list_file) from error
    found: list[Found] = []
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        target = entry if is_url(entry) or Path(entry).is_absolute() else str(list_file.parent / entry)
        found.extend(_expand(local_path(target), wanted))
    return found


def _expand_url(url: str, wanted: frozenset[str]) -> list[Found]:
    """Return the file an fsspec URL names, or the readable files under it when it is a folder or a glob."""
    import fsspec  # the [dask] extra; only URLs need it

    fs, path = fsspec.core.url_to_fs(url)
    protocol = url.split("://", 1)[0]
    if _MAGIC & set(path):
        names = sorted(fs.glob(path))
    elif fs.isdir(path):
        names = sorted(fs.find(path))
    elif fs.exists(path):
        return [Found(url, PurePosixPath(path).name)]
    else:
        raise InputNotFoundError("no such file, folder or pattern", url)
    root = path.split("*", 1)[0].rstrip("/") if _MAGIC & set(path) else path.rstrip("/")
    root = root if fs.isdir(root) else str(PurePosixPath(root).parent)
    return [Found(f"{protocol}://{name}", PurePosixPath(name).relative_to(root).as_posix(),
                  not _readable(PurePosixPath(name).name, wanted))
            for name in names if not PurePosixPath(name).name.startswith(".")]


def unique_jobs(found: Iterable[Found]) -> list[Job]:
    """Return one job per distinct input, keys made unique (``-2``, ``-3`` in the order of the full paths; a
    key that would be the folder of another key's outputs counts as taken), sorted by key."""
    by_source = {os.path.abspath(f.source) if not is_url(f.source) else f.source: f for f in found}
    taken: set[str] = set()
    jobs = []
    for source in sorted(by_source):
        key = _free(by_source[source].key, taken)
        taken.add(key)
        jobs.append(Job(key, (by_source[source].source,)))
    return sorted(jobs)


def _free(key: str, taken: set[str]) -> str:
    """Return ``key``, or with the smallest N >= 2 either ``key-N`` or, when that would still sit inside a taken
    key's folder, ``FIRST-N/REST``: neither taken nor nested with a taken key."""
    first, _, rest = key.partition("/")
    candidates = [key]
    number = 1
    while True:
        for candidate in candidates:
            if candidate not in taken and not any(_nested(candidate, other) for other in taken):
                return candidate
        number += 1
        candidates = [f"{key}-{number}"] + ([f"{first}-{number}/{rest}"] if rest else [])


def _nested(a: str, b: str) -> bool:
    return a.startswith(b + "/") or b.startswith(a + "/")
