"""The narration script: per screen in learner order, its title and id and its speaker notes cleaned into
sentences to read aloud (no bullets, no facilitator cues, no clicks, abbreviations kept), and an .srt with one
cue per sentence timed at the speaking rate, strictly increasing."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest
import srt
from hypothesis import given, settings
from hypothesis import strategies as st
from quiz_decks import make_quiz_deck

import converter
from converter.language import CAREFUL_SPLITS, SentenceSplitter
from converter.model import Course
from converter.options import ConvertOptions
from converter.plugin import Target
from packagers.narration import MIN_CUE_MS, SCREEN_PAUSE_MS, NarrationPackager, cue_lines

NOTES = {
    "Why blood pressure matters": "\n".join([
        "Say: High blood pressure rarely causes symptoms. Ask: Who has had theirs measured? Allow 3 minutes.",
        "\u2022 Most adults over 40 should be checked every year",
        "- Targets differ for people with diabetes, e.g. 130/80 mmHg.",
        "[click] The chart shows how risk doubles with every 20 mmHg.",
        "Click to reveal the answer.",
        "Dr. Patel's guideline, i.e. the one used in clinic, sets the threshold.",
        "2."]),
    "Treatment options": "Do: hand out the leaflet.\nTransition: now we turn to medicines.\nDiuretics are often first.",
    "Wrap-up": "Note: collect the feedback forms.",
}
SPOKEN = {
    "Why blood pressure matters": [
        "High blood pressure rarely causes symptoms.",
        "Most adults over 40 should be checked every year.",
        "Targets differ for people with diabetes, e.g. 130/80 mmHg.",
        "The chart shows how risk doubles with every 20 mmHg.",
        "Dr. Patel's guideline, i.e. the one used in clinic, sets the threshold."],
    "Treatment options": ["Now we turn to medicines.", "Diuretics are often first."],
    "Wrap-up": [],
}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    slides = [(title, ["Body text"], notes) for title, notes in NOTES.items()]
    return converter.build(make_quiz_deck(tmp_path_factory.mktemp("narration") / "talk.pptx", slides)).value


def write(course: Course, folder: Path, words_per_minute: int = 130) -> tuple[str, str]:
    """Write the narration of ``course`` into ``folder``; return (script text, srt text)."""
    target = Target.for_packager(NarrationPackager(), folder, course.name)
    written = NarrationPackager().package(course, target, ConvertOptions(words_per_minute=words_per_minute))
    assert written.value == folder / f"{course.name}-narration.txt"
    return written.value.read_text(encoding="utf-8"), written.value.with_suffix(".srt").read_text(encoding="utf-8")


def screen_parts(script: str) -> list[list[str]]:
    """Return the script's screen sections (heading line first), in order."""
    sections = script.split("\n\n")[1:]
    return [section.strip().splitlines() for section in sections if section.startswith("Screen ")]


def test_each_screen_has_its_title_and_id_then_its_notes_cleaned_into_sentences(course, tmp_path):
    script, _ = write(course, tmp_path)
    parts = screen_parts(script)
    screens = course.screens()
    assert [part[0] for part in parts] == [f"Screen {n}: {screen.title} [{screen.id}]"
                                           for n, screen in enumerate(screens, start=1)]
    assert {screen.title: part[1:] for screen, part in zip(screens, parts, strict=True)} == {
        title: sentences or ["(no narration)"] for title, sentences in SPOKEN.items()}


def test_no_bullets_cues_or_clicks_reach_the_script(course, tmp_path):
    script, _ = write(course, tmp_path)
    said = "\n".join(line for part in screen_parts(script) for line in part[1:])
    for word in ("\u2022", "Ask:", "Do:", "Note:", "Say:", "Transition:", "click", "Click", "Allow 3", "leaflet"):
        assert word not in said


def test_the_srt_has_a_cue_per_sentence_in_order_timed_at_the_speaking_rate(course, tmp_path):
    _, subtitles = write(course, tmp_path)
    cues = list(srt.parse(subtitles))
    spoken = [sentence for sentences in SPOKEN.values() for sentence in sentences]
    assert [" ".join(cue.content.split()) for cue in cues] == spoken
    assert [cue.index for cue in cues] == list(range(1, len(spoken) + 1))
    for before, after in zip(cues, cues[1:], strict=False):
        assert before.start < before.end <= after.start < after.end
    first = cues[0]
    words = len(spoken[0].split())
    assert first.end - first.start == datetime.timedelta(milliseconds=max(MIN_CUE_MS, round(words * 60_000 / 130)))
    gap = cues[5].start - cues[4].end  # the next screen's first sentence
    assert gap == datetime.timedelta(milliseconds=SCREEN_PAUSE_MS) and cues[1].start == cues[0].end
    assert srt.compose(cues, reindex=False) == subtitles, "the canonical SRT form, byte for byte"


def test_a_slower_speaking_rate_gives_longer_cues(course, tmp_path):
    _, fast = write(course, tmp_path / "fast", 200)
    _, slow = write(course, tmp_path / "slow", 100)
    assert list(srt.parse(slow))[-1].end > list(srt.parse(fast))[-1].end


def test_the_narration_is_deterministic(course, tmp_path):
    assert write(course, tmp_path / "one") == write(course, tmp_path / "two")


@pytest.mark.parametrize("careful", [CAREFUL_SPLITS, 0], ids=["pysbd", "plain rule"])
def test_abbreviations_never_end_a_sentence(careful):
    split = SentenceSplitter("en", careful)
    assert split("Use e.g. ramipril. Dr. Lee agrees, i.e. twice. Done") == [
        "Use e.g. ramipril.", "Dr. Lee agrees, i.e. twice.", "Done"]


def test_the_sample_course_script_holds_every_said_sentence_and_format_all_writes_it(tmp_path):
    result = converter.convert(Path("samples/course.toml"), tmp_path, formats="all")
    assert "narration" in converter.formats() and "narration" in result.value.packages
    script = result.value.packages["narration"].read_text(encoding="utf-8")
    cues = list(srt.parse(result.value.packages["narration"].with_suffix(".srt").read_text(encoding="utf-8")))
    assert "Most people with high blood pressure feel completely well, which is why it is dangerous." in script
    assert "Before any product talk, we need to understand the condition and the patients." in script
    assert "Which topic feels least familiar" not in script and "Allow 5 minutes" not in script
    lines = [line for part in screen_parts(script) for line in part[1:] if line != "(no narration)"]
    assert [" ".join(cue.content.split()) for cue in cues] == lines
    assert all(before.end <= after.start for before, after in zip(cues, cues[1:], strict=False))


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=50), max_size=25),
       width=st.integers(min_value=4, max_value=60))
def test_cue_lines_cut_a_sentence_as_textwrap_does(words, width):
    sentence = " ".join(words)  # as readable() gives sentences: words one space apart
    expected = textwrap.wrap(sentence, width, break_long_words=False, break_on_hyphens=False)
    assert cue_lines(sentence, width) == expected
