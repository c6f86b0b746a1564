"""Shared test fixtures: where the repo, the samples and the read-only shared corpus and schemas are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "conformance" / "schemas"
SAMPLE_DECK = REPO / "samples" / "pharma-sales-onboarding.pptx"


def run_c2e(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the c2e command in a fresh process, as a user would; a run past ``timeout`` seconds fails the test."""
    return subprocess.run([sys.executable, "-m", "converter.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd or REPO, timeout=timeout)


def manifest_paths(folder: str) -> list[Path]:
    """Return the corpus files MANIFEST.tsv lists under ``folder`` (e.g. ``real/docx``), sorted.

    Tests compare this with what is on disk, so a corpus file that is missing (or unlisted) fails loudly
    instead of shrinking a parametrised test in silence; the corpus may grow without editing a count here.
    """
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    rows = manifest.read_text(encoding="utf-8").splitlines()[1:]
    return sorted(CORPUS / row.split("\t", 1)[0] for row in rows if row.startswith(folder + "/"))


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: tests expect the shared folder beside the repository")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return _require(CORPUS)


@pytest.fixture(scope="session")
def schemas() -> Path:
    return _require(SCHEMAS)


@pytest.fixture(scope="session")
def sample_deck() -> Path:
    return _require(SAMPLE_DECK)


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary (``C2E_SOFFICE``, else on the PATH); its absence fails the test, never skips it."""
    from extractors._office.soffice import find_soffice

    found = find_soffice()
    if found is None:
        pytest.fail("LibreOffice is missing: `make test` installs it (libreoffice-impress-nogui, -writer-nogui)")
    return found
