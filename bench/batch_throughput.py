"""Batch throughput: ``c2e batch`` over a generated library with 1 worker, 2 workers and every core.

The library is ``files`` 60-slide decks (bench/make_inputs.py, one seed each, so no two are alike). Each worker
count runs ``repeat`` times as a whole ``c2e batch`` process (``--force``: nothing skipped by the ledger, slide
pictures off so LibreOffice does not dominate); the figure is files per second from the median wall time, and
the speed-up is against one worker. The issue's target: at least 1.8x with 2 workers on 2 cores.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import make_inputs

SPEEDUP_TARGET = 1.8


def build_library(folder: Path, files: int) -> Path:
    """Write ``files`` distinct 60-slide decks into ``folder`` (kept between runs: same seeds, same bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        path = folder / f"deck-{number:03d}-t{make_inputs.TEXT_VERSION}.pptx"
        if not path.exists():
            make_inputs.build_deck(path, slides=60, seed=make_inputs.DEFAULT_SEED + number)
    return folder


def worker_counts() -> list[int]:
    """Return 1, 2 and every core (each once)."""
    return sorted({1, 2, os.cpu_count() or 1})


def time_batch(c2e: list[str], library: Path, out: Path, workers: int) -> float:
    """Return the wall seconds of one whole ``c2e batch`` over ``library``; raises when it fails."""
    start = time.perf_counter()
    subprocess.run([*c2e, "batch", str(library), "-o", str(out), "-j", str(workers), "-q", "--force",
                    "--slide-images", "never", "--ocr", "never"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_batch(c2e: list[str], inputs: Path, workdir: Path, repeat: int, files: int,
                  log: Callable[[str], None]) -> dict:
    """Return files/s and the speed-up over one worker for each worker count, with every raw time."""
    library = build_library(inputs / "batch-library", files)
    runs: dict[int, list[float]] = {}
    for workers in worker_counts():
        runs[workers] = [time_batch(c2e, library, workdir / f"batch-{workers}", workers) for _ in range(repeat)]
        log(f"  c2e batch   {files} decks, {workers} worker(s): median {statistics.median(runs[workers]):.2f} s")
    one = statistics.median(runs[1])
    results = {str(w): {"seconds": times, "median_s": statistics.median(times),
                        "files_per_s": files / statistics.median(times),
                        "speedup": one / statistics.median(times)} for w, times in runs.items()}
    two = results.get("2", {}).get("speedup")
    return {"files": files, "cores": os.cpu_count(), "workers": results,
            "target": {"what": f"2 workers at least {SPEEDUP_TARGET}x one worker", "value": two,
                       "met": None if two is None else two >= SPEEDUP_TARGET}}


def print_batch(batch: dict) -> None:
    """Print the throughput table."""
    print(f"\nBatch throughput ({batch['files']} decks of 60 slides, {batch['cores']} cores):")
    print(f"{'workers':>8} {'median s':>9} {'files/s':>8} {'speed-up':>9}")
    for workers, row in batch["workers"].items():
        print(f"{workers:>8} {row['median_s']:9.2f} {row['files_per_s']:8.2f} {row['speedup']:8.2f}x")
    target = batch["target"]
    verdict = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
    print(f"target: {target['what']}: {verdict}" + (f" ({target['value']:.2f}x)" if target["value"] else ""))
