"""Imported once by the batch's fork server: it loads the installed extractors, packagers, bridges and report
writer, so each worker forked from it (one per file) starts with them imported and with nothing left over from
an earlier file. Best effort: whatever fails to load here is loaded (and fails clearly) in the worker."""

from __future__ import annotations

from ..registry import default_registry


def load() -> None:
    """Load every part of the default registry."""
    registry = default_registry()
    for part in ("extractors", "packagers", "bridges", "reporter"):
        try:
            getattr(registry, part)
        except Exception:  # a broken plug-in shows itself in the worker, per file
            pass


load()
