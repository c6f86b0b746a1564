"""Word robustness files are recognised as what they are: encrypted, damaged, Strict, templates, legacy."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS, run_c2e


def inspect(path):
    return run_c2e("inspect", str(path))


@pytest.mark.corpus
@pytest.mark.parametrize("name, code, words", [
    ("tika__testWORD_protected_passtika.docx", 6, "password"),
    ("poi__bug53475-password-is-pass.docx", 6, "password"),
    ("poi__truncated62886.docx", 5, "damaged"),
    ("poi__zero-length.docx", 10, "empty"),
    ("docling__Strict.docx", 0, ""),
    ("poi__45690.docm", 0, ""),
    ("poi__55733.docx", 0, ""),  # the main part's type is declared as a Default, not an Override
    ("poi__stress025.docx", 5, "not a docx package"),  # a theme package named .docx
    ("tika__testDOTM.dotm", 0, ""),
    ("unstructured__eng_spa_mult.doc", 0, ""),  # a .docx saved with a legacy extension: the signature wins
])
def test_files_are_recognised_as_what_they_are(name, code, words):
    run = inspect(CORPUS / "robustness" / "docx" / name)
    assert run.returncode == code, run.stderr
    assert words in run.stderr


@pytest.mark.corpus
def test_a_legacy_word_file_is_bridged_or_refused_by_name():
    run = inspect(CORPUS / "robustness" / "docx" / "poi__Word95.doc")
    if run.returncode == 0:  # LibreOffice is installed: the bridge turned it into a .docx this extractor read
        assert json.loads(run.stdout)["source"]["format"].startswith("docx")
    else:
        assert run.returncode in (4, 9) and "Word" in run.stderr, run.stderr
