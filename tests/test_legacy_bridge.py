"""Legacy and OpenDocument files reach the extractors through LibreOffice headless, or get a clear hint."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import converter
from converter.errors import MissingDependencyError
from extractors.legacy import SOFFICE_ENV

from conftest import CORPUS


def test_a_legacy_ppt_becomes_a_course(soffice, tmp_path):
    source = converter.extract(CORPUS / "robustness" / "pptx" / "poi__basic_test_ppt_file.ppt").value
    assert source.source.name == "poi__basic_test_ppt_file.ppt"
    assert source.source.format == "pptx+libreoffice"
    assert source.units[0].title == "This is a test title"
    package = converter.convert(CORPUS / "robustness" / "pptx" / "poi__basic_test_ppt_file.ppt", tmp_path)
    assert package.value.package.name == "poi-basic-test-ppt-file-scorm12.zip"
    assert "legacy.converted" in [m.code for m in package.messages]


def test_an_opendocument_presentation_keeps_its_text_and_notes(soffice, sample_deck, tmp_path):
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "odp", "--outdir", str(tmp_path), str(sample_deck)],
                   check=True, capture_output=True, timeout=180)
    odp = tmp_path / "pharma-sales-onboarding.odp"
    doc = converter.extract(odp).value
    assert doc.source.format == "pptx+libreoffice"
    text = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False)
    assert "Cardiolex reduces systolic pressure" in text
    assert "NOTE-MARKER: ask learners to share a patient story" in text
    assert len(doc.units) == 25  # every slide of the sample deck


def test_an_rtf_handout_is_read_as_a_word_document(soffice, tmp_path):
    rtf = tmp_path / "handout.rtf"
    rtf.write_bytes(rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0\fs28 Objection handling\par\fs22 "
                    rb"Listen first, then \b acknowledge\b0  the concern.\par}")
    doc = converter.extract(rtf).value
    assert doc.source.name == "handout.rtf" and doc.source.format == "docx+libreoffice"
    text = json.dumps(doc.model_dump(mode="json"))
    assert "Objection handling" in text and "acknowledge" in text


def test_without_libreoffice_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "missing-soffice"))
    with pytest.raises(MissingDependencyError) as caught:
        converter.extract(CORPUS / "robustness" / "pptx" / "poi__basic_test_ppt_file.ppt")
    assert "needs LibreOffice" in caught.value.problem and "apt-get install" in caught.value.problem
    assert caught.value.exit_code == 9


def test_a_password_protected_legacy_deck_is_named_as_such(soffice, tmp_path):
    run = subprocess.run([sys.executable, "-m", "converter.cli", "convert",
                          str(CORPUS / "robustness" / "pptx" / "poi__Password_Protected-hello.ppt"), "-o", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 6 and "password" in run.stderr
    assert not any(tmp_path.iterdir())
