"""The SCORM 2004 4th edition package: a manifest that validates (lxml and xmlschema, all five namespaces) and
resolves, at the zip root, with simple sequencing for one SCO, stable ids, byte-identical on rebuild; the sample
deck and real corpus decks convert to valid packages; ``c2e convert --format scorm2004`` and ``all`` write it."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import converter
from converter.model import Choice, Question
from converter.options import ConvertOptions
from converter.plugin import Packager, Target
from packagers.scorm2004 import (
    ADLCP_NS,
    IMSCP_NS,
    IMSSS_NS,
    MASTERY_SCORE,
    Scorm2004Packager,
    build_manifest,
)

from conftest import CORPUS, run_c2e
from course_factory import make_course, span
from scorm2004_checks import NS, manifest_problems, scorm2004_problems, validators

CORPUS_DECKS = ("docling__powerpoint_sample.pptx", "unstructured__eng_spa_mult.pptx", "markitdown__test.pptx")
"""Three small real decks (a table and pictures, two languages, a chart and notes)."""


def with_question(course):
    question = Question(id="q-dose-1", kind="choice", prompt=(span("Which dose?"),),
                        choices=(Choice(id="a", spans=(span("5 mg"),), correct=True), Choice(id="b", spans=(span("50 mg"),))))
    return course.model_copy(update={"questions": (question,)})


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm2004") / "course.zip"
    result = Scorm2004Packager().package(make_course(with_media=True), Target("zip", out), ConvertOptions())
    assert result.value == out and result.messages == ()
    return out


def read_manifest(package: Path) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read("imsmanifest.xml")


def zip_names(package: Path) -> set[str]:
    with zipfile.ZipFile(package) as archive:
        return set(archive.namelist())


def test_the_packager_meets_the_plugin_protocol():
    packager = Scorm2004Packager()
    assert isinstance(packager, Packager)
    assert packager.name == "scorm2004" and packager.description
    assert packager.targets == ("zip", "folder")
    assert "scorm2004" in converter.formats()


def test_manifest_is_the_first_entry_at_the_zip_root(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert names[0] == "imsmanifest.xml" and "index.html" in names
    assert not any(name.endswith("/imsmanifest.xml") for name in names)


def test_manifest_validates_with_lxml_and_xmlschema_and_resolves(package):
    lxml_schema, xs_schema = validators()
    manifest = read_manifest(package)
    assert lxml_schema.validate(etree.fromstring(manifest)), lxml_schema.error_log
    assert list(xs_schema.iter_errors(manifest.decode("utf-8"))) == []
    assert scorm2004_problems(package) == []


def test_the_validators_do_reject_a_broken_manifest(package):
    lxml_schema, xs_schema = validators()
    manifest = read_manifest(package)
    for old, new in ((b'adlcp:scormType="sco"', b'adlcp:scormType="SCO"'),
                     (b'choice="true"', b'choice="maybe"'),
                     (b"<imsss:controlMode", b"<imsss:controlModes")):
        broken = manifest.replace(old, new)
        assert broken != manifest
        assert not lxml_schema.validate(etree.fromstring(broken)), new
        assert not xs_schema.is_valid(broken.decode("utf-8")), new


def test_the_structural_checks_catch_what_xsd_cannot(package):
    manifest, names = read_manifest(package), zip_names(package)
    missing_file = manifest_problems(manifest, names - {"player/player.js"})
    assert missing_file == ["player/player.js is listed but not in the zip"]
    dangling = manifest.replace(b'identifierref="res-', b'identifierref="nores-')
    assert any("refers to a missing resource" in p for p in manifest_problems(dangling, names))
    no_type = manifest.replace(b' adlcp:scormType="sco"', b"")
    assert any("has no adlcp:scormType" in p for p in manifest_problems(no_type, names))


def test_manifest_names_scorm_2004_4th_edition_and_its_namespaces(package):
    root = etree.fromstring(read_manifest(package))
    assert root.tag == f"{{{IMSCP_NS}}}manifest"
    assert (root.nsmap["adlcp"], root.nsmap["imsss"]) == (ADLCP_NS, IMSSS_NS)
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert [name for name in location if name.endswith(".xsd")] == [
        "imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd"]
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "2004 4th Edition"


def test_one_sco_lists_every_file_of_the_package(package):
    root = etree.fromstring(read_manifest(package))
    names = zip_names(package)
    (resource,) = root.findall("cp:resources/cp:resource", NS)
    (item,) = root.findall(".//cp:item", NS)
    assert item.get("identifierref") == resource.get("identifier") and item.get("isvisible") == "true"
    assert resource.get(f"{{{ADLCP_NS}}}scormType") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == "index.html"
    listed = [f.get("href") for f in resource.findall("cp:file", NS)]
    assert set(listed) == names - {"imsmanifest.xml"} and len(listed) == len(set(listed))
    ids = [el.get("identifier") for el in root.iter() if el.get("identifier") is not None]
    assert len(ids) == len(set(ids)) == 4


def test_sequencing_lets_the_learner_choose_and_flow_and_the_sco_reports_completion(package):
    root = etree.fromstring(read_manifest(package))
    (control,) = root.findall("cp:organizations/cp:organization/imsss:sequencing/imsss:controlMode", NS)
    assert (control.get("choice"), control.get("flow")) == ("true", "true")
    sequencing = root.find(".//cp:item/imsss:sequencing", NS)
    primary = sequencing.find("imsss:objectives/imsss:primaryObjective", NS)
    assert primary.get("objectiveID") == f"obj-{make_course().id}"
    assert primary.get("satisfiedByMeasure") is None and primary.find("imsss:minNormalizedMeasure", NS) is None
    delivery = sequencing.find("imsss:deliveryControls", NS)
    assert (delivery.get("completionSetByContent"), delivery.get("objectiveSetByContent")) == ("true", "false")


def test_a_course_with_questions_is_satisfied_by_its_score():
    manifest = build_manifest(with_question(make_course()), ["index.html"])
    assert manifest_problems(manifest, {"index.html", "imsmanifest.xml"}) == []
    root = etree.fromstring(manifest)
    primary = root.find(".//cp:item/imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS)
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=NS) == MASTERY_SCORE == "0.8"
    delivery = root.find(".//cp:item/imsss:sequencing/imsss:deliveryControls", NS)
    assert delivery.get("objectiveSetByContent") == "true"


def test_titles_come_from_the_course(package):
    root = etree.fromstring(read_manifest(package))
    assert [t.text for t in root.iterfind(".//cp:title", NS)] == ["Cardiolex Sales Onboarding"] * 2


def test_ids_are_derived_from_the_course_id_and_stable():
    course = make_course()
    first = build_manifest(course, ["index.html"])
    assert first == build_manifest(make_course(), ["index.html"])
    for prefix in ("manifest", "org", "item", "res", "obj"):
        assert f'="{prefix}-{course.id}"'.encode() in first
    assert build_manifest(make_course(title="Another course"), ["index.html"]) != first


def test_odd_course_ids_and_long_titles_still_validate():
    course = make_course().model_copy(update={"id": "42 é/x?", "title": "T" * 300})
    manifest = build_manifest(course, ["index.html"])
    assert manifest_problems(manifest, {"index.html", "imsmanifest.xml"}) == []
    assert b'identifier="res-42-x"' in manifest and b'objectiveID="obj-42-x"' in manifest


def test_two_builds_are_byte_identical(tmp_path):
    one = Scorm2004Packager().package(make_course(), Target("zip", tmp_path / "one.zip"), ConvertOptions()).value
    two = Scorm2004Packager().package(make_course(), Target("zip", tmp_path / "two.zip"), ConvertOptions()).value
    assert hashlib.sha256(one.read_bytes()).hexdigest() == hashlib.sha256(two.read_bytes()).hexdigest()


def test_a_folder_target_holds_the_same_files(tmp_path, package):
    folder = Scorm2004Packager().package(make_course(with_media=True), Target("folder", tmp_path / "site"),
                                         ConvertOptions()).value
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == zip_names(package)
    assert (folder / "imsmanifest.xml").read_bytes() == read_manifest(package)


def test_package_loads_the_2004_adapter_only(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        index = archive.read("index.html").decode("utf-8")
    assert {"player/player.js", "player/runtime/standalone.js", "player/runtime/scorm2004.js"} <= names
    assert "player/runtime/scorm12.js" not in names
    assert index.index("player/runtime/standalone.js") < index.index("player/runtime/scorm2004.js") \
        < index.index("player/player.js")


def test_the_sample_deck_converts_to_a_valid_package(sample_deck, tmp_path):
    result = converter.convert(sample_deck, tmp_path, formats="scorm2004")
    package = result.value.packages["scorm2004"]
    assert package.name == "pharma-sales-onboarding-scorm2004.zip"
    assert scorm2004_problems(package) == []


@pytest.mark.parametrize("name", CORPUS_DECKS)
def test_real_decks_convert_to_valid_packages(name, tmp_path):
    path = CORPUS / "real" / "pptx" / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: tests expect the shared corpus beside the repository")
    package = converter.convert(path, tmp_path, formats="scorm2004").value.packages["scorm2004"]
    assert scorm2004_problems(package) == []


def test_the_command_writes_scorm2004_and_all_includes_it(sample_deck, tmp_path):
    run = run_c2e("convert", str(sample_deck), "-o", str(tmp_path / "one"), "--format", "scorm2004")
    assert run.returncode == 0, run.stderr
    package = tmp_path / "one" / "pharma-sales-onboarding-scorm2004.zip"
    assert scorm2004_problems(package) == []
    run = run_c2e("convert", str(sample_deck), "-o", str(tmp_path / "all"), "--format", "all")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "all" / "pharma-sales-onboarding-scorm2004.zip").read_bytes() == package.read_bytes()
    assert (tmp_path / "all" / "pharma-sales-onboarding-scorm12.zip").is_file()
    formats = run_c2e("formats")
    assert formats.returncode == 0 and "scorm2004" in formats.stdout
