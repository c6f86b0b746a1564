"""classroom-to-elearning: turn instructor-led training material into trackable eLearning.

Nothing is imported eagerly, so an extractor importing ``converter.model`` never drags in the pipeline.
The public API (``convert``, ``convert_many``, ``build``, ``extract``, ``package``, ``load_course``, ``formats``, ``presets``,
``schema``, ``sniff``, ``validate``, ``xliff_export``, ``xliff_update``, ``xliff_stats``, ``xliff_pseudo``) is loaded on first
use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"
_API = {"convert", "convert_many", "build", "extract", "package", "load_course", "formats", "presets", "schema",
        "sniff", "validate", "xliff_export", "xliff_update", "xliff_stats", "xliff_pseudo"}


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module("converter.api"), name)
    if name in {"ConvertOptions", "Limits"}:
        return getattr(import_module("converter.options"), name)
    raise AttributeError(f"module 'converter' has no attribute {name!r}")
