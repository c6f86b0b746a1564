"""One SCO/AU per module or micro-item (``--sco module``, ``--micro-scos``, ``--forward-only``): what each
standard's descriptor says, that every such package passes ``c2e validate`` (both XSD engines and the structural
checks), that the page carries each micro-item as a screen of its own, and how the option reaches the packages
from the CLI, c2e.toml and the completion pre-flight."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from converter.model import MicroItem, Span
from converter.options import ConvertOptions
from converter.plugin import Target
from converter.validation.validate import validate_package
from packagers._units import launch_units
from packagers.cmi5 import Cmi5Packager, au_iri
from packagers.scorm12 import Scorm12Packager
from packagers.scorm2004 import Scorm2004Packager
from packagers.xapi import XapiPackager, micro_iri, module_iri

from conftest import run_c2e
from course_factory import make_course

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
SS = "http://www.imsglobal.org/xsd/imsss"
CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN = "http://projecttincan.com/tincan.xsd"
PER_MODULE = ConvertOptions(sco="module")
WITH_MICRO = ConvertOptions(sco="module", micro_scos=True)
TAKEAWAY = "MARKER-TAKEAWAY: check the dose before every call"


def course_with_micro_items(modules: int = 3):
    """A factory course whose modules each have a micro-item (as the journey makes them), the second scored."""
    course = make_course(modules, 2)
    items = tuple(MicroItem(id=f"mic-{module.id.split('-', 1)[1]}", title=f"Recall: {module.title}", day_offset=rank,
                            takeaway=(Span(text=f"{TAKEAWAY} {rank}"),))
                  for rank, module in enumerate(course.modules))
    return course.model_copy(update={"micro_items": items})


def built(packager, course, options) -> dict[str, bytes]:
    return packager.build(course, options).value


def written(tmp_path: Path, packager, course, options, name: str) -> Path:
    out = tmp_path / f"{name}.zip"
    packager.package(course, Target("zip", out), options)
    return out


def q(tag: str, ns: str = CP) -> str:
    return f"{{{ns}}}{tag}"


def test_the_default_is_one_sco_for_the_whole_course():
    course = course_with_micro_items()
    assert [unit.kind for unit in launch_units(course)] == ["course"]
    root = etree.fromstring(built(Scorm2004Packager(), course, None)["imsmanifest.xml"])
    items = list(root.iter(q("item")))
    assert len(items) == 1 and items[0].get("parameters") is None
    assert len(list(root.iter(q("resource")))) == 1


def test_scorm2004_per_module_has_one_item_per_module_launching_the_one_sco_with_its_part():
    course = course_with_micro_items()
    root = etree.fromstring(built(Scorm2004Packager(), course, PER_MODULE)["imsmanifest.xml"])
    items = list(root.iter(q("item")))
    assert [item.get("parameters") for item in items] == [f"?part={m.id}" for m in course.modules]
    assert [item.findtext(q("title")) for item in items] == [m.title for m in course.modules]
    resources = {r.get("identifier"): r for r in root.iter(q("resource"))}
    assert {item.get("identifierref") for item in items} == {r for r, el in resources.items()
                                                              if el.get("{http://www.adlnet.org/xsd/adlcp_v1p3}scormType") == "sco"}
    objectives = [item.find(f"{q('sequencing', SS)}/{q('objectives', SS)}/{q('primaryObjective', SS)}") for item in items]
    assert len({o.get("objectiveID") for o in objectives}) == len(items)
    organization = root.find(f"{q('organizations')}/{q('organization')}")
    control = organization.find(f"{q('sequencing', SS)}/{q('controlMode', SS)}")
    assert (control.get("choice"), control.get("flow"), control.get("forwardOnly")) == ("true", "true", None)


def test_scorm2004_micro_items_are_scos_that_take_no_part_in_the_rollup():
    course = course_with_micro_items()
    root = etree.fromstring(built(Scorm2004Packager(), course, WITH_MICRO)["imsmanifest.xml"])
    items = list(root.iter(q("item")))
    assert len(items) == len(course.modules) + len(course.micro_items)
    micro = items[len(course.modules):]
    assert [item.get("parameters") for item in micro] == [f"?part={i.id}" for i in course.micro_items]
    for item in micro:
        rules = item.find(f"{q('sequencing', SS)}/{q('rollupRules', SS)}")
        assert (rules.get("rollupProgressCompletion"), rules.get("rollupObjectiveSatisfied")) == ("false", "false")
    for item in items[:len(course.modules)]:
        assert item.find(f"{q('sequencing', SS)}/{q('rollupRules', SS)}") is None, "modules roll up by default"


def test_forward_only_takes_the_scos_in_order_without_choice():
    course = course_with_micro_items()
    options = ConvertOptions(sco="module", forward_only=True)
    root = etree.fromstring(built(Scorm2004Packager(), course, options)["imsmanifest.xml"])
    control = root.find(f"{q('organizations')}/{q('organization')}/{q('sequencing', SS)}/{q('controlMode', SS)}")
    assert (control.get("choice"), control.get("flow"), control.get("forwardOnly")) == ("false", "true", "true")


def test_scorm12_per_module_lists_the_items_without_sequencing():
    course = course_with_micro_items()
    root = etree.fromstring(built(Scorm12Packager(), course, WITH_MICRO)["imsmanifest.xml"])
    items = list(root.iter(q("item", CP12)))
    parts = [m.id for m in course.modules] + [i.id for i in course.micro_items]
    assert [item.get("parameters") for item in items] == [f"?part={part}" for part in parts]
    assert not [el for el in root.iter() if isinstance(el.tag, str) and SS in el.tag]


def test_cmi5_per_module_puts_one_au_per_module_in_a_block_and_micro_items_in_their_own():
    course = course_with_micro_items()
    root = etree.fromstring(built(Cmi5Packager(), course, WITH_MICRO)["cmi5.xml"])
    blocks = root.findall(q("block", CMI5))
    assert len(blocks) == 2 and root.find(q("au", CMI5)) is None
    modules, micro = (block.findall(q("au", CMI5)) for block in blocks)
    assert [au.findtext(q("url", CMI5)) for au in modules] == [f"index.html?part={m.id}" for m in course.modules]
    assert [au.get("moveOn") for au in modules] == ["Completed"] * len(course.modules)
    assert [au.get("moveOn") for au in micro] == ["NotApplicable"] * len(course.micro_items)
    ids = [au.get("id") for au in modules + micro]
    assert len(set(ids)) == len(ids) and all(i.startswith(au_iri(course) + "/") for i in ids)


def test_cmi5_au_ids_survive_republishing_with_a_module_added_before():
    course = course_with_micro_items(2)
    bigger = make_course(3, 2)
    extended = course.model_copy(update={"modules": (bigger.modules[2], *course.modules)})
    ids = [au.get("id") for au in etree.fromstring(built(Cmi5Packager(), course, PER_MODULE)["cmi5.xml"]).iter(q("au", CMI5))]
    again = [au.get("id") for au in etree.fromstring(built(Cmi5Packager(), extended, PER_MODULE)["cmi5.xml"]).iter(q("au", CMI5))]
    assert again[1:] == ids


def test_tincan_launches_each_module_and_micro_item_activity():
    course = course_with_micro_items()
    root = etree.fromstring(built(XapiPackager(), course, WITH_MICRO)["tincan.xml"])
    launches = {a.get("id"): a.findtext(q("launch", TINCAN)) for a in root.iter(q("activity", TINCAN))}
    for module in course.modules:
        assert launches[module_iri(course, module.id)] == f"index.html?part={module.id}"
    for item in course.micro_items:
        assert launches[micro_iri(course, item.id)] == f"index.html?part={item.id}"
    assert list(launches.values())[0] is None, "the course activity is not launched on its own any more"


def test_the_page_carries_each_micro_item_as_a_hidden_screen_with_its_takeaway_only_when_asked():
    course = course_with_micro_items()
    page = html.document_fromstring(built(Scorm2004Packager(), course, WITH_MICRO)["index.html"].decode())
    sections = page.cssselect("section[data-micro]")
    assert [s.get("id") for s in sections] == [i.id for i in course.micro_items]
    assert all(s.get("hidden") is not None for s in sections)
    assert f"{TAKEAWAY} 1" in sections[1].text_content()
    plain = html.document_fromstring(built(Scorm2004Packager(), course, PER_MODULE)["index.html"].decode())
    assert plain.cssselect("section[data-micro]") == []


@pytest.mark.parametrize("packager", [Scorm12Packager(), Scorm2004Packager(), Cmi5Packager(), XapiPackager()],
                         ids=lambda p: p.name)
@pytest.mark.parametrize("options", [PER_MODULE, WITH_MICRO, ConvertOptions(micro_scos=True),
                                     ConvertOptions(sco="module", micro_scos=True, forward_only=True)],
                         ids=["per-module", "with-micro", "course-and-micro", "forward-only"])
def test_every_layout_passes_c2e_validate(tmp_path, packager, options):
    package = written(tmp_path, packager, course_with_micro_items(), options, packager.name)
    verdict = validate_package(package)
    assert verdict.valid, [p.message for p in verdict.problems]


def scorm2004_items(package: Path) -> list[etree._Element]:
    with zipfile.ZipFile(package) as archive:
        return list(etree.fromstring(archive.read("imsmanifest.xml")).iter(q("item")))


def test_the_cli_and_c2e_toml_ask_for_one_sco_per_module(tmp_path, sample_deck):
    out = tmp_path / "cli"
    run = run_c2e("convert", str(sample_deck), "-o", str(out), "--format", "scorm2004", "--sco", "module",
                  "--slide-images", "never", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    modules = len(scorm2004_items(next(out.glob("*-scorm2004.zip"))))
    assert modules > 1
    (tmp_path / "c2e.toml").write_text('[convert]\nsco = "module"\nformat = "scorm2004"\nslide-images = "never"\n')
    run = run_c2e("convert", str(sample_deck), "-o", "toml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert len(scorm2004_items(next((tmp_path / "toml").glob("*-scorm2004.zip")))) == modules


def test_a_preset_that_wants_one_sco_warns_when_asked_for_one_per_module(tmp_path, sample_deck):
    run = run_c2e("convert", str(sample_deck), "-o", "out", "--lms", "moodle-app", "--sco", "module",
                  "--slide-images", "never", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(next((tmp_path / "out").glob("*.report.json")).read_text())
    codes = [m["code"] for check in report["preflight"] for m in check["messages"]]
    assert "preflight.not-single-sco" in codes
    run = run_c2e("convert", str(sample_deck), "-o", "one", "--lms", "moodle-app", "--slide-images", "never",
                  cwd=tmp_path)
    report = json.loads(next((tmp_path / "one").glob("*.report.json")).read_text())
    assert "preflight.not-single-sco" not in [m["code"] for c in report["preflight"] for m in c["messages"]]
