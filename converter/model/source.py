"""The source model: what an extractor read from one file, unit by unit, with provenance."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .blocks import Block
from .ids import language_tag
from .location import Location

UnitKind = Literal["slide", "page", "section"]
UnitRole = Literal["title", "section-header", "content"]
SourceRole = Literal["deck", "handout", "facilitator-guide", "reference"]


class Asset(BaseModel):
    """A binary part (picture, media), content-addressed by sha256: stored once however often it is used.

    ``data`` travels inside the model's JSON as base64, so a saved course rebuilds its package with pictures.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, ser_json_bytes="base64", val_json_bytes="base64")

    id: str = Field(description="sha256 of the bytes, hex", pattern=r"^[0-9a-f]{64}$")
    media_type: str
    extension: str = Field(description="file extension without dot, e.g. png", pattern=r"^[a-z0-9]{1,8}$")
    size: int = Field(ge=0)
    data: bytes = Field(default=b"", repr=False, description="the bytes (base64 in JSON)")

    @model_validator(mode="after")
    def _content_matches_address(self) -> Asset:
        if self.data and (len(self.data) != self.size or hashlib.sha256(self.data).hexdigest() != self.id):
            raise ValueError(f"asset {self.id[:16]}: its bytes do not match its sha256 and size")
        return self

    @property
    def filename(self) -> str:
        """Return the package file name: the first 16 hex digits of the hash and the extension."""
        return f"{self.id[:16]}.{self.extension}"


class SourceInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str = Field(description="file name as given, without folders")
    format: str = Field(description="registry name of the extractor that read it, e.g. pptx")
    sha256: str
    size: int
    identity: str | None = Field(
        default=None,
        description="the document's own identity from its properties (an identifier, or its title and "
                    "creation date); stays the same when the file is renamed. None when the file has none")
    role: SourceRole | None = Field(default=None, description="what the source is to the course (set by the "
                                                              "pipeline from course.toml or the format)")


class OcrInfo(BaseModel):
    """How a unit's text was read from a picture of it (a scanned page), and how sure the reader was."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    engine: str = Field(description="the OCR engine and its version, e.g. 'tesseract 5.3.0'")
    languages: str = Field(description="the engine's language codes, e.g. 'eng+heb'")
    confidence: float = Field(ge=0, le=1, description="mean word confidence, 0 to 1")
    words: int = Field(ge=0, description="words read")


class Unit(BaseModel):
    """One slide, page or document section, with its body blocks and a separate speaker-notes layer."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    kind: UnitKind
    index: int = Field(ge=1, description="1-based position in the source")
    key: str = Field(
        default="",
        description="the source's own identity of the unit, unique in the document and unchanged when other "
                    "units are inserted, deleted or moved: PowerPoint 'slide-256' (p:sldId), Word 'para-1A2B3C4D' "
                    "(the heading's w14:paraId) or 'heading-<hash of the heading path>', PDF 'page-<hash of its "
                    "text>'. Empty: screen ids fall back to the unit's position")
    title: str | None = None
    role: UnitRole = "content"
    section: str | None = Field(default=None, description="PowerPoint section (or document part) it belongs to")
    hidden: bool = False
    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = Field(default=(), description="speaker notes; never merged into blocks")
    where: Location
    ocr: OcrInfo | None = Field(default=None, description="set when the unit's text was read by OCR from a "
                                                          "picture of it (its blocks then hold that text)")
    attrs: dict[str, str] = Field(default_factory=dict)


class SourceDocument(BaseModel):
    """Everything read from one input file. ``schema_version`` is checked when loading saved JSON."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    schema_version: str
    source: SourceInfo
    title: str
    language: str | None = Field(default=None, description="BCP 47 tag; anything else is dropped on load")
    units: tuple[Unit, ...]
    assets: tuple[Asset, ...] = ()
    attrs: dict[str, str] = Field(default_factory=dict)

    @field_validator("language", mode="before")
    @classmethod
    def _well_formed_language(cls, value: object) -> str | None:
        return language_tag(value)
