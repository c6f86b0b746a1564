"""Every robustness PDF ends cleanly through the CLI: a source model, or one documented error line, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import CORPUS, REPO
from converter.errors import EXIT_CODES

ROBUSTNESS = sorted((CORPUS / "robustness" / "pdf").glob("*"))
TYPED_ERROR_CODES = set(EXIT_CODES) - {0, 1, 2}
TIMEOUT = 60


def inspect(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "converter.cli", "inspect", str(path)], capture_output=True,
                          text=True, timeout=TIMEOUT, cwd=REPO)


def test_the_robustness_corpus_is_there():
    assert len(ROBUSTNESS) >= 100


@pytest.mark.corpus
@pytest.mark.parametrize("path", ROBUSTNESS, ids=lambda p: p.name)
def test_robustness_pdf_reads_or_fails_with_a_typed_error(path):
    run = inspect(path)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-2000:]
    if run.returncode == 0:
        document = json.loads(run.stdout)
        assert document["source"]["format"] == "pdf"
        assert document["units"] or document["assets"]
    else:
        assert run.returncode in TYPED_ERROR_CODES, run.stderr
        assert run.stderr.startswith(f"c2e: error: {path}: "), run.stderr


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["pdfplumber__password-example.pdf", "unstructured__password.pdf",
                                  "tika__testPassword4Spaces.pdf"])
def test_password_protected_pdfs_say_so(name):
    run = inspect(CORPUS / "robustness" / "pdf" / name)
    assert run.returncode == 6 and "password" in run.stderr


@pytest.mark.corpus
def test_a_decompression_bomb_is_refused_image_by_image():
    run = inspect(CORPUS / "robustness" / "pdf" / "pdfjs__bomb_giant.pdf")
    assert run.returncode in {0, 10} and "Traceback" not in run.stderr
