"""The service's file names, as a property: whatever name a client sends, the stored name is a plain ASCII file
name that stays in the job's folder, or the upload is refused for holding a path."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.service.uploads import BadUpload, Source, course_toml, parse_roles, safe_name

SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_any_client_name_becomes_a_plain_file_name_or_is_refused(name):
    try:
        safe = safe_name(name)
    except BadUpload as refused:
        assert refused.status == 400
        return
    assert set(safe) <= SAFE and safe
    assert not safe.startswith((".", "-")) and ".." not in safe.split(".")
    assert PurePosixPath(safe).name == safe == PureWindowsPath(safe).name
    assert len(safe) <= 80 + 11


@pytest.mark.parametrize("name,expected", [
    ("Onboarding deck (final).pptx", "Onboarding-deck-final.pptx"),
    ("Präsentation – Q3.PPTX", "Prasentation-Q3.pptx"),
    ("...hidden.pdf", "hidden.pdf"),
    ("研修.docx", "source.docx"),
    ("no-extension", "no-extension"),
])
def test_names_keep_what_is_safe(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["../x.pptx", "a/b.pptx", "a\\b.pptx", "..", ".", "", "  ", "x\x00.pdf"])
def test_a_name_with_a_path_or_nothing_is_refused(name):
    with pytest.raises(BadUpload):
        safe_name(name)


def test_roles_follow_the_files_and_the_course_file_lists_them():
    roles = parse_roles("deck,, facilitator-guide", 4)
    assert roles == ["deck", None, "facilitator-guide", None]
    sources = [Source("deck.pptx", "pptx", 1, "deck"), Source("handout.pdf", "pdf", 1)]
    assert course_toml(sources) == ('[[sources]]\npath = "deck.pptx"\nrole = "deck"\n\n'
                                    '[[sources]]\npath = "handout.pdf"\n')


def test_sniff_names_the_reader_from_the_content_not_the_name(tmp_path):
    import converter
    from converter.errors import EmptyInputError, UnsupportedFormatError

    from conftest import SAMPLE_DECK

    disguised = tmp_path / "notes.pdf"
    disguised.write_bytes(SAMPLE_DECK.read_bytes())
    reader, extensions = converter.sniff(disguised)
    assert reader == "pptx" and ".pptx" in extensions
    (tmp_path / "deck.pptx").write_text("just text")
    with pytest.raises(UnsupportedFormatError):
        converter.sniff(tmp_path / "deck.pptx")
    (tmp_path / "empty.pptx").write_bytes(b"")
    with pytest.raises(EmptyInputError):
        converter.sniff(tmp_path / "empty.pptx")
