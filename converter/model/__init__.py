"""The versioned course model: the one contract between extractors, the chunker and packagers.

Bump ``SCHEMA_VERSION`` on any incompatible change; ``load_source``/``load_course`` refuse other major versions.
"""

from __future__ import annotations

import json
from typing import Any

from .blocks import (
    LINK_SCHEMES,
    Block,
    Chart,
    ChartSeries,
    Cue,
    CueKind,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Media,
    Paragraph,
    Quote,
    Span,
    Table,
    TableCell,
    TableRow,
    block_text,
    spans_text,
)
from .course import Course, Module, Screen
from .ids import make_id, slugify
from .location import Location
from .source import Asset, SourceDocument, SourceInfo, SourceRole, Unit

SCHEMA_VERSION = "1.0"

__all__ = [
    "LINK_SCHEMES", "SCHEMA_VERSION", "Asset", "Block", "Chart", "ChartSeries", "Course", "Cue", "CueKind", "Heading", "Image", "ListBlock",
    "ListItem", "Location", "Media", "Module", "Paragraph", "Quote", "Screen", "SourceDocument", "SourceInfo", "SourceRole",
    "Span", "Table", "TableCell", "TableRow", "Unit", "block_text", "json_schema", "load_course", "load_source",
    "make_id", "slugify", "spans_text",
]


def _check_version(data: dict[str, Any]) -> None:
    found = str(data.get("schema_version", ""))
    if found.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"model schema_version {found!r} is not compatible with {SCHEMA_VERSION!r}")


def load_source(text: str) -> SourceDocument:
    """Parse a source document from its JSON form; raises ValueError on an incompatible schema version."""
    data = json.loads(text)
    _check_version(data)
    return SourceDocument.model_validate(data)


def load_course(text: str) -> Course:
    """Parse a course from its JSON form; raises ValueError on an incompatible schema version."""
    data = json.loads(text)
    _check_version(data)
    return Course.model_validate(data)


def json_schema() -> dict[str, Any]:
    """Return the JSON Schemas of the source document and the course, for vendors' tools."""
    return {"source": SourceDocument.model_json_schema(), "course": Course.model_json_schema()}
