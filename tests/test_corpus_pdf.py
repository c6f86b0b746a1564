"""PDF robustness files are recognised as what they are: password-protected, decompression bombs."""

from __future__ import annotations

import pytest

from conftest import CORPUS, run_c2e


def inspect(path):
    return run_c2e("inspect", str(path))


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
