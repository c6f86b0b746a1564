"""How one job of a batch ended: the record the ledger keeps, the batch report lists and ``convert_many``
yields."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["converted", "failed"]

TIMEOUT = "batch.time-limit"
MEMORY = "batch.memory-limit"
CRASHED = "batch.worker-crashed"
INTERNAL = "internal-error"
"""The codes of failures a batch adds to ``converter.errors``' own (a file that hangs, blows up or crashes its
worker, or a bug)."""


class Outcome(BaseModel):
    """One job's result: converted (with its outputs) or failed (with the reason), and what it cost."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(description="the job's output folder, relative to the batch's output folder")
    inputs: tuple[str, ...] = Field(description="the file, course.toml or URL the job converted")
    status: Status
    code: str | None = Field(default=None, description="why it failed: an error code such as input.corrupt, or "
                                                       "batch.time-limit, batch.memory-limit, batch.worker-crashed")
    exit_code: int = Field(default=0, description="the exit code `c2e convert` gives this input alone")
    reason: str | None = Field(default=None, description="why it failed, in plain words")
    outputs: tuple[str, ...] = Field(default=(), description="files and folders written, relative to the "
                                                             "job's folder")
    report: str | None = Field(default=None, description="the conversion report (HTML), relative to the job's "
                                                         "folder")
    seconds: float = Field(default=0.0, description="wall-clock time of the conversion")
    warnings: int = 0
    summary: str = Field(default="", description="the conversion report's summary line")
    losses: dict[str, int] = Field(default_factory=dict, description="what needs a look, counted by message code")
    skipped: bool = Field(default=False, description="converted by an earlier run and unchanged since")

    @property
    def converted(self) -> bool:
        """Return True when the job wrote its outputs."""
        return self.status == "converted"


def failure(key: str, inputs: tuple[str, ...], code: str, reason: str, exit_code: int, seconds: float) -> Outcome:
    """Return the outcome of a job that failed with ``code`` for ``reason``."""
    return Outcome(key=key, inputs=inputs, status="failed", code=code, exit_code=exit_code, reason=reason,
                   seconds=round(seconds, 3))
