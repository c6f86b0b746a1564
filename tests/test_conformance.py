"""Every package of every sample and corpus file, in every standard, passes ``c2e validate``'s own checks: the
manifest (``imsmanifest.xml``, ``cmi5.xml``) against the official schemas with both XSD engines (lxml and
xmlschema), ``tincan.xml``'s structure, and the structural checks (files present and listed, references
resolved, ids unique and valid, paths safe); the offline web site's links and pictures all resolve in it.

Each source is read once, text only (no slide pictures, no OCR: those add files, not manifest structure), and
written in all five standards. ``make test`` runs the samples and a fixed spread of the corpus (every
``SPREAD``-th file by name, of each format); ``make conformance`` (``C2E_CONFORMANCE=all``) runs every corpus
file. The samples' course is also written with one SCO/AU per module and per micro-item.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from lxml import html

import converter
from converter.model import Course
from converter.options import ConvertOptions
from converter.plugin import Target
from converter.registry import builtin_packagers
from converter.validation.paths import is_url, path_problems, resolve

from conftest import CORPUS, REPO

STANDARDS = ("scorm12", "scorm2004", "xapi", "cmi5")
SPREAD = 9
"""In ``make test``, every ninth corpus file of each format (sorted by name) stands for the corpus."""
READ_TEXT_ONLY = ConvertOptions(slide_images="never", ocr="never")
SAMPLES = [REPO / "samples" / "course.toml", *sorted((REPO / "samples").glob("*.pptx")),
           *sorted((REPO / "samples").glob("*.docx")), *sorted((REPO / "samples").glob("*.pdf"))]


def corpus_files() -> list[Path]:
    """Return the corpus files this run checks: all of them under ``make conformance``, else the spread."""
    everything = os.environ.get("C2E_CONFORMANCE") == "all"
    chosen = []
    for fmt in ("pptx", "docx", "pdf"):
        files = sorted((CORPUS / "real" / fmt).glob("*"))
        chosen += files if everything else files[::SPREAD]
    return chosen


SOURCES = SAMPLES + corpus_files()
PACKAGERS = {packager.name: packager for packager in builtin_packagers()}


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def write_all(course: Course, out: Path, options: ConvertOptions) -> dict[str, Path]:
    """Write the course in every LMS standard as a zip and the web site as a folder; return them by name."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in STANDARDS:
        written[name] = PACKAGERS[name].package(course, Target("zip", out / f"c-{name}.zip"), options).value
    written["web"] = PACKAGERS["web"].package(course, Target("folder", out / "c-web"), options).value
    return written


def web_problems(site: Path) -> list[str]:
    """Return what is wrong with an offline site: unsafe file names, or a link or picture of a page that names
    a file the site lacks."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    problems = [p.message for name in sorted(files) for p in path_problems(name, "file", name)]
    for page in sorted(name for name in files if name.endswith(".html")):
        tree = html.fromstring((site / page).read_bytes())
        base = page.rsplit("/", 1)[0] if "/" in page else ""
        for element, attribute, link, _ in tree.iterlinks():
            if link.startswith(("#", "data:", "mailto:")) or is_url(link) or attribute not in ("href", "src"):
                continue
            target = resolve(base, link)
            if target and target not in files:
                problems.append(f"{page}: <{element.tag} {attribute}={link!r}> names no file of the site")
    return problems


def assert_conformant(packages: dict[str, Path]) -> None:
    for name in STANDARDS:
        verdict = converter.validate(packages[name]).value
        assert verdict.valid, f"{name}: {[f'{p.code}: {p.message}' for p in verdict.problems]}"
        assert any("XSD (lxml, xmlschema)" in check for check in verdict.checks) or name == "xapi", verdict.checks
    assert web_problems(packages["web"]) == []


@pytest.mark.corpus
@pytest.mark.parametrize("source", SOURCES, ids=_label)
def test_every_standard_of_this_source_passes_c2e_validate(source, tmp_path):
    course = converter.build(source, READ_TEXT_ONLY).value
    packages = write_all(course, tmp_path, READ_TEXT_ONLY)
    assert_conformant(packages)
    with zipfile.ZipFile(packages["scorm2004"]) as archive:
        assert archive.namelist()[0] == "imsmanifest.xml"


def test_the_samples_with_one_sco_per_module_and_micro_item_pass_c2e_validate(tmp_path):
    options = READ_TEXT_ONLY.model_copy(update={"sco": "module", "micro_scos": True, "forward_only": True})
    course = converter.build(SAMPLES[0], options).value
    assert course.micro_items and len(course.modules) > 1
    assert_conformant(write_all(course, tmp_path, options))


def test_make_test_checks_a_spread_of_every_format_and_make_conformance_all():
    formats = {path.parent.name for path in corpus_files()}
    assert formats == {"pptx", "docx", "pdf"}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "C2E_CONFORMANCE=all" in makefile and "tests/test_conformance.py" in makefile
