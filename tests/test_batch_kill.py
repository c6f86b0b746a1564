"""A batch killed with SIGKILL at several points never leaves half an output, and the re-run converts only what
is left, ending byte-identical to a batch that was never interrupted."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

from conftest import REPO
from test_batch import FAST, write_deck

DECKS = 8
LEDGER = ".c2e-ledger.sqlite"
NOT_COMPARED = {LEDGER, "batch-report.json", "batch-report.html"}
"""The ledger and the batch report hold times and the ``unchanged`` flags: the only files allowed to differ."""


def _batch(lib: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "converter.cli", "batch", str(lib), "-o", str(out), "-j", "2",
                             "-q", *FAST], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _converted(out: Path) -> set[str]:
    """Return the keys the ledger records as converted (read-only, while the batch may be writing)."""
    if not (out / LEDGER).exists():
        return set()
    with closing(sqlite3.connect(f"file:{out / LEDGER}?mode=ro", uri=True, timeout=5)) as db:
        try:
            return {key for (key,) in db.execute("SELECT key FROM jobs WHERE status = 'converted'")}
        except sqlite3.OperationalError:  # the table is not there yet
            return set()


def _kill_after(lib: Path, out: Path, done_before: set[str], more: int) -> None:
    """Start a batch and SIGKILL it once ``more`` jobs past ``done_before`` are recorded (or it ends)."""
    process = _batch(lib, out)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if len(_converted(out) - done_before) >= more:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


def _visible(out: Path) -> dict[str, bytes]:
    """Return every file a user sees in ``out`` (no hidden name on its path), relative path -> bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def _assert_only_complete_outputs(out: Path) -> None:
    if not out.exists():  # killed before it made the folder
        return
    for folder in (p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        names = sorted(p.name for p in folder.iterdir())
        stem = folder.name.removesuffix(".pptx")
        written = json.loads((folder / f"{stem}.report.json").read_text(encoding="utf-8"))["packages"]
        assert {"scorm12", "journey", "micro"} <= set(written), "the whole journey, the default"
        assert names == sorted([*written.values(), f"{stem}.report.html", f"{stem}.report.json"]), names
        zips = [folder / written["scorm12"], *sorted((folder / written["micro"]).glob("*.zip"))]
        assert len(zips) > 1 and all(zipfile.ZipFile(path).testzip() is None for path in zips)


def test_a_killed_batch_leaves_only_complete_outputs_and_resumes_to_the_same_bytes(tmp_path):
    lib = tmp_path / "lib"
    for number in range(DECKS):
        write_deck(lib / f"deck{number}.pptx", *(f"Deck {number} topic {i}" for i in range(12)))
    reference = tmp_path / "reference"
    uninterrupted = _batch(lib, reference)
    assert uninterrupted.wait(timeout=300) == 0, uninterrupted.communicate()[1]

    out = tmp_path / "out"
    for more in (0, 1, 2, 3):  # killed while starting, then after 1, 2 and 3 more files were recorded
        before = _converted(out)
        _kill_after(lib, out, before, more)
        _assert_only_complete_outputs(out)
        assert _converted(out) <= {p.name for p in out.iterdir() if p.is_dir()} if out.exists() else True
    done_before = _converted(out)
    assert 0 < len(done_before) < DECKS

    rerun = _batch(lib, out)
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert {f["key"] for f in report["files"] if not f["skipped"]} == {f"deck{n}.pptx" for n in range(DECKS)} - done_before
    expected = {k: v for k, v in _visible(reference).items() if k not in NOT_COMPARED}
    assert {k: v for k, v in _visible(out).items() if k not in NOT_COMPARED} == expected
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [LEDGER]
