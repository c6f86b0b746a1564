"""Runs the queued jobs: each through ``converter.convert_many`` (the batch runner ``c2e batch`` uses), so a job
gets a fresh worker process with the batch's time and memory limits, or runs on the Dask cluster, and its
outputs are moved into place atomically with a ledger beside them. ``workers`` threads each follow one job at a
time; a job that was converting when the service stopped is run again at start (the ledger skips the work
when its outputs were already complete).
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from .. import api
from ..errors import C2EError
from ..options import ConvertOptions
from .settings import ServiceSettings
from .store import OUT_FOLDER, JobStore, course_key

INTERNAL = "internal-error"
SWEEP_SECONDS = 60.0
"""How often an idle worker thread deletes the jobs past ``keep_hours``."""


def job_options(fields: dict[str, Any], settings: ServiceSettings) -> ConvertOptions:
    """Return the options a job converts with: the client's fields under the service's safety limits."""
    return ConvertOptions.model_validate({**fields, "limits": settings.limits})


class Runner:
    """The service's job queue and the threads that work through it."""

    def __init__(self, store: JobStore, settings: ServiceSettings) -> None:
        self.store, self.settings = store, settings
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Delete the expired jobs, queue those a previous run left unfinished, then start the worker threads."""
        self.sweep()
        for job_id in self.store.unfinished():
            self._queue.put(job_id)
        for number in range(self.settings.workers):
            thread = threading.Thread(target=self._work, name=f"c2e-serve-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the threads to stop after their current job; a job still converting is resumed at next start."""
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout)

    def submit(self, job_id: str) -> None:
        """Queue a stored job."""
        self._queue.put(job_id)

    @property
    def waiting(self) -> int:
        """Return how many jobs are queued or converting."""
        return len(self.store.unfinished())

    def _work(self) -> None:
        while True:
            try:
                job_id = self._queue.get(timeout=min(SWEEP_SECONDS, self._keep_seconds() or SWEEP_SECONDS))
            except queue.Empty:
                job_id = ""
            if job_id is None:
                return
            try:
                if job_id:
                    self.run(job_id)
                self.sweep()
            except Exception:  # noqa: BLE001 - a store failure must not end the thread; the job stays queued
                pass

    def _keep_seconds(self) -> float | None:
        hours = self.settings.keep_hours
        return hours * 3600 if hours is not None else None

    def sweep(self) -> list[str]:
        """Delete the jobs that ended more than ``keep_hours`` ago, with their files; return their ids."""
        keep = self._keep_seconds()
        if keep is None:
            return []
        gone = self.store.expired(time.time() - keep)
        for job_id in gone:
            self.store.delete(job_id)
        return gone

    def run(self, job_id: str) -> None:
        """Convert the job ``job_id`` (if it still exists and has not ended) and record its outcome."""
        record = self.store.get(job_id)
        if record is None or record.status not in ("queued", "converting"):
            return
        folder = self.store.folder(job_id)
        self.store.start(job_id)
        settings = self.settings
        try:
            outcomes = list(api.convert_many(
                [str(folder / course_key(job_id) / "course.toml")], folder / OUT_FOLDER,
                job_options(record.options, settings), workers=1, time_limit=settings.time_limit,
                memory_limit=settings.memory_limit, cluster=settings.cluster))
        except C2EError as error:
            outcomes = [_failed(job_id, error.code, error.problem, error.exit_code)]
        except Exception as error:  # noqa: BLE001 - a bug: the job fails and says so, the service goes on
            outcomes = [_failed(job_id, INTERNAL, f"internal error: {type(error).__name__}: {error}", 1)]
        if self.store.get(job_id) is None:  # deleted while converting
            self.store.delete(job_id)
            return
        self.store.finish(job_id, outcomes[0] if outcomes else _failed(job_id, INTERNAL, "no job ran", 1))


def _failed(job_id: str, code: str, reason: str, exit_code: int) -> Any:
    from ..batch.outcome import failure

    return failure(course_key(job_id), (job_id,), code, reason, exit_code, 0.0)
