"""Content blocks shared by the source model and the course model (one vocabulary from extractor to player)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .location import Location

LINK_SCHEMES = ("http://", "https://", "mailto:")
"""What ``Span.href`` may hold besides an in-course ``#`` jump: addresses any learner's browser can follow.
Extractors drop other links (keeping their text) and the packagers check again."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Span(_Frozen):
    """A run of inline text with its emphasis; ``href`` makes it a link (never fetched)."""

    kind: Literal["span"] = "span"
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    code: bool = False
    """Inline code (a monospace run inside prose): shown as ``<code>``."""
    href: str | None = None


class _Block(_Frozen):
    id: str = Field(default="", description="stable id, filled by ``identity.assign_ids`` (translation unit id)")
    where: Location | None = None
    attrs: dict[str, str] = Field(default_factory=dict)


class Heading(_Block):
    kind: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=6)
    spans: tuple[Span, ...]


class Paragraph(_Block):
    kind: Literal["paragraph"] = "paragraph"
    spans: tuple[Span, ...]


class ListItem(_Frozen):
    """One list entry; ``level`` 0 is the outermost (PowerPoint's paragraph level)."""

    spans: tuple[Span, ...]
    level: int = Field(default=0, ge=0, le=8)
    id: str = ""


class ListBlock(_Block):
    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = Field(default=1, ge=0, description="the number of an ordered list's first item (a list continued "
                                                    "after a picture or a page break goes on from there)")
    items: tuple[ListItem, ...]


class TableCell(_Frozen):
    """A cell; ``paragraphs`` holds its lines. Spanned-over cells are omitted, the origin carries the spans."""

    paragraphs: tuple[tuple[Span, ...], ...] = ()
    colspan: int = Field(default=1, ge=1)
    rowspan: int = Field(default=1, ge=1)
    id: str = ""


class TableRow(_Frozen):
    cells: tuple[TableCell, ...]


class Table(_Block):
    kind: Literal["table"] = "table"
    rows: tuple[TableRow, ...]
    header_rows: int = Field(default=0, ge=0)
    caption: str | None = None


ImageRole = Literal["picture", "slide", "figure", "equation", "scan"]
"""What a picture stands for: a picture from the source; a render of a whole slide whose drawings carry
meaning (beside the slide's own text); a figure cropped from a rendered PDF page; an equation's preview; a
scanned page whose text was read by OCR."""


class Image(_Block):
    """A picture; ``asset`` is the sha256 of its bytes in the document's asset list."""

    kind: Literal["image"] = "image"
    asset: str
    role: ImageRole = "picture"
    alt: str = ""
    width_px: int | None = None
    height_px: int | None = None
    decorative: bool = False


class ChartSeries(_Frozen):
    name: str
    values: tuple[float | None, ...]


class Chart(_Block):
    """A chart kept as data: rendered as an accessible table, optionally with a picture."""

    kind: Literal["chart"] = "chart"
    chart_type: str
    title: str | None = None
    categories: tuple[str, ...] = ()
    series: tuple[ChartSeries, ...] = ()
    asset: str | None = None


class Media(_Block):
    kind: Literal["media"] = "media"
    media_type: Literal["audio", "video"]
    asset: str
    title: str = ""


class Quote(_Block):
    kind: Literal["quote"] = "quote"
    spans: tuple[Span, ...]


class Code(_Block):
    """Program code, a shell session or other preformatted text: its line breaks and indentation are meaning.
    ``text`` keeps them exactly (lines joined by ``\\n``, leading spaces kept, tabs as in the source)."""

    kind: Literal["code"] = "code"
    text: str
    language: str | None = Field(default=None, description="a hint such as 'python' or 'shell', when known")


CueKind = Literal["say", "do", "ask", "note", "tip", "activity", "debrief"]


class Cue(_Block):
    """A facilitator cue (``Say:``, ``Do:``, ``Ask:`` ...) for whoever runs the live session.

    The chunker moves cues into a screen's ``facilitator`` layer; they never reach a learner's screen.
    """

    kind: Literal["cue"] = "cue"
    cue: CueKind
    spans: tuple[Span, ...]
    minutes: float | None = Field(default=None, ge=0, description="time the guide gives it, when it says")


Block = Annotated[
    Heading | Paragraph | ListBlock | Table | Image | Chart | Media | Quote | Code | Cue,
    Field(discriminator="kind"),
]


def spans_text(spans: tuple[Span, ...]) -> str:
    """Return the plain text of a run of spans."""
    return "".join(span.text for span in spans)


def block_text(block: Block) -> str:
    """Return a block's plain text, lines joined by newlines (for word counts, search and tests)."""
    if isinstance(block, (Heading, Paragraph, Quote, Cue)):
        return spans_text(block.spans)
    if isinstance(block, ListBlock):
        return "\n".join(spans_text(item.spans) for item in block.items)
    if isinstance(block, Table):
        cells = (cell for row in block.rows for cell in row.cells)
        return "\n".join(spans_text(line) for cell in cells for line in cell.paragraphs)
    if isinstance(block, Image):
        return block.alt
    if isinstance(block, Chart):
        labels = [block.title or "", *block.categories, *(s.name for s in block.series)]
        return "\n".join(label for label in labels if label)
    if isinstance(block, Media):
        return block.title
    if isinstance(block, Code):
        return block.text
    return ""
