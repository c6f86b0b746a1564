"""Third-party plug-ins and the batch's isolation, through a real plug-in package: tests/plugins/c2e-lesson is
built into a wheel and pip-installed into a temporary folder; its entry points (``c2e.extractors``,
``c2e.packagers``) make c2e read ``.lesson`` files and write a course outline. Its reader can also be told to
hang, crash or eat memory, which is how the batch's per-file limits are tested on real processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from converter.errors import BATCH_FAILED

from conftest import REPO, run_c2e
from plugin_wheel import install_plugin


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory) -> dict[str, str]:
    """Return the environment of a c2e process that sees the installed plug-in (and this checkout)."""
    site = install_plugin(tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("wheel"))
    return {"PYTHONPATH": os.pathsep.join([str(REPO), str(site)])}


def lesson(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(("C2E-LESSON", *lines)) + "\n", encoding="utf-8")
    return path


def test_the_installed_plugin_adds_a_format_and_an_output(plugin_env, tmp_path):
    source = lesson(tmp_path / "gloves.lesson", "# Gloves", "Wear them in the lab", "# Disposal",
                    "Bin them after use")
    run = run_c2e("formats", env=plugin_env)
    assert "outline" in run.stdout and "sample plug-in" in run.stdout
    run = run_c2e("convert", str(source), "-o", str(tmp_path / "out"), "--format", "outline,scorm12",
                  env=plugin_env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "gloves-outline.txt").read_text(encoding="utf-8").splitlines()[-2:] == [
        "  - Gloves", "  - Disposal"]
    assert (tmp_path / "out" / "gloves-scorm12.zip").is_file()


def test_without_the_plugin_the_format_is_unknown(tmp_path):
    source = lesson(tmp_path / "gloves.lesson", "# Gloves")
    run = run_c2e("convert", str(source), "-o", str(tmp_path / "out"))
    assert run.returncode == 4  # input format not supported


def test_a_batch_converts_through_the_plugin_in_its_workers(plugin_env, tmp_path):
    lesson(tmp_path / "lib" / "a.lesson", "# One", "text")
    lesson(tmp_path / "lib" / "b.lesson", "# Two", "text")
    run = run_c2e("batch", str(tmp_path / "lib" / "*.lesson"), "-o", str(tmp_path / "out"), "-f", "outline",
                  "-q", env=plugin_env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "b.lesson" / "b-outline.txt").read_text(encoding="utf-8").endswith("  - Two\n")


def test_a_file_that_hangs_crashes_or_eats_memory_is_stopped_and_the_batch_goes_on(plugin_env, tmp_path):
    lib = tmp_path / "lib"
    lesson(lib / "1-hang.lesson", "# Hang", "!hang")
    lesson(lib / "2-crash.lesson", "# Crash", "!crash")
    lesson(lib / "3-bloat.lesson", "# Bloat", "!bloat")
    for number in range(4, 7):
        lesson(lib / f"{number}-good.lesson", f"# Good {number}", "text")
    run = run_c2e("batch", str(lib), "-o", str(tmp_path / "out"), "-j", "2", "--time-limit", "8",
                  "--memory-limit", "400", "-f", "outline", "-q", env=plugin_env, timeout=180)
    assert run.returncode == BATCH_FAILED, run.stderr
    files = {f["key"]: f for f in json.loads((tmp_path / "out" / "batch-report.json").read_text())["files"]}
    assert {k: f["code"] for k, f in files.items() if f["status"] == "failed"} == {
        "1-hang.lesson": "batch.time-limit", "2-crash.lesson": "batch.worker-crashed",
        "3-bloat.lesson": "batch.memory-limit"}
    assert "SIGSEGV" in files["2-crash.lesson"]["reason"]
    assert [k for k, f in files.items() if f["status"] == "converted"] == ["4-good.lesson", "5-good.lesson",
                                                                         "6-good.lesson"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "4-good.lesson", "5-good.lesson", "6-good.lesson", "batch-report.html", "batch-report.json"]
