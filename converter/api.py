"""The typed Python API beneath the CLI: ``extract``, ``build``, ``convert``, ``formats``.

Every function takes a path and either a ``ConvertOptions`` or keyword overrides of its fields, returns a
``Result`` whose messages say what was kept, approximated or lost, and raises only ``converter.errors`` classes
for bad input.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

from . import pipeline
from .model import Course, SourceDocument
from .options import ConvertOptions
from .registry import Registry, default_registry
from .result import Result

PathArg = str | PathLike[str]


def _options(options: ConvertOptions | None, overrides: dict[str, Any]) -> ConvertOptions:
    base = options or ConvertOptions()
    return base.model_copy(update=overrides) if overrides else base


def extract(path: PathArg, options: ConvertOptions | None = None, *, registry: Registry | None = None,
            **overrides: Any) -> Result[SourceDocument]:
    """Read one file into the source model (units, blocks, notes layer, assets, provenance)."""
    return pipeline.extract(Path(path), _options(options, overrides), registry or default_registry())


def build(path: PathArg, options: ConvertOptions | None = None, *, registry: Registry | None = None,
          **overrides: Any) -> Result[Course]:
    """Read one file and chunk it into a course (modules and screens), without writing anything."""
    return pipeline.build(Path(path), _options(options, overrides), registry or default_registry())


def convert(path: PathArg, out_dir: PathArg, options: ConvertOptions | None = None, *,
            registry: Registry | None = None, **overrides: Any) -> Result[pipeline.Conversion]:
    """Convert one file into a package under ``out_dir``; e.g. ``convert("deck.pptx", "out", format="scorm12")``."""
    return pipeline.convert(Path(path), Path(out_dir), _options(options, overrides), registry or default_registry())


def formats(registry: Registry | None = None) -> dict[str, str]:
    """Return the output formats available, name to description."""
    return {p.name: p.description for p in (registry or default_registry()).packagers}
