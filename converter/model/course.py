"""The course model: what the chunker builds from a source document and every packager writes from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .blocks import Block
from .ids import language_tag
from .location import Location
from .source import Asset, SourceInfo


class Screen(BaseModel):
    """One screen of a module: the learner sees ``blocks``; ``notes`` is the transcript (speaker notes).

    ``id`` is stable across re-runs of the same input: an LMS keys learner progress on it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    source_units: tuple[int, ...] = ()
    where: Location
    minutes: float = Field(default=0.0, ge=0, description="estimated learner time")


class Module(BaseModel):
    """A self-paced pre-learning module: an ordered run of screens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    screens: tuple[Screen, ...]
    minutes: float = Field(default=0.0, ge=0)


class Course(BaseModel):
    """A course built from one source. Later stages add micro-items, a live plan and job aids beside modules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str
    id: str
    title: str
    language: str | None = Field(default=None, description="BCP 47 tag; anything else is dropped on load")
    source: SourceInfo
    modules: tuple[Module, ...]
    assets: tuple[Asset, ...] = ()

    @field_validator("language", mode="before")
    @classmethod
    def _well_formed_language(cls, value: object) -> str | None:
        return language_tag(value)

    def screens(self) -> list[Screen]:
        """Return every screen in learner order."""
        return [screen for module in self.modules for screen in module.screens]

    def asset(self, asset_id: str) -> Asset:
        """Return the asset with this id; raises KeyError when the model is inconsistent."""
        for asset in self.assets:
            if asset.id == asset_id:
                return asset
        raise KeyError(asset_id)
