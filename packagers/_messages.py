"""The player's own words (Next, Menu, Transcript, ...) from a message catalogue per language.

Catalogues are JSON files in ``packagers/player/messages/<tag>.json`` mapping a message key to its text;
``{name}`` placeholders are filled by the player (``Player.prototype.say``) or the templates (``fill``).
English (``en.json``) holds every key. A translator adds a language by adding one file named by its BCP 47
tag: a language (``sv.json``) or a language and region (``pt-BR.json``, chosen over ``pt.json`` for ``pt-BR``
courses); ``tests/test_i18n.py`` checks that it has exactly English's keys and placeholders. A key a catalogue
lacks falls back to English. A few tags name a shipped catalogue under another name (``_ALIASES``): Traditional
Chinese is ``zh-Hant.json``, which ``zh-TW``, ``zh-HK`` and ``zh-MO`` courses get; ``no`` (Norwegian) gets
``nb.json``; the withdrawn ``iw`` and ``in`` get Hebrew and Indonesian.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

FALLBACK = "en"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_ALIASES = {"zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "no": "nb", "iw": "he", "in": "id"}
"""Tags (lower case) whose catalogue is shipped under another tag."""


def _messages_dir() -> Traversable:
    return resources.files("packagers.player").joinpath("messages")


@cache
def shipped_languages() -> tuple[str, ...]:
    """Return the tags of every shipped catalogue (``en``, ``de``, ``pt-BR``, ...), sorted."""
    return tuple(sorted(node.name.removesuffix(".json") for node in _messages_dir().iterdir()
                        if node.name.endswith(".json")))


@cache
def _catalogue(tag: str) -> dict[str, str] | None:
    """Return the catalogue shipped for ``tag`` (matched without regard to case), or None."""
    name = next((known for known in shipped_languages() if known.lower() == tag.lower()), None)
    if name is None:
        return None
    data = json.loads(_messages_dir().joinpath(f"{name}.json").read_text("utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def catalogue_language(language: str | None) -> str:
    """Return the shipped catalogue ``language`` (a BCP 47 tag) gets: language-region, else language, else ``en``."""
    parts = (language or FALLBACK).strip().split("-")
    for tag in (_ALIASES.get(tag.lower(), tag) for tag in ("-".join(parts[:2]), parts[0])):
        if tag and _catalogue(tag) is not None:
            return next(known for known in shipped_languages() if known.lower() == tag.lower())
    return FALLBACK


def interface_messages(language: str | None) -> dict[str, str]:
    """Return every interface message for ``language`` (a BCP 47 tag), English where it has no translation."""
    english = _catalogue(FALLBACK) or {}
    own = _catalogue(catalogue_language(language)) or {}
    return {key: own.get(key, text) for key, text in english.items()}


def placeholders(text: str) -> frozenset[str]:
    """Return the names of the ``{name}`` placeholders in a message."""
    return frozenset(_PLACEHOLDER.findall(text))


def fill(text: str, **values: object) -> str:
    """Return ``text`` with each ``{name}`` replaced by ``values[name]`` (others left as they are)."""
    return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)
