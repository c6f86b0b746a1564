"""PPTX slides to units: title, role from the layout, section, hidden flag, body blocks and the notes layer."""

from __future__ import annotations

from lxml import etree

from converter.errors import LimitExceededError
from converter.model import Block, Location, Unit
from converter.model.source import UnitRole
from converter.options import Limits

from .context import DeckContext, SlideContext, is_true, qn
from .graphics import Box
from .parts import (
    CT_NOTES_SLIDE,
    CT_SLIDE_LAYOUT,
    CT_SLIDE_MASTER,
    RT_NOTES_SLIDE,
    RT_SLIDE_LAYOUT,
    RT_SLIDE_MASTER,
    Part,
)
from .shapes import (
    FURNITURE_TYPES,
    TYPE_ALIASES,
    count_shapes,
    find_title,
    own_box,
    placeholder_type,
    read_shapes,
    walk_shapes,
)
from .styles import LayoutInfo, PlaceholderStyles, placeholder
from .text import plain_text, read_text_body

SECTION_NAMESPACES = ("p14", "p15")
FURNITURE_ATTRS = {"ftr": "footer", "dt": "date", "sldNum": "slide_number", "hdr": "header"}
"""Unit attrs that keep the text of the placeholders repeated on every slide (left out of the body)."""
NOTES_STYLES = PlaceholderStyles()
"""Notes paragraphs follow their own bullets and their shape's list style, not the notes master's."""


def slide_entries(presentation: etree._Element) -> list[tuple[str, str]]:
    """Return (slide id, relationship id) of each slide in ``p:sldIdLst``, in show order."""
    entries = presentation.find(qn("p:sldIdLst"))
    if entries is None:
        return []
    return [(entry.get("id", ""), entry.get(qn("r:id"), "")) for entry in entries.findall(qn("p:sldId"))]


def read_sections(presentation: etree._Element) -> dict[str, str]:
    """Return section name by slide id from the ``p14:sectionLst`` extension (``p15`` also accepted)."""
    found: dict[str, str] = {}
    for prefix in SECTION_NAMESPACES:
        for section in presentation.iter(qn(f"{prefix}:section")):
            for slide_id in section.iter(qn(f"{prefix}:sldId")):
                found.setdefault(slide_id.get("id", ""), (section.get("name") or "").strip())
    return found


def read_slide(slide: Part, number: int, section: str | None, deck: DeckContext, limits: Limits,
               slide_id: str = "") -> Unit:
    """Return one slide as a ``Unit`` keyed ``slide-<p:sldId/@id>`` (empty when the id is missing or not a number);
    raises ``LimitExceededError`` when it has too many shapes."""
    root = slide.xml
    tree = slide_tree(slide)
    _check_shape_count(tree, number, deck, limits)
    layout = read_layout(slide, deck)
    ctx = SlideContext(deck, number, slide, layout.boxes, layout.styles)
    title_shape = find_title(tree)
    title_body = title_shape.find(qn("p:txBody")) if title_shape is not None else None
    return Unit(
        kind="slide",
        index=number,
        key=f"slide-{slide_id.strip()}" if slide_id.strip().isdigit() else "",
        title=plain_text(title_body) if title_body is not None else None,
        role=layout.role,
        section=section or None,
        hidden=root.get("show") is not None and not is_true(root.get("show")),
        blocks=tuple(read_shapes(tree, ctx, skip=title_shape)),
        notes=read_notes(slide, deck, number),
        where=Location(file=deck.file, unit=number),
        attrs=_attrs(layout.name, tree),
    )


def slide_tree(slide: Part) -> etree._Element:
    """Return a slide's shape tree (an empty one when the slide has none)."""
    tree = slide.xml.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    return tree if tree is not None else etree.Element(qn("p:spTree"))


def _attrs(layout_name: str, tree: etree._Element) -> dict[str, str]:
    """Return the unit's extras: the layout name, and the text of the footer, date, slide-number and header
    placeholders the slide has (``footer``, ``date``, ``slide_number``, ``header``)."""
    return {"layout": layout_name, **furniture_text(tree)}


def furniture_text(tree: etree._Element) -> dict[str, str]:
    """Return the text of a shape tree's footer, date, slide-number and header placeholders by attr name."""
    found: dict[str, list[str]] = {}
    for shape in walk_shapes(tree):
        name, body = FURNITURE_ATTRS.get(placeholder_type(shape) or ""), shape.find(qn("p:txBody"))
        text = plain_text(body) if name and body is not None else ""
        if name and text:
            found.setdefault(name, []).append(text)
    return {name: " ".join(texts) for name, texts in found.items()}


def _check_shape_count(tree: etree._Element, number: int, deck: DeckContext, limits: Limits) -> None:
    count = count_shapes(tree)
    if count > limits.max_shapes_per_unit:
        raise LimitExceededError(
            f"slide {number} has {count:,} shapes; the limit is {limits.max_shapes_per_unit:,}", deck.path,
            "max_shapes_per_unit",
        )


def read_layout(slide: Part, deck: DeckContext) -> LayoutInfo:
    """Return the slide's layout name, role, placeholder boxes and list styles (read once per layout part)."""
    layout = slide.related_by_type(RT_SLIDE_LAYOUT, CT_SLIDE_LAYOUT)
    if layout is None:
        return LayoutInfo()
    if layout.name not in deck.layouts:
        root = layout.xml
        master = layout.related_by_type(RT_SLIDE_MASTER, CT_SLIDE_MASTER)
        master_root = master.xml if master is not None else None
        c_sld = root.find(qn("p:cSld"))
        name = c_sld.get("name", "") if c_sld is not None else ""
        deck.layouts[layout.name] = LayoutInfo(name, layout_role(root), layout_boxes(root, master_root),
                                               PlaceholderStyles.read(root, master_root))
    return deck.layouts[layout.name]


def layout_role(layout: etree._Element) -> UnitRole:
    """Return 'title' for a title layout, 'section-header' for a section header layout, else 'content'."""
    kind = layout.get("type", "")
    has_ctr_title = any(ph.get("type") == "ctrTitle" for ph in layout.iter(qn("p:ph")))
    if kind == "title" or has_ctr_title:
        return "title"
    return "section-header" if kind == "secHead" else "content"


def layout_boxes(layout: etree._Element, master: etree._Element | None) -> dict[tuple[str, str], Box]:
    """Return placeholder boxes by ('idx', n) and ('type', t): the master's by type, the layout's over them."""
    boxes = _tree_boxes(master, with_idx=False) if master is not None else {}
    boxes.update(_tree_boxes(layout, with_idx=True))
    return boxes


def _tree_boxes(slide_like: etree._Element, with_idx: bool) -> dict[tuple[str, str], Box]:
    boxes: dict[tuple[str, str], Box] = {}
    tree = slide_like.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    for shape in tree if tree is not None else ():
        ph = placeholder(shape) if isinstance(shape.tag, str) else None
        box = own_box(shape) if ph is not None else None
        if ph is None or box is None:
            continue
        kind = ph.get("type", "obj")
        boxes[("type", kind)] = boxes[("type", TYPE_ALIASES.get(kind, kind))] = box
        if with_idx:
            boxes[("idx", ph.get("idx", "0"))] = box
    return boxes


def read_notes(slide: Part, deck: DeckContext, number: int) -> tuple[Block, ...]:
    """Return the speaker notes: the body placeholder first, then any other text on the notes page.

    Only the slide's own notes slide is read (one notes-slide relationship to a notes part); none gives ().
    Footer, header, date, slide-number and slide-image placeholders are left out; nothing else is.
    """
    notes = slide.related_by_type(RT_NOTES_SLIDE, CT_NOTES_SLIDE)
    if notes is None:
        return ()
    ctx = SlideContext(deck, number, notes, anchor_prefix="note-sp-")
    tree = notes.xml.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    if tree is None:
        return ()
    shapes = [(sp, kind) for sp in walk_shapes(tree)
              if sp.tag == qn("p:sp") and (kind := placeholder_type(sp)) not in FURNITURE_TYPES]
    shapes.sort(key=lambda item: item[1] != "body")
    blocks: list[Block] = []
    for shape, _ in shapes:
        body = shape.find(qn("p:txBody"))
        if body is not None:
            blocks.extend(read_text_body(body, ctx, shape, bulleted=False, styles=NOTES_STYLES.chain(shape)))
    return tuple(blocks)
