"""Pictures LibreOffice makes for a deck: slide pictures beside the text of drawn slides, and equation previews.

Only a deck that has a slide needing a picture (see ``drawings``) or an OLE equation starts LibreOffice:
the deck is converted once to PDF and pypdfium2 renders the needed pages; the equations' WMF/EMF previews
are converted to PNG in one more run. Without LibreOffice (or when it fails) each loss is reported on its
slide with ``instead="left out"`` and how to get it back.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

from converter.model import Block, Image, Location, Unit, block_text
from converter.result import Messages

from .._office.soffice import SofficeError, convert_files, find_soffice
from .context import DeckContext
from .drawings import MIN_DRAWINGS, Preview, SlideDrawings

SlideImages = Literal["auto", "always", "never"]
SLIDE_WIDTH_PX = 1280
"""Slide pictures are rendered this wide (the height follows the slide's aspect ratio)."""
EQUATION_SCALE = 0.25
"""LibreOffice draws a previewed equation on a page-sized canvas; it is trimmed, then shrunk by this much."""
INSTALL = "install LibreOffice (apt install libreoffice-impress-nogui) and convert again"
ALT_CHARS = 240
DECORATION = "left out (decoration)"
"""What the report says was done with the few drawings of a slide that needs no picture."""


def add_pictures(units: list[Unit], drawings: dict[int, SlideDrawings], deck: DeckContext,
                 mode: SlideImages, source: Path) -> list[Unit]:
    """Return the units with slide pictures appended (per ``mode``) and equation previews made PNG; starts
    LibreOffice only when something needs it, and reports what is shown as a picture or left out."""
    wanted = _wanted(units, drawings, mode)
    previews = deck.previews.found
    if mode == "never":
        _report_off(units, drawings, deck.messages, deck.file)
    soffice = find_soffice() if wanted or previews else None
    pngs: dict[str, bytes] = {}
    pictures: dict[int, bytes] = {}
    if soffice is not None:
        with tempfile.TemporaryDirectory(prefix="c2e-soffice-") as folder:
            work = Path(folder)
            pngs = _convert_previews(soffice, previews, work, deck.messages, deck.file)
            pictures = _render_slides(soffice, source, units, wanted, work, deck.messages, deck.file) if wanted else {}
    converted = {key: deck.assets.add(data, "image/png", "png").id for key, data in pngs.items()}
    _report_metafiles(previews, converted, soffice, deck.messages)
    result = []
    for unit in units:
        blocks = [_metafile(block, previews, converted) for block in unit.blocks]
        picture = pictures.get(unit.index)
        if picture is not None:
            blocks.append(_slide_image(unit, picture, deck))
        if mode != "never":
            _report_slide(unit, drawings.get(unit.index), picture is not None, soffice, deck)
        result.append(unit.model_copy(update={"blocks": tuple(b for b in blocks if b is not None)}))
    return result


def _wanted(units: list[Unit], drawings: dict[int, SlideDrawings], mode: SlideImages) -> set[int]:
    """Return the numbers of the slides to picture: every visible slide (always), those whose drawings
    need it (auto), none (never)."""
    if mode == "never":
        return set()
    return {unit.index for unit in units if not unit.hidden and (
        mode == "always" or (unit.index in drawings and drawings[unit.index].needs_picture))}


def _convert_previews(soffice: str, previews: dict[str, Preview], work: Path, messages: Messages,
                      file: str) -> dict[str, bytes]:
    """Return PNG bytes by preview key, all previews converted in one LibreOffice run (which draws each on a
    page-sized canvas: trimmed, and equations shrunk to text size)."""
    if not previews:
        return {}
    folder = work / "previews"
    folder.mkdir()
    names = {key: folder / f"eq{n}.{preview.extension}" for n, (key, preview) in enumerate(sorted(previews.items()))}
    for key, path in names.items():
        path.write_bytes(previews[key].data)
    try:
        out = convert_files(soffice, sorted(names.values()), "png", work)
    except SofficeError as error:
        messages.warn("pptx.libreoffice-failed", f"{error.problem} converting metafile pictures (WMF/EMF)",
                      Location(file=file))
        return {}
    found = {key: out / f"{path.stem}.png" for key, path in names.items()}
    return {key: trimmed_png(path.read_bytes(), EQUATION_SCALE if previews[key].equation else 1.0)
            for key, path in found.items() if path.is_file()}


def _render_slides(soffice: str, source: Path, units: list[Unit], wanted: set[int], work: Path,
                   messages: Messages, file: str) -> dict[int, bytes]:
    """Return PNG bytes by slide number for the wanted slides; {} (with a message saying why) when the deck
    cannot be rendered or its PDF pages do not match its visible slides."""
    staged = work / "deck" / "deck.pptx"
    staged.parent.mkdir()
    shutil.copyfile(source, staged)
    try:
        pdf = convert_files(soffice, [staged], "pdf", work) / "deck.pdf"
    except SofficeError as error:
        messages.warn("pptx.slide-pictures-failed", f"{error.problem}: no slide pictures", Location(file=file))
        return {}
    visible = [unit.index for unit in units if not unit.hidden]
    if not pdf.is_file():
        messages.warn("pptx.slide-pictures-failed", "LibreOffice could not render the deck: no slide pictures",
                      Location(file=file))
        return {}
    return render_pages(pdf, visible, wanted, messages, file)


def render_pages(pdf: Path, visible: list[int], wanted: set[int], messages: Messages, file: str) -> dict[int, bytes]:
    """Return PNG bytes by slide number; the PDF's pages are the visible slides in order (LibreOffice leaves
    hidden slides out), so a page count that differs gives {} and a warning rather than wrong pictures."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        messages.warn("pptx.slide-pictures-failed", "slide pictures need pypdfium2: pip install "
                      "classroom-to-elearning[pdf]", Location(file=file))
        return {}
    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError:
        messages.warn("pptx.slide-pictures-failed", "LibreOffice wrote a PDF that cannot be read: no slide "
                      "pictures", Location(file=file))
        return {}
    try:
        if len(document) != len(visible):
            messages.warn("pptx.slide-pictures-failed", f"LibreOffice rendered {len(document)} pages for "
                          f"{len(visible)} visible slides: no slide pictures", Location(file=file))
            return {}
        return {number: _render(document[index]) for index, number in enumerate(visible) if number in wanted}
    finally:
        document.close()


def _render(page: Any) -> bytes:
    """Return one page rendered ``SLIDE_WIDTH_PX`` wide as PNG (no metadata: the same page gives the same bytes)."""
    width = page.get_width()
    bitmap = page.render(scale=SLIDE_WIDTH_PX / width)
    try:
        return png_bytes(bitmap.to_pil())
    finally:
        bitmap.close()
        page.close()


def png_bytes(picture: Any) -> bytes:
    """Return a Pillow image as PNG bytes in RGB, with no text chunks or time (deterministic)."""
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def trimmed_png(data: bytes, scale: float) -> bytes:
    """Return a PNG with its white margins cut off (a few pixels kept), shrunk by ``scale``, re-saved bare."""
    from PIL import Image as PilImage
    from PIL import ImageOps

    picture = PilImage.open(io.BytesIO(data)).convert("RGB")
    box = ImageOps.invert(picture.convert("L")).getbbox()
    if box is not None:
        margin = 8
        picture = picture.crop((max(box[0] - margin, 0), max(box[1] - margin, 0),
                                min(box[2] + margin, picture.width), min(box[3] + margin, picture.height)))
    size = (max(round(picture.width * scale), 1), max(round(picture.height * scale), 1))
    return png_bytes(picture.resize(size, PilImage.Resampling.LANCZOS))


def _metafile(block: Block, previews: dict[str, Preview], converted: dict[str, str]) -> Block | None:
    """Return a metafile picture (or equation preview) with its PNG asset, None when it was not converted;
    other blocks as they are."""
    if not isinstance(block, Image) or block.asset not in previews:
        return block
    asset = converted.get(block.asset)
    return block.model_copy(update={"asset": asset}) if asset else None


def _slide_image(unit: Unit, png: bytes, deck: DeckContext) -> Image:
    """Return the slide picture block: alt text from the slide's title and the start of its text."""
    from PIL import Image as PilImage

    asset = deck.assets.add(png, "image/png", "png")
    width, height = PilImage.open(io.BytesIO(png)).size
    return Image(asset=asset.id, role="slide", alt=slide_alt(unit), width_px=width, height_px=height,
                 where=Location(file=deck.file, unit=unit.index, anchor="slide-picture"))


def slide_alt(unit: Unit) -> str:
    """Return ``Slide 3: <title>. <start of its text>`` cut near ``ALT_CHARS`` characters."""
    texts = [" ".join(block_text(block).split()) for block in unit.blocks if not isinstance(block, Image)]
    summary = " ".join(text for text in texts if text)
    head = f"Slide {unit.index}" + (f": {unit.title}" if unit.title else "")
    alt = f"{head}. {summary}" if summary else head
    return alt if len(alt) <= ALT_CHARS else alt[:ALT_CHARS].rsplit(" ", 1)[0] + "…"


def _report_slide(unit: Unit, drawings: SlideDrawings | None, shown: bool, soffice: str | None,
                  deck: DeckContext) -> None:
    """Add the slide's message: its drawings shown as a slide picture, or left out and how to get them (or,
    for a few drawings judged decoration, left out and named)."""
    if drawings is None or not drawings.drawings:
        return
    if not drawings.needs_picture:
        if not shown:
            _report_decoration(unit, drawings, deck.messages, deck.file)
        return
    where = Location(file=deck.file, unit=unit.index)
    if shown:
        deck.messages.info("pptx.drawing-as-picture", f"slide {unit.index} draws {drawings.summary()}; shown as a "
                           "picture of the slide beside its text", where, instead="slide picture")
        return
    how = ("the slide is hidden and LibreOffice does not render hidden slides" if unit.hidden else
           INSTALL if soffice is None else "LibreOffice could not render the deck (see the message above)")
    deck.messages.warn("pptx.drawing-not-shown", f"slide {unit.index} draws {drawings.summary()}, which text "
                       f"cannot carry; left out: {how}", where, instead="left out")


def _report_metafiles(previews: dict[str, Preview], converted: dict[str, str], soffice: str | None,
                      messages: Messages) -> None:
    """Name where an OLE equation is shown as its preview picture (no math a screen reader can read), and warn
    where it, or a WMF/EMF picture, is left out because it could not be made a PNG."""
    how = INSTALL if soffice is None else "LibreOffice could not convert its preview picture"
    for key, preview in previews.items():
        for where in preview.places:
            if not preview.equation:
                if key not in converted:
                    messages.warn("pptx.metafile-not-shown", f"a {preview.extension.upper()} picture, which "
                                  f"browsers cannot show, is left out: {how}", where, instead="left out")
            elif key in converted:
                messages.info("pptx.equation-as-picture", "an equation (OLE object) is shown as its preview "
                              "picture, not as text; its alt text is the object's description, else 'Equation'", where, instead="picture")
            else:
                messages.warn("pptx.equation-not-shown", f"an equation (OLE object) is left out: {how}", where,
                              instead="left out")


def _report_off(units: list[Unit], drawings: dict[int, SlideDrawings], messages: Messages, file: str) -> None:
    """With slide pictures turned off, name each slide whose drawings are left out."""
    for unit in units:
        found = drawings.get(unit.index)
        if found is not None and found.drawings and not found.needs_picture:
            _report_decoration(unit, found, messages, file)
        elif found is not None and found.needs_picture:
            messages.warn("pptx.drawing-not-shown", f"slide {unit.index} draws {found.summary()}, which text "
                          "cannot carry; left out: slide pictures are off (--slide-images never); use auto to "
                          "show them", Location(file=file, unit=unit.index), instead="left out")


def _report_decoration(unit: Unit, drawings: SlideDrawings, messages: Messages, file: str) -> None:
    """Name the few drawings of a slide that gets no picture, judged decoration and left out."""
    messages.info("pptx.drawing-left-out", f"slide {unit.index} draws {drawings.summary()}: fewer than "
                  f"{MIN_DRAWINGS} drawn shapes and no connector joining text, so judged decoration and left out "
                  "(--slide-images always pictures every slide)", Location(file=file, unit=unit.index),
                  instead=DECORATION)
