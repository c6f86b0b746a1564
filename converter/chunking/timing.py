"""Learner minutes: how long a screen takes, from the rates the course states (``model.Timing``).

A screen's minutes are its on-screen words at the reading rate, its notes (the transcript) at the speaking rate,
its clips' length (``Media.attrs["seconds"]`` where the source gives it, else ``Timing.media_minutes``), its
knowledge checks at ``minutes_per_question`` each, and a pause per screen (``seconds_per_screen``). Facilitator
cues are not the learner's: they do not count. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Block, Cue, Media, Timing, Unit, block_text
from ..options import ConvertOptions

SECONDS_PER_SCREEN = 20.0
"""Time a learner spends on a screen beyond reading: looking at pictures, using the buttons."""
MEDIA_MINUTES = 1.0
"""Minutes counted for a clip whose length the source does not give."""


def timing_of(options: ConvertOptions) -> Timing:
    """Return the rates and module size ``options`` ask for, as the course states them."""
    low, high = options.module_range
    return Timing(reading_wpm=options.reading_wpm, speaking_wpm=options.words_per_minute,
                  minutes_per_question=options.minutes_per_question, seconds_per_screen=SECONDS_PER_SCREEN,
                  media_minutes=MEDIA_MINUTES, module_minutes=options.module_minutes, module_min=low,
                  module_max=high)


def words(blocks: Iterable[Block]) -> int:
    """Return the number of words of ``blocks``."""
    return sum(len(block_text(block).split()) for block in blocks)


def media_minutes(blocks: Iterable[Block], timing: Timing) -> float:
    """Return the minutes of the clips among ``blocks``: their own length when known, else the default."""
    total = 0.0
    for block in blocks:
        if isinstance(block, Media):
            seconds = _number(block.attrs.get("seconds"))
            total += seconds / 60 if seconds is not None else timing.media_minutes
    return total


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value >= 0 else None


def screen_minutes(title: str | None, blocks: Iterable[Block], notes: Iterable[Block], timing: Timing,
                   questions: int = 0) -> float:
    """Return the learner minutes of a screen with this title, body, notes and number of knowledge checks."""
    shown = [block for block in blocks if not isinstance(block, Cue)]
    seen = (words(shown) + len((title or "").split())) / timing.reading_wpm
    heard = words(notes) / timing.speaking_wpm
    minutes = seen + heard + media_minutes(shown, timing) + questions * timing.minutes_per_question
    return round(minutes + timing.seconds_per_screen / 60, 2)


def unit_minutes(unit: Unit, timing: Timing, questions: int = 0) -> float:
    """Return the learner minutes of ``unit`` as one screen with ``questions`` knowledge checks."""
    return screen_minutes(unit.title, unit.blocks, unit.notes, timing, questions)
