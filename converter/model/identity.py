"""Stable ids from the source's own identity, never from positions or file names.

An LMS keys a learner's progress on screen ids, and translation memories key on block ids, so re-publishing an
edited deck must keep the id of everything that did not change:

- a **screen** id hashes the source unit's ``key`` (PowerPoint ``slide-256`` from ``p:sldId``, a Word heading's
  ``w14:paraId``, a PDF page's text hash); inserting, deleting or moving other slides changes nothing;
- a **block** id hashes its unit's key, its layer (body or notes), the source's own id of the shape or paragraph
  it came from (``Location.anchor``) and its rank among the blocks of that same shape; list items and table
  cells add their position inside the block;
- the **course** id is the one the author gives (``--course-id``, ``id`` in ``c2e.toml``), else the primary
  source's own identity (its document properties), else its file name;
- a course of several sources scopes every id by its source (``source_scope``) so two decks' ``slide-256``
  never collide; a course of one source needs no scope, so renaming its file changes nothing.

A unit without a key (a third-party extractor that sets none) falls back to its position, ``slide-7``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from .blocks import Block, ListBlock, Table, TableCell, TableRow
from .ids import short_hash, slugify
from .source import SourceDocument, SourceInfo, Unit

ID_DIGITS = 12
"""Hex digits of an id's hash: 48 bits, so 100,000 screens collide with odds of about 1 in 50,000."""
AUTHOR_ID = re.compile(r"[A-Za-z_][A-Za-z0-9._-]{0,63}")
"""What an author-given course id may be: a valid xs:ID, safe in manifests, file names and LMS keys."""


def unit_key(unit: Unit) -> str:
    """Return the unit's own key, or its kind and position when the extractor gave none."""
    return unit.key or f"{unit.kind}-{unit.index}"


def source_scope(info: SourceInfo, among: int) -> str:
    """Return what tells this source's ids from the others' in a course of ``among`` sources.

    One source needs no scope (so renaming its file changes no id); several are told apart by their own
    identity, else their file name's stem.
    """
    if among <= 1:
        return ""
    return info.identity or PurePath(info.name).stem


def screen_id(scope: str, unit: Unit) -> str:
    """Return the id of the screen made from ``unit``, e.g. ``scr-3f9a1c02b7d4``."""
    return "scr-" + short_hash(scope, unit_key(unit), length=ID_DIGITS)


def group_id(prefix: str, scope: str, key: str) -> str:
    """Return the id of a module, activity or job aid keyed by ``key`` (a section's name, a first unit's key)."""
    return f"{prefix}-" + short_hash(prefix, scope, key, length=ID_DIGITS)


def course_id(author_id: str | None, primary: SourceInfo) -> str:
    """Return the course id: the author's when given, else one hashed from the primary source's identity.

    Raises ValueError when the author's id is not a valid xs:ID of at most 64 characters.
    """
    if author_id is not None:
        if not AUTHOR_ID.fullmatch(author_id):
            raise ValueError(f"course id {author_id!r} must start with a letter or '_' and hold only letters, "
                             "digits, '.', '_' and '-' (at most 64 characters)")
        return author_id
    basis = primary.identity or f"file:{PurePath(primary.name).stem}"
    slug = slugify(PurePath(primary.name).stem, max_length=24) if primary.identity is None else ""
    return f"crs-{slug}-{short_hash(basis, length=ID_DIGITS)}" if slug else f"crs-{short_hash(basis, length=ID_DIGITS)}"


def assign_ids(doc: SourceDocument, scope: str = "") -> SourceDocument:
    """Return ``doc`` with an id on every block, list item and table cell of every unit's body and notes."""
    units = tuple(_identified_unit(unit, scope) for unit in doc.units)
    return doc.model_copy(update={"units": units})


def _identified_unit(unit: Unit, scope: str) -> Unit:
    key = unit_key(unit)
    return unit.model_copy(update={
        "blocks": identify_blocks(unit.blocks, scope, key, "body"),
        "notes": identify_blocks(unit.notes, scope, key, "notes"),
    })


def identify_blocks(blocks: tuple[Block, ...], scope: str, key: str, layer: str) -> tuple[Block, ...]:
    """Return ``blocks`` with ids from (scope, unit key, layer, anchor, rank among the anchor's blocks)."""
    ranks: Counter[str] = Counter()
    identified = []
    for block in blocks:
        anchor = (block.where.anchor or "") if block.where is not None else ""
        ranks[anchor] += 1
        block_id = "b-" + short_hash(scope, key, layer, anchor, str(ranks[anchor]), length=ID_DIGITS)
        identified.append(_with_id(block, block_id))
    return tuple(identified)


def _with_id(block: Block, block_id: str) -> Block:
    update: dict[str, object] = {"id": block_id}
    if isinstance(block, ListBlock):
        update["items"] = tuple(item.model_copy(update={"id": f"{block_id}-i{n}"})
                                for n, item in enumerate(block.items, start=1))
    elif isinstance(block, Table):
        update["rows"] = tuple(TableRow(cells=tuple(_cell(cell, f"{block_id}-r{r}c{c}")
                                                    for c, cell in enumerate(row.cells, start=1)))
                               for r, row in enumerate(block.rows, start=1))
    return block.model_copy(update=update)


def _cell(cell: TableCell, cell_id: str) -> TableCell:
    return cell.model_copy(update={"id": cell_id})
