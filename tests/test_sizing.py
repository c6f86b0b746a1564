"""Module sizing as a spec: pre-learning modules of about the target length (5-15 minutes by default), cut along
the source's sections and headings, never inside a unit or between a unit and its continuation; minutes from
the rates the course states. On every real deck of the corpus, at least 90% of the modules fall within the
target and every micro-item takes 2-5 minutes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import converter
from converter.chunking import build_course
from converter.chunking.sizing import size_units
from converter.chunking.timing import screen_minutes, timing_of
from converter.model import (
    SCHEMA_VERSION,
    ListBlock,
    ListItem,
    Location,
    Media,
    Paragraph,
    SourceDocument,
    SourceInfo,
    Span,
    Timing,
    Unit,
)
from converter.options import ConvertOptions

from conftest import manifest_paths

TIMING = Timing()  # 200 words/min reading, 130 speaking, 20 s per screen, 5-15 minute modules


def _words(count: int) -> tuple[Paragraph, ...]:
    return (Paragraph(spans=(Span(text=" ".join(["word"] * count)),)),)


def _unit(index: int, title: str | None, minutes: float = 2.0, *, section: str | None = None, role: str = "content",
          blocks: tuple = ()) -> Unit:
    """Return a slide that takes about ``minutes`` to read (body words at 200 words/min, plus the pause)."""
    body = blocks or _words(max(1, round((minutes - 20 / 60) * 200) - len((title or "").split())))
    return Unit(kind="slide", index=index, key=f"slide-{255 + index}", title=title, section=section, role=role,  # type: ignore[arg-type]
                blocks=body, where=Location(file="deck.pptx", unit=index))


def _doc(*units: Unit) -> SourceDocument:
    return SourceDocument(schema_version=SCHEMA_VERSION, title="Deck", units=units,
                          source=SourceInfo(name="deck.pptx", format="pptx", sha256="0" * 64, size=1))


def _titles(course) -> list[list[str]]:
    return [[screen.title for screen in module.screens] for module in course.modules]


def test_a_short_section_joins_its_neighbour_and_a_long_one_is_split_at_slide_borders():
    units = [_unit(1, "Welcome", 1.5, section="Intro"), _unit(2, "Agenda", 1.5, section="Intro")]
    units += [_unit(3 + i, f"Basics {i}", 3.0, section="Basics") for i in range(4)]
    units += [_unit(7 + i, f"Advanced {i}", 3.0, section="Advanced") for i in range(10)]
    course = build_course(_doc(*units), ConvertOptions()).value
    assert [m.title for m in course.modules][0] == "Intro; Basics"  # 3 min of Intro joined the next section
    assert all(5 <= m.minutes <= 15 for m in course.modules), [m.minutes for m in course.modules]
    advanced = [m for m in course.modules if all(s.title.startswith("Advanced") for s in m.screens)]
    assert len(advanced) >= 2 and advanced[0].title == "Advanced"  # 30 minutes: split, the parts named
    assert all(m.title.startswith("Advanced: ") for m in advanced[1:])
    assert [s.title for m in course.modules for s in m.screens] == [u.title for u in units]  # each once, in order


def test_sections_within_the_range_stay_modules_of_their_own():
    units = [_unit(i, f"A{i}", 3.0, section="A") for i in range(1, 4)]
    units += [_unit(i, f"B{i}", 3.0, section="B") for i in range(4, 6)]
    course = build_course(_doc(*units), ConvertOptions()).value
    assert [m.title for m in course.modules] == ["A", "B"]
    assert _titles(course) == [["A1", "A2", "A3"], ["B4", "B5"]]


def test_modules_start_at_section_header_slides_rather_than_mid_topic():
    units = [_unit(1, "Part one", 0.5, role="section-header")]
    units += [_unit(i, f"One {i}", 2.0) for i in range(2, 6)]
    units += [_unit(6, "Part two", 0.5, role="section-header")]
    units += [_unit(i, f"Two {i}", 2.0) for i in range(7, 12)]
    course = build_course(_doc(*units), ConvertOptions()).value
    assert [m.title for m in course.modules] == ["Part one", "Part two"]


def test_a_unit_and_its_continuation_are_never_split():
    """Within a 3-minute maximum, every cut would be cheap, but not between a slide and its "(cont.)", an
    example and its solution, a list and the slide where its numbering goes on."""
    steps = ListBlock(ordered=True, start=4, items=(ListItem(spans=(Span(text="Fourth step"),)),))
    units = [_unit(1, "Dosing", 2.0), _unit(2, "Dosing (cont.)", 2.0), _unit(3, "Worked example: a dose", 2.0),
             _unit(4, "Solution", 2.0), _unit(5, "Steps", 2.0), _unit(6, "More", blocks=(steps,))]
    course = build_course(_doc(*units), ConvertOptions(module_minutes=2, module_min=0, module_max=3)).value
    assert _titles(course) == [["Dosing", "Dosing (cont.)"], ["Worked example: a dose", "Solution"], ["Steps", "More"]]


def test_a_screen_takes_its_words_read_its_notes_spoken_its_clips_and_its_checks():
    body = (*_words(200), Media(media_type="video", asset="0" * 64, attrs={"seconds": "90"}),
            Media(media_type="audio", asset="1" * 64))
    notes = _words(130)
    minutes = screen_minutes(None, body, notes, TIMING, questions=1)
    # 1 min reading + 1 min speaking + 1.5 min video + 1 min for the clip of unknown length + 1 check + 20 s
    assert minutes == round(1 + 1 + 1.5 + 1 + 1 + 20 / 60, 2)
    slower = TIMING.model_copy(update={"reading_wpm": 100, "minutes_per_question": 2.0})
    assert screen_minutes(None, body, notes, slower, questions=1) == round(minutes + 1 + 1, 2)


def test_the_rates_are_options_and_the_course_states_them():
    options = ConvertOptions(reading_wpm=150, words_per_minute=110, minutes_per_question=2, module_minutes=8)
    course = build_course(_doc(_unit(1, "Only", 2.0)), options).value
    assert course.timing == timing_of(options)
    assert (course.timing.reading_wpm, course.timing.speaking_wpm, course.timing.minutes_per_question) == (150, 110, 2)
    assert (course.timing.module_min, course.timing.module_minutes, course.timing.module_max) == (4, 8, 12)
    assert course.module_fit(course.modules[0]) == "short-source"  # the whole deck is shorter than the minimum
    assert "reading 150 words/min, speaking 110 words/min" in course.sizing()
    with pytest.raises(ValueError, match="min <= target <= max"):
        ConvertOptions(module_minutes=10, module_min=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.4, max_value=9.0), min_size=1, max_size=60),
       st.lists(st.booleans(), min_size=60, max_size=60))
def test_sizing_keeps_every_unit_once_in_order_and_leaves_no_two_fragments_side_by_side(minutes, opens):
    units = [_unit(i + 1, f"S{i}", section=f"sec{sum(opens[:i + 1])}") for i in range(len(minutes))]
    groups = size_units(units, minutes, TIMING)
    assert [u.index for g in groups for u in g.units] == [u.index for u in units]
    sizes = [sum(minutes[u.index - 1] for u in g.units) for g in groups]
    for one, other in zip(sizes, sizes[1:], strict=False):  # two short neighbours that fit together are merged
        assert not (one < TIMING.module_min and other < TIMING.module_min and one + other <= TIMING.module_max)


def _fit_figures(course) -> tuple[int, int]:
    """Return (modules within the target, modules that could be: all but a whole source shorter than the min)."""
    fits = [course.module_fit(module) for module in course.modules]
    return fits.count("within"), sum(1 for fit in fits if fit != "short-source")


@pytest.mark.parametrize("deck", manifest_paths("real/pptx"), ids=lambda path: path.name)
def test_most_modules_of_a_real_deck_are_within_the_target_and_micro_items_take_two_to_five_minutes(deck):
    doc = converter.extract(deck, ConvertOptions(slide_images="never")).value
    course = build_course([doc], ConvertOptions()).value
    within, sizable = _fit_figures(course)
    share = within / sizable if sizable else 1.0
    print(f"{deck.name}: {within} of {sizable} modules within 5-15 min ({share:.0%}); {course.sizing()}")
    assert share >= 0.9, [(m.title, m.minutes) for m in course.modules]
    for module in course.modules:
        if course.module_fit(module) == "short-source":  # the deck as a whole is shorter than the minimum
            assert len(course.modules) == 1 and module.minutes < course.timing.module_min
    minutes = [item.minutes for item in course.micro_items]
    print(f"{deck.name}: micro-items of {min(minutes)}-{max(minutes)} min")
    assert len(minutes) == len(course.modules) and all(2 <= m <= 5 for m in minutes)
