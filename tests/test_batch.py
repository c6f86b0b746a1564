"""``c2e batch`` and ``converter.convert_many``: every input found once, each in its own folder, failures reported
and the batch going on, the ledger skipping what is done, and the batch report."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from pptx import Presentation

import converter
from converter.batch import plan as plan_batch
from converter.batch.jobs import Found, discover, unique_jobs
from converter.errors import BATCH_FAILED, InputNotFoundError

from conftest import run_c2e

READABLE = (".pptx", ".docx", ".pdf")
FAST = ("--slide-images", "never", "--ocr", "never")


def write_deck(path: Path, *titles: str) -> Path:
    """Write a small deck with one titled slide per title (body and notes name the slide)."""
    deck = Presentation()
    for title in titles:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = f"What {title} is about"
        slide.notes_slide.notes_text_frame.text = f"Say why {title} matters"
    path.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(path))
    return path


def library(root: Path) -> Path:
    """A training library: decks in nested folders, a course folder with a course.toml, a damaged deck."""
    write_deck(root / "safety" / "gloves.pptx", "Gloves", "Goggles")
    write_deck(root / "safety" / "fire.pptx", "Fire", "Exits")
    write_deck(root / "sales" / "gloves.pptx", "Pitch", "Close")
    write_deck(root / "onboarding" / "deck.pptx", "Welcome", "Tools")
    (root / "onboarding" / "course.toml").write_text('[course]\nname = "onboarding"\n\n[[sources]]\npath = '
                                                     '"deck.pptx"\nrole = "deck"\n', encoding="utf-8")
    (root / "sales" / "broken.pptx").write_bytes(b"PK\x03\x04 this is not a whole deck")
    (root / "sales" / "notes.txt").write_text("not a document", encoding="utf-8")
    (root / ".hidden.pptx").write_bytes(b"skipped")
    return root


# -- finding the jobs ---------------------------------------------------------------------------------------------

def test_a_folder_gives_one_job_per_readable_file_and_one_per_course_folder(tmp_path):
    plan = discover([str(library(tmp_path / "lib"))], READABLE)
    jobs = plan.jobs
    assert [job.key for job in jobs] == ["onboarding", "safety/fire.pptx", "safety/gloves.pptx",
                                         "sales/broken.pptx", "sales/gloves.pptx"]
    assert jobs[0].inputs == (str(tmp_path / "lib" / "onboarding" / "course.toml"),)
    assert plan.ignored == [str(tmp_path / "lib" / "sales" / "notes.txt")]  # named in the report, not converted


def test_the_same_name_under_two_folders_is_told_apart_the_same_way_in_any_order(tmp_path):
    first = write_deck(tmp_path / "a" / "deck.pptx", "A")
    second = write_deck(tmp_path / "b" / "deck.pptx", "B")
    forward = discover([str(first.parent), str(second.parent)], READABLE).jobs
    backward = discover([str(second.parent), str(first.parent)], READABLE).jobs
    assert forward == backward
    assert [(job.key, Path(job.inputs[0]).parent.name) for job in forward] == [("deck.pptx", "a"),
                                                                                ("deck.pptx-2", "b")]


def test_a_key_never_lands_inside_another_jobs_folder():
    jobs = unique_jobs([Found("/x/a", "a"), Found("/y/a/b.pptx", "a/b.pptx")])
    keys = [job.key for job in jobs]
    assert not any(k.startswith(other + "/") for k in keys for other in keys)


def test_globs_and_list_files_name_inputs(tmp_path):
    library(tmp_path / "lib")
    listed = tmp_path / "lib" / "todo.txt"
    listed.write_text("# this week\nsafety/fire.pptx\nsales/gloves.pptx  # the new pitch\n\n", encoding="utf-8")
    assert [job.key for job in discover([str(listed)], READABLE).jobs] == ["fire.pptx", "gloves.pptx"]
    globbed = discover([str(tmp_path / "lib" / "*" / "g*.pptx")], READABLE).jobs
    assert [job.key for job in globbed] == ["safety/gloves.pptx", "sales/gloves.pptx"]


def test_an_input_that_is_not_there_is_refused(tmp_path):
    with pytest.raises(InputNotFoundError):
        discover([str(tmp_path / "missing")], READABLE)
    with pytest.raises(InputNotFoundError, match="no file matches"):
        discover([str(tmp_path / "*.pptx")], READABLE)


# -- the batch, as a user runs it ----------------------------------------------------------------------------------

def _report(out: Path) -> dict:
    return json.loads((out / "batch-report.json").read_text(encoding="utf-8"))


def test_a_batch_converts_each_input_into_its_own_folder_and_reports_the_bad_one(tmp_path):
    lib, out = library(tmp_path / "lib"), tmp_path / "out"
    run = run_c2e("batch", str(lib), "-o", str(out), "-j", "2", *FAST)
    assert run.returncode == BATCH_FAILED, run.stderr
    assert run.stdout.strip() == "5 files: 4 converted, 1 failed; " + _report(out)["summary"].split("; ")[1]
    assert "sales/broken.pptx" in run.stderr and "input.corrupt" in run.stderr
    report = _report(out)
    assert [f["key"] for f in report["files"]] == ["onboarding", "safety/fire.pptx", "safety/gloves.pptx",
                                                   "sales/broken.pptx", "sales/gloves.pptx"]
    broken = report["files"][3]
    assert (broken["status"], broken["code"], broken["exit_code"]) == ("failed", "input.corrupt", 5)
    assert not (out / "sales" / "broken.pptx").exists()
    for entry in report["files"]:
        if entry["status"] == "converted":
            folder = out / entry["key"]
            assert sorted(p.name for p in folder.iterdir()) == entry["outputs"]
            assert (folder / entry["report"]).is_file()
            zipfile.ZipFile(next(folder.glob("*-scorm12.zip"))).testzip()
    assert (out / "onboarding" / "onboarding-scorm12.zip").is_file()  # the course.toml's name
    html = (out / "batch-report.html").read_text(encoding="utf-8")
    assert 'href="safety/fire.pptx/fire.report.html"' in html and "input.corrupt" in html
    assert report["ignored"] == [str(lib / "sales" / "notes.txt")] and "notes.txt" in html
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".c2e-ledger.sqlite"]


def test_a_batch_where_every_file_converts_exits_0(tmp_path):
    deck = write_deck(tmp_path / "deck.pptx", "One")
    run = run_c2e("batch", str(deck), "-o", str(tmp_path / "out"), "--quiet", *FAST)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith("1 file: 1 converted, 0 failed")
    assert run.stderr == ""


def test_a_rerun_skips_what_is_done_and_redoes_what_changed_or_failed(tmp_path):
    lib, out = library(tmp_path / "lib"), tmp_path / "out"
    outcomes = {o.key: o for o in converter.convert_many([lib], out, workers=2, slide_images="never", ocr="never")}
    fire = out / "safety" / "fire.pptx" / "fire-scorm12.zip"
    before = fire.stat().st_mtime_ns
    write_deck(lib / "sales" / "gloves.pptx", "Pitch", "Close", "Follow up")  # changed
    again = {o.key: o for o in converter.convert_many([lib], out, workers=2, slide_images="never", ocr="never")}
    assert {k for k, o in again.items() if o.skipped} == {"onboarding", "safety/fire.pptx", "safety/gloves.pptx"}
    assert not again["sales/gloves.pptx"].skipped and again["sales/gloves.pptx"].converted
    assert not again["sales/broken.pptx"].converted and not outcomes["sales/broken.pptx"].converted
    assert fire.stat().st_mtime_ns == before  # not rewritten
    assert _report(out)["totals"]["unchanged"] == 3
    other_options = {o.key: o for o in converter.convert_many([lib / "safety"], out / "x", workers=1,
                                                              slide_images="never", ocr="never", formats="web")}
    assert not any(o.skipped for o in other_options.values())
    with closing(sqlite3.connect(out / ".c2e-ledger.sqlite")) as db:
        assert dict(db.execute("SELECT key, status FROM jobs")) == {
            "onboarding": "converted", "safety/fire.pptx": "converted", "safety/gloves.pptx": "converted",
            "sales/gloves.pptx": "converted", "sales/broken.pptx": "failed"}


def test_changed_options_redo_every_file(tmp_path):
    deck, out = write_deck(tmp_path / "deck.pptx", "One"), tmp_path / "out"
    list(converter.convert_many(deck, out, workers=1, slide_images="never", ocr="never"))
    (again,) = converter.convert_many(deck, out, workers=1, slide_images="never", ocr="never", formats="web")
    assert not again.skipped and again.outputs == ("deck-web", "deck.report.html", "deck.report.json")
    assert sorted(p.name for p in (out / "deck.pptx").iterdir()) == list(again.outputs)  # old zip replaced


def test_convert_many_runs_on_a_vendors_own_process_pool(tmp_path):
    decks = [write_deck(tmp_path / f"deck{i}.pptx", f"Deck {i}") for i in range(3)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = list(converter.convert_many(decks, tmp_path / "out", executor=pool, slide_images="never",
                                               ocr="never"))
    assert sorted(o.key for o in outcomes if o.converted) == ["deck0.pptx", "deck1.pptx", "deck2.pptx"]
    assert (tmp_path / "out" / "deck2.pptx" / "deck2-scorm12.zip").is_file()


def test_a_walked_file_c2e_reads_by_its_content_is_a_job_whatever_its_name(tmp_path):
    deck = write_deck(tmp_path / "lib" / "deck.pptx", "One")
    deck.rename(tmp_path / "lib" / "deck.bin")
    (tmp_path / "lib" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture")
    plan = plan_batch([str(tmp_path / "lib")])
    assert [job.key for job in plan.jobs] == ["deck.bin"]
    assert plan.ignored == [str(tmp_path / "lib" / "photo.jpg")]


def test_the_readme_batch_example_runs_as_written(tmp_path, monkeypatch, capsys):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    intro = readme.index("Many files, from your own code")
    start = readme.index("```python\n", intro) + len("```python\n")
    snippet = readme[start:readme.index("```", start)]
    library(tmp_path / "library")
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert "sales/broken.pptx input.corrupt " in "\n".join(printed)
    assert any(line.startswith("safety/fire.pptx ('fire-scorm12.zip', 'fire-web', ") for line in printed)
    assert json.loads((tmp_path / "out" / "batch-report.json").read_text())["totals"]["files"] == 5


def test_a_batch_worker_writes_the_same_generated_questions_as_a_single_conversion(tmp_path):
    """The fork server preloads the question generator and its English word list (converter/batch/preload.py);
    what a worker forked from it writes is what a conversion on its own writes."""
    deck = Path(__file__).resolve().parents[1] / "samples" / "pharma-sales-onboarding.pptx"
    run = run_c2e("batch", str(deck), "-o", str(tmp_path / "batch"), "--quiet", "-f", "gift", *FAST)
    assert run.returncode == 0, run.stderr
    (batched,) = (tmp_path / "batch").glob("*/*-gift.txt")
    single = converter.convert(deck, tmp_path / "single", format="gift", slide_images="never", ocr="never")
    assert "[tag:c2e-generated]" in batched.read_text(encoding="utf-8"), "the sample's modules get generated checks"
    assert batched.read_bytes() == single.value.packages["gift"].read_bytes()
