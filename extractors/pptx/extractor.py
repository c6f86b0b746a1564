"""The PowerPoint extractor: .pptx and its show, template and macro-enabled variants to a ``SourceDocument``."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from converter.errors import EmptyInputError, LimitExceededError
from converter.model import SCHEMA_VERSION, Block, Location, SourceDocument, Unit
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .._extract import source_info
from .._keys import unique_keys
from .._office.opening import core_properties, document_identity
from .._office.package import Package
from .context import DeckContext, qn, to_int
from .drawings import find_drawings
from .package import open_presentation
from .parts import CT_SLIDE, Part
from .pictures import SlideImages, add_pictures
from .slides import read_sections, read_slide, slide_entries, slide_tree
from .text import LANG_ATTR

RT_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties",
)
GENERIC_TITLES = frozenset({
    "powerpoint presentation", "presentation", "slide 1", "folie 1", "diapositive 1", "diapositiva 1",
    "powerpoint 演示文稿", "powerpoint-präsentation", "présentation powerpoint",
})
"""Core-property titles that tools write by default and that say nothing about the deck."""


def read_deck(probe: Probe, limits: Limits, messages: Messages, slide_images: SlideImages = "auto") -> SourceDocument:
    """Return the deck as a source document; slides that cannot be found are skipped with a warning. Slides
    whose drawings carry meaning get a picture (``slide_images``, see ``pictures``)."""
    path = probe.path
    parts, presentation = open_presentation(probe, limits, messages)
    root = presentation.xml
    deck = DeckContext(file=path.name, messages=messages, row_tolerance=_row_tolerance(root), parts=parts, path=path)
    slides = _slides(presentation, deck, limits, path)
    sections = read_sections(root)
    read = [read_slide(slide, n, sections.get(slide_id), deck, limits, slide_id) for n, slide_id, slide in slides]
    drawings = {n: find_drawings(slide_tree(slide)) for n, _, slide in slides}
    units = _unique_keys(add_pictures(read, drawings, deck, slide_images, path))
    core = read_core_properties(parts.package)
    parts.check_unread()
    language = _language(deck, core.get("language"))
    return SourceDocument(
        schema_version=SCHEMA_VERSION,
        source=source_info(path, "pptx", document_identity(core, GENERIC_TITLES)),
        title=_title(core.get("title"), units, path),
        language=language,
        units=keep_other_languages(units, language),
        assets=deck.assets.all(),
    )


def keep_other_languages(units: tuple[Unit, ...], language: str | None) -> tuple[Unit, ...]:
    """Return the units with each block's ``lang`` attr kept only where it is not the deck's ``language``."""
    main = (language or "").lower()

    def tagged_main(block: Block) -> bool:
        return LANG_ATTR in block.attrs and block.attrs[LANG_ATTR].lower() in (main, main.split("-")[0])

    def strip(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(block.model_copy(update={"attrs": {k: v for k, v in block.attrs.items() if k != LANG_ATTR}})
                     if tagged_main(block) else block
                     for block in blocks)

    return tuple(unit.model_copy(update={"blocks": strip(unit.blocks), "notes": strip(unit.notes)})
                 if any(map(tagged_main, (*unit.blocks, *unit.notes))) else unit
                 for unit in units)


def _unique_keys(units: list[Unit]) -> tuple[Unit, ...]:
    """Return the units with repeated keys (a damaged deck listing one slide id twice) made unique."""
    keys = unique_keys(unit.key for unit in units)
    return tuple(unit if unit.key == key else unit.model_copy(update={"key": key}) for unit, key in zip(units, keys, strict=True))


def _slides(presentation: Part, deck: DeckContext, limits: Limits, path: Path) -> list[tuple[int, str, Part]]:
    """Return (number, slide id, part) of each slide in show order; raises ``EmptyInputError`` when there are none
    and ``LimitExceededError`` when there are too many. A listed slide whose part is missing, damaged or of
    another kind is skipped with a warning."""
    entries = slide_entries(presentation.xml)
    if not entries:
        raise EmptyInputError("has no slides", path)
    if len(entries) > limits.max_units:
        raise LimitExceededError(f"has {len(entries):,} slides; the limit is {limits.max_units:,}", path, "max_units")
    slides = []
    for number, (slide_id, r_id) in enumerate(entries, start=1):
        slide = presentation.related(r_id)
        if slide is None or slide.content_type != CT_SLIDE:
            where = Location(file=deck.file, unit=number)
            deck.messages.warn("pptx.slide-missing", f"slide {number} is listed but missing; skipped", where,
                               instead="left out")
            continue
        slides.append((number, slide_id, slide))
        deck.slide_numbers[slide.name] = number
    if not slides:
        raise EmptyInputError("lists slides, but none of them could be found in the file", path)
    return slides


def _row_tolerance(presentation: etree._Element) -> int:
    """Return how far apart (EMU) two shape tops may be and still share a row: 2.5% of the slide height
    (``p:sldSz/@cy``; a missing or odd size counts as 7.5 inches)."""
    size = presentation.find(qn("p:sldSz"))
    height = to_int(size.get("cy") if size is not None else None)
    return max((height if height > 0 else 6858000) // 40, 1)


def read_core_properties(package: Package) -> dict[str, str]:
    """Return the core properties (``title``, ``language``, ``identifier``, ``created``) when present (never
    python-pptx's defaults)."""
    return core_properties(package, lambda rel: rel.type in RT_CORE_PROPERTIES)


def _title(core_title: str | None, units: tuple[Unit, ...], path: Path) -> str:
    if core_title and core_title.lower() not in GENERIC_TITLES:
        return core_title
    return units[0].title or path.stem if units else path.stem


def _language(deck: DeckContext, core_language: str | None) -> str | None:
    """Return the language most runs are marked with, else the core property's."""
    if deck.languages:
        return deck.languages.most_common(1)[0][0]
    return core_language
