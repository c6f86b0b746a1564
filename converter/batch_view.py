"""How ``c2e batch`` shows a batch running: a rich progress bar on stderr (files done and failed, the file being
converted, time left), or with ``--quiet`` only a line per failed file; then the one summary line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from .batch import Job, Outcome


class BatchView:
    """Follows a batch's outcomes, showing progress; ``follow`` returns them all."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.failed = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def planned(self, jobs: list[Job]) -> None:
        """Start the progress bar for ``jobs``."""
        if self.quiet:
            return
        self._progress = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("[red]{task.fields[failed]} failed"), TimeRemainingColumn(),
                                  TextColumn("{task.fields[current]}"),
                                  console=Console(stderr=True), transient=True)
        self._progress.start()
        self._task = self._progress.add_task("batch", total=len(jobs), failed=0, current="")

    def started(self, job: Job) -> None:
        """Name the file now being converted."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, current=job.label)

    def follow(self, outcomes: Iterable[Outcome]) -> list[Outcome]:
        """Return every outcome, advancing the bar (or printing failures) as each arrives."""
        seen = []
        try:
            for outcome in outcomes:
                seen.append(outcome)
                self._show(outcome)
        finally:
            if self._progress is not None:
                self._progress.stop()
        return seen

    def _show(self, outcome: Outcome) -> None:
        if not outcome.converted:
            self.failed += 1
            line = f"c2e: failed: {outcome.key}: {outcome.reason} ({outcome.code})"
            if self._progress is not None:
                self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                click.echo(line, err=True)
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, failed=self.failed)

    def summary(self, outcomes: list[Outcome]) -> str:
        """Return the batch's one summary line."""
        from .batch.report import summary

        return summary(outcomes)
