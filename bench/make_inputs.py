"""Benchmark inputs: deterministic, generated training material of known size (bench/inputs/ by default).

Writes a training deck of 60 and of 600 slides (python-pptx), a ~40-page facilitator guide (python-docx) and a
100-page PDF handout (reportlab). Every file comes from a seeded random generator and fixed timestamps: the same
seed gives byte-identical files, so timings taken on different days compare like with like.

Usage: python bench/make_inputs.py [OUTDIR] [--seed N] [--quick]   (--quick: the small inputs only)
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "inputs"
DEFAULT_SEED = 20261207
TEXT_VERSION = 2
"""The text generator's version, in every file name: version 2 put doses, dates, counts and contractions into the
text (version 1 had none, so a benchmark never paid what a real deck's "10 mg" or "don't" costs)."""
FIXED_DATETIME = datetime.datetime(2024, 1, 1, 9, 0, 0)
ZIP_DATE_TIME = (2024, 1, 1, 0, 0, 0)

TABLE_EVERY = 5      # a slide with a table every 5 slides
PICTURE_EVERY = 4    # a slide with a picture every 4 slides
GROUP_EVERY = 7      # a slide with a grouped diagram every 7 slides
DISTINCT_PICTURES = 6  # pictures are reused across slides: the package holds only this many
SUFFIXES = {"deck": ".pptx", "guide": ".docx", "handout": ".pdf"}

WORDS = (
    "learner facilitator module objective session onboarding compliance product safety dosing patient "
    "customer territory account call plan review practice feedback coaching role play scenario evidence "
    "trial outcome label indication contraindication adverse event report escalate manager pharmacist "
    "clinic hospital formulary access budget forecast quarter target message benefit risk question answer "
    "handout checklist summary key point example case study timing break discussion debrief assessment"
).split()
REAL_TOKENS = ("10 mg", "5 mg", "24-hour", "2024", "Q3", "12 weeks", "3 days", "step 2", "don't", "it's",
               "we'll", "isn't")
"""What real training text is full of and the vocabulary lacks: doses, dates, counts, contractions."""
REAL_TOKEN_SHARE = 0.08


@dataclass(frozen=True)
class Inputs:
    """The generated files, by role (``None`` where --quick left one out)."""

    deck_small: Path
    deck_large: Path | None
    guide: Path
    handout: Path


# ------------------------------------------------------------------------------------------------- text
def sentence(rng: random.Random, low: int = 8, high: int = 16) -> str:
    """Return a sentence of ``low``-``high`` vocabulary words, capitalised and closed with a full stop."""
    words = [rng.choice(REAL_TOKENS) if rng.random() < REAL_TOKEN_SHARE else rng.choice(WORDS)
             for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def title(rng: random.Random, number: int) -> str:
    return f"{number}. " + " ".join(rng.choice(WORDS) for _ in range(3)).title()


# ------------------------------------------------------------------------------------------------- pictures
def picture_png(index: int, size: tuple[int, int] = (320, 200)) -> bytes:
    """Return small deterministic PNG bytes: coloured bars that differ by ``index`` (no text)."""
    from PIL import Image, ImageDraw

    palette = ["#4C78A8", "#F58518", "#E45756", "#72B7B2", "#54A24B", "#EECA3B", "#B279A2"]
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for bar in range(5):
        height = 30 + ((index * 37 + bar * 53) % (size[1] - 50))
        x = 20 + bar * (size[0] - 40) // 5
        draw.rectangle([x, size[1] - 10 - height, x + 40, size[1] - 10], fill=palette[(index + bar) % len(palette)])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------- zip
def rewrite_zip_deterministic(raw: bytes, path: Path) -> None:
    """Write the OOXML package ``raw`` to ``path`` with fixed entry timestamps, in its original entry order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())


def fix_core_properties(props, name: str) -> None:
    props.title = name
    props.author = "c2e bench"
    props.last_modified_by = "c2e bench"
    props.revision = 1
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    props.last_printed = FIXED_DATETIME


# ------------------------------------------------------------------------------------------------- deck
def add_bullets(text_frame, rng: random.Random) -> None:
    """Fill ``text_frame`` with 3-6 bullets on two levels."""
    text_frame.clear()
    for i in range(rng.randint(3, 6)):
        para = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        para.text = sentence(rng, 5, 12)
        para.level = 0 if i == 0 else rng.choice((0, 0, 1))


def add_table(slide, rng: random.Random) -> None:
    from pptx.util import Inches

    rows, cols = rng.randint(4, 7), rng.randint(3, 5)
    shape = slide.shapes.add_table(rows, cols, Inches(5.1), Inches(1.6), Inches(4.5), Inches(0.4) * rows)
    for r in range(rows):
        for c in range(cols):
            cell = shape.table.cell(r, c)
            cell.text = rng.choice(WORDS).title() if r == 0 else f"{rng.choice(WORDS)} {rng.randint(1, 500)}"


def add_picture(slide, number: int, pictures: list[bytes]) -> None:
    from pptx.util import Inches

    picture = slide.shapes.add_picture(io.BytesIO(pictures[number % len(pictures)]), Inches(5.3), Inches(4.6),
                                       width=Inches(3.2))
    picture._element.nvPicPr.cNvPr.set("descr", f"Bar chart {number % len(pictures) + 1} of the module's figures")


def add_group(slide, rng: random.Random) -> None:
    """Add a group of three labelled boxes joined left to right (a process diagram)."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    group = slide.shapes.add_group_shape()
    for step in range(3):
        box = group.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(0.6 + step * 1.5), Inches(5.6),
                                     Inches(1.3), Inches(0.8))
        box.text_frame.text = f"Step {step + 1}: {rng.choice(WORDS)}"


def add_deck_slide(prs, number: int, rng: random.Random, pictures: list[bytes]) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[1])  # Title and Content
    slide.shapes.title.text = title(rng, number)
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.5), Inches(1.5), Inches(4.5), Inches(4.0)
    add_bullets(body.text_frame, rng)
    if number % TABLE_EVERY == 0:
        add_table(slide, rng)
    if number % PICTURE_EVERY == 0:
        add_picture(slide, number // PICTURE_EVERY, pictures)
    if number % GROUP_EVERY == 0:
        add_group(slide, rng)
    slide.notes_slide.notes_text_frame.text = paragraph(rng, rng.randint(3, 6))


def build_deck(path: Path, slides: int = 60, seed: int = DEFAULT_SEED) -> Path:
    """Write a training deck of ``slides`` slides, each with a title, bullets and speaker notes; return ``path``.

    Slide ``n`` (1-based) also has a table when ``n % 5 == 0``, a picture when ``n % 4 == 0`` (six distinct
    PNGs, reused) and a group of three shapes when ``n % 7 == 0``.
    """
    from pptx import Presentation

    rng = random.Random(f"deck-{seed}")
    pictures = [picture_png(i) for i in range(DISTINCT_PICTURES)]
    prs = Presentation()
    for number in range(1, slides + 1):
        add_deck_slide(prs, number, rng, pictures)
    fix_core_properties(prs.core_properties, f"Bench deck, {slides} slides")
    raw = io.BytesIO()
    prs.save(raw)
    rewrite_zip_deterministic(raw.getvalue(), path)
    return path


# ------------------------------------------------------------------------------------------------- guide
def add_guide_table(document, rng: random.Random) -> None:
    table = document.add_table(rows=5, cols=3)
    table.style = "Table Grid"
    for c, heading in enumerate(("Time", "Activity", "Materials")):
        table.cell(0, c).text = heading
    for r in range(1, 5):
        table.cell(r, 0).text = f"{rng.randint(5, 45)} min"
        table.cell(r, 1).text = sentence(rng, 3, 6)
        table.cell(r, 2).text = rng.choice(WORDS).title()


def add_guide_page(document, page: int, rng: random.Random, pictures: list[bytes]) -> None:
    """Add one page's worth of content: heading, paragraphs, a list, maybe a table or a picture, a page break."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Inches

    if page % 5 == 1:
        document.add_heading(f"Module {page // 5 + 1}: " + title(rng, page).split(". ", 1)[1], level=1)
    document.add_heading(title(rng, page), level=2)
    for _ in range(2):
        document.add_paragraph(paragraph(rng, 3))
    style = "List Number" if page % 2 else "List Bullet"
    for _ in range(4):
        document.add_paragraph(sentence(rng, 5, 10), style=style)
    if page % 4 == 0:
        add_guide_table(document, rng)
    elif page % 6 == 3:
        shape = document.add_picture(io.BytesIO(pictures[page % len(pictures)]), width=Inches(2.5))
        shape._inline.docPr.set("descr", f"Bar chart {page % len(pictures) + 1} of the session's figures")
    document.add_paragraph(paragraph(rng, 2)).add_run().add_break(WD_BREAK.PAGE)


def build_guide(path: Path, pages: int = 40, seed: int = DEFAULT_SEED) -> Path:
    """Write a facilitator guide of about ``pages`` pages (one explicit page break each); return ``path``.

    Each page has a level-2 heading (every fifth also opens a module with a level-1 heading), paragraphs and a
    numbered or bulleted list; every fourth page a timing table, some pages a picture.
    """
    from docx import Document

    rng = random.Random(f"guide-{seed}")
    pictures = [picture_png(i) for i in range(DISTINCT_PICTURES)]
    document = Document()
    document.add_heading("Facilitator guide (benchmark)", level=0)
    for page in range(1, pages + 1):
        add_guide_page(document, page, rng, pictures)
    fix_core_properties(document.core_properties, f"Bench guide, {pages} pages")
    raw = io.BytesIO()
    document.save(raw)
    rewrite_zip_deterministic(raw.getvalue(), path)
    return path


# ------------------------------------------------------------------------------------------------- handout
def draw_paragraph(canvas, text: str, x: float, y: float, width: float, size: float = 10.5) -> float:
    """Draw ``text`` wrapped to ``width`` from ``y`` downwards; return the y below it."""
    from reportlab.lib.utils import simpleSplit

    canvas.setFont("Helvetica", size)
    for line in simpleSplit(text, "Helvetica", size, width):
        canvas.drawString(x, y, line)
        y -= size * 1.35
    return y - size * 0.6


def draw_ruled_table(canvas, rng: random.Random, x: float, y: float, width: float) -> float:
    """Draw a 5x3 table with ruling lines on every cell border; return the y below it."""
    rows, cols, row_h = 5, 3, 18
    col_w = width / cols
    canvas.setLineWidth(0.6)
    for r in range(rows + 1):
        canvas.line(x, y - r * row_h, x + width, y - r * row_h)
    for c in range(cols + 1):
        canvas.line(x + c * col_w, y, x + c * col_w, y - rows * row_h)
    for r in range(rows):
        canvas.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 9.5)
        for c in range(cols):
            text = rng.choice(WORDS).title() if r == 0 else f"{rng.choice(WORDS)} {rng.randint(1, 99)}"
            canvas.drawString(x + c * col_w + 4, y - r * row_h - 13, text)
    return y - rows * row_h - 16


def draw_handout_page(canvas, page: int, rng: random.Random, pictures: list) -> None:
    from reportlab.lib.pagesizes import A4

    width, height = A4
    left, text_w = 60, width - 120
    y = height - 70
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(left, y, title(rng, page))
    y -= 30
    for block in range(4):
        if block == 1 and page % 3 == 0:
            canvas.setFont("Helvetica-Bold", 13)
            canvas.drawString(left, y, " ".join(rng.choice(WORDS) for _ in range(4)).capitalize())
            y -= 22
        y = draw_paragraph(canvas, paragraph(rng, 4), left, y, text_w)
        if block == 1 and page % 7 == 0:
            y = draw_ruled_table(canvas, rng, left, y, text_w)
        if block == 2 and page % 15 == 0:
            canvas.drawImage(pictures[page % len(pictures)], left, y - 125, width=200, height=125)
            y -= 140
    canvas.setFont("Helvetica", 8)
    canvas.drawString(width / 2 - 20, 30, f"Page {page}")
    canvas.showPage()


def build_handout(path: Path, pages: int = 100, seed: int = DEFAULT_SEED) -> Path:
    """Write a PDF handout of exactly ``pages`` pages; return ``path``.

    Each page has an 18 pt heading and four paragraphs; every third page a 13 pt subheading, every seventh a ruled
    5x3 table, every fifteenth a picture. reportlab's invariant mode keeps the bytes identical between runs.
    """
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    rl_config.invariant = 1
    rng = random.Random(f"handout-{seed}")
    pictures = [ImageReader(io.BytesIO(picture_png(i))) for i in range(DISTINCT_PICTURES)]
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"Bench handout, {pages} pages")
    canvas.setAuthor("c2e bench")
    for page in range(1, pages + 1):
        draw_handout_page(canvas, page, rng, pictures)
    canvas.save()
    return path


# ------------------------------------------------------------------------------------------------- all
def build_all(folder: Path = DEFAULT_DIR, seed: int = DEFAULT_SEED, quick: bool = False) -> Inputs:
    """Write every input into ``folder`` (only the small ones with ``quick``), skipping files already there.

    File names carry the seed and the text generator's version, so a file on disk is the one this seed and
    generator make; after changing a generator in any other way, delete the folder to make the files anew.
    """
    folder.mkdir(parents=True, exist_ok=True)

    def made(name: str, builder, **size) -> Path:
        path = folder / f"{name}-s{seed}-t{TEXT_VERSION}{SUFFIXES[name.split('-')[0]]}"
        if not path.exists():
            tmp = path.with_suffix(path.suffix + ".part")
            builder(tmp, seed=seed, **size)
            tmp.replace(path)
        return path

    return Inputs(
        deck_small=made("deck-60", build_deck, slides=60),
        deck_large=None if quick else made("deck-600", build_deck, slides=600),
        guide=made("guide-40", build_guide, pages=40),
        handout=made("handout-100", build_handout, pages=100),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quick", action="store_true", help="only the small inputs")
    args = parser.parse_args(argv)
    inputs = build_all(args.folder, args.seed, args.quick)
    for path in (inputs.deck_small, inputs.deck_large, inputs.guide, inputs.handout):
        if path is not None:
            print(f"{path}  {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
