"""The per-file work of a batch, the same wherever it runs (a local worker process, a vendor's pool, a Dask
worker): convert one job into a private folder and say how it went. Nothing here touches the job's final
output folder; the batch moves the finished folder into place (``converter.atomic.replace_folder``).

``run_job`` never raises for a bad input: the outcome says why it failed and the private folder is emptied.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import pipeline
from ..errors import C2EError
from ..options import ConvertOptions
from ..registry import default_registry
from ..report import must_look, summary_line
from ..result import Level, Message
from .jobs import Job, is_url
from .outcome import INTERNAL, MEMORY, Outcome, failure


@dataclass(frozen=True)
class Done:
    """A job's outcome and its outputs: in ``folder`` (a private folder on the batch's file system), or as
    ``files`` (relative path -> bytes) when the worker shares no disk with the batch."""

    outcome: Outcome
    folder: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)


def run_job(job: Job, options: ConvertOptions, workdir: str | None = None) -> Done:
    """Convert ``job`` into ``workdir`` (a fresh folder, created here) and return the outcome with that folder;
    without ``workdir``, convert in a temporary folder and return the outputs' bytes instead."""
    start = time.perf_counter()
    build = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="c2e-job-"))
    try:
        build.mkdir(parents=True, exist_ok=True)
        outcome = _convert(job, options, build, start)
        if not outcome.converted:
            shutil.rmtree(build, ignore_errors=True)
            return Done(outcome)
        if workdir:
            return Done(outcome, folder=str(build))
        return Done(outcome, files=read_tree(build))
    finally:
        if not workdir:
            shutil.rmtree(build, ignore_errors=True)


def _convert(job: Job, options: ConvertOptions, build: Path, start: float) -> Outcome:
    """Return the outcome of converting ``job`` into ``build``; a failure is an outcome, not an exception."""
    try:
        with materialised(job.inputs) as inputs:
            result = pipeline.convert(list(inputs), build, options, default_registry())
    except C2EError as error:
        return failure(job.key, job.inputs, error.code, error.problem, error.exit_code, time.perf_counter() - start)
    except MemoryError:
        return failure(job.key, job.inputs, MEMORY, "ran out of memory (over the batch's per-file memory limit)",
                       1, time.perf_counter() - start)
    except Exception as error:  # a bug in c2e on this file: reported, and the batch goes on
        return failure(job.key, job.inputs, INTERNAL, f"internal error: {type(error).__name__}: {error} "
                       "(a bug in c2e; please report it with the input file)", 1, time.perf_counter() - start)
    conversion = result.value
    written = [*conversion.packages.values(), conversion.report_json, conversion.report_html]
    return Outcome(key=job.key, inputs=job.inputs, status="converted",
                   outputs=tuple(sorted(path.name for path in written if path is not None)),
                   report=conversion.report_html.name if conversion.report_html else None,
                   seconds=round(time.perf_counter() - start, 3),
                   warnings=sum(1 for m in result.messages if m.level is Level.WARNING),
                   summary=summary_line(result.messages), losses=losses(result.messages))


def losses(messages: tuple[Message, ...]) -> dict[str, int]:
    """Return how many distinct messages of each code need a look (what the report lists first)."""
    return dict(sorted(Counter(m.code for m in dict.fromkeys(messages) if must_look(m)).items()))


@contextmanager
def materialised(inputs: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Yield local paths for ``inputs``: a local path as it is, an fsspec URL downloaded into a temporary
    folder under its own file name (removed afterwards)."""
    if not any(is_url(value) for value in inputs):
        yield inputs
        return
    import fsspec  # the [dask] extra; only URLs need it

    with tempfile.TemporaryDirectory(prefix="c2e-fetch-") as folder:
        local = []
        for value in inputs:
            if not is_url(value):
                local.append(value)
                continue
            target = Path(folder) / PurePosixPath(value.split("://", 1)[1]).name
            with fsspec.open(value, "rb") as remote:
                target.write_bytes(remote.read())
            local.append(str(target))
        yield tuple(local)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` as relative POSIX path -> bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
