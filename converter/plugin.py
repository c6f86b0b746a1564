"""The plug-in contracts: an extractor reads a file into a SourceDocument, a packager writes a Course, and a
bridge turns a format no extractor reads (legacy .ppt, .odp) into one that one does.

Third-party packages register more through the entry points ``c2e.extractors``, ``c2e.packagers`` and
``c2e.bridges``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol, runtime_checkable

from .model import Course, SourceDocument
from .model.report import Report
from .options import ConvertOptions, TargetKind
from .probe import Probe
from .result import Result


@runtime_checkable
class Extractor(Protocol):
    name: str
    """Registry name, also ``SourceInfo.format``: ``pptx``."""

    @property
    def extensions(self) -> tuple[str, ...]:
        """Extensions it usually reads, lower case with dot; a hint only, the signature decides (read-only, so a
        class attribute such as ``(".pptx", ".pptm")`` fits)."""

    def sniff(self, probe: Probe) -> bool:
        """Return True when this extractor claims the file (including encrypted or damaged files it can name)."""

    def extract(self, probe: Probe, options: ConvertOptions) -> Result[SourceDocument]:
        """Read the file ``probe`` was taken of; raises only ``converter.errors`` classes.

        The probe is the one ``sniff`` saw: whatever the sniffer learnt (an opened zip, parsed content types) is
        handed on, so a file is opened once and each part parsed once."""


@runtime_checkable
class Packager(Protocol):
    name: str
    """Registry name used by ``--format``: ``scorm12``."""
    description: str
    targets: tuple[TargetKind, ...]
    """What it can write, its default first: ``("zip", "folder")``.

    A packager that needs an optional library may also say so in ``requires``, a tuple of (distribution name,
    import name, install hint) triples: ``--format all`` then leaves it out, with a note, where one is missing,
    instead of failing the whole build (see ``missing_requirement``). One whose package a learner launches (a
    SCORM, xAPI or cmi5 package, a web site) says ``launchable = True``: the micro-items are then packaged on
    their own with it too (see ``launches``)."""

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path] | Result[None]:
        """Write the package to ``target`` atomically (never a half-written file or folder); return its path, or
        None when the course holds nothing for it (a question bank of a course without questions): then nothing
        is written and a message says so."""


def launches(packager: Packager) -> bool:
    """Return whether ``packager`` writes a package a learner launches (its ``launchable``; default False: a
    question bank, a guide, data)."""
    return bool(getattr(packager, "launchable", False))


def missing_requirement(packager: Packager) -> str | None:
    """Return how to install what ``packager`` needs and this installation lacks, or None when it has it all."""
    for distribution, module, hint in getattr(packager, "requires", ()):
        if find_spec(module) is None:
            return f"needs {distribution}: {hint}"
    return None


@dataclass(frozen=True)
class Target:
    """Where a packager writes: a zip file, a folder, or a single file, at ``path``."""

    kind: TargetKind
    path: Path

    @classmethod
    def for_packager(cls, packager: Packager, out_dir: Path, stem: str, kind: TargetKind | None = None) -> Target:
        """Return ``out_dir/STEM-FORMAT.zip`` (or the folder ``STEM-FORMAT``, or the file ``STEM-FORMAT`` plus the
        packager's ``extension`` when it has one, e.g. ``.txt``) in the packager's default kind, or in ``kind``
        when the packager can write it (else its default)."""
        chosen = kind if kind in packager.targets else packager.targets[0]
        name = f"{stem}-{packager.name}"
        if chosen == "file":
            return cls(chosen, out_dir / (name + str(getattr(packager, "extension", ""))))
        return cls(chosen, out_dir / (f"{name}.zip" if chosen == "zip" else name))


@runtime_checkable
class Bridge(Protocol):
    name: str
    """Registry name: ``libreoffice``."""

    @property
    def extensions(self) -> tuple[str, ...]:
        """Extensions of the files it can turn into a readable format (read-only, like ``Extractor``'s)."""

    def sniff(self, probe: Probe) -> bool:
        """Return True when this bridge can turn the file into a format an extractor reads."""

    def bridge(self, path: Path, workdir: Path, options: ConvertOptions) -> Result[Path]:
        """Write the converted file into ``workdir`` and return its path; raises only ``converter.errors``."""


@runtime_checkable
class Reporter(Protocol):
    name: str

    def write(self, report: Report, out_dir: Path, stem: str) -> tuple[Path, Path]:
        """Write ``<stem>.report.json`` and ``<stem>.report.html`` atomically; return both paths."""
