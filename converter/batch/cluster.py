"""The same per-file work on a Dask cluster (the ``[dask]`` extra): each job is one task running ``run_job`` on
a worker, which reads its inputs (local paths or fsspec URLs), converts in a temporary folder and hands the
outputs back as bytes; only the batch's own process writes them, and the ledger stays with it.

A worker lost mid-file is Dask's to handle: the scheduler runs the task again on another worker (up to
``distributed.scheduler.allowed-failures`` times). Its outputs were never written, since a worker writes
nothing, so nothing is written twice. The per-file time and memory limits are the local pool's; on a cluster,
memory is bounded by each Dask worker's own ``memory_limit`` (its nanny restarts a worker over it, and the task
is retried, then reported as failed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import MissingDependencyError
from ..options import ConvertOptions
from .jobs import Job
from .outcome import CRASHED, failure
from .work import Done, run_job


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError as error:
        raise MissingDependencyError("c2e batch --cluster needs Dask distributed: pip install "
                                     "'classroom-to-elearning[dask]'") from error
    return Client(address, set_as_default=False)


def run_on_cluster(address: str, jobs: list[Job], options: ConvertOptions,
                   on_start: Callable[[Job], None] | None = None) -> Iterator[Done]:
    """Yield each job's ``Done`` from the Dask scheduler at ``address`` (``tcp://HOST:8786``), in the order
    they finish."""
    from distributed import as_completed

    client = _client(address)
    try:
        futures: dict[Any, Job] = {}
        for job in jobs:
            if on_start is not None:
                on_start(job)
            futures[client.submit(run_job, job, options, None, key=f"c2e-{job.key}", pure=False)] = job
        with client.as_current():  # as_completed asks for the current client; no global default is set
            for future in as_completed(list(futures), raise_errors=False):
                yield _done(future, futures[future])
    finally:
        client.close()


def _done(future: Any, job: Job) -> Done:
    """Return the task's ``Done``; a task that failed on every worker it was given is a crashed job."""
    if future.status == "finished":
        result: Done = future.result()
        return result
    reason = f"failed on the cluster ({future.status}: {future.exception()!r})"
    return Done(failure(job.key, job.inputs, CRASHED, reason, 1, 0.0))
