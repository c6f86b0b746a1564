"""`c2e build COURSE.json --translation F.xlf`: a saved course JSON gets the translated packages `c2e convert`
writes from the sources, through the same code path, with the same refusals (exit 12, nothing written)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree, html
from xliff_tools import break_codes, ok, translate

from converter.errors import TranslationError

from conftest import CORPUS, REPO, run_c2e

SAMPLE = REPO / "samples" / "course.toml"
READING = ("--slide-images", "never")
FORMATS = "scorm12,web,facilitator-guide,journey"
STEM = "cardiolex-sales-onboarding"




@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The sample course saved as JSON, its (upper-case) German translation and its Hebrew one."""
    folder = tmp_path_factory.mktemp("build")
    course_json = folder / "course.json"
    inspected = ok(run_c2e("inspect", "--course", str(SAMPLE), *READING, timeout=300))
    course_json.write_text(inspected.stdout, encoding="utf-8")
    ok(run_c2e("xliff", "export", str(SAMPLE), "-o", str(folder / "course.xlf"), *READING, timeout=300))
    de = translate(folder / "course.xlf", folder / "course.de.xlf", language="de")
    he = translate(folder / "course.xlf", folder / "course.he.xlf", language="he")
    return course_json, de, he


def test_build_writes_each_translation_as_convert_does_byte_for_byte(saved, tmp_path):
    course_json, de, he = saved
    built = ok(run_c2e("build", str(course_json), "-o", str(tmp_path / "built"), "-f", FORMATS,
                       "--translation", str(de), "--translation", str(he), timeout=600))
    ok(run_c2e("convert", str(SAMPLE), "-o", str(tmp_path / "converted"), "-f", FORMATS, "--translation", str(de),
               "--translation", str(he), *READING, timeout=600))
    assert "de: wrote " in built.stdout and "he: wrote " in built.stdout
    for language in ("de", "he"):
        package = f"{STEM}-{language}-scorm12.zip"
        assert (tmp_path / "built" / package).read_bytes() == (tmp_path / "converted" / package).read_bytes()
        guide = f"{STEM}-{language}-facilitator-guide.docx"
        assert (tmp_path / "built" / guide).read_bytes() == (tmp_path / "converted" / guide).read_bytes()
    page = html.parse(str(tmp_path / "built" / f"{STEM}-he-web" / "index.html")).getroot()
    assert (page.get("lang"), page.get("dir")) == ("he", "rtl")
    with zipfile.ZipFile(tmp_path / "built" / f"{STEM}-de-scorm12.zip") as package:
        titles = [t.text for t in etree.fromstring(package.read("imsmanifest.xml")).iter("{*}title")]
    assert titles and all(title == title.upper() for title in titles)
    assert (tmp_path / "built" / f"{STEM}-scorm12.zip").exists(), "the source language is written too"




@pytest.mark.parametrize("fault", ["broken-codes", "other-course", "not-xml"])
def test_build_refuses_a_bad_translation_with_exit_12_and_writes_nothing(saved, tmp_path, fault):
    course_json, de, _ = saved
    bad = tmp_path / "bad.xlf"
    if fault == "broken-codes":
        expected = f"unit {break_codes(de, bad)}: inline codes do not match the source's"
    elif fault == "other-course":
        deck = CORPUS / "real" / "pptx" / "markitdown__test.pptx"
        ok(run_c2e("xliff", "export", str(deck), "-o", str(tmp_path / "other.xlf"), *READING, timeout=300))
        translate(tmp_path / "other.xlf", bad)
        expected = "is for another course"
    else:
        bad.write_bytes(b"Dear translator, here is the file <b>")
        expected = "not well-formed XML"
    out = tmp_path / "out"
    run = run_c2e("build", str(course_json), "-o", str(out), "--translation", str(de), "--translation", str(bad),
                  timeout=300)
    assert run.returncode == TranslationError.exit_code == 12, run.stderr
    assert expected in run.stderr and str(bad) in run.stderr and "Traceback" not in run.stderr
    assert not out.exists() or not any(out.iterdir()), "nothing is half-written"


def test_build_without_translation_is_unchanged(saved, tmp_path):
    course_json, _, _ = saved
    run = ok(run_c2e("build", str(course_json), "-o", str(tmp_path / "out"), "-f", "scorm12", timeout=300))
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [f"{STEM}-scorm12.zip"]
    assert ": wrote " not in run.stdout


def test_the_api_package_takes_translations_too(saved, tmp_path):
    from converter import api

    course_json, de, _ = saved
    result = api.package(course_json, tmp_path / "out", formats="web", translations=[de])
    assert [conversion.course.language for conversion in result.value.localised] == ["de"]
    assert (tmp_path / "out" / f"{STEM}-de-web" / "index.html").exists()
