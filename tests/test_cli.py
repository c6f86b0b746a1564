"""The c2e command as a user runs it: conversions, JSON inspection, clear errors and documented exit codes."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from converter.errors import EXIT_CODES

from conftest import REPO, run_c2e

CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def c2e(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run_c2e(*args, env=env, cwd=cwd, timeout=300)


def _cfb_with_stream(path: Path, stream: str) -> Path:
    """Write a file with the OLE signature and a UTF-16LE directory name, like Office's binary containers."""
    path.write_bytes(CFB_MAGIC + bytes(504) + stream.encode("utf-16-le") + bytes(1024))
    return path


def test_convert_writes_a_scorm12_zip_named_after_the_input(sample_deck, tmp_path):
    run = c2e("convert", str(sample_deck), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    package = tmp_path / "out" / "pharma-sales-onboarding-scorm12.zip"
    assert f"wrote {package}" in run.stdout
    with zipfile.ZipFile(package) as zf:
        assert "imsmanifest.xml" in zf.namelist()
        assert "index.html" in zf.namelist()


def test_inspect_prints_the_source_model_as_json(sample_deck):
    run = c2e("inspect", str(sample_deck))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["schema_version"] == "2.0"
    assert data["source"]["format"] == "pptx"
    assert len(data["units"]) == 25
    assert any(u["notes"] for u in data["units"])


@pytest.mark.parametrize("sample, unit_kind", [("pharma-sales-onboarding.pptx", "slide"),
                                               ("facilitator-guide.docx", "section"), ("handout.pdf", "page")])
def test_inspect_reads_every_format(sample, unit_kind):
    run = c2e("inspect", str(REPO / "samples" / sample))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["source"]["name"] == sample and data["units"]
    assert {unit["kind"] for unit in data["units"]} == {unit_kind}


def test_inspect_course_shows_modules_from_sections(sample_deck):
    run = c2e("inspect", "--course", str(sample_deck))
    data = json.loads(run.stdout)
    # sections of 2-4 minutes each: a short section joins its neighbour (modules of 5-15 minutes)
    assert [m["title"] for m in data["modules"]] == [
        "Welcome; The Disease Area; Our Product", "Compliance; Practice and Wrap-up"]


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, int, str]]:
    text = tmp / "notes.pptx"
    text.write_text("just some text, not a deck")
    truncated = tmp / "truncated.pptx"
    truncated.write_bytes(b"PK\x03\x04" + bytes(200))
    empty = tmp / "empty.pptx"
    empty.write_bytes(b"")
    (tmp / "no-sources").mkdir()
    (tmp / "no-sources" / "readme.txt").write_text("a folder without any deck, document or PDF")
    zipped = tmp / "photos.pptx"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("photo.txt", "not a presentation")
    return {
        "missing": (tmp / "nope.pptx", 3, "no such file"),
        "folder": (tmp / "no-sources", 3, "holds no file c2e reads"),
        "text": (text, 4, "not a document c2e recognises"),
        "truncated": (truncated, 5, "damaged"),
        "not-a-deck-zip": (zipped, 5, "not a pptx package"),
        "empty": (empty, 10, "empty (0-byte)"),
        "encrypted": (_cfb_with_stream(tmp / "locked.pptx", "EncryptedPackage"), 6, "password"),
        "legacy-without-libreoffice": (_cfb_with_stream(tmp / "old.ppt", "PowerPoint Document"), 9,
                                       "is a legacy PowerPoint 97-2003 (.ppt) file, which needs LibreOffice"),
        "legacy-damaged": (_cfb_with_stream(tmp / "bad.ppt", "PowerPoint Document"), 5,
                           "that LibreOffice could not convert"),
    }


@pytest.mark.parametrize("case", ["missing", "folder", "text", "truncated", "not-a-deck-zip", "empty",
                                  "encrypted", "legacy-without-libreoffice", "legacy-damaged"])
def test_bad_input_gets_one_clear_line_and_its_exit_code(case, tmp_path):
    path, code, words = _bad_inputs(tmp_path)[case]
    env = {"C2E_SOFFICE": str(tmp_path / "no-soffice")} if case == "legacy-without-libreoffice" else None
    run = c2e("convert", str(path), "-o", str(tmp_path / "out"), env=env)
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"c2e: error: {path}: ")
    assert words in run.stderr
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir()), "a failed conversion left files behind"


def test_unknown_format_is_a_usage_error(sample_deck, tmp_path):
    run = c2e("convert", str(sample_deck), "-o", str(tmp_path), "--format", "scorm99")
    assert run.returncode == 2
    assert "unknown output format 'scorm99'" in run.stderr and "scorm12" in run.stderr


def test_help_documents_every_exit_code():
    run = c2e("convert", "--help")
    assert run.returncode == 0
    for code, text in EXIT_CODES.items():
        assert f"{code:>3}  {text}" in run.stdout


def test_exit_codes_in_the_readme_match_the_code():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert f"| {code} |" in readme


def test_limits_are_set_on_the_command_line(sample_deck, tmp_path):
    run = c2e("convert", str(sample_deck), "-o", str(tmp_path), "--limit", "max_units=10")
    assert run.returncode == 7
    assert "has 25 slides; the limit is 10" in run.stderr
    assert "change it with --limit max_units=VALUE" in run.stderr
    bad = c2e("convert", str(sample_deck), "-o", str(tmp_path), "--limit", "max_slides=1")
    assert bad.returncode == 2 and "max_units" in bad.stderr


def test_a_config_file_feeds_option_defaults_and_limits(sample_deck, tmp_path):
    (tmp_path / "c2e.toml").write_text('[convert]\ninclude-hidden = true\n[limits]\nmax_shapes_per_unit = 3\n')
    tight = c2e("convert", str(sample_deck), "-o", "out", cwd=tmp_path)
    assert tight.returncode == 7 and "the limit is 3" in tight.stderr
    run = c2e("convert", str(sample_deck), "-o", "out", "--limit", "max_shapes_per_unit=50", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    # include-hidden came from the file: 24 slides, the two activity slides in the live plan, the quiz slide a check;
    # short sections joined: modules of 5-15 minutes
    assert "(22 screens in 2 modules" in run.stdout
