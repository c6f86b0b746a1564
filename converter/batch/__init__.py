"""Batches: many inputs converted in parallel worker processes (or on a Dask cluster), each file isolated by a
time and memory limit, resumable through a ledger in the output folder, with a batch report.

``converter.convert_many`` is the entry point; ``run_job`` is the per-file work, picklable, for a vendor's own
pool.
"""

from __future__ import annotations

from .jobs import Job
from .outcome import Outcome
from .run import BatchSettings, convert_many, plan
from .work import Done, run_job

__all__ = ["BatchSettings", "Done", "Job", "Outcome", "convert_many", "plan", "run_job"]
