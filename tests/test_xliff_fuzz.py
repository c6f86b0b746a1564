"""Hostile translation files: a c2e XLIFF file cut, spliced and bit-flipped is read and applied, or refused with
a ``TranslationError`` (exit 12); no other exception ever escapes, and nothing is expanded or fetched."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from converter import api
from converter.errors import TranslationError
from converter.localisation import apply_translation, export, parse_xliff, write_xliff
from converter.model import Course
from converter.options import ConvertOptions

from conftest import REPO


@cache
def course_and_file(version: str = "2.1") -> tuple[Course, bytes]:
    course = api.build(REPO / "samples" / "pharma-sales-onboarding.pptx", ConvertOptions(slide_images="never")).value
    catalog = export(course, "de")
    upper = replace(catalog, units=tuple(replace(u, target=tuple(
        p.upper() if isinstance(p, str) else replace(p, text=p.text.upper()) for p in u.source), state="final")
        for u in catalog.units))
    return course, write_xliff(upper, version)


EDITS = st.lists(st.tuples(st.sampled_from(["cut", "flip", "splice"]), st.floats(0, 1), st.integers(1, 400),
                           st.binary(min_size=1, max_size=40)), min_size=1, max_size=4)


def mutate(data: bytes, edits: list[tuple[str, float, int, bytes]]) -> bytes:
    for kind, where, size, payload in edits:
        at = int(where * len(data))
        if kind == "cut":
            data = data[:at] + data[at + size:]
        elif kind == "flip":
            data = data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:] if at < len(data) else data
        else:
            data = data[:at] + payload + data[at:]
    return data


@settings(max_examples=150, deadline=None)
@given(edits=EDITS, version=st.sampled_from(["2.1", "1.2"]))
def test_a_damaged_translation_is_applied_or_refused_never_crashes(edits, version):
    course, data = course_and_file(version)
    damaged = mutate(data, edits)
    try:
        catalogs = parse_xliff(damaged)
        for catalog in catalogs:
            if catalog.course_id == course.id:
                apply_translation(course, catalog)
    except TranslationError as error:
        assert str(error)


@settings(max_examples=60, deadline=None)
@given(tag=st.sampled_from(["pc", "ph", "sc", "ec", "mrk", "cp", "sm", "xliff", "unit", "segment"]),
       where=st.floats(0, 1), hex_value=st.sampled_from(["41", "D800", "FFFFFFFFFFFFFFFFFFFF", "zz", "110000"]))
def test_a_foreign_element_anywhere_in_a_target_is_read_or_refused(tag, where, hex_value):
    course, data = course_and_file()
    text = data.decode("utf-8")
    targets = [i for i in range(len(text)) if text.startswith("<target>", i)]
    at = targets[int(where * (len(targets) - 1))] + len("<target>")
    damaged = (text[:at] + f'<{tag} id="9" hex="{hex_value}">x</{tag}>' + text[at:]).encode("utf-8")
    try:
        apply_translation(course, parse_xliff(damaged)[0])
    except TranslationError as error:
        assert "unit" in str(error) or "XML" in str(error)


def test_a_control_character_a_translator_added_is_refused_naming_the_unit():
    course, data = course_and_file()
    text = data.decode("utf-8")
    at = text.index("<target>") + len("<target>")
    damaged = (text[:at] + '<cp hex="0007"/>' + text[at:]).encode("utf-8")
    try:
        apply_translation(course, parse_xliff(damaged)[0])
    except TranslationError as error:
        assert "U+0007" in str(error) and "unit " in str(error)
    else:
        raise AssertionError("a bell character reached the course")
