"""Narration packager: the speaker notes as a script to record voice-over from, ``NAME-narration.txt``, and the
same sentences as timed subtitles, ``NAME-narration.srt`` beside it.

Per screen, in learner order: its title and id, then its speaker notes cleaned into sentences to be read aloud,
one a line. Cleaning: bullets and numbering dropped; facilitator cues dropped (text after ``Ask:``, ``Do:``,
``Note:``, ``Tip:``, ``Timing:`` ... up to the next label), the ``Say:`` (and ``Transition:``) label dropped and
its text kept; presenter instructions about clicks (``[click]``, "Click to reveal ...") and timings ("Allow
about 3 minutes.", a short sentence giving minutes) dropped; abbreviations kept as written ("e.g.", "mg"), never split into sentences. A line
without final punctuation gets a full stop, so a text-to-speech tool pauses there.

Limits: facilitator instructions written without a label ("Settle the room.") cannot be told from narration
and stay in; notes written only for the facilitator should carry a label.

The .srt has one cue per sentence, screens in learner order; each cue lasts its words at
``ConvertOptions.words_per_minute`` (at least ``MIN_CUE_MS``), and a screen change adds ``SCREEN_PAUSE_MS``.
Sentences are split by ``converter.language.SentenceSplitter`` (pysbd, from the ``[questions]`` extra, where a
full stop may end an abbreviation; a rule that knows common abbreviations elsewhere). Deterministic: the same
course gives the same bytes. The script's own headings are in the course's language
(``packagers._messages.document_words``); the cleaning rules know English labels only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from converter.atomic import write_atomic
from converter.language import SentenceSplitter
from converter.model import Block, Course, ListBlock, Paragraph, Quote, Screen, spans_text
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._messages import document_words, fill

MIN_CUE_MS = 1200
SCREEN_PAUSE_MS = 1000
LINE_WIDTH = 42
"""Subtitle lines are wrapped at this many characters (the usual broadcast width)."""
KEPT_LABELS = frozenset({"say", "script", "narration", "narrator", "voice-over", "voiceover", "read", "transition"})
DROPPED_LABELS = frozenset({"ask", "do", "note", "notes", "tip", "tips", "activity", "debrief",
                            "timing", "time", "materials", "facilitator", "instructor", "trainer", "presenter",
                            "pause", "action", "setup", "prep", "preparation", "hint", "answer", "q", "a",
                            "question", "discuss", "discussion", "exercise", "remind", "reminder", "check",
                            "note-marker", "speaker", "cue"})
_LABEL = re.compile(r"(?:^|(?<=[\s.!?;]))(?:(?:correct|right|the|then|facilitator|trainer)\s+)?([A-Za-z][\w-]{0,20})"
                    r"\s*[:\uff1a]\s+", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u2023\u25aa\u25ab\u25cf\u25e6\u2043\u2219\u00b7\u2013\u2014>]+|\(?\d{1,2}[.)]|"
                     r"\(?[a-z][.)])\s+")
_CLICK_MARK = re.compile(r"[\[(<{*]\s*(?:click|next click|animation|anim)\s*\d*\s*[\])>}*]", re.I)
_CLICK = re.compile(r"\bclick(?:s|ed|ing)?\b", re.I)
_TIMING = re.compile(r"^(?:allow|give|take|spend|leave|about|around|approx\.?|under|over|up to|no more than)?\s*"
                     r"(?:about|around|up to)?\s*\d+(?:[.,]\d+)?\s*(?:-|\u2013|to)?\s*\d*\s*"
                     r"(?:min|mins|minutes|seconds|secs|s|h|hours?)\b[^.!?]*[.!?]?$", re.I)
_SHORT_TIMING = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:-|\u2013|to)?\s*\d*\s*(?:min|mins|minutes)\b", re.I)
TIMING_WORDS = 8
"""A sentence of at most this many words that gives minutes ("This block takes about 50 minutes.") is timing."""
_LETTER = re.compile(r"[^\W\d_]")
"""A sentence without a letter ("2.", a slide number left in the notes) is not read aloud."""


@dataclass(frozen=True)
class ScreenScript:
    """One screen's part of the script: where it is and the sentences to read aloud."""

    number: int
    screen: Screen
    sentences: tuple[str, ...]


# ---------------------------------------------------------------- cleaning
def note_lines(blocks: Iterable[Block]) -> Iterator[str]:
    """Yield the text lines of the notes (paragraphs, quotes, list items), bullets and numbering dropped."""
    for block in blocks:
        if isinstance(block, (Paragraph, Quote)):
            texts = [spans_text(block.spans)]
        elif isinstance(block, ListBlock):
            texts = [spans_text(item.spans) for item in block.items]
        else:
            continue
        for text in texts:
            for line in text.splitlines():
                line = " ".join(_BULLET.sub("", line).split())
                if line:
                    yield line


def spoken_parts(line: str) -> list[str]:
    """Return the parts of a notes line meant to be said: text under ``Say:`` (or before any label), without
    the text that a facilitator label (``Ask:``, ``Do:``, ...) governs up to the next label."""
    parts: list[str] = []
    keep, start = True, 0
    for match in _LABEL.finditer(line):
        label = match.group(1).casefold()
        if label not in KEPT_LABELS and label not in DROPPED_LABELS:
            continue
        if keep:
            parts.append(line[start:match.start()])
        keep, start = label in KEPT_LABELS, match.end()
    if keep:
        parts.append(line[start:])
    parts = [" ".join(part.split()) for part in parts if part.strip()]
    return [part[0].upper() + part[1:] for part in parts]


def readable(sentence: str) -> str:
    """Return a sentence as it should be read aloud ('' when it is a presenter instruction): click marks
    removed, sentences about clicking, bare timings and numbers without words dropped, a full stop added where
    none ends it."""
    sentence = " ".join(_CLICK_MARK.sub(" ", sentence).split())
    if not sentence or _CLICK.search(sentence) or _TIMING.match(sentence) or not _LETTER.search(sentence):
        return ""
    if _SHORT_TIMING.search(sentence) and len(sentence.split()) <= TIMING_WORDS:
        return ""
    return sentence if sentence[-1] in ".!?\u2026:;\"'\u201d\u2019)" else sentence + "."


def screen_sentences(screen: Screen, split: Callable[[str], list[str]]) -> tuple[str, ...]:
    """Return the sentences of a screen's notes to read aloud, in order."""
    found = []
    for line in note_lines(screen.notes):
        for part in spoken_parts(line):
            found += [text for text in (readable(sentence) for sentence in split(part)) if text]
    return tuple(found)


def course_script(course: Course) -> list[ScreenScript]:
    """Return every screen of the course, in learner order, with its sentences to read aloud."""
    split = SentenceSplitter(course.language)
    return [ScreenScript(n, screen, screen_sentences(screen, split))
            for n, screen in enumerate(course.screens(), start=1)]


# ---------------------------------------------------------------- writing
def speaking_ms(sentence: str, words_per_minute: int) -> int:
    """Return how long a sentence takes to say at ``words_per_minute``, in milliseconds (at least ``MIN_CUE_MS``)."""
    return max(MIN_CUE_MS, round(len(sentence.split()) * 60_000 / words_per_minute))


def build_script(course: Course, script: list[ScreenScript], words_per_minute: int) -> str:
    """Return the narration script: a heading, then per screen its number, title and id and its sentences."""
    sentences = [sentence for part in script for sentence in part.sentences]
    total = sum(speaking_ms(sentence, words_per_minute) for sentence in sentences) // 1000
    words = document_words(course.language)
    lines = [fill(words["narration-title"], title=" ".join(course.title.split())),
             fill(words["narration-summary"], sentences=len(sentences), spoken=sum(1 for part in script if part.sentences),
                  screens=len(script), minutes=total // 60, seconds=f"{total % 60:02d}", rate=words_per_minute),
             words["narration-intro"], ""]
    for part in script:
        lines.append(fill(words["narration-screen"], number=part.number, title=" ".join(part.screen.title.split()),
                          id=part.screen.id))
        lines += list(part.sentences) or [words["narration-none"]]
        lines.append("")
    return "\n".join(lines)


def timestamp(ms: int) -> str:
    """Return an SRT timestamp, ``HH:MM:SS,mmm``."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def cue_lines(sentence: str, width: int = LINE_WIDTH) -> list[str]:
    """Return a sentence (words one space apart, as ``readable`` gives them) cut into subtitle lines of at most
    ``width`` characters, filled greedily; a longer word has a line to itself, never broken (what
    ``textwrap.wrap(sentence, width, break_long_words=False, break_on_hyphens=False)`` gives, at a fifth of its
    cost)."""
    lines: list[str] = []
    line = ""
    for word in sentence.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def build_srt(script: list[ScreenScript], words_per_minute: int) -> str:
    """Return the SRT subtitles: one cue per sentence, back to back, a pause between screens."""
    cues: list[str] = []
    clock = 0
    for part in script:
        if not part.sentences:
            continue
        if cues:
            clock += SCREEN_PAUSE_MS
        for sentence in part.sentences:
            end = clock + speaking_ms(sentence, words_per_minute)
            text = "\n".join(cue_lines(sentence))
            cues.append(f"{len(cues) + 1}\n{timestamp(clock)} --> {timestamp(end)}\n{text}\n\n")
            clock = end
    return "".join(cues)


class NarrationPackager:
    """Writes ``NAME-narration.txt`` (the script) and ``NAME-narration.srt`` (its timed cues) beside it."""

    name = "narration"
    description = "narration script from the speaker notes (.txt per screen, and .srt cues timed at the speaking rate)"
    targets: tuple[TargetKind, ...] = ("file",)
    extension = ".txt"

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write both files atomically (the .srt first) and return the script's path."""
        path = target.path if target.path.suffix == ".txt" else target.path.with_name(target.path.name + ".txt")
        script = course_script(course)
        srt = build_srt(script, options.words_per_minute).encode("utf-8")
        text = build_script(course, script, options.words_per_minute).encode("utf-8")
        write_atomic(path.with_suffix(".srt"), lambda handle: handle.write(srt))
        return Result.of(write_atomic(path, lambda handle: handle.write(text)))
