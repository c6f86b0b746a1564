"""The model as a contract: versioned JSON, assets kept out of it, untrusted values checked."""

from __future__ import annotations

import json

import pytest

from converter.model import (SCHEMA_VERSION, Asset, Location, Paragraph, SourceDocument, SourceInfo, Span, Unit,
                             json_schema, load_source)


def _doc(**extra) -> SourceDocument:
    unit = Unit(kind="slide", index=1, title="One", where=Location(file="d.pptx", unit=1),
                blocks=(Paragraph(spans=(Span(text="Hello", bold=True),)),))
    return SourceDocument(schema_version=SCHEMA_VERSION, title="Deck", units=(unit,),
                          source=SourceInfo(name="d.pptx", format="pptx", sha256="0" * 64, size=1), **extra)


def test_the_json_form_round_trips_and_leaves_asset_bytes_out():
    doc = _doc(assets=(Asset(id="a" * 64, media_type="image/png", extension="png", size=3, data=b"PNG"),))
    text = doc.model_dump_json()
    assert "PNG" not in text and json.loads(text)["assets"][0]["size"] == 3
    loaded = load_source(text)
    assert loaded.units == doc.units and loaded.assets[0].data == b""


def test_an_incompatible_schema_version_is_refused():
    data = json.loads(_doc().model_dump_json())
    data["schema_version"] = "2.0"
    with pytest.raises(ValueError, match="schema_version '2.0'"):
        load_source(json.dumps(data))


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
    schemas = json_schema()
    assert set(schemas) == {"source", "course"}
    assert "units" in schemas["source"]["properties"] and "modules" in schemas["course"]["properties"]
