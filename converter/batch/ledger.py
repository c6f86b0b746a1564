"""The batch ledger: an SQLite file in the output folder (``.c2e-ledger.sqlite``) that remembers, per job, the
fingerprint it was converted with (content hash of every source + options + c2e version) and how it ended.

A re-run skips a job whose fingerprint is unchanged and whose last run converted it (its outputs still there),
and redoes one that failed, changed or never finished. The ledger stays with the process that runs the batch
(the client, on a Dask cluster); only that process writes it. Each outcome is committed as it arrives, so a
killed batch loses at most the jobs in flight.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from ..options import ConvertOptions
from ..presets import micro_packages, wanted_formats
from .outcome import Outcome

LEDGER_NAME = ".c2e-ledger.sqlite"
_SCHEMA = """CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NOT NULL
)"""


def fingerprint(content_hashes: Iterable[str], options: ConvertOptions) -> str:
    """Return the sha256 that changes when a source's content, an option or the c2e version changes."""
    digest = hashlib.sha256()
    digest.update(f"c2e {__version__}\n".encode())
    digest.update(options.model_dump_json().encode())
    digest.update(f"\n{','.join(wanted_formats(options))} micro={micro_packages(options)}".encode())  # the defaults
    for value in content_hashes:
        digest.update(f"\n{value}".encode())
    return digest.hexdigest()


class Ledger:
    """The jobs of earlier runs in one output folder; use as a context manager (closes the database)."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / LEDGER_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None)  # autocommit: one statement, one commit
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def done(self, key: str, print_: str) -> Outcome | None:
        """Return the outcome recorded for ``key`` when it converted with the fingerprint ``print_``, else None."""
        row = self._db.execute("SELECT outcome FROM jobs WHERE key = ? AND fingerprint = ? AND status = ?",
                               (key, print_, "converted")).fetchone()
        return Outcome.model_validate_json(row[0]) if row else None

    def record(self, print_: str, outcome: Outcome) -> None:
        """Remember how the job ``outcome.key`` ended with the fingerprint ``print_`` (committed at once)."""
        self._db.execute("INSERT OR REPLACE INTO jobs (key, fingerprint, status, outcome) VALUES (?, ?, ?, ?)",
                         (outcome.key, print_, outcome.status, outcome.model_dump_json()))
