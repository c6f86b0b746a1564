"""The stories beside the body: footnotes and endnotes (read where they are cited), headers and footers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from converter.errors import CorruptInputError
from converter.model import Block, block_text
from converter.result import Messages

from .._office.assets import picture_store
from .._office.package import Package
from .blocks import CellSink, read_blocks, with_attrs
from .context import DocContext, Story, rel_kind
from .package import open_story, parse_part
from .wordml import qn

NOTE_KINDS = ("footnote", "endnote")
MAX_ATTR_CHARS = 2_000


class Notes:
    """Footnotes and endnotes by kind and id, each with the story (part and relationships) it lives in."""

    def __init__(self, package: Package, main: Story) -> None:
        self._notes: dict[str, tuple[Story, dict[str, etree._Element]]] = {}
        for kind in NOTE_KINDS:
            self._index(package, main, kind)

    def _index(self, package: Package, main: Story, kind: str) -> None:
        rel = next((r for r in main.rels.values() if rel_kind(r) == f"{kind}s" and not r.external and r.target), None)
        target = rel.target if rel is not None else None
        name = package.find(target) if target else None
        if name is None:
            return
        try:
            root = parse_part(package, name)
        except CorruptInputError:
            return
        notes = {note.get(qn("w:id")) or "": note for note in root.iter(qn(f"w:{kind}"))}
        self._notes[kind] = (open_story(package, name), notes)

    def find(self, kind: str, note_id: str) -> tuple[Story, etree._Element] | None:
        """Return the story and element of note ``note_id``, or None when the document lacks it."""
        story, notes = self._notes.get(kind, (None, {}))
        note = notes.get(note_id)
        return (story, note) if story is not None and note is not None else None


@contextmanager
def reading_story(ctx: DocContext, story: Story, label: str = "") -> Iterator[None]:
    """Switch ``ctx`` to another part for a while: its relationships, fresh field and side state."""
    saved = ctx.story, ctx.fields, ctx.side, ctx.note_label
    ctx.story, ctx.fields, ctx.side, ctx.note_label = story, [], [], label
    try:
        yield
    finally:
        ctx.story, ctx.fields, ctx.side, ctx.note_label = saved


def drain_notes(ctx: DocContext) -> list[Block]:
    """Return the notes cited since the last call, in citation order, as blocks marked ``role=footnote``.

    Notes cited inside notes follow; a note cited twice is read once.
    """
    blocks: list[Block] = []
    seen: set[tuple[str, str]] = set()
    while ctx.note_refs:
        kind, note_id, number = ctx.note_refs.pop(0)
        if (kind, note_id) not in seen:
            seen.add((kind, note_id))
            blocks.extend(read_note(ctx, kind, note_id, number))
    return blocks


def read_note(ctx: DocContext, kind: str, note_id: str, number: int) -> list[Block]:
    """Return one footnote or endnote's blocks, its mark shown as ``[n]``; a missing note is warned about."""
    found = ctx.notes.find(kind, note_id)
    if found is None:
        ctx.warn("docx.note-missing", f"{kind} {note_id!r} is cited but missing; its mark [{number}] stays")
        return []
    story, element = found
    sink = CellSink()
    with reading_story(ctx, story, str(number)):
        read_blocks(element, ctx, sink)
    extra = {"role": "footnote"} if kind == "footnote" else {"role": "footnote", "note": "endnote"}
    return [with_attrs(block, **extra) for block in sink.finish()]


def read_headers_footers(body: etree._Element, ctx: DocContext) -> dict[str, str]:
    """Return the distinct texts of the headers and footers the sections use, as ``header``/``footer``."""
    found: dict[str, list[str]] = {"header": [], "footer": []}
    for reference in _section_references(body):
        kind = "header" if reference.tag == qn("w:headerReference") else "footer"
        text = _story_text(ctx, reference.get(qn("r:id")))
        if text and not text.isdigit() and text not in found[kind]:  # a bare page number says nothing
            found[kind].append(text)
    return {kind: "\n".join(texts)[:MAX_ATTR_CHARS] for kind, texts in found.items() if texts}


def _section_references(body: etree._Element) -> Iterator[etree._Element]:
    for sect_pr in body.iter(qn("w:sectPr")):
        for child in sect_pr:
            if child.tag in (qn("w:headerReference"), qn("w:footerReference")):
                yield child


def _story_text(ctx: DocContext, r_id: str | None) -> str:
    """Return the plain text of a header or footer part (its pictures are not kept, so nothing is said of them)."""
    rel = ctx.relationship(r_id)
    name = ctx.package.find(rel.target) if rel is not None and rel.target and not rel.external else None
    if name is None:
        return ""
    try:
        root = parse_part(ctx.package, name)
    except CorruptInputError:
        return ""
    sink, saved = CellSink(), (ctx.assets, ctx.messages, list(ctx.note_refs), ctx.unit_paragraphs)
    ctx.assets, ctx.messages = picture_store(), Messages()
    try:
        with reading_story(ctx, open_story(ctx.package, name)):
            read_blocks(root, ctx, sink)
    finally:
        ctx.assets, ctx.messages, ctx.note_refs[:], ctx.unit_paragraphs = saved
    return " ".join("\n".join(block_text(b) for b in sink.finish()).split())
