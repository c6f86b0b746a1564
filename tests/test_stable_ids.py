"""Ids come from the sources' own identity: re-publishing an edited deck keeps every unchanged screen's id.

Decks are generated here with python-pptx and edited the way an author edits them (a slide inserted, deleted,
moved; the file renamed); the ids of every slide the edit did not touch must not change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.util import Inches

import converter
from converter.errors import OptionError
from converter.model import Course


def make_deck(path: Path, titles: list[str]) -> Path:
    """Write a deck with one titled slide per entry, each with a bullet list and speaker notes."""
    deck = Presentation()
    for title in titles:
        add_slide(deck, title)
    deck.save(path)
    return path


def add_slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = f"First point of {title}"
    body.add_paragraph().text = f"Second point of {title}"
    box = slide.shapes.add_textbox(Inches(1), Inches(6), Inches(6), Inches(1))
    box.text_frame.text = f"Aside on {title}"
    slide.notes_slide.notes_text_frame.text = f"Say this about {title}."
    return slide


def move_slide(deck, old: int, new: int) -> None:
    """Move the slide at 0-based ``old`` to ``new`` in the show order (its id stays)."""
    order = deck.slides._sldIdLst
    entry = list(order)[old]
    order.remove(entry)
    order.insert(new, entry)


def delete_slide(deck, index: int) -> None:
    order = deck.slides._sldIdLst
    entry = list(order)[index]
    deck.part.drop_rel(entry.rId)
    order.remove(entry)


def edit(path: Path, out: Path, action: str, at: int, to: int = 0) -> Path:
    """Apply one author's edit to the deck at ``path`` and save it as ``out``."""
    deck = Presentation(path)
    if action == "insert":
        add_slide(deck, "Inserted slide")
        move_slide(deck, len(deck.slides) - 1, at)
    elif action == "delete":
        delete_slide(deck, at)
    elif action == "move":
        move_slide(deck, at, to)
    deck.save(out)
    return out


def screen_ids(course: Course) -> dict[str, str]:
    """Return screen id by screen title (titles are unique in these decks)."""
    return {screen.title: screen.id for screen in course.screens()}


def block_ids(course: Course) -> dict[str, str]:
    """Return block id (and list item ids) by the text they hold, body and notes alike."""
    found = {}
    for screen in course.screens():
        for block in (*screen.blocks, *screen.notes):
            for item in getattr(block, "items", ()):
                found["".join(span.text for span in item.spans)] = item.id
            if hasattr(block, "spans"):
                found["".join(span.text for span in block.spans)] = block.id
    return found


def build(path: Path) -> Course:
    return converter.build(path).value


def test_every_id_in_a_course_is_unique(tmp_path):
    course = build(make_deck(tmp_path / "deck.pptx", [f"Topic {n}" for n in range(12)]))
    screens = [screen.id for screen in course.screens()]
    blocks = [b.id for s in course.screens() for b in (*s.blocks, *s.notes)]
    items = [i.id for s in course.screens() for b in s.blocks for i in getattr(b, "items", ())]
    everything = screens + blocks + items + [m.id for m in course.modules] + [course.id]
    assert all(everything) and len(set(everything)) == len(everything)


def test_the_sample_course_has_unique_ids_on_every_block_item_and_cell(sample_deck):
    course = build(sample_deck)
    ids = [screen.id for screen in course.screens()]
    for screen in course.screens():
        for block in (*screen.blocks, *screen.notes, *screen.facilitator):
            ids.append(block.id)
            ids.extend(item.id for item in getattr(block, "items", ()))
            ids.extend(cell.id for row in getattr(block, "rows", ()) for cell in row.cells)
    assert all(ids) and len(set(ids)) == len(ids)


EDITS = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 5), st.just(0)),
    st.tuples(st.just("delete"), st.integers(0, 5), st.just(0)),
    st.tuples(st.just("move"), st.integers(0, 5), st.integers(0, 5)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(3, 6), change=EDITS)
def test_an_edit_keeps_the_ids_of_every_slide_it_did_not_touch(tmp_path_factory, count, change):
    action, at, to = change
    at, to = min(at, count - 1), min(to, count - 1)
    folder = tmp_path_factory.mktemp("edit")
    titles = [f"Topic {n}" for n in range(count)]
    before = build(make_deck(folder / "deck.pptx", titles))
    (folder / "v2").mkdir()
    after = build(edit(folder / "deck.pptx", folder / "v2" / "deck.pptx", action, at, to))  # re-published
    kept = set(titles) - ({titles[at]} if action == "delete" else set())
    old, new = screen_ids(before), screen_ids(after)
    assert {title: new[title] for title in kept} == {title: old[title] for title in kept}
    old_blocks, new_blocks = block_ids(before), block_ids(after)
    untouched = [text for text in old_blocks if any(t in text for t in kept) and text in new_blocks]
    assert untouched and all(new_blocks[text] == old_blocks[text] for text in untouched)
    assert after.id == before.id


def test_renaming_the_file_keeps_every_id(tmp_path):
    deck = make_deck(tmp_path / "deck.pptx", ["Welcome", "Dosing", "Safety"])
    renamed = shutil.copy(deck, tmp_path / "Onboarding FINAL v3.pptx")
    before, after = build(deck), build(Path(renamed))
    assert screen_ids(after) == screen_ids(before)
    assert block_ids(after) == block_ids(before)
    assert [m.id for m in after.modules] == [m.id for m in before.modules]


def test_the_course_id_follows_the_document_properties_across_a_rename(tmp_path):
    deck = Presentation()
    add_slide(deck, "Welcome")
    deck.core_properties.title = "Cardiolex onboarding"
    deck.core_properties.identifier = "urn:cardiolex:onboarding"
    deck.save(tmp_path / "deck.pptx")
    renamed = Path(shutil.copy(tmp_path / "deck.pptx", tmp_path / "renamed.pptx"))
    assert build(renamed).id == build(tmp_path / "deck.pptx").id


def test_without_document_properties_the_course_id_falls_back_to_the_file_name(tmp_path):
    deck = make_deck(tmp_path / "deck.pptx", ["Welcome"])
    renamed = Path(shutil.copy(deck, tmp_path / "other.pptx"))
    assert build(renamed).id != build(deck).id


def test_an_author_given_course_id_wins(tmp_path):
    deck = make_deck(tmp_path / "deck.pptx", ["Welcome"])
    assert build_with(deck, course_id="onboarding-2026").id == "onboarding-2026"
    with pytest.raises(OptionError, match="course id"):
        build_with(deck, course_id="has spaces")


def build_with(path: Path, **options) -> Course:
    return converter.build(path, **options).value
