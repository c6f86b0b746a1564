"""Conversion options and safety limits, with defaults a training team can use as they are."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Limits(BaseModel):
    """Caps applied while reading untrusted input; exceeding one raises ``LimitExceededError``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_input_bytes: int = Field(default=512 * 1024 * 1024, ge=1)
    max_zip_entries: int = Field(default=10_000, ge=1)
    max_uncompressed_bytes: int = Field(default=2 * 1024 * 1024 * 1024, ge=1)
    max_part_bytes: int = Field(default=256 * 1024 * 1024, ge=1, description="one XML or media part")
    max_compression_ratio: float = Field(default=200.0, gt=1)
    max_units: int = Field(default=5_000, ge=1, description="slides or pages")
    max_shapes_per_unit: int = Field(default=5_000, ge=1)


class ConvertOptions(BaseModel):
    """What to build and how; every CLI option maps onto one field here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: str = "scorm12"
    title: str | None = Field(default=None, description="course title; default: the source's title")
    include_hidden: bool = Field(default=False, description="keep hidden slides as screens")
    module_minutes: float = Field(default=10.0, gt=0, description="size budget when no sections exist")
    words_per_minute: int = Field(default=130, ge=50, le=400, description="narration speed for estimates")
    limits: Limits = Field(default_factory=Limits)
