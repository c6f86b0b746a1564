"""The whole corpus through the c2e command: every real deck, Word document and PDF converts to a valid
SCORM 1.2 package, and every robustness file ends in a package or one clear typed error, within a time
limit (format-specific recognition checks live in test_corpus_docx.py and test_corpus_pdf.py)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import converter
from converter.errors import EXIT_CODES

from conftest import CORPUS, manifest_paths, run_c2e
from scorm_checks import scorm12_problems

REAL_FILES = sorted(path for fmt in ("pptx", "docx", "pdf") for path in (CORPUS / "real" / fmt).glob("*"))
OUTCOMES = Path(__file__).resolve().parent / "goldens" / "robustness-outcomes.tsv"
"""What each robustness file gives, reviewed: ``path<TAB>exit code<TAB>screens`` (screens of a package, else the
error's first words). A change of outcome fails the test; ``make goldens`` rewrites the file for review."""
NO_TEXT_LAYER = {"docling__ocr_test.pdf"}  # a scan: converts, read by OCR or named in a warning
ROBUSTNESS = sorted(path for fmt in ("pptx", "docx", "pdf") for path in (CORPUS / "robustness" / fmt).glob("*"))
TIMEOUT_SECONDS = 120
"""Generous per-file limit: the slowest robustness file takes about 2 s here."""
TYPED_ERROR_CODES = set(EXIT_CODES) - {0, 1, 2}


def test_the_corpus_is_there():
    listed = [p for fmt in ("pptx", "docx", "pdf") for p in manifest_paths(f"real/{fmt}")]
    assert REAL_FILES == sorted(listed) and len(REAL_FILES) >= 60
    robust = [p for fmt in ("pptx", "docx", "pdf") for p in manifest_paths(f"robustness/{fmt}")]
    assert ROBUSTNESS == sorted(robust) and len(ROBUSTNESS) >= 280


def _outcome(run, out: Path) -> str:
    """Return what a conversion gave: its exit code and, for a package, its screen count, else the problem."""
    if run.returncode == 0:
        report = next(out.glob("*.report.json")).read_text(encoding="utf-8")
        screens = re.search(r'"screens": (\d+)', report)
        return f"0\tscreens={screens.group(1) if screens else '?'}"
    problem = run.stderr.strip().splitlines()[-1].split(": ", 3)[-1]
    return f"{run.returncode}\t" + " ".join(problem.split()[:6])


def _expected_outcomes() -> dict[str, str]:
    if not OUTCOMES.is_file():
        return {}
    rows = (line.split("\t", 1) for line in OUTCOMES.read_text(encoding="utf-8").splitlines() if line)
    return {path: outcome for path, outcome in rows}


def _record_outcome(key: str, outcome: str) -> None:
    """Rewrite this file's row (``make goldens`` runs the tests one at a time, so rows never race)."""
    rows = {**_expected_outcomes(), key: outcome}
    OUTCOMES.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(rows.items())), encoding="utf-8")


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_real_file_converts_to_a_valid_scorm12_package(path, tmp_path):
    result = converter.convert(path, tmp_path, format="scorm12")
    package = result.value.package
    assert package.is_file() and package.parent == tmp_path
    assert scorm12_problems(package) == []
    assert result.value.course.screens()
    assert result.value.report_json.is_file() and result.value.report_html.is_file()
    if path.name in NO_TEXT_LAYER:
        ocr_read = any(block.kind == "image" and block.role == "scan" for screen in result.value.course.screens()
                       for block in screen.blocks)
        assert ocr_read or "pdf.scanned-page" in [m.code for m in result.messages]


@pytest.mark.corpus
@pytest.mark.parametrize("path", ROBUSTNESS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_robustness_file_ends_in_a_package_or_a_typed_error(path, tmp_path):
    run = run_c2e("convert", str(path), "-o", str(tmp_path), timeout=TIMEOUT_SECONDS)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    if run.returncode == 0:  # the whole journey, the default: every output the report names, and nothing else
        (package,) = tmp_path.glob("*-scorm12.zip")
        assert scorm12_problems(package) == []
        stem = package.name.removesuffix("-scorm12.zip")
        written = json.loads((tmp_path / f"{stem}.report.json").read_text(encoding="utf-8"))["packages"]
        assert {"scorm12", "journey"} <= set(written)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [*written.values(), f"{stem}.report.json", f"{stem}.report.html"])
        for micro in sorted((tmp_path / written.get("micro", "-")).glob("*.zip")):
            assert scorm12_problems(micro) == [], micro.name
    else:
        assert run.returncode in TYPED_ERROR_CODES, run.stderr
        assert run.stderr.startswith(f"c2e: error: {path}: ")
        assert list(tmp_path.iterdir()) == [], "a failed conversion left files behind"
    key, outcome = path.relative_to(CORPUS).as_posix(), _outcome(run, tmp_path)
    if os.environ.get("C2E_UPDATE_GOLDENS") == "1" and not os.environ.get("CI"):
        _record_outcome(key, outcome)
        pytest.skip("outcome recorded; review tests/goldens/robustness-outcomes.tsv")
    assert outcome == _expected_outcomes().get(key), f"{key}: the outcome changed; if intended, run `make goldens`"


def test_legacy_encrypted_and_mislabelled_files_are_recognised_as_what_they_are(tmp_path):
    def stderr_of(name: str) -> tuple[int, str]:
        run = run_c2e("convert", str(CORPUS / "robustness" / "pptx" / name), "-o", str(tmp_path))
        return run.returncode, run.stderr

    code, text = stderr_of("poi__basic_test_ppt_file.ppt")  # converted through LibreOffice
    assert code == 0 and text == ""
    code, text = stderr_of("tika__testPPT_protected_passtika.pptx")
    assert code == 6 and "password" in text
    code, text = stderr_of("poi__stress022.pptx")  # a slide show (.ppsx content) saved as .pptx
    assert code == 0
    code, text = stderr_of("unstructured__eng_spa_mult.ppt")  # an OOXML deck saved with a legacy extension
    assert code == 0
