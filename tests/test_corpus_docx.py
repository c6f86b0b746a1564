"""Every robustness file in the DOCX corpus ends in a result or a typed error through the CLI, and none hangs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import CORPUS, REPO
from converter.errors import EXIT_CODES

ROBUSTNESS = sorted((CORPUS / "robustness" / "docx").glob("*"))
TYPED_ERROR_CODES = set(EXIT_CODES) - {0, 1, 2}
TIMEOUT_SECONDS = 120


def inspect(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "converter.cli", "inspect", str(path)], capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS, cwd=REPO)


def test_the_corpus_is_there():
    assert len(ROBUSTNESS) == 101


@pytest.mark.corpus
@pytest.mark.parametrize("path", ROBUSTNESS, ids=lambda p: p.name)
def test_robustness_file_ends_in_a_result_or_a_typed_error(path):
    run = inspect(path)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    if run.returncode == 0:
        assert json.loads(run.stdout)["units"]
    else:
        assert run.returncode in TYPED_ERROR_CODES, run.stderr
        assert run.stderr.startswith(f"c2e: error: {path}: ")


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
