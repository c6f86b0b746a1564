"""The loss report misses nothing, end to end: for the samples and every real file of the shared corpus, each
source paragraph (slide text, notes, Word paragraphs, PDF words) is shown to the learner in the web package or
named in the report, and each drawing shape of a slide is shown (as a slide picture) or named in the report.

"Named in the report" means a message of the report's needs-a-look list, with what was done ``instead``,
located on that slide or page as a whole (a hidden slide, a page without a text layer) or on the very shape
(or a group around it) that held the paragraph. Sources are read independently of the extractors
(tests/fidelity.py); each file is converted once, to a web package folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from fidelity import (
    Drawing,
    Paragraph,
    Shown,
    docx_paragraphs,
    normal,
    pdf_words,
    pptx_drawings,
    pptx_paragraphs,
    right_to_left,
    scrambled_in,
    shown,
)

import converter
from converter.model import Course, block_text
from converter.model.location import Location
from converter.report import LOSS_CODES
from converter.result import Level, Message

from conftest import CORPUS, REPO

SAMPLES = [REPO / "samples" / name for name in ("pharma-sales-onboarding.pptx", "facilitator-guide.docx",
                                                "handout.pdf")]
REAL_FILES = sorted(path for fmt in ("pptx", "docx", "pdf") for path in (CORPUS / "real" / fmt).glob("*"))
FILES = SAMPLES + REAL_FILES
DECKS = [path for path in FILES if path.suffix == ".pptx"]
TEXT_GAPS: dict[str, str] = {}
"""Known gaps, each failing the text property today for the reason given (expected to pass once it is fixed)."""
def _params(paths: list[Path], gaps: dict[str, str]) -> list:
    """Return ``paths`` as test parameters, a known gap marked as an expected failure with its reason."""
    return [pytest.param(path, id=path.name, marks=[pytest.mark.xfail(strict=False, reason=gaps[path.name])]
                         if path.name in gaps else []) for path in paths]
RUNNING = ("pdf.running-header-removed", "pdf.page-numbers-removed")
"""The codes of what a PDF repeats on its pages (running lines, page numbers), each reported once per document."""
MISSES_SHOWN = 5
"""How many unshown, unreported paragraphs a failure message quotes."""


@dataclass
class Converted:
    """One file converted to a web package: what the package shows and what its report names."""

    path: Path
    shown: Shown
    by_unit: dict[int, str]
    everything: str
    facilitator: str
    named: list[Message]
    messages: tuple[Message, ...]
    screens_of: dict[int, list[str]]

    def unit_text(self, unit: int | None) -> str:
        """Return the text of the screens made from ``unit`` (every screen's text when the unit is unknown)."""
        return self.everything if unit is None else self.by_unit.get(unit, "")

    def reports(self, unit: int | None, anchors: frozenset[str] = frozenset()) -> bool:
        """Return whether the report names, with what was done instead, the whole of ``unit`` or one of
        ``anchors`` (the shape that held the thing, or a group around it)."""
        return any(m.instead is not None and m.where is not None and m.where.unit == unit
                   and (m.where.shape is None or m.where.anchor in anchors) for m in self.named)

    def reports_running(self, word: str) -> bool:
        """Return whether ``word`` (folded) belongs to a running header or footer or a lone page number the report
        names once for the whole document: its letters are in the message's quote (page numbers vary from page to
        page, so digits are compared as absent: a word of digits only counts when such a message exists)."""
        letters = "".join(ch for ch in word if not ch.isdigit())
        return any(m.code in RUNNING and m.instead is not None
                   and letters in "".join(ch for ch in m.text.casefold() if ch.isalnum() and not ch.isdigit())
                   for m in self.named)


def _convert(path: Path, out: Path) -> Converted:
    result = converter.convert(path, out, format="web", target="folder")
    conversion = result.value
    screens = shown(conversion.packages["web"])
    screens_of: dict[int, list[str]] = {}
    for screen in conversion.course.screens():
        for ref in screen.units:
            if ref.file == path.name:
                screens_of.setdefault(ref.index, []).append(screen.id)
    by_unit = {unit: " ".join(screens.text.get(screen, "") for screen in ids) for unit, ids in screens_of.items()}
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    named = [Message.model_validate(m) for group in report["needs_look"] for m in group["messages"]]
    return Converted(path, screens, by_unit, " ".join(screens.text.values()), _facilitator(conversion.course),
                     named, result.messages, screens_of)


def _facilitator(course: Course) -> str:
    """Return the facilitator-only text of a course: cues taken off the screens and the live-session plan."""
    blocks = [block for screen in course.screens() for block in screen.facilitator]
    blocks += [block for activity in course.live.activities
               for block in (*activity.blocks, *activity.notes, *activity.cues)]
    return normal(" ".join(block_text(block) for block in blocks) + " ".join(a.title for a in course.live.activities))


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Return a function converting a file once per test module (the conversions are shared by the tests)."""
    done: dict[Path, Converted] = {}

    def get(path: Path) -> Converted:
        if path not in done:
            done[path] = _convert(path, tmp_path_factory.mktemp(path.stem[:40]))
        return done[path]

    return get


def _paragraphs(path: Path) -> list[Paragraph]:
    reader = {".pptx": pptx_paragraphs, ".docx": docx_paragraphs, ".pdf": pdf_words}[path.suffix]
    return list(reader(path))


def _missing(paragraphs: list[Paragraph], conversion: Converted, pdf: bool) -> list[Paragraph]:
    """Return the paragraphs neither shown on their unit's screens (anywhere, for a moved one) nor reported."""
    folded = {unit: "".join(ch for ch in text.casefold() if ch.isalnum() or ch == "_")
              for unit, text in conversion.by_unit.items()} if pdf else {}
    missing, cursor = [], 0
    for paragraph in paragraphs:
        if pdf:  # a page's words against its screens' letters and digits (the PDF's own spacing may differ)
            found = paragraph.text in folded.get(paragraph.unit, "") or (
                (paragraph.rtl or right_to_left(paragraph.text))
                and scrambled_in(paragraph.text, conversion.unit_text(paragraph.unit)))
        elif paragraph.unit is None:  # Word: look on from the last paragraph found first (same order, faster)
            at = conversion.everything.find(paragraph.text, cursor)
            found = at >= 0 or paragraph.text in conversion.everything or paragraph.text in conversion.facilitator
            cursor = at if at >= 0 else cursor
        else:
            found = any(paragraph.text in text for text in (conversion.unit_text(paragraph.unit),
                                                            conversion.everything, conversion.facilitator))
        if pdf and not found:
            found = conversion.reports_running(paragraph.text)
        if not found and not conversion.reports(paragraph.unit, paragraph.anchors):
            missing.append(paragraph)
    return missing


@pytest.mark.corpus
@pytest.mark.parametrize("path", _params(FILES, TEXT_GAPS))
def test_every_source_paragraph_is_shown_or_named_in_the_report(path, converted):
    conversion = converted(path)
    missing = _missing(_paragraphs(path), conversion, path.suffix == ".pdf")
    quoted = [f"unit {p.unit}: {p.text[:100]!r}" for p in missing[:MISSES_SHOWN]]
    assert missing == [], f"{path.name}: {len(missing)} source paragraph(s) neither shown nor reported: {quoted}"


def _unshown(drawings: list[Drawing], conversion: Converted) -> list[Drawing]:
    """Return the drawings whose slide shows no slide picture and whose loss the report does not name."""
    pictured = {unit for unit, ids in conversion.screens_of.items()
                if any("slide" in conversion.shown.roles.get(screen, set()) for screen in ids)}
    return [d for d in drawings if d.unit not in pictured and not conversion.reports(d.unit, frozenset({d.anchor}))]


@pytest.mark.corpus
@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.name)
def test_every_drawing_shape_is_shown_or_named_in_the_report(path, converted):
    conversion = converted(path)
    unshown = _unshown(list(pptx_drawings(path)), conversion)
    quoted = [f"slide {d.unit}: {d.name!r}" for d in unshown[:MISSES_SHOWN]]
    assert unshown == [], f"{path.name}: {len(unshown)} drawing(s) neither shown nor reported: {quoted}"


def test_a_paragraph_neither_shown_nor_reported_is_caught():
    where = "deck.pptx"
    lost = Message(level=Level.WARNING, code="pptx.unsupported-shape", text="x", instead="left out",
                   where=Location(file=where, unit=2, shape="Ink 4 (id 4)", anchor="sp-4"))
    hidden = Message(level=Level.INFO, code="chunk.hidden-unit-skipped", text="x", instead="left out",
                     where=Location(file=where, unit=3))
    conversion = Converted(Path(where), Shown(), {1: "Welcome aboard"}, "Welcome aboard", "Say: hello", [lost, hidden],
                           (), {})
    paragraphs = [Paragraph(1, "Welcome aboard"), Paragraph(1, "Say: hello"), Paragraph(3, "backup"),
                  Paragraph(2, "ink note", frozenset({"sp-4"})), Paragraph(2, "dropped in silence", frozenset({"sp-5"})),
                  Paragraph(1, "gone")]
    assert [p.text for p in _missing(paragraphs, conversion, pdf=False)] == ["dropped in silence", "gone"]


@pytest.mark.corpus
def test_every_loss_over_the_corpus_says_what_was_done_instead(converted):
    messages = [m for path in FILES for m in converted(path).messages]
    without = sorted({m.code for m in messages if m.code in LOSS_CODES and m.instead is None})
    unlisted = sorted({m.code for m in messages if m.instead is not None and m.code not in LOSS_CODES})
    assert without == [], f"loss codes without 'instead': {without}"
    assert unlisted == [], f"codes with 'instead' not registered as losses in converter.report.NOTED: {unlisted}"
    assert {m.code for m in messages} & LOSS_CODES, "the corpus reports no loss at all: the check checks nothing"
