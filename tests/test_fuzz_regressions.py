"""Every input the fuzzer ever crashed on (``fuzz/crashes/<extractor>/``) now ends in a Result or a typed error.

Each input is replayed by ``fuzz/run.py --replay`` in a child process (memory-capped, with a timeout), so a
regression that hangs or kills the process fails here instead of stopping the suite. With no inputs kept,
the folder must still exist and the test says so: zero regressions is a count, not a skip.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CRASHES = REPO / "fuzz" / "crashes"
RUNNER = REPO / "fuzz" / "run.py"
REPLAY_TIMEOUT = 60


def kept_inputs() -> list[Path]:
    """Every kept input (not its ``.txt`` note), in a stable order."""
    if not CRASHES.is_dir():
        return []
    return sorted(p for p in CRASHES.glob("*/*") if p.is_file() and p.suffix not in (".txt", ".md"))


KEPT = kept_inputs()


def test_the_crash_corpus_folder_exists_and_is_counted(record_property):
    assert CRASHES.is_dir(), "fuzz/crashes/ must exist (fuzz/run.py writes crashing inputs there)"
    per_extractor = {folder.name: sum(1 for p in KEPT if p.parent == folder)
                     for folder in sorted(CRASHES.iterdir()) if folder.is_dir()}
    record_property("kept_crash_inputs", len(KEPT))
    print(f"fuzz regression inputs kept: {len(KEPT)} {per_extractor}")
    notes = [p.with_suffix(".txt") for p in KEPT]
    assert all(note.is_file() for note in notes), "every kept input has its traceback note beside it"


@pytest.mark.parametrize("kept", KEPT or [None], ids=[str(p.relative_to(CRASHES)) for p in KEPT] or ["none-kept"])
def test_kept_crash_input_now_gives_a_result_or_a_typed_error(kept):
    if kept is None:
        assert KEPT == [], "no crash input is kept, so there is nothing to replay"
        return
    stage = "convert" if "stage: convert" in kept.with_suffix(".txt").read_text(encoding="utf-8") else "extract"
    process = subprocess.run([sys.executable, str(RUNNER), "--replay", str(kept), "--stage", stage],
                             capture_output=True, text=True, timeout=REPLAY_TIMEOUT, cwd=REPO)
    outcome = json.loads(process.stdout.strip().splitlines()[-1]) if process.stdout.strip() else {}
    assert outcome.get("outcome") in ("ok", "typed"), outcome.get("traceback") or process.stderr[-3000:]
    assert process.returncode == 0
