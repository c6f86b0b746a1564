"""Long fuzzing run: mutate real documents and extract them for a time budget per extractor; keep every crash.

    python fuzz/run.py --seconds 60 [--extractor pptx] [--stage extract|convert] [--timeout 10]
    python fuzz/run.py --replay fuzz/crashes/pptx/<sha256>.pptx

A crash is any exception that is not a ``C2EError``, a worker that dies (a segfault, the memory limit), or an
input that takes longer than ``--timeout`` seconds. Each is written to ``fuzz/crashes/<extractor>/<sha256>.<ext>``
with a ``.txt`` beside it holding the traceback, the seed and the mutation; ``tests/test_fuzz_regressions.py``
replays them all. Inputs run in a worker process under an address-space limit; a hang or a death restarts it.
Mutations are the ones the hypothesis tests use (``tests/hostile/mutate.py``), drawn here from ``random``,
applied to seeds and, a third of the time, to earlier mutants that still extracted (they reach deeper code).
Exit status: 0 when no new crash was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
CRASHES = ROOT / "crashes"
sys.path.insert(0, str(REPO / "tests"))

from hostile.mutate import BYTE_OPS, XML_OPS, ZIP_OPS, fuzz_targets, mutate  # noqa: E402

MASKED = re.compile(r"\((\w+(?:Error|Exception)|StopIteration|KeyError)\b")
"""How a CorruptInputError names the Python exception it wrapped: worth a look, but not a crash."""
SAME_CRASH_KEPT = 3
"""Inputs kept per crash signature (exception type and innermost frame) in one run."""


# ---------------------------------------------------------------------------------------------- worker


def limit_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_input(path: str, stage: str) -> dict:
    """Extract (or fully convert) one file; return {"outcome": ok|typed|crash, ...}."""
    from converter import api
    from converter.errors import C2EError

    try:
        if stage == "convert":
            with tempfile.TemporaryDirectory(prefix="c2e-fuzz-out-") as out:
                api.convert(path, out)
        else:
            api.extract(path)
    except C2EError as error:
        return {"outcome": "typed", "error": type(error).__name__, "message": str(error)[-300:]}
    except BaseException as error:  # noqa: BLE001 - a crash is what we are looking for
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        return {"outcome": "crash", "signature": f"{type(error).__name__}@{where}",
                "traceback": "".join(traceback.format_exception(error))}
    return {"outcome": "ok"}


def worker(connection, stage: str, memory_mb: int) -> None:
    limit_memory(memory_mb)
    import converter.api  # noqa: F401 - import once, before the first input

    connection.send("ready")
    while True:
        path = connection.recv()
        if path is None:
            return
        connection.send(run_input(path, stage))


class Worker:
    """A worker process fed one path at a time; restarted after a hang or a death."""

    def __init__(self, stage: str, memory_mb: int) -> None:
        self.stage, self.memory_mb = stage, memory_mb
        self.context = multiprocessing.get_context("spawn")
        self.start()

    def start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(target=worker, args=(child, self.stage, self.memory_mb), daemon=True)
        self.process.start()
        if not self.connection.poll(120) or self.connection.recv() != "ready":
            raise RuntimeError("the fuzz worker did not start")

    def run(self, path: Path, timeout: float) -> dict:
        self.connection.send(str(path))
        try:
            if self.connection.poll(timeout):
                return self.connection.recv()
        except (EOFError, OSError):
            pass
        alive = self.process.is_alive()
        self.kill()
        self.start()
        if alive:
            return {"outcome": "crash", "signature": "hang", "traceback": f"no answer within {timeout:g} s (killed)"}
        code = self.process.exitcode
        return {"outcome": "crash", "signature": f"worker-died-{code}", "traceback": f"the worker died ({code})"}

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)

    def close(self) -> None:
        try:
            self.connection.send(None)
            self.process.join(5)
        except (OSError, BrokenPipeError):
            pass
        self.kill()


# ---------------------------------------------------------------------------------------------- campaign


def draw_ops(rng: random.Random, is_zip: bool) -> list[tuple[str, int, int]]:
    """Mostly structural operations for zip formats (they keep the package readable), bytes otherwise."""
    ops = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        kinds = XML_OPS if is_zip and roll < 0.6 else ZIP_OPS if is_zip and roll < 0.8 else BYTE_OPS
        ops.append((rng.choice(kinds), rng.getrandbits(32), rng.getrandbits(32)))
    return ops


def keep_crash(extractor: str, suffix: str, data: bytes, found: dict, origin: str, ops: list, stage: str) -> Path:
    """Write a crashing input and its traceback; return the input's path."""
    digest = hashlib.sha256(data).hexdigest()
    folder = CRASHES / extractor
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}{suffix}"
    path.write_bytes(data)
    note = (f"signature: {found['signature']}\nstage: {stage}\nseed: {origin}\nops: {json.dumps(ops)}\n\n"
            f"{found['traceback']}")
    path.with_suffix(".txt").write_text(note, encoding="utf-8")
    return path


def fuzz(extractor: str, seeds: list[Path], seconds: float, args: argparse.Namespace, rng: random.Random) -> dict:
    """Fuzz one extractor for ``seconds``; return its statistics."""
    stats = {"runs": 0, "outcomes": Counter(), "typed": Counter(), "masked": Counter(), "crashes": [],
             "signatures": Counter(), "examples": {}}
    pool: list[tuple[str, bytes]] = [(seed.name, seed.read_bytes()) for seed in seeds]
    mutants: list[tuple[str, bytes]] = []
    work = Worker(args.stage, args.memory_mb)
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix=f"c2e-fuzz-{extractor}-") as folder:
        try:
            while time.monotonic() < deadline:
                origin, base = rng.choice(mutants) if mutants and rng.random() < 1 / 3 else rng.choice(pool)
                ops = draw_ops(rng, base.startswith(b"PK"))
                data = mutate(base, ops)
                suffix = seeds[0].suffix
                path = Path(folder) / f"input{suffix}"
                path.write_bytes(data)
                found = work.run(path, args.timeout)
                record(stats, found, extractor, suffix, data, origin, ops, args.stage)
                if found["outcome"] == "ok" and len(mutants) < 64 and data != base:
                    mutants.append((f"mutant of {origin}", data))
        finally:
            work.close()
    return stats


def record(stats: dict, found: dict, extractor: str, suffix: str, data: bytes, origin: str, ops: list,
           stage: str) -> None:
    stats["runs"] += 1
    stats["outcomes"][found["outcome"]] += 1
    if found["outcome"] == "typed":
        stats["typed"][found["error"]] += 1
        masked = MASKED.search(found["message"])
        if masked:
            stats["masked"][masked.group(1)] += 1
            stats["examples"].setdefault(masked.group(1), {"message": found["message"], "seed": origin, "ops": ops})
    elif found["outcome"] == "crash":
        stats["signatures"][found["signature"]] += 1
        if stats["signatures"][found["signature"]] <= SAME_CRASH_KEPT:
            path = keep_crash(extractor, suffix, data, found, origin, ops, stage)
            stats["crashes"].append(f"{path.relative_to(REPO)} ({found['signature']})")


def replay(path: Path, stage: str, memory_mb: int) -> int:
    """Run one kept input; print its outcome as JSON; exit 1 if it still crashes."""
    limit_memory(memory_mb)
    found = run_input(str(path), stage)
    print(json.dumps(found))
    return 1 if found["outcome"] == "crash" else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget per extractor (default 60)")
    parser.add_argument("--extractor", action="append", help="fuzz only this extractor (repeatable)")
    parser.add_argument("--stage", choices=("extract", "convert"), default="extract")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds one input may take (default 10)")
    parser.add_argument("--memory-mb", type=int, default=1536, help="address-space limit of the worker")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--replay", type=Path, help="run one kept input instead of fuzzing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replay:
        return replay(args.replay, args.stage, args.memory_mb)
    targets = fuzz_targets()
    chosen = args.extractor or sorted(targets)
    unknown = sorted(set(chosen) - set(targets))
    if unknown:
        print(f"no fuzz target {', '.join(unknown)}; known: {', '.join(sorted(targets))}", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    summary = {"seed": seed, "stage": args.stage, "seconds_per_extractor": args.seconds, "extractors": {}}
    for name in chosen:
        stats = fuzz(name, targets[name], args.seconds, args, rng)
        summary["extractors"][name] = {
            "runs": stats["runs"], "outcomes": dict(stats["outcomes"]), "typed_errors": dict(stats["typed"]),
            "python_errors_reported_as_damage": dict(stats["masked"]), "examples": stats["examples"],
            "crashes": stats["crashes"],
        }
        print(f"{name}: {stats['runs']} inputs, {dict(stats['outcomes'])}, {len(stats['crashes'])} crash(es) kept",
              file=sys.stderr, flush=True)
    print(json.dumps(summary, indent=2))
    return 1 if any(entry["crashes"] for entry in summary["extractors"].values()) else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
