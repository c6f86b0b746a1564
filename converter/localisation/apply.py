"""Apply a translation: the course with every translated string in place, the rest in the source language.

The result is just a ``Course`` (its ``language`` the target's, its ``name`` ending with the language tag), so
every packager writes it as it writes any course. A unit without a target, or whose source no longer matches
the course (the deck changed since export), falls back to the source text and is reported with its place; a
target whose inline codes are not the source's is refused (``TranslationError``), as is a file for another
course or one that matches none of the course's units. A link address (``walk.LINK_ADDRESS``) without a target
keeps the source's, unreported (most links need no other page); one pointing at another host (or scheme) than
the source's is refused with a warning and the source's kept: a translation vendor may point a link at the
page in its language on the same site, not send learners elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import TranslationError
from ..model import Course, Span
from ..model.ids import language_tag
from ..result import Messages, Result
from .catalog import Catalog, Unit, export
from .content import CodeMismatch, Content, from_spans, plain_text, same_words, to_spans
from .walk import LINK_ADDRESS, Place, walk
from .write import NOT_XML


def localised_name(name: str, language: str) -> str:
    """Return the output stem of ``name`` in ``language``: ``deck`` in ``pt-BR`` is ``deck-pt-br``."""
    tag = language.lower()
    return f"{name[: 63 - len(tag)].rstrip('-')}-{tag}"


def course_catalog(catalogs: list[Catalog], course: Course, path: Path | str) -> Catalog:
    """Return the catalogue of ``catalogs`` that is ``course``'s; raises ``TranslationError`` when none is."""
    for catalog in catalogs:
        if catalog.course_id == course.id:
            return catalog
    found = ", ".join(repr(c.course_id) for c in catalogs) or "none"
    raise TranslationError(f"is for another course ({found}), not {course.id!r}", path)


@dataclass
class _Translator:
    """A visitor that puts each unit's target in place of its source, noting what fell back."""

    units: dict[str, Unit]
    path: Path | str
    language: str
    messages: Messages = field(default_factory=Messages)
    applied: int = 0
    seen: set[str] = field(default_factory=set)

    def target(self, uid: str, source: Content, place: Place) -> Content | None:
        """Return the unit's target, or None (reported) when the source text is to be shown."""
        self.seen.add(uid)
        unit = self.units.get(uid)
        if unit is None or not unit.translated:
            what = "is not in the translation" if unit is None else "has no translation"
            return self.fall_back("xliff.untranslated", f"unit {uid} ({place.role}) {what}; the source text is "
                                  "shown", place)
        if not same_words(unit.source, source):
            return self.fall_back("xliff.source-changed", f"unit {uid} ({place.role}): the source changed since it "
                                  "was translated; the new source text is shown (run c2e xliff update)", place)
        target = unit.target or ()
        odd = set(NOT_XML.findall(plain_text(target))) - set(NOT_XML.findall(plain_text(source)))
        if odd:
            raise TranslationError(f"holds control characters no page or manifest can carry "
                                   f"({', '.join(f'U+{ord(c):04X}' for c in sorted(odd))})", self.path, uid)
        length = len(plain_text(target))
        if place.max_length and length > place.max_length:
            self.messages.warn("xliff.too-long", f"{self.language}: unit {uid} ({place.role}) is {length} characters, "
                               f"over the {place.max_length} the LMS shows; it will be cut", place.where)
        self.applied += 1
        return target

    def fall_back(self, code: str, text: str, place: Place) -> Content | None:
        """Report a string shown in the source language, at its place; return None (no target)."""
        self.messages.warn(code, f"{self.language}: {text}", place.where, instead="source text")
        return None

    def rich(self, uid: str, spans: tuple[Span, ...], place: Place) -> tuple[Span, ...]:
        source = from_spans(spans)
        target = self.target(uid, source, place)
        if target is None or same_words(target, source):
            return spans
        try:
            return to_spans(target, spans)
        except CodeMismatch as error:
            raise TranslationError(f"{error} ({place.role}, {place.context or 'course'})", self.path, uid) from error

    def address(self, uid: str, href: str, place: Place) -> str:
        """Return the link address the unit gives, when it is on the source address's site, else ``href``."""
        self.seen.add(uid)
        self.applied += 1
        unit = self.units.get(uid)
        if unit is None or not unit.translated or not same_words(unit.source, (href,)):
            return href
        target = plain_text(unit.target or ()).strip()
        if target == href or same_site(href, target):
            return target
        self.messages.warn("xliff.link-refused", f"{self.language}: unit {uid} ({place.role}) points to another "
                           f"site ({target!r}); the source address is kept", place.where, instead="source address")
        return href

    def plain(self, uid: str, text: str, place: Place) -> str:
        if place.role == LINK_ADDRESS:
            return self.address(uid, text, place)
        target = self.target(uid, (text,), place)
        if target is None:
            return text
        if any(not isinstance(piece, str) for piece in target):
            raise TranslationError(f"has inline codes, but its source has none ({place.role})", self.path, uid)
        return plain_text(target)


def same_site(source: str, target: str) -> bool:
    """Return whether ``target`` stays where ``source`` points: the same scheme family (web, mail) and host
    (mail: domain), or both relative."""
    before, after = urlsplit(source.strip()), urlsplit(target.strip())
    if before.scheme.lower() == "mailto" or after.scheme.lower() == "mailto":
        domains = [url.path.rpartition("@")[2].lower() for url in (before, after)]
        return before.scheme.lower() == after.scheme.lower() and domains[0] == domains[1] != ""
    web = {"http", "https"}
    if not before.scheme and not before.netloc:
        return not after.scheme and not after.netloc
    return (before.scheme.lower() in web and after.scheme.lower() in web
            and (before.hostname or "") == (after.hostname or "") != "")


def apply_translation(course: Course, catalog: Catalog, path: Path | str = "translation") -> Result[Course]:
    """Return ``course`` translated by ``catalog``: strings replaced, ``language`` set to the target language
    and ``name`` suffixed with it; messages list every string that fell back to the source, with its place.

    Raises ``TranslationError`` for a catalogue of another course, without a valid target language, matching
    none of the course's units, or with broken inline codes (the message names the unit)."""
    language = language_tag(catalog.target_language)
    if language is None:
        raise TranslationError(f"has no valid target language ({catalog.target_language!r}); set trgLang "
                               "(XLIFF 2) or target-language (XLIFF 1.2)", path)
    if catalog.course_id != course.id:
        raise TranslationError(f"is for another course ({catalog.course_id!r}), not {course.id!r}", path)
    expected = {unit.id for unit in export(course).units}
    if catalog.units and not expected & set(catalog.by_id()):
        raise TranslationError("matches none of the course's units (is it for another revision of the course?)",
                               path)
    translator = _Translator(catalog.by_id(), path, language)
    translated = walk(course, translator)
    stale = sorted(set(catalog.by_id()) - translator.seen)
    if stale:
        translator.messages.info("xliff.unit-unused", f"{language}: {len(stale)} unit(s) of the translation are no longer in "
                                 f"the course, e.g. {', '.join(stale[:5])}")
    translator.messages.info("xliff.applied", f"{language}: {translator.applied} of {len(translator.seen)} strings translated "
                             f"into {language} from {Path(str(path)).name}")
    localised = translated.model_copy(update={"language": language,
                                              "name": localised_name(course.name, language)})
    return Result.of(localised, translator.messages)
