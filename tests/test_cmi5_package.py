"""The cmi5 package: ``cmi5.xml`` first at the zip root, in the cmi5 CourseStructure namespace, valid against the
cmi5 XSD with lxml and xmlschema, with a course id stable from the course id and one AU launched at
``index.html``; ``c2e validate`` says valid; byte-identical on rebuild; ``c2e convert --format cmi5`` and ``all``
write it."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

import converter
from converter.model import Choice, Question
from converter.options import ConvertOptions
from converter.plugin import Packager, Target
from converter.validation.xsd import SCHEMAS
from packagers._site import CONTENT_SECURITY_POLICY
from packagers.cmi5 import CMI5_NS, DEFAULT_BASE_IRI, MASTERY_SCORE, Cmi5Packager, au_iri, build_manifest, course_iri

from conftest import run_c2e
from course_factory import make_course, span

NS = {"c": CMI5_NS}
XSD = SCHEMAS / "cmi5" / "CourseStructure.xsd"


def with_question(course):
    question = Question(id="q-dose-1", kind="choice", prompt=(span("Which dose?"),),
                        choices=(Choice(id="a", spans=(span("5 mg"),), correct=True), Choice(id="b", spans=(span("50 mg"),))))
    return course.model_copy(update={"questions": (question,)})


@pytest.fixture(scope="module")
def course():
    return make_course(with_media=True)


@pytest.fixture(scope="module")
def package(tmp_path_factory, course) -> Path:
    out = tmp_path_factory.mktemp("cmi5") / "course.zip"
    result = Cmi5Packager().package(course, Target("zip", out), ConvertOptions())
    assert result.value == out and result.messages == ()
    return out


def read(package: Path, name: str) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read(name)


def test_the_packager_meets_the_plugin_protocol():
    packager = Cmi5Packager()
    assert isinstance(packager, Packager)
    assert packager.name == "cmi5" and packager.description
    assert packager.targets == ("zip", "folder")
    assert "cmi5" in converter.formats()


def test_cmi5_xml_is_the_first_entry_at_the_zip_root(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert names[0] == "cmi5.xml" and "index.html" in names and "player/runtime/cmi5.js" in names
    assert not any(name.endswith("/cmi5.xml") for name in names)


@pytest.mark.parametrize("questions", [False, True])
def test_cmi5_xml_is_valid_against_the_cmi5_xsd_with_lxml_and_xmlschema(course, questions):
    built = with_question(course) if questions else course
    manifest = build_manifest(built)
    assert (etree.fromstring(manifest).find("c:au", NS).get("masteryScore") is not None) is questions
    document = etree.fromstring(manifest)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(document), schema.error_log
    xmlschema.XMLSchema(str(XSD)).validate(manifest.decode("utf-8"))


def test_cmi5_xml_names_the_course_and_one_au_with_stable_iris(package, course):
    root = etree.fromstring(read(package, "cmi5.xml"))
    assert root.tag == f"{{{CMI5_NS}}}courseStructure" and root.nsmap == {None: CMI5_NS}
    head = root.find("c:course", NS)
    assert head.get("id") == f"{DEFAULT_BASE_IRI}{course.id}" == course_iri(course)
    title = head.find("c:title/c:langstring", NS)
    assert (title.text, title.get("lang")) == (course.title, course.language)
    assert head.findtext("c:description/c:langstring", namespaces=NS)
    aus = root.findall("c:au", NS)
    assert len(aus) == 1 and root.findall(".//c:block", NS) == []
    au = aus[0]
    assert au.get("id") == au_iri(course) and au.get("id") != head.get("id")
    assert (au.get("moveOn"), au.get("launchMethod")) == ("Completed", "AnyWindow")
    assert au.findtext("c:url", namespaces=NS) == "index.html"
    assert au.get("masteryScore") == (MASTERY_SCORE if course.questions else None)


def test_mastery_score_only_when_the_course_has_questions():
    plain = make_course()
    assert not plain.questions
    assert etree.fromstring(build_manifest(plain)).find("c:au", NS).get("masteryScore") is None
    scored = etree.fromstring(build_manifest(with_question(plain))).find("c:au", NS)
    assert scored.get("masteryScore") == MASTERY_SCORE


def test_without_a_language_the_texts_are_english():
    manifest = etree.fromstring(build_manifest(make_course(language=None)))
    assert {ls.get("lang") for ls in manifest.iter(f"{{{CMI5_NS}}}langstring")} == {"en"}


def test_the_page_may_reach_the_lrs_the_lms_names(package):
    html = etree.HTML(read(package, "index.html").decode("utf-8"))
    policy = html.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy == [CONTENT_SECURITY_POLICY + "; connect-src *"]
    assert html.xpath("//script/@src") == ["player/runtime/standalone.js", "player/runtime/xapi-kit.js",
                                          "player/runtime/cmi5.js", "player/checks.js",
                                          "player/player.js"]


def test_the_package_is_byte_identical_on_rebuild(tmp_path):
    digests = []
    for n in range(2):
        out = tmp_path / f"again-{n}.zip"
        Cmi5Packager().package(make_course(with_media=True), Target("zip", out), ConvertOptions())
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_ids_come_from_ids_not_titles():
    renamed = make_course().model_copy(update={"title": "Another title entirely"})
    ids = [e.get("id") for e in etree.fromstring(build_manifest(make_course())).iter() if e.get("id")]
    again = [e.get("id") for e in etree.fromstring(build_manifest(renamed)).iter() if e.get("id")]
    assert ids == again and len(ids) == 2


def test_a_folder_target_holds_the_same_files(tmp_path, package):
    folder = tmp_path / "course-cmi5"
    Cmi5Packager().package(make_course(with_media=True), Target("folder", folder), ConvertOptions())
    written = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with zipfile.ZipFile(package) as archive:
        assert written == {name: archive.read(name) for name in archive.namelist()}


def test_c2e_validate_says_the_package_is_valid(package):
    run = run_c2e("validate", str(package), "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    verdict = json.loads(run.stdout)
    assert verdict.get("valid") is True, verdict


def test_c2e_convert_writes_the_cmi5_package_and_all_includes_it(tmp_path):
    done = run_c2e("convert", "samples/pharma-sales-onboarding.pptx", "-o", str(tmp_path / "one"), "--format", "cmi5")
    assert done.returncode == 0, done.stderr
    package = tmp_path / "one" / "pharma-sales-onboarding-cmi5.zip"
    root = etree.fromstring(read(package, "cmi5.xml"))
    assert root.findtext("c:course/c:title/c:langstring", namespaces=NS) == "Cardiolex Sales Onboarding"
    assert run_c2e("validate", str(package)).returncode == 0
    every = run_c2e("convert", "samples/pharma-sales-onboarding.pptx", "-o", str(tmp_path / "all"), "--format", "all")
    assert every.returncode == 0, every.stderr
    assert read(tmp_path / "all" / "pharma-sales-onboarding-cmi5.zip", "cmi5.xml") == read(package, "cmi5.xml")
