"""The versioned course model: the one contract between extractors, the chunker and packagers.

Bump ``SCHEMA_VERSION`` on any incompatible change; ``load_source``/``load_course`` refuse other major versions.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .blocks import (
    LINK_SCHEMES,
    Block,
    Chart,
    ChartSeries,
    Code,
    Cue,
    CueKind,
    Heading,
    Image,
    ImageRole,
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
from .course import (
    Activity,
    ActivityKind,
    Choice,
    Course,
    Delivery,
    DeliveryMode,
    JobAid,
    JobAidKind,
    LearningNeed,
    LivePlan,
    MicroItem,
    Module,
    ModuleFit,
    ModuleKind,
    Objective,
    Question,
    QuestionKind,
    Screen,
    Stage,
    Timing,
    UnitRef,
)
from .identity import assign_ids, course_id, screen_id, source_scope
from .ids import make_id, slugify
from .location import Location
from .source import Asset, OcrInfo, SourceDocument, SourceInfo, SourceRole, Unit

SCHEMA_VERSION = "2.0"

__all__ = [
    "Activity", "ActivityKind", "Choice", "JobAid", "JobAidKind", "LivePlan", "MicroItem", "ModuleKind", "Objective",
    "Question", "QuestionKind", "SchemaVersionError", "Stage", "UnitRef", "Delivery", "DeliveryMode", "LearningNeed",
    "Timing", "ModuleFit", "assign_ids", "course_id", "screen_id",
    "source_scope", "LINK_SCHEMES", "SCHEMA_VERSION", "Asset", "Block", "Chart", "ChartSeries", "Code", "Course", "Cue", "CueKind", "Heading", "Image", "ImageRole", "ListBlock",
    "ListItem", "Location", "Media", "Module", "OcrInfo", "Paragraph", "Quote", "Screen", "SourceDocument", "SourceInfo", "SourceRole",
    "Span", "Table", "TableCell", "TableRow", "Unit", "block_text", "json_schema", "load_course", "load_source",
    "make_id", "slugify", "spans_text",
]


class SchemaVersionError(ValueError):
    """Saved model JSON of a version this c2e cannot read; the message says what to do instead."""


def _check_version(data: object, what: str) -> None:
    if not isinstance(data, dict):
        raise SchemaVersionError(f"this is not a c2e {what} JSON (expected an object with schema_version)")
    found = str(data.get("schema_version", ""))
    major = found.split(".")[0]
    if major == SCHEMA_VERSION.split(".")[0]:
        return
    if major == "1":
        raise SchemaVersionError(
            f"this {what} JSON uses model {found} (c2e 0.1), which had positional ids and kept no picture "
            f"bytes, so it cannot be migrated faithfully; run `c2e inspect` on the source files again "
            f"to get model {SCHEMA_VERSION}")
    raise SchemaVersionError(f"this {what} JSON uses model {found or 'of no version'}; this c2e reads "
                             f"model {SCHEMA_VERSION}")


def load_source(text: str | bytes) -> SourceDocument:
    """Parse a source document from its JSON form; raises ``SchemaVersionError`` for another model version
    and pydantic's ``ValidationError`` (a ValueError) when it does not fit the model."""
    _check_version(json.loads(text), "source")
    return SourceDocument.model_validate_json(text)


def load_course(text: str | bytes) -> Course:
    """Parse a course from its JSON form (pictures included, base64); raises ``SchemaVersionError`` for
    another model version and pydantic's ``ValidationError`` (a ValueError) when it does not fit the model."""
    _check_version(json.loads(text), "course")
    return Course.model_validate_json(text)


def json_schema(which: str = "course") -> dict[str, Any]:
    """Return the JSON Schema of the ``course`` or the ``source`` model, for vendors' tools.

    The schema's ``$id`` names the model version; ``c2e schema`` prints it.
    """
    models: dict[str, type[BaseModel]] = {"course": Course, "source": SourceDocument}
    model = models[which]
    schema = model.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://classroom-to-elearning.org/schema/{which}-{SCHEMA_VERSION}.json", **schema}
