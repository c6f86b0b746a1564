"""The Word extractor: .docx and its template and macro-enabled variants (Strict too) to a ``SourceDocument``."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from converter.errors import EmptyInputError
from converter.model import SCHEMA_VERSION, SourceDocument, Unit
from converter.options import ConvertOptions, Limits
from converter.probe import Probe
from converter.result import Level, Messages

from .._extract import source_info
from .._office.opening import document_identity
from .._office.package import ContentTypes, Package
from .blocks import read_blocks
from .context import DocContext
from .notes import Notes, read_headers_footers
from .numbering import Numbering
from .outline import Budget, repair_outline
from .package import (
    GENERIC_TITLES,
    open_document,
    open_story,
    optional_part,
    parse_part,
    read_core_properties,
    related_part,
)
from .styles import Styles
from .units import UnitBuilder, first_paragraph_text
from .wordml import qn


def read_document(probe: Probe, limits: Limits, messages: Messages, options: ConvertOptions | None = None
                  ) -> SourceDocument:
    """Return the document as a source document; raises ``EmptyInputError`` when it holds no text at all.
    ``options`` sizes the parts a document is cut into when its headings are misused and none is kept."""
    path = probe.path
    package, types, main_name = open_document(probe, limits, messages)
    root = parse_part(package, main_name)
    ctx = new_context(path, package, types, main_name, messages, limits)
    builder = UnitBuilder(ctx, limits.max_units)
    bodies = root.findall(qn("w:body"))
    for body in bodies:
        read_blocks(body, ctx, builder)
    builder.close()
    builder.pending = repair_outline(builder.pending, ctx, _budget(options or ConvertOptions()))
    core = read_core_properties(package)
    preamble = first_paragraph_text(builder.pending)
    units = builder.units(core.get("title") or preamble or path.stem)
    if not units:
        reasons = [m.text for m in messages.items if m.level is not Level.INFO]
        because = f" ({reasons[0]})" if reasons else ""
        raise EmptyInputError(f"is empty: it holds no text, tables or pictures{because}", path)
    _report_ignored(ctx, package)
    return SourceDocument(
        schema_version=SCHEMA_VERSION,
        source=source_info(path, "docx", document_identity(core, GENERIC_TITLES)),
        title=core.get("title") or _leading_title(units) or preamble or _first_heading(units) or path.stem,
        language=ctx.styles.language or core.get("language"),
        units=units,
        assets=ctx.assets.all(),
        attrs=_headers_footers(bodies, ctx),
    )


def new_context(path: Path, package: Package, types: ContentTypes, main_name: str, messages: Messages,
                limits: Limits) -> DocContext:
    """Return the reading context: the main story, styles and numbering indexed once, notes located."""
    story = open_story(package, main_name)
    styles = Styles(optional_part(package, story, "styles"))
    numbering = Numbering(optional_part(package, story, "numbering"), styles)
    return DocContext(file=path.name, path=path, package=package, content_types=types, messages=messages,
                      styles=styles, numbering=numbering, notes=Notes(package, story), story=story,
                      max_paragraphs=limits.max_shapes_per_unit)


def _budget(options: ConvertOptions) -> Budget:
    """Return the words of about one module's reading (``module_minutes`` at ``words_per_minute``)."""
    return Budget(words=max(1, round(options.module_minutes * options.words_per_minute)))


def _headers_footers(bodies: list[etree._Element], ctx: DocContext) -> dict[str, str]:
    found: dict[str, str] = {}
    for body in bodies:
        for kind, text in read_headers_footers(body, ctx).items():
            found.setdefault(kind, text)
    return found


def _report_ignored(ctx: DocContext, package: Package) -> None:
    """Say what was read but deliberately left out: comments."""
    has_comments = related_part(package, ctx.story, "comments") is not None
    if ctx.comments or has_comments:
        count = f"{ctx.comments} comment{'s' if ctx.comments != 1 else ''}" if ctx.comments else "comments"
        ctx.messages.info("docx.comments-ignored", f"the document's {count} are not part of the course",
                          instead="left out")


def _leading_title(units: tuple[Unit, ...]) -> str | None:
    """Return the text of a Title-style heading that comes before any other heading."""
    return next((unit.title for unit in units if unit.role == "title"), None)


def _first_heading(units: tuple[Unit, ...]) -> str | None:
    return next((unit.title for unit in units if unit.attrs.get("heading_level")), None)
