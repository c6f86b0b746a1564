"""Stable keys from the source's own identity (slide ids, paraIds, page text), made unique within a document.

The kernel derives screen and block ids from ``Unit.key`` and ``Location.anchor``; an LMS keys learner progress on
them, so they never come from positions or file names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def short_hash(text: str, length: int = 16) -> str:
    """Return the first ``length`` hex digits of the sha256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def unique_keys(keys: Iterable[str]) -> list[str]:
    """Return ``keys`` with repeats made unique by ``-2``, ``-3``... in order (the first keeps its key); an empty
    key stays empty (the unit then has no identity of its own)."""
    seen: set[str] = set()
    unique = []
    for key in keys:
        candidate, count = key, 1
        while candidate and candidate in seen:
            count += 1
            candidate = f"{key}-{count}"
        seen.add(candidate)
        unique.append(candidate)
    return unique
