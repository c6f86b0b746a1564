"""Course model 2.0 end to end, as a user runs it: several sources make one course, one extraction feeds several
formats, and a course saved as JSON (pictures included) rebuilds the byte-identical packages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import converter
from converter.model import Image, load_course

from conftest import REPO, run_c2e

SAMPLES = REPO / "samples"
DECK = SAMPLES / "pharma-sales-onboarding.pptx"
GUIDE = SAMPLES / "facilitator-guide.docx"
HANDOUT = SAMPLES / "handout.pdf"


def zip_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_course_json_rebuilds_byte_identical_packages_pictures_included(tmp_path):
    converted = run_c2e("convert", str(DECK), "-o", str(tmp_path / "a"), "--format", "scorm12,web", "--target", "zip")
    assert converted.returncode == 0, converted.stderr
    inspected = run_c2e("inspect", "--course", str(DECK))
    assert inspected.returncode == 0, inspected.stderr
    course_json = tmp_path / "course.json"
    course_json.write_text(inspected.stdout, encoding="utf-8")
    course = load_course(course_json.read_bytes())
    pictures = [b for s in course.screens() for b in s.blocks if isinstance(b, Image)]
    assert pictures and all(course.asset(p.asset).data for p in pictures), "the JSON carries the picture bytes"

    rebuilt = run_c2e("build", str(course_json), "-o", str(tmp_path / "b"), "--format", "scorm12,web", "--target", "zip")
    assert rebuilt.returncode == 0, rebuilt.stderr
    for name in ("pharma-sales-onboarding-scorm12.zip", "pharma-sales-onboarding-web.zip"):
        first, second = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert first == second, name
        assert any(entry.startswith("assets/") and entry.endswith(".png") for entry in zip_entries(tmp_path / "b" / name))


def test_an_edited_course_json_is_what_the_package_shows(tmp_path):
    course = converter.build(DECK).value
    first = course.modules[0]
    edited = course.model_copy(update={"title": "Edited <title>", "modules": (
        first.model_copy(update={"title": "Renamed module"}), *course.modules[1:])})
    (tmp_path / "course.json").write_text(edited.model_dump_json(), encoding="utf-8")
    run = run_c2e("build", str(tmp_path / "course.json"), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    page = zip_entries(tmp_path / "out" / "pharma-sales-onboarding-scorm12.zip")["index.html"].decode()
    assert "Edited &lt;title&gt;" in page and "Renamed module" in page


def test_an_old_or_damaged_course_json_is_refused_with_one_clear_line(tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema_version": "1.0", "id": "x"}), encoding="utf-8")
    run = run_c2e("build", str(old), "-o", str(tmp_path / "out"))
    assert run.returncode == 4 and "cannot be migrated" in run.stderr and "Traceback" not in run.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "2.0", "modules": 3}', encoding="utf-8")
    run = run_c2e("build", str(broken), "-o", str(tmp_path / "out"))
    assert run.returncode == 5 and "not a valid c2e course JSON" in run.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_deck_and_its_handout_make_one_course_with_provenance(tmp_path):
    run = run_c2e("convert", str(DECK), str(HANDOUT), "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "pharma-sales-onboarding.report.json").read_text(encoding="utf-8"))
    assert [s["source"]["name"] for s in report["sources"]] == [DECK.name, HANDOUT.name]
    assert [s["source"]["role"] for s in report["sources"]] == ["deck", "handout"]
    for source in report["sources"]:
        assert any(unit["in_course"] for unit in source["units"]), source["source"]["name"]

    course = converter.build([DECK, HANDOUT]).value
    files = [{ref.file for screen in module.screens for ref in screen.units} for module in course.modules]
    assert {DECK.name} in files and {HANDOUT.name} in files
    for screen in course.screens():
        for block in screen.blocks:
            assert block.where is not None and block.where.file in (DECK.name, HANDOUT.name)
    page = zip_entries(tmp_path / "pharma-sales-onboarding-scorm12.zip")["index.html"].decode()
    deck_title = course.screens()[1].title
    handout_text = next(s.title for s in course.screens() if s.units[0].file == HANDOUT.name)
    assert deck_title in page and handout_text in page
    ids = [screen.id for screen in course.screens()]
    assert len(set(ids)) == len(ids)


def test_a_course_toml_names_the_sources_their_roles_and_the_course(tmp_path):
    (tmp_path / "course.toml").write_text(f'''
[course]
id = "cardiolex-onboarding"
title = "Cardiolex onboarding, blended"
name = "cardiolex"

[[sources]]
path = "{DECK.as_posix()}"
role = "deck"

[[sources]]
path = "{GUIDE.as_posix()}"
role = "facilitator-guide"
''', encoding="utf-8")
    run = run_c2e("convert", str(tmp_path / "course.toml"), "-o", str(tmp_path / "out"), "--format", "scorm12,web")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "cardiolex-scorm12.zip").is_file() and (tmp_path / "out" / "cardiolex-web").is_dir()
    course = converter.build(tmp_path / "course.toml").value
    assert (course.id, course.title, course.name) == ("cardiolex-onboarding", "Cardiolex onboarding, blended",
                                                      "cardiolex")
    assert {ref.file for s in course.screens() for ref in s.units} == {DECK.name}, "the guide is not self-paced"
    assert course.live.activities and all(a.units[0].file == GUIDE.name for a in course.live.activities)
    assert any(activity.cues for activity in course.live.activities), "Say:/Do:/Ask: cues reach the live plan"


def test_facilitator_cues_never_reach_a_learners_screen(tmp_path):
    course = converter.build(GUIDE).value
    cues = [cue for screen in course.screens() for cue in screen.facilitator]
    assert cues, "the sample guide has Say:/Do:/Ask: cues"
    run = run_c2e("convert", str(GUIDE), "-o", str(tmp_path), "--format", "web")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "facilitator-guide-web" / "index.html").read_text(encoding="utf-8")
    for cue in cues:
        text = "".join(span.text for span in cue.spans)
        assert text not in page, f"cue on a learner screen: {text}"


def test_a_folder_is_the_course_of_the_files_in_it(tmp_path):
    folder = tmp_path / "Onboarding 2026"
    folder.mkdir()
    for sample in (DECK, HANDOUT):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "notes.txt").write_text("not a source")
    run = run_c2e("convert", str(folder), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "onboarding-2026-scorm12.zip").is_file()
    course = converter.build(folder).value
    assert [source.name for source in course.sources] == [HANDOUT.name, DECK.name]


def test_one_extraction_feeds_every_format(tmp_path):
    result = converter.convert(DECK, tmp_path, formats="all")
    assert set(result.value.packages) == set(converter.formats())
    assert result.value.packages["web"].is_dir() and (result.value.packages["web"] / "index.html").is_file()
    assert zipfile.is_zipfile(result.value.packages["scorm12"])
    run = run_c2e("convert", str(DECK), "-o", str(tmp_path / "cli"), "--format", "scorm12,nope")
    assert run.returncode == 2 and "unknown output format 'nope'" in run.stderr
    assert not (tmp_path / "cli").exists() or not any((tmp_path / "cli").iterdir()), "nothing half-written"


def test_the_schema_command_prints_the_published_json_schema():
    run = run_c2e("schema")
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert schema["$id"].endswith("course-2.0.json") and "micro_items" in schema["properties"]


def test_a_deck_and_a_word_handout_make_one_course(tmp_path):
    run = run_c2e("convert", str(DECK), str(GUIDE), "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "pharma-sales-onboarding.report.json").read_text(encoding="utf-8"))
    assert [(s["source"]["name"], s["source"]["role"]) for s in report["sources"]] == [
        (DECK.name, "deck"), (GUIDE.name, "handout")]
    course = converter.build([DECK, GUIDE]).value
    assert {ref.file for screen in course.screens() for ref in screen.units} == {DECK.name, GUIDE.name}
    assert [source.name for source in course.sources] == [DECK.name, GUIDE.name]
