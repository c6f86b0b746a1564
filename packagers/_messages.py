"""The player's own words (Next, Menu, Transcript, ...) from a message catalogue per language.

Catalogues are JSON files in ``packagers/player/messages/<language>.json`` mapping a message key to its text;
``{name}`` placeholders are filled by the player. English (``en.json``) holds every key; another language may
miss some, which then fall back to English. A translator adds a language by adding one file.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

FALLBACK = "en"


@cache
def _catalogue(language: str) -> dict[str, str] | None:
    """Return the catalogue for one primary language subtag, or None when none is shipped."""
    node = resources.files("packagers.player").joinpath("messages", f"{language}.json")
    if not node.is_file():
        return None
    data = json.loads(node.read_text("utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def interface_messages(language: str | None) -> dict[str, str]:
    """Return every interface message for ``language`` (a BCP 47 tag), English where it has no translation."""
    english = _catalogue(FALLBACK) or {}
    primary = (language or FALLBACK).split("-")[0].lower()
    own = _catalogue(primary) or {}
    return {key: own.get(key, text) for key, text in english.items()}
