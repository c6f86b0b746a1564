"""Conversion options and safety limits, with defaults a training team can use as they are."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TargetKind = Literal["zip", "folder", "file"]


class Limits(BaseModel):
    """Caps applied while reading untrusted input; exceeding one raises ``LimitExceededError``."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    max_input_bytes: int = Field(default=512 * 1024 * 1024, ge=1)
    max_zip_entries: int = Field(default=10_000, ge=1)
    max_uncompressed_bytes: int = Field(default=2 * 1024 * 1024 * 1024, ge=1)
    max_part_bytes: int = Field(default=256 * 1024 * 1024, ge=1, description="one XML or media part")
    max_compression_ratio: float = Field(default=200.0, gt=1)
    max_units: int = Field(default=5_000, ge=1, description="slides or pages")
    max_shapes_per_unit: int = Field(default=5_000, ge=1)


class PlayerOptions(BaseModel):
    """How the player looks and speaks: its interface language and the course's branding (``c2e.toml``'s
    ``[player]`` and ``[theme]`` tables). A brand colour is checked for contrast by the packagers."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    language: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$",
                                 description="language of the player's own words (Next, Menu, ...), a BCP 47 tag "
                                             "such as 'de' or 'pt-BR'; default: the course's language")
    primary: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$",
                                description="brand colour for links and buttons, '#rrggbb'; darkened (with a "
                                            "warning) until it reaches 4.5:1 contrast")
    font: str | None = Field(default=None, pattern=r"^[A-Za-z0-9 ,'\"-]{1,120}$",
                             description="CSS font family list put before the system fonts (fonts the learner's "
                                         "device has; none is embedded)")
    logo: Path | None = Field(default=None, description="PNG, JPEG, GIF or WebP file shown in the player's header")


class ConvertOptions(BaseModel):
    """What to build and how; every CLI option maps onto one field here (``c2e.toml`` feeds the same names)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    formats: tuple[str, ...] = Field(default=("scorm12",), min_length=1,
                                     description="output standards, each written from the same extraction; "
                                                 "'all' means every installed one")
    target: TargetKind | None = Field(default=None, description="write each package as a zip or a folder; "
                                                                 "default: the standard's own (web: folder)")
    title: str | None = Field(default=None, description="course title; default: the primary source's title")
    course_id: str | None = Field(default=None, description="course id the LMS keys progress on; default: from "
                                                            "the primary source's document properties, else "
                                                            "its file name")
    name: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,63}$",
                             description="stem of the output file names; default: from the first input")
    lms: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,31}$",
                            description="LMS preset (converter.presets): fills the formats left unset and sets "
                                        "what the report's completion pre-flight checks")
    include_hidden: bool = Field(default=False, description="keep hidden slides as screens")
    slide_images: Literal["auto", "always", "never"] = Field(
        default="auto", description="a picture of the slide beside its text: auto = only slides whose drawings, "
                                    "connectors or layout carry meaning text cannot (needs LibreOffice)")
    ocr: Literal["auto", "always", "never"] = Field(
        default="auto", description="read pages that have no text layer (scans) with OCR: auto = only those; "
                                    "always = every page; needs Tesseract")
    ocr_lang: str | None = Field(default=None, pattern=r"^[a-z_]{3,8}(\+[a-z_]{3,8})*$",
                                 description="Tesseract language codes such as 'eng+heb'; default: from the "
                                             "document's language, else eng")
    live_activities: bool = Field(default=True, description="activity slides and sections (discussion, exercise, "
                                                            "role-play, ...) go to the live-session plan instead "
                                                            "of the self-paced modules; false keeps them as screens")
    job_aids: bool = Field(default=True, description="checklists, numbered procedures and reference tables leave "
                                                     "their screen for a printable job aid page it links to")
    micro_offsets: tuple[int, ...] = Field(default=(1, 3, 7, 14, 30), description="days after the live session "
                                                                               "the micro-items are spread over "
                                                                               "(empty: no micro-items)")
    session_date: datetime.date | None = Field(default=None, description="the live session's date, for the "
                                                                        "journey's calendar (journey.ics)")
    module_minutes: float = Field(default=10.0, gt=0, description="size budget when no sections exist")
    words_per_minute: int = Field(default=130, ge=50, le=400, description="narration speed for estimates")
    player: PlayerOptions = Field(default_factory=PlayerOptions)
    limits: Limits = Field(default_factory=Limits)

    @model_validator(mode="before")
    @classmethod
    def _format_alias(cls, data: Any) -> Any:
        """Accept ``format="scorm12,web"`` (the CLI's spelling) for ``formats``."""
        if isinstance(data, dict) and "format" in data:
            data = dict(data)
            data["formats"] = data.pop("format")
        return data

    @field_validator("formats", mode="before")
    @classmethod
    def _split_formats(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, (list, tuple)):
            return tuple(dict.fromkeys(str(v).strip().lower() for v in value if str(v).strip()))
        return value
