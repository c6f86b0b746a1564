"""``c2e validate``: the standard told from the descriptor, two XSD engines, the structure XSD cannot see, and
hostile packages refused; one defect, one message naming it."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import converter
from converter.errors import EXIT_CODES, PACKAGE_NOT_VALID, LimitExceededError, UnsupportedFormatError
from converter.result import Result
from converter.validation import Standard, Validation, validate_package
from converter.validation.xsd import SCHEMAS as PACKAGED_SCHEMAS

from conftest import SCHEMAS, run_c2e

Entries = dict[str, bytes]
IMSCP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"


@pytest.fixture(scope="module")
def sample_package(tmp_path_factory: pytest.TempPathFactory, sample_deck: Path) -> Path:
    out = tmp_path_factory.mktemp("sample")
    return converter.convert(sample_deck, out).value.packages["scorm12"]


def read_entries(package: Path) -> Entries:
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(entries: Entries, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def edit_manifest(edit: Callable[[str], str]) -> Callable[[Entries], Entries]:
    def change(entries: Entries) -> Entries:
        return {**entries, "imsmanifest.xml": edit(entries["imsmanifest.xml"].decode()).encode()}
    return change


def rename(old: str, new: str) -> Callable[[Entries], Entries]:
    def change(entries: Entries) -> Entries:
        moved = {(new if name == old else name): data for name, data in entries.items()}
        return edit_manifest(lambda text: text.replace(f'href="{old}"', f'href="{new}"'))(moved)
    return change


def _dangling(text: str) -> str:
    return re.sub(r'identifierref="[^"]+"', 'identifierref="res-gone"', text)


def _duplicate(text: str) -> str:
    resource_id = re.search(r'<resource identifier="([^"]+)"', text)
    assert resource_id
    return re.sub(r'<item identifier="[^"]+"', f'<item identifier="{resource_id.group(1)}"', text)


def _traversal(entries: Entries) -> Entries:
    add = edit_manifest(lambda text: text.replace('<file href="index.html"/>',
                                                  '<file href="index.html"/><file href="../outside.js"/>'))
    return {**add(entries), "../outside.js": b"alert(1)"}


ONE_DEFECT = {
    "dangling identifierref": (edit_manifest(_dangling), "manifest.dangling-identifierref", "res-gone"),
    "missing file": (lambda e: {n: d for n, d in e.items() if n != "player/player.js"}, "package.missing-file",
                     "player/player.js"),
    "duplicate identifier": (edit_manifest(_duplicate), "manifest.duplicate-id", "used 2 times"),
    "space in launch path": (rename("index.html", "start page.html"), "package.space-in-path", "start page.html"),
    "wrong namespace": (edit_manifest(lambda t: t.replace(IMSCP12, IMSCP12 + "x")), "manifest.namespace",
                        IMSCP12 + "x"),
    "manifest not at root": (lambda e: {f"course/{n}": d for n, d in e.items()}, "package.not-at-root",
                             "course/imsmanifest.xml"),
    "traversal path": (_traversal, "package.path-traversal", "../outside.js"),
    "no scormtype": (edit_manifest(lambda t: t.replace(' adlcp:scormtype="sco"', "")), "manifest.no-scormtype",
                     "adlcp:scormtype"),
    "unlisted file": (lambda e: {**e, "extra/notes.txt": b"x"}, "package.unlisted-file", "extra/notes.txt"),
    "non-ASCII path": (rename("index.html", "caf\u00e9.html"), "package.non-ascii-path", "caf\u00e9.html"),
    "absolute path": (edit_manifest(lambda t: t.replace('<file href="index.html"/>', '<file href="/etc/passwd"/>')),
                      "package.absolute-path", "/etc/passwd"),
    "missing launch file": (lambda e: {n: d for n, d in e.items() if n != "index.html"}, "package.missing-file",
                            "launch file"),
}


def test_the_sample_decks_scorm12_package_is_valid(sample_package):
    verdict = validate_package(sample_package)
    assert verdict.problems == ()
    assert verdict.valid and verdict.standard is Standard.SCORM12
    assert verdict.summary().startswith(f"valid: SCORM 1.2 package {sample_package}")


def test_the_api_returns_a_typed_verdict(sample_package):
    result = converter.validate(sample_package)
    assert isinstance(result, Result) and isinstance(result.value, Validation)
    assert result.value.valid and result.value.as_json()["standard"] == "scorm12"


@pytest.mark.parametrize("defect", sorted(ONE_DEFECT))
def test_a_one_defect_package_is_rejected_naming_the_defect(defect, sample_package, tmp_path):
    change, code, words = ONE_DEFECT[defect]
    package = write_zip(change(read_entries(sample_package)), tmp_path / "defect.zip")
    verdict = validate_package(package)
    assert not verdict.valid
    named = [p for p in verdict.problems if p.code == code]
    assert named, [p.describe() for p in verdict.problems]
    assert any(words in f"{p.message} {p.where}" for p in named)
    if defect != "wrong namespace":
        assert verdict.standard is Standard.SCORM12


def test_both_xsd_engines_report_a_schema_violation(sample_package, tmp_path):
    change = edit_manifest(lambda t: t.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="SCO"'))
    verdict = validate_package(write_zip(change(read_entries(sample_package)), tmp_path / "bad.zip"))
    assert {"xsd.lxml", "xsd.xmlschema"} <= {p.code for p in verdict.problems}
    assert all("line" in p.where for p in verdict.problems if p.code.startswith("xsd."))


XXE = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="m"><organizations/>
<resources><resource identifier="r" type="webcontent" href="index.html"><file href="&xxe;&c;"/></resource></resources>
</manifest>"""


def test_a_hostile_xxe_manifest_is_refused_without_expansion(tmp_path):
    package = write_zip({"imsmanifest.xml": XXE.encode(), "index.html": b"<p>hi</p>"}, tmp_path / "xxe.zip")
    verdict = validate_package(package)
    assert [p.code for p in verdict.problems] == ["xml.doctype"]
    text = json.dumps(verdict.as_json())
    assert "root:" not in text and "aaaaaaaaaa" not in text
    run = run_c2e("validate", str(package), "--json")
    assert run.returncode == PACKAGE_NOT_VALID and "root:" not in run.stdout


def test_not_a_zip_is_refused_as_not_a_package(tmp_path):
    fake = tmp_path / "course.zip"
    fake.write_text("this is a text file", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="not a package"):
        validate_package(fake)
    run = run_c2e("validate", str(fake))
    assert run.returncode == 4 and "is not a package: neither a zip nor a folder" in run.stderr


def test_a_missing_package_is_exit_3(tmp_path):
    assert run_c2e("validate", str(tmp_path / "nothing.zip")).returncode == 3


def test_a_zip_over_a_limit_is_refused(sample_package):
    with pytest.raises(LimitExceededError, match="max_zip_entries"):
        converter.validate(sample_package, limits=converter.Limits(max_zip_entries=3))
    run = run_c2e("validate", str(sample_package), "--limit", "max_zip_entries=3")
    assert run.returncode == 7 and "change it with --limit max_zip_entries=VALUE" in run.stderr


def test_an_unpacked_folder_validates_like_its_zip(sample_package, tmp_path):
    with zipfile.ZipFile(sample_package) as archive:
        archive.extractall(tmp_path / "unpacked")
        in_zip = len(archive.namelist())
    verdict = validate_package(tmp_path / "unpacked")
    zipped = validate_package(sample_package)
    assert verdict.valid and verdict.standard is Standard.SCORM12 and verdict.files == zipped.files == in_zip


def test_the_cli_prints_the_verdict_and_exits_0_or_11(sample_package, tmp_path):
    run = run_c2e("validate", str(sample_package))
    assert run.returncode == 0 and run.stdout.startswith("valid: SCORM 1.2 package")
    broken = write_zip(edit_manifest(_dangling)(read_entries(sample_package)), tmp_path / "broken.zip")
    run = run_c2e("validate", str(broken))
    assert run.returncode == PACKAGE_NOT_VALID == 11
    assert "res-gone" in run.stdout and "[manifest.dangling-identifierref]" in run.stdout
    assert run.stdout.splitlines()[-1].startswith("not valid: SCORM 1.2 package")
    report = json.loads(run_c2e("validate", str(broken), "--json").stdout)
    assert report["standard"] == "scorm12" and report["valid"] is False
    assert {"code", "message", "where"} <= set(report["problems"][0])
    assert 11 in EXIT_CODES


SCORM2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          identifier="m1" version="1">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="org1"><organization identifier="org1"><title>Course</title>
    <item identifier="i1" identifierref="r1"><title>Screen</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormType="{scormtype}" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>"""


@pytest.mark.parametrize(("version", "standard"), [("2004 4th Edition", Standard.SCORM2004_4TH),
                                                   ("2004 3rd Edition", Standard.SCORM2004_3RD)])
def test_scorm2004_editions_are_told_apart_and_validated(version, standard, tmp_path):
    manifest = SCORM2004.format(version=version, scormtype="sco").encode()
    verdict = validate_package(write_zip({"imsmanifest.xml": manifest, "index.html": b"<p/>"}, tmp_path / "p.zip"))
    assert verdict.standard is standard and verdict.valid, [p.describe() for p in verdict.problems]
    bad = SCORM2004.format(version=version, scormtype="SCO").encode()
    verdict = validate_package(write_zip({"imsmanifest.xml": bad, "index.html": b"<p/>"}, tmp_path / "bad.zip"))
    assert {"xsd.lxml", "xsd.xmlschema"} <= {p.code for p in verdict.problems}


CMI5 = """<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.org/course/1">
    <title><langstring lang="en-US">Course</langstring></title>
    <description><langstring lang="en-US">About</langstring></description>
  </course>
  <au id="https://example.org/course/1/au/1">
    <title><langstring lang="en-US">Unit</langstring></title>
    <description><langstring lang="en-US">About</langstring></description>
    <url>{url}</url>
  </au>
</courseStructure>"""


def test_a_cmi5_package_is_checked_against_its_xsd_and_its_launch_urls(tmp_path):
    good = write_zip({"cmi5.xml": CMI5.format(url="index.html").encode(), "index.html": b"<p/>"}, tmp_path / "a.zip")
    verdict = validate_package(good)
    assert verdict.standard is Standard.CMI5 and verdict.valid, [p.describe() for p in verdict.problems]
    bad = write_zip({"cmi5.xml": CMI5.format(url="gone.html").encode(), "index.html": b"<p/>"}, tmp_path / "b.zip")
    assert [p.code for p in validate_package(bad).problems] == ["package.missing-file"]
    invalid = CMI5.format(url="index.html").replace("<description>", "<summary>").replace("</description>",
                                                                                          "</summary>")
    verdict = validate_package(write_zip({"cmi5.xml": invalid.encode(), "index.html": b"<p/>"}, tmp_path / "c.zip"))
    assert {"xsd.lxml", "xsd.xmlschema"} <= {p.code for p in verdict.problems}


TINCAN = """<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="{id}" type="http://adlnet.gov/expapi/activities/course">
    <name>Course</name><description lang="en-US">About</description><launch lang="en-US">index.html</launch>
  </activity></activities></tincan>"""


def test_an_xapi_package_is_checked_for_ids_and_launch(tmp_path):
    good = TINCAN.format(id="https://example.org/course/1").encode()
    verdict = validate_package(write_zip({"tincan.xml": good, "index.html": b"<p/>"}, tmp_path / "a.zip"))
    assert verdict.standard is Standard.XAPI and verdict.valid, [p.describe() for p in verdict.problems]
    verdict = validate_package(write_zip({"tincan.xml": good}, tmp_path / "b.zip"))
    assert [p.code for p in verdict.problems] == ["package.missing-file"]
    relative = TINCAN.format(id="course-1").encode()
    verdict = validate_package(write_zip({"tincan.xml": relative, "index.html": b"<p/>"}, tmp_path / "c.zip"))
    assert [p.code for p in verdict.problems] == ["xapi.activity-id"]


def test_a_zip_without_any_descriptor_is_not_valid(tmp_path):
    verdict = validate_package(write_zip({"index.html": b"<p/>"}, tmp_path / "site.zip"))
    assert verdict.standard is Standard.UNKNOWN and [p.code for p in verdict.problems] == ["package.no-descriptor"]


def test_the_schemas_travel_unmodified_with_their_notices():
    sums = (PACKAGED_SCHEMAS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    copied = [line.split(maxsplit=1) for line in sums if (PACKAGED_SCHEMAS / line.split(maxsplit=1)[1]).is_file()]
    assert {name.split("/")[0] for _, name in copied} == {"scorm12", "scorm2004-3rd", "scorm2004-4th", "cmi5"}
    for digest, name in copied:
        assert hashlib.sha256((PACKAGED_SCHEMAS / name).read_bytes()).hexdigest() == digest, name
    for name in ("README.md", "SHA256SUMS", "catalog.xml", "scorm12-driver.xsd", "scorm2004-3rd-driver.xsd",
                 "scorm2004-4th-driver.xsd"):
        assert (PACKAGED_SCHEMAS / name).read_bytes() == (SCHEMAS / name).read_bytes(), name


OTHER_TOOL = """<?xml version="1.0" standalone="no" ?>
<manifest identifier="com.example.golf.4th" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>
    <adlcp:location>metadata/course.xml</adlcp:location></metadata>
  <organizations default="golf_org">
    <organization identifier="golf_org" adlseq:objectivesGlobalToSystem="false"><title>Golf Explained</title>
      <item identifier="item_playing" identifierref="res_playing"><title>Playing the Game</title>
        <adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>previous</adlnav:hideLMSUI>
        </adlnav:navigationInterface></adlnav:presentation></item>
      <item identifier="item_etiquette" identifierref="res_etiquette" parameters="?page=2"><title>Etiquette</title>
        <imsss:sequencing IDRef="{idref}"/></item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="res_playing" type="webcontent" adlcp:scormType="sco" href="playing/Playing.html">
      <file href="playing/Playing.html"/><dependency identifierref="res_common"/></resource>
    <resource identifier="res_etiquette" type="webcontent" adlcp:scormType="sco" href="etiquette/Course.html?x=1#top">
      <file href="etiquette/Course.html"/><dependency identifierref="res_common"/></resource>
    <resource identifier="res_common" type="webcontent" adlcp:scormType="asset" xml:base="shared/">
      <file href="scormfunctions.js"/><file href="style%2Ecss"/></resource>
  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="common_seq"><imsss:deliveryControls tracked="true"/></imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>"""


def test_another_tools_scorm2004_package_validates_and_xmlschema_catches_a_dangling_idref(tmp_path):
    """Sequencing, navigation, xml:base, query strings, %-escapes, metadata files and the schema copies other tools
    put at the root; an imsss IDRef naming no ID is caught by xmlschema."""
    files = {name: b"" for name in ("content/playing/Playing.html", "content/etiquette/Course.html",
                                    "content/shared/scormfunctions.js", "content/shared/style.css",
                                    "metadata/course.xml", "imscp_v1p1.xsd", "adlcp_v1p3.xsd")}
    good = {**files, "imsmanifest.xml": OTHER_TOOL.format(idref="common_seq").encode()}
    verdict = validate_package(write_zip(good, tmp_path / "golf.zip"))
    assert verdict.standard is Standard.SCORM2004_4TH and verdict.valid, [p.describe() for p in verdict.problems]
    bad = {**files, "imsmanifest.xml": OTHER_TOOL.format(idref="nowhere_seq").encode()}
    problems = validate_package(write_zip(bad, tmp_path / "bad.zip")).problems
    assert [p.code for p in problems] == ["xsd.xmlschema"] and "nowhere_seq" in problems[0].message


def test_validation_never_touches_the_network(monkeypatch, tmp_path):
    """A manifest's http schemaLocation is never followed, and the schemas load from the package's own copies."""
    import socket

    from converter.validation.xsd import engines

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validation tried to use the network")

    engines.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    files = {"content/playing/Playing.html": b"", "content/etiquette/Course.html": b"", "metadata/course.xml": b"",
             "content/shared/scormfunctions.js": b"", "content/shared/style.css": b"",
             "imsmanifest.xml": OTHER_TOOL.format(idref="common_seq").encode()}
    assert validate_package(write_zip(files, tmp_path / "golf.zip")).valid


def test_a_zip_bomb_entry_is_refused_unread(tmp_path):
    bomb = write_zip({"imsmanifest.xml": b"<manifest/>", "zeros.bin": bytes(20 * 1024 * 1024)}, tmp_path / "b.zip")
    with pytest.raises(LimitExceededError, match="max_compression_ratio"):
        validate_package(bomb)


def test_an_encrypted_entry_is_exit_6(tmp_path):
    data = bytearray(write_zip({"imsmanifest.xml": b"<manifest/>"}, tmp_path / "plain.zip").read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers: flag bit 0
        data[data.index(signature) + offset] |= 0x1
    path = tmp_path / "locked.zip"
    path.write_bytes(bytes(data))
    assert run_c2e("validate", str(path)).returncode == 6


def test_a_folders_link_out_of_the_folder_is_a_traversal(sample_package, tmp_path):
    with zipfile.ZipFile(sample_package) as archive:
        archive.extractall(tmp_path / "unpacked")
    (tmp_path / "unpacked" / "player" / "secret").symlink_to("/etc/passwd")
    problems = validate_package(tmp_path / "unpacked").problems
    assert [p.code for p in problems] == ["package.path-traversal"] and problems[0].where == "player/secret"


# --- one defect in the project's own per-module cmi5 and SCORM 2004 packages -----------------------------------

CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


@pytest.fixture(scope="module")
def own_packages(tmp_path_factory: pytest.TempPathFactory, sample_deck: Path) -> dict[str, Path]:
    """The sample deck as cmi5 and SCORM 2004 with one AU/SCO per module (several AUs, a dependency)."""
    out = tmp_path_factory.mktemp("per-module")
    result = converter.convert(sample_deck, out, format="cmi5,scorm2004", sco="module", slide_images="never")
    return result.value.packages


def edit_entry(name: str, edit: Callable[[str], str]) -> Callable[[Entries], Entries]:
    def change(entries: Entries) -> Entries:
        return {**entries, name: edit(entries[name].decode()).encode()}
    return change


def _second_au_takes_the_first_id(text: str) -> str:
    ids = re.findall(r'<au id="([^"]+)"', text)
    assert len(ids) > 1, "the per-module package has several AUs"
    return text.replace(f'<au id="{ids[1]}"', f'<au id="{ids[0]}"')


def _au_url_with_a_space(entries: Entries) -> Entries:
    moved = {("start page.html" if name == "index.html" else name): data for name, data in entries.items()}
    return edit_entry("cmi5.xml", lambda t: t.replace("<url>index.html", "<url>start page.html"))(moved)


OWN_DEFECTS = {
    "cmi5 duplicate AU id": ("cmi5", edit_entry("cmi5.xml", _second_au_takes_the_first_id), "cmi5.duplicate-id",
                             "used 2 times"),
    "cmi5 wrong namespace": ("cmi5", edit_entry("cmi5.xml", lambda t: t.replace(CMI5_NS, CMI5_NS.replace(
        "https://", "http://"))), "cmi5.namespace", CMI5_NS),
    "cmi5 space in a launch path": ("cmi5", _au_url_with_a_space, "package.space-in-path", "start page.html"),
    "cmi5 missing launch file": ("cmi5", lambda e: {n: d for n, d in e.items() if n != "index.html"},
                                 "package.missing-file", "index.html"),
    "scorm2004 dangling dependency": ("scorm2004", edit_entry("imsmanifest.xml", lambda t: re.sub(
        r'<dependency identifierref="[^"]+"', '<dependency identifierref="files-gone"', t)),
        "manifest.dangling-identifierref", "files-gone"),
    "scorm2004 dangling item": ("scorm2004", edit_entry("imsmanifest.xml", lambda t: t.replace(
        'identifierref="res-', 'identifierref="gone-', 1)), "manifest.dangling-identifierref", "gone-"),
    "scorm2004 missing shared file": ("scorm2004", lambda e: {n: d for n, d in e.items() if n != "player/player.css"},
                                      "package.missing-file", "player/player.css"),
}


def test_the_projects_own_per_module_packages_are_valid(own_packages):
    for package in own_packages.values():
        verdict = validate_package(package)
        assert verdict.valid, [p.describe() for p in verdict.problems]


@pytest.mark.parametrize("defect", sorted(OWN_DEFECTS))
def test_a_one_defect_per_module_package_is_rejected_naming_the_defect(defect, own_packages, tmp_path):
    standard, change, code, named = OWN_DEFECTS[defect]
    broken = write_zip(change(read_entries(own_packages[standard])), tmp_path / f"{standard}.zip")
    verdict = validate_package(broken)
    assert not verdict.valid
    matching = [p for p in verdict.problems if p.code == code]
    assert matching and any(named in p.message for p in matching), [p.describe() for p in verdict.problems]
    run = run_c2e("validate", str(broken))
    assert run.returncode == PACKAGE_NOT_VALID and f"[{code}]" in run.stdout + run.stderr
