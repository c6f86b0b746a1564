"""Imported once by the batch's fork server: it loads the installed extractors, packagers, bridges and report
writer, the libraries the packagers say they need (their ``requires``: a plug-in's, none of the built-ins'),
and the question generator's libraries with the English word list, so each worker forked from it (one
per file) starts with them loaded and with nothing left over from an earlier file. Best effort: whatever fails
to load here is loaded (and fails clearly) in the worker."""

from __future__ import annotations

import importlib

from ..chunking.generated import warm
from ..registry import default_registry


def load() -> None:
    """Load every part of the default registry, the packagers' libraries, and the question generator with its
    English word list."""
    registry = default_registry()
    for part in ("extractors", "packagers", "bridges", "reporter"):
        try:
            getattr(registry, part)
        except Exception:  # a broken plug-in shows itself in the worker, per file
            pass
    for packager in registry.packagers:
        for _, module, _ in getattr(packager, "requires", ()):
            try:
                importlib.import_module(module)
            except Exception:  # not installed: the packager says so when it is asked for
                pass
    warm("en")


load()
