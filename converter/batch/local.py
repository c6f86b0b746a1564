"""Local worker processes with a per-file time and memory limit: a file that hangs, blows up or crashes its
worker is stopped and reported, and the batch goes on.

Each file gets a fresh worker process, forked from a fork server that has the converter, the extractors and the
packagers imported (``preload.py``): a worker starts in milliseconds, and no state of one file (a library's
caches, a leak, a half-done crash) can touch the next. The parent watches each busy worker: its answer, its
death (a crash: the signal is named), its wall-clock time against ``time_limit`` and its resident memory
(``/proc``) against ``memory_limit``. A watchdog rather than ``RLIMIT_AS``: an address-space cap would also
cap LibreOffice and Tesseract, which a worker starts and which reserve far more than they use."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from ..options import ConvertOptions
from .jobs import Job
from .outcome import CRASHED, MEMORY, TIMEOUT, failure
from .work import Done, run_job

Task = tuple[Job, str]
"""A job and the private folder its worker converts into."""
_POLL_SECONDS = 0.25


def _serve(conn: Connection, options: ConvertOptions) -> None:
    """A worker's life: convert the one job it receives (None: stop at once), send the ``Done``, and exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.setpgrp()  # its own process group: stopping it also stops the LibreOffice or Tesseract it started
    _die_with_parent()
    try:
        task = conn.recv()
    except (EOFError, OSError):
        return
    if task is not None:
        job, workdir = task
        conn.send(run_job(job, options, workdir))


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a killed batch leaves no worker writing on)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the worker ends when it finds its pipe closed


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


def resident_bytes(pid: int | None) -> int:
    """Return the resident memory of process ``pid`` from /proc (0 when it is unknown or gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class LocalPool:
    """``workers`` processes converting jobs, each file under ``time_limit`` seconds and ``memory_limit``
    bytes of resident memory."""

    def __init__(self, options: ConvertOptions, workers: int, time_limit: float, memory_limit: int) -> None:
        self.options, self.size = options, max(1, workers)
        self.time_limit, self.memory_limit = time_limit, memory_limit
        self._context = _context()

    def run(self, tasks: Iterable[Task], on_start: Callable[[Job], None] | None = None) -> Iterator[Done]:
        """Yield each task's ``Done`` as it finishes (in the order they finish); the workers stop when the
        iterator is exhausted or closed."""
        pending = deque(tasks)
        workers = [self._spawn() for _ in range(min(self.size, len(pending)))]  # a fresh one after each file
        try:
            while pending or any(w.task for w in workers):
                for worker in workers:
                    if worker.task is None and pending:
                        self._give(worker, pending.popleft(), on_start)
                busy = [w for w in workers if w.task is not None]
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=_POLL_SECONDS)
                for index, worker in enumerate(workers):
                    done = self._check(worker)
                    if done is not None:
                        workers[index] = self._replace(worker) if pending else worker
                        yield done
        finally:
            for worker in workers:
                _stop(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.options), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> _Worker:
        _stop(worker)
        return self._spawn()

    def _give(self, worker: _Worker, task: Task, on_start: Callable[[Job], None] | None) -> None:
        worker.task, worker.started = task, time.monotonic()
        if on_start is not None:
            on_start(task[0])
        worker.conn.send(task)

    def _check(self, worker: _Worker) -> Done | None:
        """Return the busy worker's ``Done`` when it answered, crashed or went over a limit, else None."""
        if worker.task is None:
            return None
        job, _ = worker.task
        elapsed = time.monotonic() - worker.started
        if worker.conn.poll():
            try:
                done: Done = worker.conn.recv()
            except (EOFError, OSError):
                return self._failed(worker, CRASHED, _crash_reason(worker))
            worker.task = None
            return done
        if not worker.process.is_alive():
            return self._failed(worker, CRASHED, _crash_reason(worker))
        if elapsed > self.time_limit:
            return self._failed(worker, TIMEOUT, f"stopped after {self.time_limit:g} s (the per-file time limit; "
                                                 "change it with --time-limit)")
        if resident_bytes(worker.process.pid) > self.memory_limit:
            return self._failed(worker, MEMORY, f"stopped at over {self.memory_limit // 2**20} MiB of memory (the "
                                                "per-file memory limit; change it with --memory-limit)")
        return None

    def _failed(self, worker: _Worker, code: str, reason: str) -> Done:
        assert worker.task is not None
        job, _ = worker.task
        seconds = time.monotonic() - worker.started
        _kill(worker)
        worker.task = None
        return Done(failure(job.key, job.inputs, code, reason, 1, seconds))


def _context() -> ForkServerContext | SpawnContext:
    """Return a fork server context with the converter preloaded (spawn where there is no fork server)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["converter.batch.work", "converter.batch.preload"])
    return context


def _crash_reason(worker: _Worker) -> str:
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            return f"the worker process crashed ({signal.Signals(-code).name})"
        except ValueError:
            pass
    return f"the worker process ended unexpectedly (exit code {code})"


def _kill(worker: _Worker) -> None:
    """Kill the worker and its process group (what it started), and reap it."""
    pid = worker.process.pid
    if pid is not None:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    worker.process.join(timeout=5)


def _stop(worker: _Worker) -> None:
    """Ask an idle worker to stop; kill a busy or stuck one."""
    if worker.task is None and worker.process.is_alive():
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.process.join(timeout=2)
    _kill(worker)
    worker.conn.close()
