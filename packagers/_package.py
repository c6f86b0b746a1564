"""What every standard's packager shares: the player site with the standard's runtime adapter, plus one
descriptor at the package root (``imsmanifest.xml``, ``tincan.xml`` ...), written by the one writer with the
descriptor first."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from converter.model import Course
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._site import build_site, player_settings
from ._zip import write_target


class SitePackager:
    """Base of a packager whose package is the player site plus ``descriptor_name`` at its root.

    A subclass names its ``runtime`` adapter and ``descriptor_name`` and returns the descriptor's bytes from
    ``descriptor(course, files, options)``, where ``files`` are the site's entries (for manifests that list them)
    and ``options`` say how the course is cut into launchable units (``--sco``, ``--micro-scos``).
    """

    name: str
    description: str
    runtime: str
    descriptor_name: str
    targets: tuple[TargetKind, ...] = ("zip", "folder")
    launchable = True
    """A learner launches its package (see ``converter.plugin.launches``)."""

    def descriptor(self, course: Course, files: Mapping[str, bytes], options: ConvertOptions | None = None) -> bytes:
        """Return the descriptor's bytes for ``course`` whose package holds ``files``."""
        raise NotImplementedError

    def build(self, course: Course, options: ConvertOptions | None = None) -> Result[dict[str, bytes]]:
        """Return every package entry (path -> bytes), the descriptor included, without writing anything."""
        site = build_site(course, runtime=self.runtime, settings=player_settings(options))
        entries = dict(site.value)
        entries[self.descriptor_name] = self.descriptor(course, entries, options)
        return site.then(entries)

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write the package to ``target`` atomically and return its path with the rendering messages.

        Raises ``OutputError`` when the folder cannot be written.
        """
        built = self.build(course, options)
        return built.then(write_target(target, built.value, first=(self.descriptor_name,)))
