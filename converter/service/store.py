"""The job store: one SQLite file (``DATA/jobs.sqlite``) with a row per job, and a folder per job
(``DATA/jobs/ID/``: ``course-ID/`` holds the uploaded sources and their ``course.toml``, ``out/course-ID/``
what the batch runner wrote). Rows are committed as they change, so a restarted service finds every job it accepted: those
that had ended, and those still queued or converting, which it runs again.

Job ids are 128-bit random hex strings: a job's files are reachable only through its id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..batch import Outcome

JobStatus = Literal["queued", "converting", "converted", "failed"]
UNFINISHED: tuple[JobStatus, ...] = ("queued", "converting")
JOB_ID = re.compile(r"^[0-9a-f]{32}$")
OUT_FOLDER = "out"


def course_key(job_id: str) -> str:
    """Return the name of the job's sources folder, which is also its key in the batch runner (its output
    folder, and its task key on a Dask cluster): unique to the job, so two jobs never share a task."""
    return f"course-{job_id}"

_SCHEMA = """CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    status TEXT NOT NULL,
    sources TEXT NOT NULL,
    options TEXT NOT NULL,
    outcome TEXT
)"""


@dataclass(frozen=True)
class JobRecord:
    """One job as stored: its sources (``[{"name", "format", "size"}]``), the options it converts with (the
    ``ConvertOptions`` fields the client set), and once ended, the batch runner's ``Outcome``."""

    id: str
    created: float
    started: float | None
    finished: float | None
    status: JobStatus
    sources: list[dict[str, Any]]
    options: dict[str, Any]
    outcome: Outcome | None


def new_job_id() -> str:
    """Return a fresh unguessable job id (32 hex digits)."""
    return secrets.token_hex(16)


class JobStore:
    """Jobs in ``data/jobs.sqlite`` and their folders under ``data/jobs/``; safe to use from several threads."""

    def __init__(self, data: Path) -> None:
        self.root = data / "jobs"
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(data / "jobs.sqlite", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._secret = _secret(data / "preview.key")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def folder(self, job_id: str) -> Path:
        """Return the job's folder (``data/jobs/ID``); ``job_id`` must be a well-formed id."""
        if not JOB_ID.match(job_id):
            raise ValueError(f"not a job id: {job_id!r}")
        return self.root / job_id

    def preview_key(self, job_id: str) -> str:
        """Return the key of the job's preview URL: an HMAC of its id under this data folder's secret, so the
        preview (whose pages cannot send the API token) is reachable only by those who were shown the job."""
        return hmac.new(self._secret, job_id.encode(), hashlib.sha256).hexdigest()[:32]

    def add(self, job_id: str, sources: list[dict[str, Any]], options: dict[str, Any]) -> JobRecord:
        """Record a queued job whose sources are already in its folder; return it."""
        with self._lock:
            self._db.execute("INSERT INTO jobs (id, created, status, sources, options) VALUES (?, ?, ?, ?, ?)",
                             (job_id, time.time(), "queued", json.dumps(sources), json.dumps(options)))
        record = self.get(job_id)
        assert record is not None
        return record

    def get(self, job_id: str) -> JobRecord | None:
        """Return the job ``job_id``, or None when there is none."""
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _record(row) if row else None

    def newest(self, limit: int = 100) -> list[JobRecord]:
        """Return the ``limit`` newest jobs, newest first."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM jobs ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        return [_record(row) for row in rows]

    def unfinished(self) -> list[str]:
        """Return the ids of jobs queued or converting (oldest first): those a restarted service runs again."""
        with self._lock:
            rows = self._db.execute("SELECT id FROM jobs WHERE status IN (?, ?) ORDER BY created",
                                    UNFINISHED).fetchall()
        return [row[0] for row in rows]

    def expired(self, before: float) -> list[str]:
        """Return the ids of jobs that ended before the Unix time ``before``."""
        with self._lock:
            rows = self._db.execute("SELECT id FROM jobs WHERE finished IS NOT NULL AND finished < ?",
                                    (before,)).fetchall()
        return [row[0] for row in rows]

    def start(self, job_id: str) -> None:
        """Mark the job as converting."""
        with self._lock:
            self._db.execute("UPDATE jobs SET status = ?, started = ? WHERE id = ?",
                             ("converting", time.time(), job_id))

    def finish(self, job_id: str, outcome: Outcome) -> None:
        """Record how the job ended."""
        status = "converted" if outcome.converted else "failed"
        with self._lock:
            self._db.execute("UPDATE jobs SET status = ?, finished = ?, outcome = ? WHERE id = ?",
                             (status, time.time(), outcome.model_dump_json(), job_id))

    def delete(self, job_id: str) -> None:
        """Forget the job and remove its folder."""
        with self._lock:
            self._db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        shutil.rmtree(self.folder(job_id), ignore_errors=True)


def _secret(path: Path) -> bytes:
    """Return the data folder's secret (32 random bytes, made on first use, readable by its owner only)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        return path.read_bytes()


def _record(row: tuple[Any, ...]) -> JobRecord:
    job_id, created, started, finished, status, sources, options, outcome = row
    return JobRecord(job_id, created, started, finished, status, json.loads(sources), json.loads(options),
                     Outcome.model_validate_json(outcome) if outcome else None)
