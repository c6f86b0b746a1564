"""Revisions without re-translating: carry a translation over to a revised course (``xliff update``), count
the words left to translate (``xliff stats``) and pseudo-translate (``xliff pseudo``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Course
from .catalog import Catalog, Unit, export
from .content import Code, Content, Piece, plain_text, same_words
from .walk import LINK_ADDRESS

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def count_words(text: str) -> int:
    """Return the words of ``text`` as vendors count them: runs between spaces, and each CJK character."""
    return len(_CJK.findall(text)) + len(_WORD.findall(text))


def kind(unit: Unit) -> str:
    """Return ``new`` (nothing to start from), ``changed`` (its source changed since it was translated; the
    old translation is offered) or ``unchanged`` (translated)."""
    if unit.flag == "changed":
        return "changed"
    return "unchanged" if unit.translated else "new"


@dataclass
class Tally:
    """Units and words per kind (new, changed, unchanged) of one catalogue."""

    course_id: str
    source_language: str
    target_language: str | None
    units: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0})
    words: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0})
    removed: int = 0

    def line(self) -> str:
        """Return one line a vendor quotes from: words new, changed and unchanged."""
        total = sum(self.words.values())
        target = self.target_language or "?"
        parts = ", ".join(f"{self.words[k]:,} {k} ({self.units[k]} units)" for k in ("new", "changed",
                                                                                   "unchanged"))
        removed = f"; {self.removed} units removed" if self.removed else ""
        return f"{self.course_id} {self.source_language}->{target}: {total:,} words: {parts}{removed}"


def tally(catalog: Catalog, removed: int = 0) -> Tally:
    """Return the units and words of ``catalog`` per kind."""
    counts = Tally(catalog.course_id, catalog.source_language, catalog.target_language, removed=removed)
    for unit in catalog.units:
        counts.units[kind(unit)] += 1
        counts.words[kind(unit)] += count_words(plain_text(unit.source))
    return counts


def update(previous: Catalog, course: Course) -> tuple[Catalog, Tally]:
    """Return the catalogue of the revised ``course`` with ``previous``'s translations carried over, and its
    tally: a unit whose source is unchanged keeps its target and state; a changed one has no target, is marked
    ``changed`` and offers the old source and translation; a new one is empty and marked ``new``. A unit whose
    exact source text was translated under another id (a derived string that moved) takes that translation
    with state ``translated``."""
    old = previous.by_id()
    memory = {_key(unit.source): unit for unit in previous.units if unit.translated}
    fresh = export(course, previous.target_language, previous.source_language)
    units = [_carried(unit, old.get(unit.id), memory) for unit in fresh.units]
    removed = len(set(old) - {unit.id for unit in units})
    catalog = replace(fresh, units=tuple(units), version=previous.version)
    return catalog, tally(catalog, removed)


def _key(content: Content) -> tuple[object, ...]:
    return tuple(p if isinstance(p, str) else (p.id, p.text) for p in content)


def _carried(unit: Unit, old: Unit | None, memory: dict[tuple[object, ...], Unit]) -> Unit:
    """Return ``unit`` with what the previous translation holds for it (see ``update``)."""
    if old is not None and same_words(old.source, unit.source):
        if old.translated:
            return replace(unit, target=old.target, state=old.state)
        return replace(unit, flag=old.flag, previous=old.previous)
    exact = memory.get(_key(unit.source))
    if exact is not None:  # the same text translated elsewhere (a moved or derived string): a 100% match
        return replace(unit, target=exact.target, state="translated")
    if old is None:
        return replace(unit, flag="new")
    if old.translated and old.target is not None:
        return replace(unit, flag="changed", previous=(old.source, old.target))
    return replace(unit, flag="changed", previous=old.previous)


_ACCENTS = str.maketrans("aceinouyACEINOUYsSzZgGkKlLdDrRtT",
                         "áçéîñöûýÅÇÉÎÑÖÛÝšŠžŽĝĜķĶļĻđĐŕŔţŢ")
PSEUDO_GROWTH = 0.4
"""How much longer pseudo-translated text is: German and Finnish run 30-40% longer than English."""


def pseudo_content(source: Content) -> Content:
    """Return ``source`` pseudo-translated: accented, about 40% longer, in brackets; codes kept in place."""
    pieces: list[Piece] = ["["]
    for piece in source:
        if isinstance(piece, Code):
            pieces.append(Code(piece.id, _pseudo_text(piece.text), piece.fmt))
        else:
            pieces.append(_pseudo_text(piece))
    length = len(plain_text(source))
    pieces.append(" " + "·" * max(1, round(length * PSEUDO_GROWTH) - 3) + "]")
    return tuple(pieces)


def _pseudo_text(text: str) -> str:
    return text.translate(_ACCENTS)


def pseudo(course: Course, language: str = "qps-ploc") -> Catalog:
    """Return the catalogue of ``course`` with every unit pseudo-translated (state ``translated``), but link
    addresses, which keep the source's."""
    catalog = export(course, language)
    units = tuple(replace(unit, target=unit.source if unit.role == LINK_ADDRESS else pseudo_content(unit.source),
                          state="translated") for unit in catalog.units)
    return replace(catalog, units=units)
