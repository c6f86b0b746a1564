"""Vector figures in PDFs: regions dense in drawn paths (flow charts, UML, diagrams) become pictures.

A diagram drawn with paths has no image object, and its labels would otherwise come out as a heap of
short loose paragraphs. ``find_figures`` clusters the boxes of the page's path objects; a cluster with
enough paths, of a fair size, that is not a ruled table becomes a region. The region is rendered and
cropped to a PNG ``Image(role="figure")`` whose alt text holds the labels drawn inside it; those labels
leave the page's text lines (``take_labels``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from converter.model import Image, Location

from .geometry import Box, Frame, sane
from .layout import Placed
from .text import Line

MIN_PATHS = 10
"""A region must hold at least this many path objects to be a figure."""
MIN_SHAPES = 3
"""...and at least this many of them must be more than a thin straight rule (table rulings are not figures)."""
MIN_AREA_SHARE, MAX_AREA_SHARE = 0.02, 0.85
"""A figure covers at least 2% of the page, and not nearly all of it (page frames and backgrounds)."""
MAX_PATH_SHARE = 0.5
"""A single path larger than half the page (a background or border) joins no figure."""
GAP = 8.0
"""Paths closer than this (points) belong to one region; labels hanging just outside are taken in."""
MAX_PATHS = 4_000
"""Pages drawing more path objects than this are not searched (maps and plots are left as they are)."""
RULE_THICKNESS = 2.0
RENDER_SCALE = 2.0
"""Figures are rendered at 144 dpi."""
MAX_ALT_CHARS = 400
MAX_CARRIED_SHARE = 0.25
"""Tables and images may cover at most this share of a figure region."""
MIN_LABELS = 2
"""A figure has labels: path art without text (backgrounds, ornaments, logos) stays out, as before."""
LABEL_GAP = 2.0
"""A label's middle lies inside its region or within this many points of it (not the caption below)."""
MAX_LABEL_SHARE = 0.5
"""A region whose labels take more than half the page's text lines is text in a frame, not a figure."""


@dataclass
class Region:
    """A cluster of path boxes on the page as read: its box, how many paths, how many are not rules."""

    x0: float
    top: float
    x1: float
    bottom: float
    paths: int = 1
    shapes: int = 0
    labels: list[Line] = field(default_factory=list)

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)

    def near(self, other: Region) -> bool:
        return (self.x0 - GAP <= other.x1 and other.x0 - GAP <= self.x1
                and self.top - GAP <= other.bottom and other.top - GAP <= self.bottom)

    def take(self, other: Region) -> None:
        self.x0, self.top = min(self.x0, other.x0), min(self.top, other.top)
        self.x1, self.bottom = max(self.x1, other.x1), max(self.bottom, other.bottom)
        self.paths += other.paths
        self.shapes += other.shapes

    def holds(self, line: Line) -> bool:
        """Return True when a text line's middle lies inside the region (with the gap around it)."""
        x, y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
        return (self.x0 - LABEL_GAP <= x <= self.x1 + LABEL_GAP
                and self.top - LABEL_GAP <= y <= self.bottom + LABEL_GAP)


def find_figures(raw: Any, page: Any, frame: Frame, carried: Sequence[Placed] = ()) -> list[Region]:
    """Return the page's figure regions (as read in ``frame``), largest first; none on pages drawing more
    than ``MAX_PATHS`` paths. Regions a quarter covered by what the page already carries (``carried``: its
    tables and images; a photo with drawn callouts is kept as the photo) are left out."""
    boxes = _path_boxes(raw, page, frame)
    if boxes is None:
        return []
    page_area = frame.width * frame.height
    regions = [region for region in _cluster(boxes) if _is_figure(region, page_area, carried)]
    return sorted(regions, key=lambda region: (-region.area, region.top, region.x0))


def _path_boxes(raw: Any, page: Any, frame: Frame) -> list[Region] | None:
    """Return one region per path object (its box as read); None when the page draws too many."""
    boxes: list[Region] = []
    area = frame.width * frame.height
    for count, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4)):
        if count >= MAX_PATHS:
            return None
        bounds = obj.get_bounds()
        if not sane(*bounds):
            continue
        x0, top, x1, bottom = frame.box(*bounds)
        width, height = x1 - x0, bottom - top
        if width * height > MAX_PATH_SHARE * area or (width < 0.5 and height < 0.5):
            continue
        thin = min(width, height) <= RULE_THICKNESS
        boxes.append(Region(x0, top, x1, bottom, shapes=0 if thin else 1))
    return boxes


def _cluster(boxes: list[Region]) -> list[Region]:
    """Return the boxes merged into regions: boxes within ``GAP`` of each other, transitively, are one."""
    regions: list[Region] = []
    for box in sorted(boxes, key=lambda b: (b.x0, b.top)):
        merged = box
        while (joined := next((r for r in regions if r.near(merged)), None)) is not None:
            regions.remove(joined)
            merged.take(joined)
        regions.append(merged)
    return regions


def _is_figure(region: Region, page_area: float, carried: Sequence[Placed]) -> bool:
    share = region.area / page_area if page_area > 0 else 0.0
    if region.paths < MIN_PATHS or region.shapes < MIN_SHAPES or not MIN_AREA_SHARE <= share <= MAX_AREA_SHARE:
        return False
    return sum(_overlap(region, item) for item in carried) <= MAX_CARRIED_SHARE * region.area


def _overlap(region: Region, table: Placed) -> float:
    width = min(region.x1, table.x1) - max(region.x0, table.x0)
    height = min(region.bottom, table.bottom) - max(region.top, table.top)
    return width * height if width > 0 and height > 0 else 0.0


def take_labels(regions: list[Region], lines: list[Line]) -> tuple[list[Region], list[Line]]:
    """Return the regions that keep their figure status with the text lines inside each as its labels, and
    the lines left for the page's text. A region with fewer than ``MIN_LABELS`` labels, or holding most of a
    page's many lines (text in a frame), is not a figure."""
    kept: list[Region] = []
    left = list(lines)
    for region in regions:
        inside = [line for line in left if region.holds(line)]
        if len(inside) < MIN_LABELS or (len(inside) > MAX_LABEL_SHARE * len(lines) and len(inside) > MIN_PATHS):
            continue
        region.labels = inside
        left = [line for line in left if not region.holds(line)]
        kept.append(region)
    return kept, left


def figure_alt(region: Region) -> str:
    """Return ``Figure: label; label; ...`` from the labels top to bottom, left to right, the lines of one
    box's label joined (cut near 400 characters)."""
    labels = [" ".join(" ".join(line.text.split()) for line in group) for group in label_groups(region.labels)]
    text = "; ".join(label for label in labels if label.strip())
    alt = f"Figure: {text}" if text else "Figure"
    return alt if len(alt) <= MAX_ALT_CHARS else alt[:MAX_ALT_CHARS].rsplit(" ", 1)[0] + "…"


def label_groups(lines: list[Line]) -> list[list[Line]]:
    """Return the lines grouped into labels: a line right under another that it overlaps sideways continues
    it (a box's label set on two or three lines)."""
    groups: list[list[Line]] = []
    for line in sorted(lines, key=lambda l: (l.top, l.x0)):
        group = next((g for g in groups if _continues(g[-1], line)), None)
        if group is None:
            groups.append([line])
        else:
            group.append(line)
    return sorted(groups, key=lambda g: (round(g[0].top), g[0].x0))


def _continues(above: Line, line: Line) -> bool:
    gap = line.top - above.bottom
    overlap = min(above.x1, line.x1) - max(above.x0, line.x0)
    return -0.3 * line.height <= gap <= 0.8 * line.height and overlap > 0.3 * min(above.x1 - above.x0, line.x1 - line.x0)


def render_figures(page: Any, frame: Frame, regions: list[Region], add: Any, where: Location) -> list[Placed]:
    """Return each region rendered from the displayed page and cropped, as a placed ``Image(role="figure")``;
    ``add(bytes, media type, extension)`` stores the PNG and returns its asset."""
    if not regions:
        return []
    bitmap = page.render(scale=RENDER_SCALE)
    try:
        picture = bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()
    if abs(picture.width - frame.width * RENDER_SCALE) > 2 or abs(picture.height - frame.height * RENDER_SCALE) > 2:
        return []  # the render is not the page as read (an odd box or turn): no crop could be trusted
    placed = []
    for region in regions:
        box = _pixels(region, picture.size)
        if box is None:
            continue
        buffer = io.BytesIO()
        crop = picture.crop(box)
        crop.save(buffer, format="PNG", compress_level=6)
        asset = add(buffer.getvalue(), "image/png", "png")
        image = Image(asset=asset.id, role="figure", alt=figure_alt(region), width_px=crop.width,
                      height_px=crop.height, where=where)
        placed.append(Placed(image, region.x0, region.top, region.x1, region.bottom))
    return placed


def _pixels(region: Region, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """Return the region's pixel box on the rendered page (a margin of ``GAP`` around it), None when empty."""
    box: Box = (region.x0 - GAP, region.top - GAP, region.x1 + GAP, region.bottom + GAP)
    left, top = max(round(box[0] * RENDER_SCALE), 0), max(round(box[1] * RENDER_SCALE), 0)
    right, bottom = min(round(box[2] * RENDER_SCALE), size[0]), min(round(box[3] * RENDER_SCALE), size[1])
    return (left, top, right, bottom) if right > left and bottom > top else None
