"""Build realistic ``Course`` objects for tests, straight from the model (no extractor, no chunker).

``make_course()`` gives modules of screens with speaker notes, nested list levels (including a jump of two
levels), a table with a header row and merged cells, a picture asset (a real PNG), a chart, a quote and a
right-to-left paragraph. Planted marker strings (``MARKER_*``) let tests find content without full goldens.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence

from converter.model import (
    SCHEMA_VERSION,
    Asset,
    Block,
    Chart,
    ChartSeries,
    Course,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Location,
    Media,
    Module,
    Paragraph,
    Quote,
    Screen,
    SourceInfo,
    Span,
    Table,
    TableCell,
    TableRow,
    UnitRef,
    make_id,
)

SOURCE_NAME = "factory-deck.pptx"
MARKER_NOTES = "MARKER-NOTES"
MARKER_TABLE = "MARKER-TABLE"
MARKER_RTL = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a \u0627\u0644\u062f\u0648\u0631\u0629"
"""Arabic: 'welcome to the course'."""


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (31, 95, 191)) -> bytes:
    """Return the bytes of a valid solid-colour RGB PNG, made with zlib and struct only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(
        b"IEND", b""
    )


def make_asset(data: bytes, media_type: str = "image/png", extension: str = "png") -> Asset:
    """Return a content-addressed asset holding ``data``."""
    digest = hashlib.sha256(data).hexdigest()
    return Asset(id=digest, media_type=media_type, extension=extension, size=len(data), data=data)


def span(text: str, **style: object) -> Span:
    return Span(text=text, **style)


def para(*spans: Span | str) -> Paragraph:
    """Return a paragraph of spans; plain strings become unstyled spans."""
    return Paragraph(spans=tuple(Span(text=s) if isinstance(s, str) else s for s in spans))


def bullets(*items: tuple[int, str], ordered: bool = False) -> ListBlock:
    """Return a list from ``(level, text)`` pairs."""
    entries = tuple(ListItem(level=level, spans=(Span(text=text),)) for level, text in items)
    return ListBlock(ordered=ordered, items=entries)


def cell(text: str, colspan: int = 1, rowspan: int = 1) -> TableCell:
    return TableCell(paragraphs=((Span(text=text),),), colspan=colspan, rowspan=rowspan)


def sample_table() -> Table:
    """A 1-header-row table; 'Dose' spans two columns in the header, 'Adults' spans two body rows."""
    return Table(
        header_rows=1,
        caption="Dosing by patient group",
        rows=(
            TableRow(cells=(cell("Group"), cell("Dose", colspan=2))),
            TableRow(cells=(cell("Adults", rowspan=2), cell("10 mg"), cell(MARKER_TABLE))),
            TableRow(cells=(cell("20 mg"), cell("evening"))),
            TableRow(cells=(cell("Children"), cell("5 mg"), cell("morning"))),
        ),
    )


def sample_chart() -> Chart:
    return Chart(
        chart_type="bar",
        title="Quarterly prescriptions",
        categories=("Q1", "Q2", "Q3"),
        series=(
            ChartSeries(name="North", values=(120.0, 135.5, None)),
            ChartSeries(name="South", values=(98.0, 101.0, 110.0)),
        ),
    )


def _first_screen_blocks(image: Asset | None) -> list[Block]:
    blocks: list[Block] = [
        Heading(level=1, spans=(Span(text="Why it matters"),)),
        para(
            "Cardiolex lowers ",
            span("blood pressure", bold=True),
            " in ",
            span("most", italic=True),
            " adults. ",
            span("See the label", href="https://example.org/label", underline=True),
            ".",
        ),
        bullets(
            (0, "Mechanism"), (1, "Blocks the receptor"), (3, "Jumped three levels"), (0, "Safety"), (1, "Renal checks")
        ),
        sample_table(),
    ]
    if image is not None:
        blocks.append(Image(asset=image.id, alt="Receptor diagram", width_px=4, height_px=3))
    return blocks


def _second_screen_blocks() -> list[Block]:
    return [
        Paragraph(spans=(Span(text=MARKER_RTL),), attrs={"lang": "ar"}),
        sample_chart(),
        Quote(spans=(Span(text="Listen first, then recommend."),)),
        bullets((0, "Prepare"), (0, "Visit"), (1, "Ask open questions"), ordered=True),
    ]


def _screen(module_index: int, screen_index: int, blocks: Sequence[Block], notes: Sequence[Block]) -> Screen:
    topic = "Overview" if screen_index == 0 else f"Topic {screen_index}"
    title = f"Screen {module_index + 1}.{screen_index + 1}: {topic}"
    unit = module_index * 100 + screen_index + 1
    return Screen(
        id=make_id("scr", title, SOURCE_NAME, str(unit)),
        title=title,
        blocks=tuple(blocks),
        notes=tuple(notes),
        units=(UnitRef(file=SOURCE_NAME, index=unit, key=f"slide-{unit}"),),
        where=Location(file=SOURCE_NAME, unit=unit),
        minutes=1.5,
    )


def make_course(
    n_modules: int = 2,
    screens_per_module: int = 3,
    *,
    title: str = "Cardiolex Sales Onboarding",
    language: str | None = "en",
    with_image: bool = True,
    with_media: bool = False,
    extra_blocks: Sequence[Block] = (),
    extra_notes: Sequence[Block] = (),
) -> Course:
    """Return a course of ``n_modules`` x ``screens_per_module`` screens, every one with speaker notes.

    Screen 1 holds a heading, styled and linked text, a list with levels 0/1/3/0/1, a merged-cell table
    (marker ``MARKER_TABLE``) and the picture (unless ``with_image=False``), then ``extra_blocks``; screen 2
    holds an Arabic paragraph (``MARKER_RTL``), a chart, a quote and an ordered list (and, with
    ``with_media``, an audio clip). Notes carry ``MARKER_NOTES`` and the screen number; ``extra_notes`` go
    to screen 1. Same arguments -> equal course.
    """
    image = make_asset(tiny_png()) if with_image else None
    audio = make_asset(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64), "audio/mpeg", "mp3") if with_media else None
    modules = []
    for m in range(n_modules):
        screens = []
        for s in range(screens_per_module):
            number = m * screens_per_module + s + 1
            blocks: list[Block] = [para(f"Content of screen {number}.")]
            notes: list[Block] = [para(f"{MARKER_NOTES} {number}: say this while screen {number} is shown.")]
            if number == 1:
                blocks = _first_screen_blocks(image) + list(extra_blocks)
                notes += list(extra_notes)
            elif number == 2:
                blocks = _second_screen_blocks()
                if audio is not None:
                    blocks.append(Media(media_type="audio", asset=audio.id, title="Pronunciation guide"))
            screens.append(_screen(m, s, blocks, notes))
        module_title = f"Module {m + 1}: " + ("Product essentials" if m == 0 else f"Field practice {m}")
        modules.append(
            Module(id=make_id("mod", module_title, SOURCE_NAME, str(m)), title=module_title, screens=tuple(screens))
        )
    assets = tuple(a for a in (image, audio) if a is not None)
    return Course(
        schema_version=SCHEMA_VERSION,
        id=make_id("crs", title, SOURCE_NAME),
        title=title,
        language=language,
        name="factory-deck",
        sources=(SourceInfo(name=SOURCE_NAME, format="pptx", sha256="0" * 64, size=1234),),
        modules=tuple(modules),
        assets=assets,
    )
