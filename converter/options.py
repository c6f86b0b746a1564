"""Conversion options and safety limits, with defaults a training team can use as they are."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TargetKind = Literal["zip", "folder", "file"]
JourneyStage = Literal["pre-learning", "live", "reinforcement", "performance-support"]
JOURNEY_STAGES: tuple[JourneyStage, ...] = ("pre-learning", "live", "reinforcement", "performance-support")
ScoLayout = Literal["course", "module"]
"""How the LMS packages cut a course into launchable units (SCOs, AUs): one for the whole course, or one per
module."""


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
                                     description="outputs, each written from the same extraction; 'all' means "
                                                 "every installed one; left unset: the whole journey "
                                                 "(converter.presets.journey_formats)")
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
    sco: ScoLayout = Field(default="course", description="SCORM SCOs, cmi5 AUs and xAPI launchable activities: "
                                                         "one for the course, or one per module (each launches "
                                                         "the one player showing only that module's screens)")
    micro_scos: bool = Field(default=False, description="each micro-item is also its own small SCO/AU (its "
                                                        "blocks and takeaway on one screen), outside the "
                                                        "course's completion")
    micro_packages: bool | None = Field(default=None, description="each micro-item also written as a package of "
                                                                   "its own (NAME-micro/), in each learner standard "
                                                                   "asked for, for the LMS to release on its day; "
                                                                   "default: with the whole journey (no formats "
                                                                   "named), not with formats named")
    forward_only: bool = Field(default=False, description="SCORM 2004 with several SCOs: the learner takes them "
                                                          "in order, without choosing from the LMS menu or going "
                                                          "back (sequencing controlMode)")
    completion_score: bool = Field(default=False, description="a course without knowledge checks reports a "
                                                              "score of 100% as the learner completes it, for "
                                                              "LMSs that record no completion without a score "
                                                              "(set by presets that need a score, e.g. workday)")
    check_attempts: int = Field(default=2, ge=1, le=7, description="attempts a learner has at each knowledge "
                                                                   "check in the player before it shows the answer")
    generated_questions: int = Field(default=2, ge=0, le=10, description="knowledge checks c2e writes from the "
                                                                      "text of each module whose source has none "
                                                                      "(0: none; needs the [questions] extra)")
    stages: tuple[JourneyStage, ...] = Field(default=JOURNEY_STAGES, min_length=1,
                                             description="the journey's stages to build; pre-learning is always "
                                                         "built (every package holds it); without live, activity "
                                                         "slides stay screens; without reinforcement, no micro-items; "
                                                         "without performance-support, no job aids")
    module_minutes: float = Field(default=10.0, gt=0, description="a pre-learning module's target length, minutes")
    module_min: float | None = Field(default=None, ge=0, description="a module shorter than this joins a "
                                                                      "neighbour; default: half the target")
    module_max: float | None = Field(default=None, gt=0, description="a module longer than this is split between "
                                                                      "units; default: 1.5 times the target")
    reading_wpm: int = Field(default=200, ge=50, le=600, description="reading speed for on-screen words")
    words_per_minute: int = Field(default=130, ge=50, le=400, description="speaking speed for the notes (the "
                                                                          "transcript) and narration")
    minutes_per_question: float = Field(default=1.0, ge=0, le=30, description="learner minutes per knowledge check")
    player: PlayerOptions = Field(default_factory=PlayerOptions)
    translations: tuple[Path, ...] = Field(default=(), description="XLIFF files (from `c2e xliff export`, "
                                                                    "translated): one more set of outputs per "
                                                                    "file, in its target language")
    limits: Limits = Field(default_factory=Limits)

    @model_validator(mode="before")
    @classmethod
    def _format_alias(cls, data: Any) -> Any:
        """Accept ``format="scorm12,web"`` (the CLI's spelling) for ``formats``."""
        if isinstance(data, dict) and "format" in data:
            data = dict(data)
            data["formats"] = data.pop("format")
        return data

    @field_validator("stages", mode="before")
    @classmethod
    def _split_stages(cls, value: Any) -> Any:
        """Accept ``"pre-learning,live"`` (the CLI's spelling); keep the journey's order, each stage once."""
        if isinstance(value, str):
            value = [part.strip().lower() for part in value.split(",") if part.strip()]
        if isinstance(value, (list, tuple)):
            return tuple(stage for stage in JOURNEY_STAGES if stage in value) + tuple(
                v for v in value if v not in JOURNEY_STAGES)
        return value

    @field_validator("micro_offsets", mode="before")
    @classmethod
    def _split_offsets(cls, value: Any) -> Any:
        """Accept ``"1,3,7"`` (the CLI's spelling) and ``"none"`` or ``""`` for no micro-items."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip() and part.strip() != "none")
        return value

    @model_validator(mode="after")
    def _coherent_journey(self) -> ConvertOptions:
        low, high = self.module_range
        if not low <= self.module_minutes <= high:
            raise ValueError(f"module minutes must satisfy min <= target <= max (got {low:g} <= "
                             f"{self.module_minutes:g} <= {high:g})")
        if "pre-learning" not in self.stages:
            raise ValueError("stages must include pre-learning: every package holds the pre-learning modules")
        if any(offset < 0 for offset in self.micro_offsets):
            raise ValueError("micro-item days must be 0 or more")
        return self

    @property
    def module_range(self) -> tuple[float, float]:
        """Return a module's (minimum, maximum) minutes: the ones given, else half and 1.5 times the target."""
        low = self.module_min if self.module_min is not None else self.module_minutes / 2
        high = self.module_max if self.module_max is not None else self.module_minutes * 1.5
        return low, high

    def builds(self, stage: JourneyStage) -> bool:
        """Return whether the journey's ``stage`` is built (``stages``, and the switch of its own if any)."""
        switch = {"live": self.live_activities, "performance-support": self.job_aids,
                  "reinforcement": bool(self.micro_offsets)}.get(stage, True)
        return stage in self.stages and switch

    @field_validator("formats", mode="before")
    @classmethod
    def _split_formats(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, (list, tuple)):
            return tuple(dict.fromkeys(str(v).strip().lower() for v in value if str(v).strip()))
        return value
