"""What a course is made of: the inputs a user names (files, a folder, a ``course.toml``) resolved to sources.

A ``course.toml`` lists a course's sources with their roles and may set its id, title and output name::

    [course]
    id = "cardiolex-onboarding"        # the LMS keys learners' progress on it
    title = "Cardiolex sales onboarding"
    name = "cardiolex"                 # output files: cardiolex-scorm12.zip ...

    [[sources]]
    path = "deck.pptx"                 # relative to the course.toml
    role = "deck"                      # deck | handout | facilitator-guide | reference

A folder stands for its ``course.toml`` when it has one, else for the files in it that c2e reads (by name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, get_args

from .errors import InputNotFoundError, OptionError
from .model import SourceRole, slugify

PathArg = str | PathLike[str]
COURSE_FILE = "course.toml"
ROLES: tuple[str, ...] = get_args(SourceRole)
COURSE_SETTINGS = {"id": "course_id", "title": "title", "name": "name"}
"""``[course]`` keys of a course.toml and the ``ConvertOptions`` fields they feed."""


@dataclass(frozen=True)
class SourceSpec:
    """One input file and, when the user said so, its role in the course."""

    path: Path
    role: SourceRole | None = None


@dataclass(frozen=True)
class CourseSpec:
    """The sources of one course, in order, and the settings a course.toml gave (``ConvertOptions`` names)."""

    sources: tuple[SourceSpec, ...]
    settings: dict[str, Any] = field(default_factory=dict)


def resolve(inputs: PathArg | Sequence[PathArg], readable: Sequence[str]) -> CourseSpec:
    """Return the course that ``inputs`` name; ``readable`` lists the extensions c2e reads (for folders).

    Raises ``InputNotFoundError`` for a missing input or an empty folder and ``OptionError`` for a bad
    course.toml. Files are checked later, by the extractors.
    """
    paths = [Path(inputs)] if isinstance(inputs, (str, PathLike)) else [Path(p) for p in inputs]
    if not paths:
        raise OptionError("name at least one input file, folder or course.toml")
    specs: list[SourceSpec] = []
    settings: dict[str, Any] = {}
    for path in paths:
        course_file = path / COURSE_FILE if path.is_dir() and (path / COURSE_FILE).is_file() else path
        if course_file.name == COURSE_FILE or course_file.suffix == ".toml":
            spec = read_course_file(course_file)
            specs.extend(spec.sources)
            settings = {**spec.settings, **settings}
        elif path.is_dir():
            specs.extend(SourceSpec(file) for file in folder_sources(path, readable))
        else:
            specs.append(SourceSpec(path))
    if len(paths) == 1 and paths[0].is_dir():
        settings.setdefault("name", slugify(paths[0].resolve().name, max_length=60) or None)
    return CourseSpec(tuple(specs), {k: v for k, v in settings.items() if v is not None})


def folder_sources(folder: Path, readable: Sequence[str]) -> list[Path]:
    """Return the files directly in ``folder`` that c2e reads, by name; raises when there are none."""
    wanted = {ext.lower() for ext in readable}
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in wanted)
    if not files:
        raise InputNotFoundError(f"holds no file c2e reads ({', '.join(sorted(wanted))})", folder)
    return files


def read_course_file(path: Path) -> CourseSpec:
    """Return the sources and settings of a course.toml; raises ``OptionError`` naming what is wrong."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputNotFoundError("no such file", path) from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise OptionError(f"{path}: not a readable course file ({error})") from error
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise OptionError(f"{path}: list the course's files as [[sources]] tables with a 'path'")
    sources = tuple(_source(entry, path) for entry in entries)
    course = data.get("course", {})
    if not isinstance(course, dict) or set(course) - set(COURSE_SETTINGS):
        raise OptionError(f"{path}: [course] may set only {', '.join(COURSE_SETTINGS)}")
    settings = {COURSE_SETTINGS[key]: str(value) for key, value in course.items()}
    return CourseSpec(sources, settings)


def _source(entry: Any, course_file: Path) -> SourceSpec:
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        raise OptionError(f"{course_file}: every [[sources]] table needs a 'path' string")
    role = entry.get("role")
    if role is not None and role not in ROLES:
        raise OptionError(f"{course_file}: role {role!r} of {entry['path']} is not one of {', '.join(ROLES)}")
    return SourceSpec(course_file.parent / entry["path"], role)
