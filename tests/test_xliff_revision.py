"""Revisions without re-translating: a deck translated, then revised (one slide inserted, one paragraph edited, with
python-pptx), and ``c2e xliff update``: exactly the new and the edited strings go back to the translator."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from xliff_tools import MTC, X2, schema_errors, segment, translate, units

from conftest import SAMPLE_DECK, SCHEMAS, run_c2e

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
NEW_TITLE = "Blood pressure targets"
NEW_BODY = "Most adults should aim below 130/80 mmHg at home."
EDIT = " (revised)"


def ok(*args: str):  # noqa: ANN201
    run = run_c2e(*args, timeout=300)
    assert run.returncode == 0, run.stderr
    return run


def revise(deck: Path, after: int = 23) -> str:
    """Insert a slide after slide ``after`` (in that slide's PowerPoint section) and edit the first paragraph of
    slide 6's body; return the edited paragraph's new text."""
    prs = Presentation(str(deck))
    body = next(shape for shape in prs.slides[5].shapes
                if shape.has_text_frame and shape != prs.slides[5].shapes.title)
    paragraph = body.text_frame.paragraphs[0]
    paragraph.runs[-1].text += EDIT
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = NEW_TITLE
    slide.placeholders[1].text_frame.text = NEW_BODY
    ids = prs.slides._sldIdLst
    new = ids[-1]
    ids.remove(new)
    ids.insert(after, new)
    before = ids[after - 1].get("id")
    entry = next(e for e in prs.part._element.iter(f"{{{P14}}}sldId") if e.get("id") == before)
    added = copy.deepcopy(entry)
    added.set("id", new.get("id"))
    entry.addnext(added)
    prs.save(str(deck))
    return paragraph.text


def source_text(unit: etree._Element) -> str:
    return "".join(segment(unit).find(f"{{{X2}}}source").itertext())


@pytest.fixture(scope="module")
def revision(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("revision")
    deck = folder / "deck.pptx"
    shutil.copy(SAMPLE_DECK, deck)
    ok("xliff", "export", str(deck), "-o", str(folder / "v1.xlf"), "--slide-images", "never")
    v1 = translate(folder / "v1.xlf", folder / "v1.de.xlf", state="final")
    edited = revise(deck)
    run = ok("xliff", "update", str(v1), str(deck), "-o", str(folder / "v2.de.xlf"), "--slide-images", "never")
    return {"v1": units(v1), "v2": units(folder / "v2.de.xlf"), "edited": edited, "run": run, "deck": deck,
            "file": folder / "v2.de.xlf"}


def test_only_the_new_and_the_edited_strings_go_back_to_the_translator(revision):
    v1, v2 = revision["v1"], revision["v2"]
    flagged = {uid: segment(u).get("subState") for uid, u in v2.items() if segment(u).get("subState")}
    untranslated = {uid for uid, u in v2.items() if segment(u).find(f"{{{X2}}}target") is None}
    assert set(flagged) == untranslated, "every unit without a translation says why"
    changed = [uid for uid, state in flagged.items() if state == "c2e:changed"]
    new = [uid for uid, state in flagged.items() if state == "c2e:new"]
    assert [source_text(v2[uid]) for uid in changed] == [revision["edited"]]
    assert changed[0] in v1, "the edited paragraph keeps its id"
    assert new and {source_text(v2[uid]) for uid in new} <= {NEW_TITLE, NEW_BODY}
    assert {NEW_TITLE, NEW_BODY} <= {source_text(v2[uid]) for uid in new}
    assert all(uid not in v1 for uid in new)


def test_every_other_unit_keeps_its_translation_and_its_final_state(revision):
    v1, v2 = revision["v1"], revision["v2"]
    kept = [uid for uid, u in v2.items() if not segment(u).get("subState")]
    assert len(kept) > 150
    for uid in kept:
        old, new = segment(v1[uid]) if uid in v1 else None, segment(v2[uid])
        target = new.find(f"{{{X2}}}target")
        translated = source_text(v2[uid]) if v2[uid].get("name") == "link address" else source_text(v2[uid]).upper()
        assert "".join(target.itertext()) == translated, uid
        if old is not None:
            assert new.get("state") == "final", uid


def test_a_changed_unit_offers_the_old_translation_as_a_match(revision):
    v2 = revision["v2"]
    changed = next(u for u in v2.values() if segment(u).get("subState") == "c2e:changed")
    match = changed.find(f"{{{MTC}}}matches/{{{MTC}}}match")
    assert match is not None and match.get("origin") == "previous version"
    old_source = "".join(match.find(f"{{{X2}}}source").itertext())
    assert old_source + EDIT == revision["edited"]
    assert "".join(match.find(f"{{{X2}}}target").itertext()) == old_source.upper()
    assert schema_errors(revision["file"], "xliff20-modules-driver.xsd") == []
    assert (SCHEMAS / "xliff20" / "matches.xsd").is_file()


def test_update_and_stats_print_the_words_to_translate(revision):
    new = [u for u in revision["v2"].values() if segment(u).get("subState") == "c2e:new"]
    words_new = sum(len(source_text(u).split()) for u in new)
    assert words_new >= len(NEW_TITLE.split()) + len(NEW_BODY.split())
    line = revision["run"].stdout
    assert f"{words_new} new ({len(new)} units)" in line, line
    assert re.search(r" \d+ changed \(1 units\)", line), line
    stats = ok("xliff", "stats", str(revision["file"])).stdout
    assert stats.split(": ", 1)[1].strip() == line.split(": ", 1)[1].strip()


def test_the_updated_file_converts_with_the_new_strings_in_the_source_language(revision, tmp_path):
    run = ok("convert", str(revision["deck"]), "-o", str(tmp_path), "-f", "web", "--slide-images", "never",
             "--translation", str(revision["file"]))
    fell_back = re.search(r"; (\d+) strings in the source language", run.stdout)
    assert fell_back and int(fell_back.group(1)) == sum(1 for u in revision["v2"].values()
                                                        if segment(u).get("subState"))
    assert "xliff.untranslated" in run.stderr


def test_an_xliff_1_2_translation_updates_into_a_valid_1_2_file(tmp_path):
    deck = tmp_path / "deck.pptx"
    shutil.copy(SAMPLE_DECK, deck)
    ok("xliff", "export", str(deck), "-o", str(tmp_path / "v1.xlf"), "--xliff-version", "1.2", "--slide-images",
       "never")
    v1 = translate(tmp_path / "v1.xlf", tmp_path / "v1.de.xlf")
    edited = revise(deck)
    ok("xliff", "update", str(v1), str(deck), "-o", str(tmp_path / "v2.de.xlf"), "--slide-images", "never")
    v2 = tmp_path / "v2.de.xlf"
    assert schema_errors(v2, "xliff12-strict-driver.xsd") == []
    x12 = "{urn:oasis:names:tc:xliff:document:1.2}"
    tree = etree.parse(str(v2)).getroot()
    review = [u for u in tree.iter(f"{x12}trans-unit")
              if u.find(f"{x12}target") is not None and u.find(f"{x12}target").get("state") == "needs-review-translation"]
    assert ["".join(u.find(f"{x12}source").itertext()) for u in review] == [edited]
    alt = review[0].find(f"{x12}alt-trans")
    assert alt is not None and alt.find(f"{x12}target/{x12}g").get("ctype") == "bold"
    new = {"".join(u.find(f"{x12}source").itertext()) for u in tree.iter(f"{x12}trans-unit")
           if u.find(f"{x12}target") is not None and u.find(f"{x12}target").get("state") == "needs-translation"}
    assert new == {NEW_TITLE, NEW_BODY}
