"""A batch from start to end: find the jobs, skip those the ledger has converted unchanged, run the rest (local
worker processes, a vendor's executor, or a Dask cluster), move each finished job's outputs into place, record
it, and write the batch report once every job has an outcome.

Outputs are published by this process only: a worker converts into a private folder (or hands back bytes), and
the finished folder replaces the job's output folder in one rename. A killed batch leaves complete job
folders and hidden leftovers (``.c2e-work/``, ``.NAME.RANDOM.tmp``) that the next run sweeps away.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..atomic import replace_folder, sweep, write_bytes
from ..errors import C2EError
from ..options import ConvertOptions
from ..presets import apply_preset, wanted_formats
from ..probe import Probe
from ..registry import Registry, default_registry
from .jobs import Job, Plan, discover, is_url, local_path
from .ledger import Ledger, fingerprint
from .local import LocalPool
from .outcome import Outcome, failure
from .report import write_batch_report
from .work import Done, read_tree, run_job

WORK_FOLDER = ".c2e-work"
"""Hidden folder in the output folder where workers build each job's outputs before they move into place."""


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs: ``workers`` processes (None: every core), the per-file ``time_limit`` (seconds) and
    ``memory_limit`` (MiB), whether the ledger's converted jobs are skipped (``resume``), a Dask scheduler
    address (``cluster``), and where the ledger lives when the output folder is a URL (``ledger``)."""

    workers: int | None = None
    time_limit: float = 600.0
    memory_limit: int = 4096
    resume: bool = True
    cluster: str | None = None
    ledger: str | None = None
    report: bool = True


def plan(inputs: Sequence[str], registry: Registry | None = None) -> Plan:
    """Return the jobs ``inputs`` name, sorted by their output folder, and the files walked past."""
    chosen = registry or default_registry()
    return discover([str(i) for i in inputs], chosen.input_extensions + chosen.bridge_extensions,
                    lambda source: _claimed(source, chosen))


def _claimed(source: str, registry: Registry) -> bool:
    """Return True when an extractor or a bridge claims the local file ``source`` by its content."""
    if is_url(source):
        return False
    try:
        probe = Probe.read(source)
    except C2EError:
        return False
    return probe.size > 0 and (registry.find_extractor(probe) is not None or registry.find_bridge(probe) is not None)


def convert_many(inputs: Sequence[str], out_dir: str, options: ConvertOptions, settings: BatchSettings, *,
                 executor: Executor | None = None, on_start: Callable[[Job], None] | None = None,
                 on_plan: Callable[[list[Job]], None] | None = None) -> Iterator[Outcome]:
    """Yield the outcome of every job ``inputs`` name (skipped ones first, then in the order they finish), and
    write the batch report when the last is yielded."""
    registry = default_registry()
    options = apply_preset(options)
    registry.packagers_for(wanted_formats(options))  # an unknown format is a usage error before any work
    found = plan(inputs, registry)
    jobs = found.jobs
    if on_plan is not None:
        on_plan(jobs)
    out = Output(out_dir)
    outcomes: list[Outcome] = []
    with Ledger(out.ledger_folder(settings.ledger)) as ledger:
        for outcome in _outcomes(jobs, out, options, settings, ledger, registry, executor, on_start):
            outcomes.append(outcome)
            yield outcome
    out.finish()
    if settings.report:
        out.write_report(outcomes, found.ignored, options)


def _outcomes(jobs: list[Job], out: Output, options: ConvertOptions, settings: BatchSettings, ledger: Ledger,
              registry: Registry, executor: Executor | None,
              on_start: Callable[[Job], None] | None) -> Iterator[Outcome]:
    """Yield the skipped and unreadable jobs' outcomes, then run the rest and yield theirs."""
    todo: dict[str, tuple[Job, str]] = {}
    for job in jobs:
        try:
            print_ = fingerprint(_content_hashes(job, registry), options)
        except C2EError as error:
            yield failure(job.key, job.inputs, error.code, error.problem, error.exit_code, 0.0)
            continue
        known = ledger.done(job.key, print_) if settings.resume else None
        if known is not None and out.has(job.key, known.outputs):
            yield known.model_copy(update={"skipped": True})
        else:
            todo[job.key] = (job, print_)
    for done in _execute([job for job, _ in todo.values()], out, options, settings, executor, on_start):
        outcome = out.publish(done)
        ledger.record(todo[outcome.key][1], outcome)
        yield outcome


def _execute(jobs: list[Job], out: Output, options: ConvertOptions, settings: BatchSettings,
             executor: Executor | None, on_start: Callable[[Job], None] | None) -> Iterator[Done]:
    """Yield each job's ``Done`` from the cluster, the given executor, or local worker processes."""
    if not jobs:
        return
    if settings.cluster is not None:
        from .cluster import run_on_cluster

        yield from run_on_cluster(settings.cluster, jobs, options, on_start)
    elif executor is not None:
        yield from _run_on_executor(executor, jobs, out, options, on_start)
    else:
        pool = LocalPool(options, settings.workers or os.cpu_count() or 1, settings.time_limit,
                         settings.memory_limit * 2**20)
        yield from pool.run([(job, out.workdir()) for job in jobs], on_start)


def _run_on_executor(executor: Executor, jobs: list[Job], out: Output, options: ConvertOptions,
                     on_start: Callable[[Job], None] | None) -> Iterator[Done]:
    """Yield each job's ``Done`` from a ``concurrent.futures`` executor (a vendor's process pool)."""
    futures: dict[Future[Done], Job] = {}
    for job in jobs:
        if on_start is not None:
            on_start(job)
        futures[executor.submit(run_job, job, options, out.workdir())] = job
    for future in as_completed(futures):
        yield future.result()


def _content_hashes(job: Job, registry: Registry) -> list[str]:
    """Return the sha256 of every file the job reads (its course.toml included); raises a ``C2EError``."""
    if any(is_url(value) for value in job.inputs):
        return [_url_sha256(value) for value in job.inputs]
    spec = pipeline.course_spec(list(job.inputs), registry)
    files = [Path(value) for value in job.inputs if Path(value).is_file()] + [s.path for s in spec.sources]
    return [f"{path.name}:{_file_sha256(path)}" for path in files]


def _file_sha256(path: Path) -> str:
    from ..errors import InputNotFoundError

    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as error:
        raise InputNotFoundError(f"cannot be read ({error.strerror or error})", path) from error
    return digest.hexdigest()


def _url_sha256(url: str) -> str:
    import fsspec

    digest = hashlib.sha256()
    with fsspec.open(url, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return f"{url.rsplit('/', 1)[-1]}:{digest.hexdigest()}"


class Output:
    """The batch's output folder: a local folder, or an fsspec URL (``s3://bucket/courses``) whose objects are
    each written in one put."""

    def __init__(self, out_dir: str) -> None:
        self.url = out_dir if is_url(local_path(out_dir)) else None
        self.folder = Path(local_path(out_dir)) if self.url is None else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.folder / WORK_FOLDER, ignore_errors=True)  # a killed run's half-built jobs
            sweep(self.folder)

    def ledger_folder(self, chosen: str | None) -> Path:
        """Return the local folder of the ledger: the output folder, or for a URL ``chosen`` (default: the
        current folder, in a file named after the URL)."""
        if self.folder is not None:
            return self.folder
        return Path(chosen) if chosen else Path(".c2e-ledgers") / hashlib.sha256(str(self.url).encode()).hexdigest()[:16]

    def workdir(self) -> str:
        """Return a fresh private folder for one job, on the output folder's file system (a temporary one for
        a URL)."""
        base = self.folder / WORK_FOLDER if self.folder is not None else Path(tempfile.gettempdir())
        return str(base / secrets.token_hex(8))

    def has(self, key: str, names: Sequence[str]) -> bool:
        """Return True when every output ``names`` of job ``key`` is there."""
        if self.folder is not None:
            return all((self.folder / key / name).exists() for name in names)
        import fsspec

        fs, root = fsspec.core.url_to_fs(str(self.url))
        return all(fs.exists(f"{root}/{key}/{name}") for name in names)

    def publish(self, done: Done) -> Outcome:
        """Move a converted job's outputs into place (replacing older ones); return its outcome."""
        outcome = done.outcome
        if not outcome.converted:
            if done.folder:
                shutil.rmtree(done.folder, ignore_errors=True)
            return outcome
        if self.folder is None:
            self._upload(outcome.key, done)
            return outcome
        built = Path(done.folder) if done.folder else self._unpack(done.files)
        final = self.folder / outcome.key
        sweep(final.parent)
        replace_folder(built, final)
        return outcome

    def _unpack(self, files: dict[str, bytes]) -> Path:
        built = Path(self.workdir())
        for name, data in files.items():
            target = built.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return built

    def _upload(self, key: str, done: Done) -> None:
        import fsspec

        fs, root = fsspec.core.url_to_fs(str(self.url))
        files = done.files or read_tree(Path(str(done.folder)))
        for name in sorted(files):
            fs.pipe_file(f"{root}/{key}/{name}", files[name])
        if done.folder:
            shutil.rmtree(done.folder, ignore_errors=True)

    def finish(self) -> None:
        """Remove the private work folder."""
        if self.folder is not None:
            shutil.rmtree(self.folder / WORK_FOLDER, ignore_errors=True)

    def write_report(self, outcomes: list[Outcome], ignored: list[str], options: ConvertOptions) -> None:
        """Write batch-report.json and batch-report.html (atomically; to the URL when the output is one)."""
        files = write_batch_report(outcomes, ignored, options)
        if self.folder is not None:
            for name, data in files.items():
                write_bytes(self.folder / name, data)
            return
        import fsspec

        fs, root = fsspec.core.url_to_fs(str(self.url))
        for name, data in files.items():
            fs.pipe_file(f"{root}/{name}", data)


