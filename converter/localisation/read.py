"""Read XLIFF 2.x or 1.2 back into catalogues, without trusting the file.

The parser never resolves entities, loads a DTD or touches the network, and a file that declares a DOCTYPE at
all is refused before parsing (the billion-laughs bomb and external entities both need one). Every fault is a
``TranslationError`` (exit 12) naming the unit when one is at fault; a file over the size limit is a
``LimitExceededError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from lxml import etree

from ..errors import LimitExceededError, TranslationError
from .catalog import Catalog, Flag, State, Unit
from .content import Code, Content, Piece, normalised
from .write import MTC_NS, ORIGINAL_PREFIX, SUBSTATE_PREFIX, XLIFF2_NS, XLIFF12_NS

_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_STATES = ("initial", "translated", "reviewed", "final")
_STATES_12 = {"translated": "translated", "signed-off": "reviewed", "final": "final"}
_FLAGS_12 = {"needs-translation": "new", "needs-review-translation": "changed"}
_IGNORED_2 = {"sm", "em"}
"""XLIFF 2 annotation markers: they hold no text, so they are skipped (their range is not kept)."""


def read_xliff(path: Path, max_bytes: int) -> list[Catalog]:
    """Return one catalogue per ``<file>`` of the XLIFF document at ``path``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitExceededError(f"is {size:,} bytes, over the limit of {max_bytes:,}", path, "max_part_bytes")
        data = path.read_bytes()
    except OSError as error:
        from ..errors import InputNotFoundError
        raise InputNotFoundError(f"cannot be read ({error.strerror or error})", path) from error
    return parse_xliff(data, path)


def parse_xliff(data: bytes, path: Path | str = "translation") -> list[Catalog]:
    """Return one catalogue per ``<file>`` of the XLIFF document ``data``; raises ``TranslationError``."""
    root = _parse(data, path)
    if root.tag == f"{{{XLIFF2_NS}}}xliff":
        return _Reader2(path).document(root)
    if root.tag == f"{{{XLIFF12_NS}}}xliff":
        return _Reader12(path).document(root)
    raise TranslationError(f"is not an XLIFF 1.2 or 2.x document (its root is <{etree.QName(root).localname}>)",
                           path)


def _parse(data: bytes, path: Path | str) -> etree._Element:
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        if any(mark.decode().encode(encoding) in data for mark in _DECLARATIONS):
            raise TranslationError("declares a DOCTYPE or entities; c2e refuses them in translation files "
                                   "(entity expansion is how XML bombs and external-file reads work)", path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise TranslationError(f"is not well-formed XML ({error})", path) from error
    if root.getroottree().docinfo.doctype:
        raise TranslationError("declares a DOCTYPE; c2e refuses it in translation files", path)
    return root


def _course_id(original: str | None) -> str:
    return (original or "").removeprefix(ORIGINAL_PREFIX)


class _Reader:
    ns = ""
    code_tag = ""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def error(self, problem: str, unit: str | None = None) -> TranslationError:
        return TranslationError(problem, self.path, unit)

    def content(self, element: etree._Element, unit: str) -> Content:
        """Return the text and codes of a ``<source>``/``<target>``."""
        pieces: list[Piece] = [element.text or ""]
        for child in element:
            pieces.extend(self.inline(child, unit, top=True))
            pieces.append(child.tail or "")
        return normalised(tuple(pieces))

    def inline(self, child: etree._Element, unit: str, top: bool) -> list[Piece]:
        if not isinstance(child.tag, str):
            return []
        name = etree.QName(child).localname
        if child.tag == self.q(self.code_tag):
            if not top:
                raise self.error(f"nested inline code <{name} id={child.get('id')!r}> (c2e writes flat codes)", unit)
            inner = [child.text or ""]
            for grandchild in child:
                inner.extend(cast(str, p) for p in self.inline(grandchild, unit, top=False))
                inner.append(grandchild.tail or "")
            return [Code(child.get("id") or "", "".join(inner), self.code_format(child))]
        return self.other(child, name, unit, top)

    def code_format(self, code: etree._Element) -> str:
        """Return the short formatting name c2e wrote for a code (``b``, ``i+u``, ``link``), else ``""``."""
        return ""

    def other(self, child: etree._Element, name: str, unit: str, top: bool) -> list[Piece]:
        if name == "mrk":  # an annotation (terminology, a comment): keep its text
            pieces: list[Piece] = [child.text or ""]
            for grandchild in child:
                pieces.extend(self.inline(grandchild, unit, top))
                pieces.append(grandchild.tail or "")
            return pieces
        raise self.error(f"unexpected inline element <{name}> (c2e reads only the <{self.code_tag}> codes it "
                         "wrote)", unit)

    def unique(self, units: list[Unit], file_id: str) -> tuple[Unit, ...]:
        seen: set[str] = set()
        for unit in units:
            if unit.id in seen:
                raise self.error(f"appears twice in file {file_id}", unit.id)
            seen.add(unit.id)
        return tuple(units)


class _Reader2(_Reader):
    ns = XLIFF2_NS
    code_tag = "pc"

    def code_format(self, code: etree._Element) -> str:
        shown = code.get("dispStart") or ""
        return shown[1:-1] if shown.startswith("<") and shown.endswith(">") else ""

    def document(self, root: etree._Element) -> list[Catalog]:
        version = root.get("version", "")
        if not version.startswith("2."):
            raise self.error(f"has XLIFF 2 markup but version {version!r}")
        source, target = root.get("srcLang"), root.get("trgLang")
        if not source:
            raise self.error("has no srcLang")
        files = root.findall(self.q("file"))
        if not files:
            raise self.error("holds no <file>")
        return [Catalog(_course_id(file.get("original")), source, target,
                        self.unique([self.unit(u) for u in file.iter(self.q("unit"))], file.get("id", "")),
                        version=version) for file in files]

    def other(self, child: etree._Element, name: str, unit: str, top: bool) -> list[Piece]:
        if child.tag == self.q("cp"):
            try:
                char = chr(int(child.get("hex") or "", 16))
            except (ValueError, OverflowError) as error:
                raise self.error(f"<cp hex={child.get('hex')!r}> is not a character", unit) from error
            if 0xD800 <= ord(char) <= 0xDFFF:
                raise self.error(f"<cp hex={child.get('hex')!r}> is a lone surrogate, not a character", unit)
            return [char]
        if child.tag in {self.q(tag) for tag in _IGNORED_2}:
            return []
        return super().other(child, name, unit, top)

    def unit(self, element: etree._Element) -> Unit:
        """Return a ``<unit>``: its segments (and ignorables) joined back into one string, the least advanced
        segment's state, c2e's ``subState`` flag."""
        uid = element.get("id") or ""
        if not uid:
            raise self.error("a <unit> has no id")
        parts = [p for p in element if p.tag in (self.q("segment"), self.q("ignorable"))]
        if not parts:
            raise self.error("has no <segment>", uid)
        joined = [self.part(part, uid) for part in parts]
        source = normalised(tuple(piece for src, _ in joined for piece in src))
        has_target = any(part.find(self.q("target")) is not None for part in parts)
        target = normalised(tuple(piece for _, trg in joined for piece in trg)) if has_target else None
        segments = [part for part in parts if part.tag == self.q("segment")]
        states = [part.get("state", "initial") for part in segments]
        if any(state not in _STATES for state in states):
            raise self.error(f"has a segment state outside {', '.join(_STATES)}", uid)
        flags = {part.get("subState", "").removeprefix(SUBSTATE_PREFIX) for part in segments}
        flag: Flag = "changed" if "changed" in flags else "new" if "new" in flags else ""
        return Unit(uid, source, target, cast(State, min(states, key=_STATES.index, default="initial")), flag,
                    note=_notes(element, self.q("note")), role=element.get("name", ""),
                    previous=self.previous(element, uid))

    def part(self, part: etree._Element, uid: str) -> tuple[Content, Content]:
        """Return a segment's or ignorable's source and target (an ignorable without target: its source)."""
        src = part.find(self.q("source"))
        if src is None:
            raise self.error("has a segment without <source>", uid)
        trg = part.find(self.q("target"))
        if trg is not None:
            return self.content(src, uid), self.content(trg, uid)
        keep = part.tag == self.q("ignorable")  # white space between segments stays as it is
        return self.content(src, uid), self.content(src, uid) if keep else ()

    def previous(self, element: etree._Element, uid: str) -> tuple[Content, Content] | None:
        for match in element.iter(f"{{{MTC_NS}}}match"):
            src, trg = match.find(self.q("source")), match.find(self.q("target"))
            if match.get("origin") == "previous version" and src is not None and trg is not None:
                return self.content(src, uid), self.content(trg, uid)
        return None


class _Reader12(_Reader):
    ns = XLIFF12_NS
    code_tag = "g"

    def code_format(self, code: etree._Element) -> str:
        ctype = code.get("ctype") or ""
        named = {"bold": "b", "italic": "i", "underlined": "u", "link": "link"}
        return named.get(ctype) or ctype.removeprefix("x-").replace("-", "+")

    def document(self, root: etree._Element) -> list[Catalog]:
        files = root.findall(self.q("file"))
        if not files:
            raise self.error("holds no <file>")
        catalogs = []
        for file in files:
            source = file.get("source-language")
            if not source:
                raise self.error("has a <file> without source-language")
            units = [self.unit(u) for u in file.iter(self.q("trans-unit"))]
            catalogs.append(Catalog(_course_id(file.get("original")), source, file.get("target-language"),
                                    self.unique(units, file.get("original", "")), version="1.2"))
        return catalogs

    def unit(self, element: etree._Element) -> Unit:
        uid = element.get("id") or ""
        if not uid:
            raise self.error("a <trans-unit> has no id")
        src = element.find(self.q("source"))
        if src is None:
            raise self.error("has no <source>", uid)
        trg = element.find(self.q("target"))
        target = self.content(trg, uid) if trg is not None else None
        state_12 = trg.get("state", "translated") if trg is not None else "new"
        flag = cast(Flag, _FLAGS_12.get(state_12, "")) if not target else ""
        state = cast(State, _STATES_12.get(state_12, "initial"))
        maxwidth = element.get("maxwidth")
        return Unit(uid, self.content(src, uid), target or None, state, flag,
                    note=_notes(element, self.q("note")), role=element.get("resname", ""),
                    max_length=int(maxwidth) if maxwidth and maxwidth.isascii() and maxwidth.isdigit() else None,
                    previous=self.previous(element, uid))

    def previous(self, element: etree._Element, uid: str) -> tuple[Content, Content] | None:
        for alt in element.findall(self.q("alt-trans")):
            src, trg = alt.find(self.q("source")), alt.find(self.q("target"))
            if alt.get("origin") == "previous version" and src is not None and trg is not None:
                return self.content(src, uid), self.content(trg, uid)
        return None




def _notes(element: etree._Element, tag: str) -> str:
    texts = [" ".join((note.text or "").split()) for note in element.iter(tag)
             if note.getparent() is not None and note.get("category") != "max-length"]
    return " | ".join(text for text in texts if text)
