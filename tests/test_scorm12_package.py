"""The SCORM 1.2 package: a manifest that validates and resolves, at the zip root, byte-identical on rebuild."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from converter.options import ConvertOptions
from converter.plugin import Packager, Target
from packagers.scorm12 import ADLCP_NS, IMSCP_NS, Scorm12Packager, build_manifest, clip_title, xs_id

from course_factory import make_course

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "schemas"
NS = {"cp": IMSCP_NS, "adlcp": ADLCP_NS}


@pytest.fixture(scope="module")
def driver() -> Path:
    path = SCHEMAS / "scorm12-driver.xsd"
    if not path.is_file():
        pytest.fail(f"SCORM 1.2 driver schema missing at {path}: tests expect shared/ beside the repository")
    return path


@pytest.fixture(scope="module")
def lxml_schema(driver):
    return etree.XMLSchema(etree.parse(str(driver)))


@pytest.fixture(scope="module")
def xs_schema(driver):
    return xmlschema.XMLSchema(str(driver))


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm12") / "course.zip"
    result = Scorm12Packager().package(make_course(with_media=True), Target("zip", out), ConvertOptions())
    assert result.value == out and result.messages == ()
    return out


def read_manifest(package: Path) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read("imsmanifest.xml")


def test_the_packager_meets_the_plugin_protocol():
    packager = Scorm12Packager()
    assert isinstance(packager, Packager)
    assert packager.name == "scorm12" and packager.description


def test_manifest_is_at_the_zip_root(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert "imsmanifest.xml" in names and "index.html" in names
    assert not any(name.endswith("/imsmanifest.xml") for name in names)


def test_manifest_validates_with_lxml(package, lxml_schema):
    doc = etree.fromstring(read_manifest(package))
    assert lxml_schema.validate(doc), lxml_schema.error_log


def test_manifest_validates_with_xmlschema(package, xs_schema):
    errors = list(xs_schema.iter_errors(read_manifest(package).decode("utf-8")))
    assert errors == []


def test_the_validators_do_reject_a_broken_manifest(package, lxml_schema, xs_schema):
    broken = read_manifest(package).replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"')
    broken = broken.replace(b"<schemaversion>1.2</schemaversion>", b"<schemaversion>1.3</schemaversion>")
    assert not lxml_schema.validate(etree.fromstring(broken))
    assert not xs_schema.is_valid(broken.decode("utf-8"))


def test_manifest_names_scorm_12_and_the_expected_namespaces(package):
    root = etree.fromstring(read_manifest(package))
    assert root.tag == f"{{{IMSCP_NS}}}manifest"
    assert root.nsmap["adlcp"] == ADLCP_NS
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert [name for name in location if name.endswith(".xsd")] == [
        "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd"]
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"


def test_every_listed_file_exists_and_every_file_is_listed(package):
    root = etree.fromstring(read_manifest(package))
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
    (resource,) = root.findall("cp:resources/cp:resource", NS)
    listed = [f.get("href") for f in resource.findall("cp:file", NS)]
    assert resource.get("href") == "index.html" and resource.get("href") in names
    assert set(listed) <= names
    assert set(listed) == names - {"imsmanifest.xml"}
    assert len(listed) == len(set(listed))


def test_references_resolve_ids_are_unique_and_the_sco_is_marked(package):
    root = etree.fromstring(read_manifest(package))
    ids = [el.get("identifier") for el in root.iter() if el.get("identifier") is not None]
    assert len(ids) == len(set(ids))
    resources = {r.get("identifier"): r for r in root.iterfind(".//cp:resource", NS)}
    items = root.findall(".//cp:item", NS)
    assert items and all(item.get("identifierref") in resources for item in items)
    organizations = root.find("cp:organizations", NS)
    assert organizations.get("default") in {o.get("identifier") for o in organizations.findall("cp:organization", NS)}
    for resource in resources.values():
        assert resource.get(f"{{{ADLCP_NS}}}scormtype") == "sco"
        assert resource.get("type") == "webcontent"
    assert root.find(".//cp:item/adlcp:masteryscore", NS) is None


def test_titles_come_from_the_course(package):
    root = etree.fromstring(read_manifest(package))
    titles = [t.text for t in root.iterfind(".//cp:title", NS)]
    assert titles == ["Cardiolex Sales Onboarding"] * 2


def test_ids_are_derived_from_the_course_id_and_stable():
    course = make_course()
    first = build_manifest(course, ["index.html"])
    assert first == build_manifest(make_course(), ["index.html"])
    assert f'identifier="res-{course.id}"'.encode() in first
    other = build_manifest(make_course(title="Another course"), ["index.html"])
    assert other != first


def test_odd_course_ids_still_give_valid_xs_ids(lxml_schema):
    assert xs_id("res", "9 lives/é") == "res-9-lives"
    course = make_course().model_copy(update={"id": "42 é/x", "title": "T" * 300})
    doc = etree.fromstring(build_manifest(course, ["index.html"]))
    assert lxml_schema.validate(doc), lxml_schema.error_log
    assert len(clip_title("T" * 300)) == 200


def test_two_builds_are_byte_identical(tmp_path):
    one = Scorm12Packager().package(make_course(), Target("zip", tmp_path / "one.zip"), ConvertOptions()).value
    two = Scorm12Packager().package(make_course(), Target("zip", tmp_path / "two.zip"), ConvertOptions()).value
    assert hashlib.sha256(one.read_bytes()).hexdigest() == hashlib.sha256(two.read_bytes()).hexdigest()


def test_zip_names_are_ascii_without_spaces(package):
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            assert name.isascii() and " " not in name and "\\" not in name and not name.startswith("/"), name


def test_package_holds_player_adapter_and_referenced_assets_only(package):
    course = make_course(with_media=True)
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        index = archive.read("index.html").decode("utf-8")
    assert {"player/player.js", "player/player.css", "player/runtime/scorm12.js"} <= names
    assert {n for n in names if n.startswith("assets/")} == {f"assets/{a.filename}" for a in course.assets}
    assert index.index("player/runtime/scorm12.js") < index.index("player/player.js")


def test_rendering_messages_reach_the_result(tmp_path):
    from course_factory import para, span

    course = make_course(extra_blocks=[para(span("bad", href="javascript:alert(1)"))])
    result = Scorm12Packager().package(course, Target("zip", tmp_path / "p.zip"), ConvertOptions())
    assert [m.code for m in result.messages] == ["package.link-dropped"]
