"""Golden files for the sample: the SCORM 1.2 manifest and ``c2e inspect`` output.

They change only through ``make goldens`` (C2E_UPDATE_GOLDENS=1); review their diff like code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

GOLDENS = Path(__file__).resolve().parent / "goldens"
UPDATE = os.environ.get("C2E_UPDATE_GOLDENS") == "1"


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with the golden file ``name``; rewrite it instead when updating."""
    golden = GOLDENS / name
    if UPDATE:
        if os.environ.get("CI"):
            pytest.fail("C2E_UPDATE_GOLDENS is set in CI: goldens are rewritten only by `make goldens`, by hand")
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"golden {name} rewritten; review its diff (git diff tests/goldens) before committing")
    if not golden.exists():
        pytest.fail(f"golden {golden} is missing; create it with `make goldens` and review it")
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs; if intended, run `make goldens`"


def c2e(*args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "converter.cli", *args], capture_output=True, text=True,
                         check=True, timeout=300)
    return run.stdout


def test_sample_manifest_matches_its_golden(sample_deck, tmp_path):
    c2e("convert", str(sample_deck), "-o", str(tmp_path))
    with zipfile.ZipFile(tmp_path / "pharma-sales-onboarding-scorm12.zip") as archive:
        manifest = archive.read("imsmanifest.xml").decode("utf-8")
    check_golden("pharma-sales-onboarding.imsmanifest.xml", manifest)


def test_sample_inspect_output_matches_its_golden(sample_deck):
    check_golden("pharma-sales-onboarding.inspect.json", c2e("inspect", str(sample_deck)))


def test_sample_course_outline_matches_its_golden(sample_deck):
    check_golden("pharma-sales-onboarding.course.json", c2e("inspect", "--course", str(sample_deck)))
