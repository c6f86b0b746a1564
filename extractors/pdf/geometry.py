"""Page geometry for PDFs: user space (y up, any origin) to the page as read (x right, y down, text upright)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

RIGHT_ANGLES = (0, 90, 180, 270)
Box = tuple[float, float, float, float]
MAX_COORDINATE = 1e6
"""Coordinates beyond this (or not finite) come from damaged files: such boxes are not used for layout."""


@dataclass(frozen=True)
class Frame:
    """A page box in user space and the clockwise turn (0, 90, 180, 270) that makes it read upright.

    The turn is the page's ``/Rotate`` unless most of its text runs another way (a table set sideways):
    then the text decides, so lines come out horizontal.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    rotation: int = 0

    @property
    def width(self) -> float:
        return self.y1 - self.y0 if self.rotation in (90, 270) else self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.x1 - self.x0 if self.rotation in (90, 270) else self.y1 - self.y0

    def turned(self, rotation: int) -> Frame:
        """Return the same box read with another turn."""
        return replace(self, rotation=rotation % 360)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Return a user-space point as read: (right of the left edge, below the top edge)."""
        if self.rotation == 90:
            return y - self.y0, x - self.x0
        if self.rotation == 180:
            return self.x1 - x, y - self.y0
        if self.rotation == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y

    def user_point(self, x: float, y: float) -> tuple[float, float]:
        """Return the user-space point of a point as read (the inverse of ``point``)."""
        if self.rotation == 90:
            return y + self.x0, x + self.y0
        if self.rotation == 180:
            return self.x1 - x, y + self.y0
        if self.rotation == 270:
            return self.x1 - y, self.y1 - x
        return x + self.x0, self.y1 - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """Return a user-space rectangle as read: ``(x0, top, x1, bottom)``."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def boxes(self, user: Iterable[Box | None]) -> list[Box | None]:
        """Return ``box`` of each user-space rectangle (None stays None): the same values, in one pass."""
        x0, y0, x1, y1, rotation = self.x0, self.y0, self.x1, self.y1, self.rotation
        found: list[Box | None] = []
        append = found.append
        for box in user:
            if box is None:
                append(None)
                continue
            left, bottom, right, top = box
            if left > right:
                left, right = right, left
            if bottom > top:
                bottom, top = top, bottom
            if rotation == 0:
                append((left - x0, y1 - top, right - x0, y1 - bottom))
            elif rotation == 90:
                append((bottom - y0, left - x0, top - y0, right - x0))
            elif rotation == 180:
                append((x1 - right, bottom - y0, x1 - left, top - y0))
            else:
                append((y1 - top, x1 - right, y1 - bottom, x1 - left))
        return found

    def reframe(self, other: Frame, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """Return a box given as read in ``other`` (same page, another turn) as read in this frame."""
        ax, ay = other.user_point(box[0], box[1])
        bx, by = other.user_point(box[2], box[3])
        return self.box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def sane(*values: float) -> bool:
    """Return True when every value is a finite coordinate of plausible size."""
    return all(math.isfinite(value) and abs(value) <= MAX_COORDINATE for value in values)


def snap_angle(degrees: float) -> int | None:
    """Return 0, 90, 180 or 270 when ``degrees`` is within two degrees of it, else None."""
    turn = round(degrees / 90.0) * 90
    return turn % 360 if abs(degrees - turn) <= 2.0 else None
