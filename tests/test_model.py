"""The model as a contract: versioned JSON that carries its pictures, old versions refused clearly, untrusted
values checked."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from converter.model import (
    SCHEMA_VERSION,
    Asset,
    Location,
    Paragraph,
    SchemaVersionError,
    SourceDocument,
    SourceInfo,
    Span,
    Unit,
    json_schema,
    load_course,
    load_source,
)

from conftest import REPO


def _doc(**extra) -> SourceDocument:
    unit = Unit(kind="slide", index=1, title="One", where=Location(file="d.pptx", unit=1),
                blocks=(Paragraph(spans=(Span(text="Hello", bold=True),)),))
    return SourceDocument(schema_version=SCHEMA_VERSION, title="Deck", units=(unit,),
                          source=SourceInfo(name="d.pptx", format="pptx", sha256="0" * 64, size=1), **extra)


def _asset(data: bytes) -> Asset:
    return Asset(id=hashlib.sha256(data).hexdigest(), media_type="image/png", extension="png", size=len(data),
                 data=data)


def test_the_json_form_round_trips_with_the_asset_bytes():
    doc = _doc(assets=(_asset(b"\x89PNG\x00bytes"),))
    text = doc.model_dump_json()
    assert json.loads(text)["assets"][0]["size"] == 10
    loaded = load_source(text)
    assert loaded == doc and loaded.assets[0].data == b"\x89PNG\x00bytes"


def test_an_asset_whose_bytes_do_not_match_its_address_is_refused():
    data = json.loads(_doc(assets=(_asset(b"one"),)).model_dump_json())
    data["assets"][0]["data"] = "dHdv"  # base64 of "two"
    with pytest.raises(ValueError, match="do not match"):
        load_source(json.dumps(data))


@pytest.mark.parametrize("version, words", [("1.0", "cannot be migrated"), ("3.0", "this c2e reads model 2.0"),
                                            ("", "of no version")])
def test_an_incompatible_schema_version_is_refused_with_what_to_do(version, words):
    data = json.loads(_doc().model_dump_json())
    data["schema_version"] = version
    with pytest.raises(SchemaVersionError, match=words):
        load_source(json.dumps(data))
    with pytest.raises(SchemaVersionError, match=words):
        load_course(json.dumps(data))


def test_unknown_fields_are_refused():
    data = json.loads(_doc().model_dump_json())
    data["units"][0]["speaker_notes"] = "should be notes"
    with pytest.raises(ValueError):
        load_source(json.dumps(data))


@pytest.mark.parametrize("raw, kept", [("en", "en"), ("pt-BR", "pt-BR"), ("zh-Hant-TW", "zh-Hant-TW"),
                                       ('en" onmouseover="x', None), ("", None), ("e", None)])
def test_only_well_formed_language_tags_are_kept(raw, kept):
    assert _doc(language=raw).language == kept


def test_a_json_schema_is_exported_for_vendors():
    course, source = json_schema("course"), json_schema("source")
    assert course["$id"].endswith(f"course-{SCHEMA_VERSION}.json") and source["$id"].endswith("source-2.0.json")
    assert {"modules", "objectives", "questions", "live", "micro_items", "job_aids", "sources"} <= set(
        course["properties"])
    assert "units" in source["properties"]
    assert {"Question", "Objective", "MicroItem", "JobAid", "Cue", "Activity"} <= set(course["$defs"])


@pytest.mark.parametrize("which", ["course", "source"])
def test_the_published_json_schema_is_the_models(which):
    """The schema files the README links are the model's; `make goldens` rewrites them after a model change."""
    published = REPO / "converter" / "model" / "schema" / f"{which}-{SCHEMA_VERSION}.json"
    actual = json.dumps(json_schema(which), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("C2E_UPDATE_GOLDENS") == "1" and not os.environ.get("CI"):
        published.write_text(actual, encoding="utf-8")
        pytest.skip(f"{published.name} rewritten; review its diff")
    assert published.read_text(encoding="utf-8") == actual, "the model changed: run `make goldens`, review the diff"
