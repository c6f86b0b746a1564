"""The xAPI package: ``tincan.xml`` first at the zip root, in the Tin Can namespace, with the course activity
(stable IRI from the course id, launched at ``index.html``) and one activity per module; every file the player
needs is there; byte-identical on rebuild; ``c2e convert --format xapi`` and ``all`` write it."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import converter
from converter.options import ConvertOptions
from converter.plugin import Packager, Target
from packagers._site import CONTENT_SECURITY_POLICY
from packagers.xapi import (
    COURSE_TYPE,
    DEFAULT_BASE_IRI,
    MODULE_TYPE,
    TINCAN_NS,
    XapiPackager,
    build_manifest,
    course_iri,
    module_iri,
)

from conftest import run_c2e
from course_factory import make_course

NS = {"tc": TINCAN_NS}


@pytest.fixture(scope="module")
def course():
    return make_course(with_media=True)


@pytest.fixture(scope="module")
def package(tmp_path_factory, course) -> Path:
    out = tmp_path_factory.mktemp("xapi") / "course.zip"
    result = XapiPackager().package(course, Target("zip", out), ConvertOptions())
    assert result.value == out and result.messages == ()
    return out


def read(package: Path, name: str) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read(name)


def activities(manifest: bytes) -> list[etree._Element]:
    return etree.fromstring(manifest).findall("tc:activities/tc:activity", NS)


def test_the_packager_meets_the_plugin_protocol():
    packager = XapiPackager()
    assert isinstance(packager, Packager)
    assert packager.name == "xapi" and packager.description
    assert packager.targets == ("zip", "folder")
    assert "xapi" in converter.formats()


def test_tincan_xml_is_the_first_entry_at_the_zip_root(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert names[0] == "tincan.xml" and "index.html" in names
    assert not any(name.endswith("/tincan.xml") for name in names)


def test_tincan_xml_names_the_course_and_its_modules_with_stable_iris(package, course):
    root = etree.fromstring(read(package, "tincan.xml"))
    assert root.tag == f"{{{TINCAN_NS}}}tincan" and root.nsmap == {None: TINCAN_NS}
    listed = activities(read(package, "tincan.xml"))
    first, modules = listed[0], listed[1:]
    assert first.get("id") == f"{DEFAULT_BASE_IRI}{course.id}" == course_iri(course)
    assert first.get("type") == COURSE_TYPE == "http://adlnet.gov/expapi/activities/course"
    assert first.findtext("tc:name", namespaces=NS) == course.title
    assert first.findtext("tc:description", namespaces=NS)
    assert first.findtext("tc:launch", namespaces=NS) == "index.html"
    assert first.find("tc:name", NS).get("lang") == course.language
    assert [(m.get("id"), m.get("type"), m.findtext("tc:name", namespaces=NS)) for m in modules] == [
        (module_iri(course, module.id), MODULE_TYPE, module.title) for module in course.modules]
    assert [m.find("tc:launch", NS) for m in modules] == [None] * len(modules), "only the course is launched"
    ids = [a.get("id") for a in listed]
    assert len(set(ids)) == len(ids)


def test_every_file_the_player_needs_is_in_the_package(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        page = archive.read("index.html").decode("utf-8")
    assert {"index.html", "player/player.js", "player/player.css", "player/runtime/standalone.js",
            "player/runtime/xapi.js"} <= names
    html = etree.HTML(page)
    referenced = html.xpath("//script/@src | //link/@href | //img/@src | //source/@src | //video/@src | //audio/@src")
    local = [ref for ref in referenced if not ref.startswith(("data:", "#", "http:", "https:"))]
    assert local and [ref for ref in local if ref not in names] == []
    scripts = html.xpath("//script/@src")
    assert scripts == ["player/runtime/standalone.js", "player/runtime/xapi-kit.js", "player/runtime/xapi.js",
                       "player/checks.js", "player/player.js"]


def test_the_page_may_reach_the_lrs_the_lms_names(package):
    """default-src 'self' would block every request to an LRS on another origin: the xAPI page adds connect-src."""
    html = etree.HTML(read(package, "index.html").decode("utf-8"))
    policy = html.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy == [CONTENT_SECURITY_POLICY + "; connect-src *"]


def test_the_package_is_byte_identical_on_rebuild(tmp_path, course):
    digests = []
    for n in range(2):
        out = tmp_path / f"again-{n}.zip"
        XapiPackager().package(make_course(with_media=True), Target("zip", out), ConvertOptions())
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_iris_come_from_ids_not_titles_and_the_base_is_configurable():
    renamed = make_course().model_copy(update={"title": "Another title entirely"})
    assert build_manifest(make_course()) != build_manifest(renamed)
    assert [a.get("id") for a in activities(build_manifest(make_course()))] == [
        a.get("id") for a in activities(build_manifest(renamed))]
    custom = activities(build_manifest(make_course(), base="https://lms.example.org/c/"))
    assert custom[0].get("id") == f"https://lms.example.org/c/{make_course().id}"
    assert all(a.get("id").startswith(custom[0].get("id")) for a in custom)


def test_a_folder_target_holds_the_same_files(tmp_path, package):
    folder = tmp_path / "course-xapi"
    XapiPackager().package(make_course(with_media=True), Target("folder", folder), ConvertOptions())
    written = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with zipfile.ZipFile(package) as archive:
        assert written == {name: archive.read(name) for name in archive.namelist()}


def test_c2e_convert_writes_the_xapi_package_and_all_includes_it(tmp_path):
    done = run_c2e("convert", "samples/pharma-sales-onboarding.pptx", "-o", str(tmp_path / "one"), "--format", "xapi")
    assert done.returncode == 0, done.stderr
    package = tmp_path / "one" / "pharma-sales-onboarding-xapi.zip"
    listed = activities(read(package, "tincan.xml"))
    assert listed[0].findtext("tc:name", namespaces=NS) == "Cardiolex Sales Onboarding" and len(listed) > 1
    every = run_c2e("convert", "samples/pharma-sales-onboarding.pptx", "-o", str(tmp_path / "all"), "--format", "all")
    assert every.returncode == 0, every.stderr
    assert (tmp_path / "all" / "pharma-sales-onboarding-xapi.zip").is_file()
    assert read(tmp_path / "all" / "pharma-sales-onboarding-xapi.zip", "tincan.xml") == read(package, "tincan.xml")
