"""The words c2e writes itself, in the course's language, from message catalogues: the player's (Next, Menu,
Transcript, ...) and the documents' (the facilitator guide's headings, ``journey.ics`` events, the question
banks' live-session category, the narration script's headings).

Two catalogues per language, one mechanism: ``packagers/player/messages/<tag>.json`` holds the player's words
(all of them go into every player page, so they stay few) and ``packagers/messages/<tag>.json`` the documents'
words (``document_words``). Each maps a message key to its text; ``{name}`` placeholders are filled by the
player (``Player.prototype.say``) or by ``fill``. English (``en.json``) holds every key. A translator adds a
language by adding both files, named by its BCP 47 tag: a language (``sv.json``) or a language and region
(``pt-BR.json``, chosen over ``pt.json`` for ``pt-BR`` courses); ``tests/test_i18n.py`` checks that each has
exactly English's keys and placeholders and that both folders ship the same languages. A key a catalogue lacks
falls back to English. A few tags name a shipped catalogue under another name (``_ALIASES``): Traditional
Chinese is ``zh-Hant.json``, which ``zh-TW``, ``zh-HK`` and ``zh-MO`` courses get; ``no`` (Norwegian) gets
``nb.json``; the withdrawn ``iw`` and ``in`` get Hebrew and Indonesian.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal

FALLBACK = "en"
Catalogue = Literal["player", "documents"]
_FOLDERS: dict[Catalogue, tuple[str, str]] = {"player": ("packagers.player", "messages"),
                                              "documents": ("packagers", "messages")}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_ALIASES = {"zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "no": "nb", "iw": "he", "in": "id"}
"""Tags (lower case) whose catalogue is shipped under another tag."""


def _messages_dir(kind: Catalogue) -> Traversable:
    package, folder = _FOLDERS[kind]
    return resources.files(package).joinpath(folder)


@cache
def shipped_languages(kind: Catalogue = "player") -> tuple[str, ...]:
    """Return the tags of every shipped catalogue of ``kind`` (``en``, ``de``, ``pt-BR``, ...), sorted."""
    return tuple(sorted(node.name.removesuffix(".json") for node in _messages_dir(kind).iterdir()
                        if node.name.endswith(".json")))


@cache
def _catalogue(tag: str, kind: Catalogue = "player") -> dict[str, str] | None:
    """Return the catalogue of ``kind`` shipped for ``tag`` (matched without regard to case), or None."""
    name = next((known for known in shipped_languages(kind) if known.lower() == tag.lower()), None)
    if name is None:
        return None
    data = json.loads(_messages_dir(kind).joinpath(f"{name}.json").read_text("utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def catalogue_language(language: str | None) -> str:
    """Return the shipped catalogue ``language`` (a BCP 47 tag) gets: language-region, else language, else ``en``."""
    parts = (language or FALLBACK).strip().split("-")
    for tag in (_ALIASES.get(tag.lower(), tag) for tag in ("-".join(parts[:2]), parts[0])):
        if tag and _catalogue(tag) is not None:
            return next(known for known in shipped_languages() if known.lower() == tag.lower())
    return FALLBACK


def _messages(language: str | None, kind: Catalogue) -> dict[str, str]:
    english = _catalogue(FALLBACK, kind) or {}
    own = _catalogue(catalogue_language(language), kind) or {}
    return {key: own.get(key, text) for key, text in english.items()}


def interface_messages(language: str | None) -> dict[str, str]:
    """Return every player message for ``language`` (a BCP 47 tag), English where it has no translation."""
    return _messages(language, "player")


def document_words(language: str | None) -> dict[str, str]:
    """Return every document message (guide, calendar, banks, narration) for ``language``, English where it has
    no translation."""
    return _messages(language, "documents")


def placeholders(text: str) -> frozenset[str]:
    """Return the names of the ``{name}`` placeholders in a message."""
    return frozenset(_PLACEHOLDER.findall(text))


def fill(text: str, **values: object) -> str:
    """Return ``text`` with each ``{name}`` replaced by ``values[name]`` (others left as they are)."""
    return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)


def say_minutes(words: dict[str, str], minutes: float) -> str:
    """Return minutes as a person says them in ``words``' language: ``95 min``, ``2 h``, ``3 h 10 min``."""
    whole = round(minutes)
    if whole < 120:
        return fill(words["minutes"], minutes=whole)
    hours, rest = divmod(whole, 60)
    return fill(words["hours-minutes"], hours=hours, minutes=rest) if rest else fill(words["hours"], hours=hours)
