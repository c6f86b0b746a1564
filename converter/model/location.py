"""Where something came from: file, unit (slide/page/section) and shape. Shared by the model and messages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Location(BaseModel):
    """A place in a source file; every field but ``file`` is optional.

    ``unit`` is 1-based (slide 1 is the first slide). ``shape`` is the source's own name for the
    object (a PowerPoint shape name and id, a Word paragraph index), good enough for a person to find it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    file: str
    unit: int | None = None
    shape: str | None = None
    part: str | None = None
    anchor: str | None = None
    """The source's own id of the object, stable across edits of the file: a PowerPoint shape id
    (``sp-7``), a Word ``w14:paraId`` (``para-1A2B3C4D``). Block ids are derived from it (``identity.py``)."""

    def describe(self, unit_kind: str = "unit") -> str:
        """Return a short human form such as ``deck.pptx, unit 4, shape 'Title 1'`` (``unit_kind`` names the
        unit: ``slide 4`` when the caller knows it is a slide)."""
        parts = [self.file]
        if self.unit is not None:
            parts.append(f"{unit_kind} {self.unit}")
        if self.shape:
            parts.append(f"shape {self.shape!r}")
        return ", ".join(parts)
