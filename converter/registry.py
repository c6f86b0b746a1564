"""The registry: the only module that names every extractor and packager.

Built-ins are listed here as data; third-party packages add theirs through the entry point groups
``c2e.extractors`` and ``c2e.packagers`` (each entry point names a class or an instance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from importlib.metadata import entry_points
from typing import Any, TypeAlias, TypeVar

from .errors import OptionError
from .plugin import Bridge, Extractor, Packager, Reporter, missing_requirement
from .probe import Probe

EXTRACTOR_GROUP = "c2e.extractors"
PACKAGER_GROUP = "c2e.packagers"
BRIDGE_GROUP = "c2e.bridges"


def builtin_extractors() -> list[Extractor]:
    from extractors.docx import DocxExtractor
    from extractors.pdf import PdfExtractor
    from extractors.pptx import PptxExtractor

    return [PptxExtractor(), DocxExtractor(), PdfExtractor()]


def builtin_packagers() -> list[Packager]:
    from packagers.cmi5 import Cmi5Packager
    from packagers.facilitator_guide import FacilitatorGuidePackager
    from packagers.gift import GiftPackager
    from packagers.journey import JourneyPackager
    from packagers.moodle_xml import MoodleXmlPackager
    from packagers.narration import NarrationPackager
    from packagers.qti import QtiPackager
    from packagers.scorm12 import Scorm12Packager
    from packagers.scorm2004 import Scorm2004Packager
    from packagers.web import WebPackager
    from packagers.xapi import XapiPackager

    return [Scorm12Packager(), Scorm2004Packager(), XapiPackager(), Cmi5Packager(), WebPackager(),
            FacilitatorGuidePackager(), JourneyPackager(), GiftPackager(), MoodleXmlPackager(), QtiPackager(),
            NarrationPackager()]


def builtin_reporter() -> Reporter:
    from packagers.report import ReportWriter

    return ReportWriter()


def builtin_bridges() -> list[Bridge]:
    from extractors.legacy import LibreOfficeBridge

    return [LibreOfficeBridge()]


def _plugins(group: str) -> list[Any]:
    """Return the objects the entry points of ``group`` name (a class is instantiated); unchecked, like any
    plug-in."""
    found = []
    for entry in sorted(entry_points(group=group), key=lambda e: e.name):
        loaded = entry.load()
        found.append(loaded() if isinstance(loaded, type) else loaded)
    return found


T = TypeVar("T")
Loadable: TypeAlias = Sequence[T] | Callable[[], Sequence[T]]


def _loaded(value: Loadable[T]) -> tuple[T, ...]:
    return tuple(value() if callable(value) else value)


class Registry:
    """Extractors in the order they are asked (first claim wins), packagers by name, the report writer, and
    bridges.

    Each may be given as a sequence or as a function returning one, called on first use: a conversion loads
    only what it needs (``c2e inspect`` never imports a packager, ``--help`` nothing at all).
    """

    def __init__(self, extractors: Loadable[Extractor], packagers: Loadable[Packager],
                 reporter: Reporter | Callable[[], Reporter], bridges: Loadable[Bridge] = ()) -> None:
        self._extractors, self._packagers, self._reporter, self._bridges = extractors, packagers, reporter, bridges

    def replace(self, *, extractors: Loadable[Extractor] | None = None, packagers: Loadable[Packager] | None = None,
                reporter: Reporter | Callable[[], Reporter] | None = None,
                bridges: Loadable[Bridge] | None = None) -> Registry:
        """Return a registry with the given parts replaced (e.g. extractors wrapped by a vendor's tooling)."""
        return Registry(self._extractors if extractors is None else extractors,
                        self._packagers if packagers is None else packagers,
                        self._reporter if reporter is None else reporter,
                        self._bridges if bridges is None else bridges)

    @cached_property
    def extractors(self) -> tuple[Extractor, ...]:
        return _loaded(self._extractors)

    @cached_property
    def packagers(self) -> tuple[Packager, ...]:
        return _loaded(self._packagers)

    @cached_property
    def reporter(self) -> Reporter:
        reporter = self._reporter
        return reporter if isinstance(reporter, Reporter) else reporter()

    @cached_property
    def bridges(self) -> tuple[Bridge, ...]:
        return _loaded(self._bridges)

    def find_extractor(self, probe: Probe) -> Extractor | None:
        """Return the first extractor whose ``sniff`` claims the file: the signature wins over the extension."""
        for extractor in self.extractors:
            if extractor.sniff(probe):
                return extractor
        return None

    def find_bridge(self, probe: Probe) -> Bridge | None:
        """Return the first bridge that can turn this file into a format an extractor reads."""
        return next((bridge for bridge in self.bridges if bridge.sniff(probe)), None)

    def extension_owner(self, suffix: str) -> Extractor | None:
        """Return the extractor that usually reads files with this extension (used only to word errors)."""
        return next((e for e in self.extractors if suffix.lower() in e.extensions), None)

    def packager(self, name: str) -> Packager:
        """Return the packager called ``name``; raises ``OptionError`` listing the known ones."""
        for packager in self.packagers:
            if packager.name == name:
                return packager
        known = ", ".join(p.name for p in self.packagers)
        raise OptionError(f"unknown output format {name!r}; choose from: {known}, or all")

    def packagers_for(self, names: tuple[str, ...]) -> tuple[Packager, ...]:
        """Return the packagers for ``names`` in that order (``all``: every one this installation can run, see
        ``left_out``); raises ``OptionError`` for an unknown name."""
        if "all" in names:
            return tuple(p for p in self.packagers if missing_requirement(p) is None)
        return tuple(self.packager(name) for name in names)

    def left_out(self, names: tuple[str, ...]) -> dict[str, str]:
        """Return the formats ``all`` in ``names`` leaves out, each with what it needs installed."""
        if "all" not in names:
            return {}
        return {p.name: why for p in self.packagers if (why := missing_requirement(p)) is not None}

    @property
    def input_extensions(self) -> tuple[str, ...]:
        return tuple(ext for extractor in self.extractors for ext in extractor.extensions)

    @property
    def bridge_extensions(self) -> tuple[str, ...]:
        return tuple(ext for bridge in self.bridges for ext in bridge.extensions)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Return the built-ins followed by installed plug-ins (each kind loaded on first use, once per process)."""
    return Registry(
        extractors=lambda: builtin_extractors() + _plugins(EXTRACTOR_GROUP),
        packagers=lambda: builtin_packagers() + _plugins(PACKAGER_GROUP),
        reporter=builtin_reporter,
        bridges=lambda: builtin_bridges() + _plugins(BRIDGE_GROUP),
    )
