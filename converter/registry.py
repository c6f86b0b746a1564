"""The registry: the only module that names every extractor and packager.

Built-ins are listed here as data; third-party packages add theirs through the entry point groups
``c2e.extractors`` and ``c2e.packagers`` (each entry point names a class or an instance).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import cache, cached_property, lru_cache
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


BUILTIN_PACKAGERS = {
    "scorm12": "packagers.scorm12:Scorm12Packager",
    "scorm2004": "packagers.scorm2004:Scorm2004Packager",
    "xapi": "packagers.xapi:XapiPackager",
    "cmi5": "packagers.cmi5:Cmi5Packager",
    "web": "packagers.web:WebPackager",
    "facilitator-guide": "packagers.facilitator_guide:FacilitatorGuidePackager",
    "journey": "packagers.journey:JourneyPackager",
    "gift": "packagers.gift:GiftPackager",
    "moodle-xml": "packagers.moodle_xml:MoodleXmlPackager",
    "qti": "packagers.qti:QtiPackager",
    "narration": "packagers.narration:NarrationPackager",
}
"""The built-in packagers in listing order, by name, each as ``module:class`` (the entry points' notation): a
conversion to one format imports that packager's module only."""


@cache
def builtin_packager(name: str) -> Packager | None:
    """Return the built-in packager called ``name`` (one instance per process), or None when there is none."""
    where = BUILTIN_PACKAGERS.get(name)
    if where is None:
        return None
    module, _, cls = where.partition(":")
    packager: Packager = getattr(importlib.import_module(module), cls)()
    return packager


def builtin_packagers() -> list[Packager]:
    return [packager for name in BUILTIN_PACKAGERS if (packager := builtin_packager(name)) is not None]


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
    only what it needs (``c2e inspect`` never imports a packager, ``--help`` nothing at all). ``named`` may load
    one of the packagers on its own by name (None for a name it does not know), so that a conversion to one
    format does not load them all: it must give the packager the full list would.
    """

    def __init__(self, extractors: Loadable[Extractor], packagers: Loadable[Packager],
                 reporter: Reporter | Callable[[], Reporter], bridges: Loadable[Bridge] = (),
                 named: Callable[[str], Packager | None] | None = None) -> None:
        self._extractors, self._packagers, self._reporter, self._bridges = extractors, packagers, reporter, bridges
        self._named = named

    def replace(self, *, extractors: Loadable[Extractor] | None = None, packagers: Loadable[Packager] | None = None,
                reporter: Reporter | Callable[[], Reporter] | None = None,
                bridges: Loadable[Bridge] | None = None) -> Registry:
        """Return a registry with the given parts replaced (e.g. extractors wrapped by a vendor's tooling)."""
        return Registry(self._extractors if extractors is None else extractors,
                        self._packagers if packagers is None else packagers,
                        self._reporter if reporter is None else reporter,
                        self._bridges if bridges is None else bridges,
                        self._named if packagers is None else None)

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
        if self._named is not None:
            found = self._named(name)
            if found is not None:
                return found
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
        named=builtin_packager,
    )
