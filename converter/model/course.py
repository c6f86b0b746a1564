"""The course model: what the chunker builds from a source document and every packager writes from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .blocks import Block
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
    language: str | None = None
    source: SourceInfo
    modules: tuple[Module, ...]
    assets: tuple[Asset, ...] = ()

    def screens(self) -> list[Screen]:
        """Return every screen in learner order."""
        return [screen for module in self.modules for screen in module.screens]

    def asset(self, asset_id: str) -> Asset:
        """Return the asset with this id; raises KeyError when the model is inconsistent."""
        for asset in self.assets:
            if asset.id == asset_id:
                return asset
        raise KeyError(asset_id)
