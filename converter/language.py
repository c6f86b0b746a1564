"""The language side of reading a course's text, shared by the chunker (generated questions) and the packagers
(the narration script): where sentences end, and how common a word is.

Sentences: a line with no ``.!?`` followed by more text is one sentence; a line whose full stop may end an
abbreviation ("Dr.", "e.g.", "U.S.", "Fig.", "J.") goes to pysbd (the ``[questions]`` extra) while a budget of
``CAREFUL_SPLITS`` lines per splitter lasts; every other line is split after ``.!?`` before anything but a
lower-case letter, never after a common abbreviation or an initial. pysbd takes milliseconds a line, most lines
need no such care, and its own non-destructive mode compiles a regular expression per sentence: ours maps its
sentences back onto the line with ``str.find``, giving the same parts.

Word frequencies: wordfreq's word lists (its Zipf scale: 'patient' 4.8, 'hypertension' 3.4) read straight from
the files it installs, without importing wordfreq itself (0.25 s of start-up: langcodes, ftfy, regex). A word or
phrase made only of lower-case letters of the Latin, Greek or Cyrillic alphabets, split by single spaces or
hyphens, in a language whose wordfreq tokenizer only case-folds and NFC-normalises such text, is looked up here
exactly as wordfreq would (the same tokens, the same frequencies, the same rounding); anything else (digits,
apostrophes, other scripts, Turkish or Romanian letters) is asked of wordfreq, imported then. A course's
lookups go through ``WordFrequencies``, which takes out of a list only the words the course's text holds.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

CAREFUL_SPLITS = 300
"""Lines per splitter (one per course) that pysbd may split (a few milliseconds each, 30 for a long line); past
them the plain rule takes over, so a 900-page legal handbook full of "U.S.C. §" costs seconds, not a minute."""

_MULTI_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]?\s+\S")
_PLAIN_END = re.compile(r"(?<=[^\s(\[][.!?])\s+(?=[^a-z\s)\]}])|(?<=[.!?][\"'\u201d\u2019)\]])\s+(?=[^a-z\s)\]}])")
"""A sentence's end: ``.!?`` after anything but a space or an opening bracket ("[! NOTE]", " ... }" end nothing),
or after its closing quote or bracket, then space, then anything but a lower-case letter or a closing bracket."""
_AMBIGUOUS_END = re.compile(r"(?:^|[\s(\[\"'])(?:[A-Z][a-z]{0,3}|[A-Za-z]|[A-Za-z]+(?:\.[A-Za-z]+)+|etc|vs|approx|cf|"
                            r"al|ca|esp|incl|fig|no|nos|vol|pp?|[ivx]+)\.\s+\S")
"""A full stop that may end an abbreviation ("Dr.", "e.g.", "U.S.", "Fig.", "J."), not a sentence: pysbd decides."""
_ABBREVIATIONS = frozenset("""e.g. i.e. etc. vs. approx. dr. mr. mrs. ms. prof. st. no. nos. fig. figs. cf. al. inc.
ltd. jr. sr. p. pp. ca. vol. ed. eds. fed. r. civ. evid. bankr. supp. sec. art. ch. para. jan. feb. mar. apr.
jun. jul. aug. sep. sept. oct. nov. dec. mon. tue. wed. thu. fri. sat. sun. u.s. u.s.c. c.f.r.""".split())
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?|[A-Z]\.")
_TRAILING_SPACE = re.compile(r"\s*")


# ---------------------------------------------------------------- sentences
def plain_split(line: str) -> list[str]:
    """Return the sentences of a line split after ``.!?`` before anything but a lower-case letter, never after
    a common abbreviation, an initial or a dotted abbreviation ("e.g.", "U.S.C.")."""
    parts: list[str] = []
    for piece in _PLAIN_END.split(line):
        last = parts[-1].split()[-1] if parts and parts[-1].split() else ""
        if last and (last.casefold() in _ABBREVIATIONS or _INITIALS.fullmatch(last)):
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return parts


class SentenceSplitter:
    """Splits lines of one language into sentences (stripped, none empty); see the module's docstring."""

    def __init__(self, language: str | None = None, careful: int = CAREFUL_SPLITS) -> None:
        self.language = (language or "en").split("-")[0].lower()
        self.careful = careful
        self._segmenter: Any = None

    def __call__(self, line: str) -> list[str]:
        if not _MULTI_SENTENCE.search(line):
            parts = [line]
        elif self.careful > 0 and _AMBIGUOUS_END.search(line) and self._pysbd() is not None:
            self.careful -= 1
            parts = pysbd_split(self._segmenter, line)
        else:
            parts = plain_split(line)
        return [part.strip() for part in parts if part.strip()]

    def _pysbd(self) -> Any:
        """Return pysbd's segmenter for the language (made on first use), or None (no pysbd, or no rules for
        the language: the plain rule splits then)."""
        if self._segmenter is None:
            try:
                import pysbd

                self._segmenter = pysbd.Segmenter(language=self.language, clean=False)
            except (ImportError, ValueError, KeyError):
                self._segmenter = False
        return self._segmenter or None


def pysbd_split(segmenter: Any, text: str) -> list[str]:
    """Return pysbd's non-destructive sentences of ``text`` (each part as written, with the spaces after it):
    the same parts as ``segmenter.segment(text)``, found with ``str.find`` instead of a regular expression
    compiled per sentence."""
    parts: list[str] = []
    done = 0
    for sentence in segmenter.processor(text).process():
        start = text.find(sentence) if sentence else -1
        while start >= 0:
            end = _TRAILING_SPACE.match(text, start + len(sentence)).end()  # type: ignore[union-attr]
            if end > done:
                parts.append(text[start:end])
                done = end
                break
            start = text.find(sentence, end)
    return parts


# ---------------------------------------------------------------- word frequencies
MINIMUM_FREQUENCY = 1e-9
"""Zipf 0: what a word the lists do not hold counts as (wordfreq's default minimum)."""
_LOOKED_UP_HERE = frozenset("en de es fr it nl pt ca cs da fi fil hu id is lt lv ms nb pl sk sl sv vi el bg mk ru "
                            "uk".split())
"""Languages whose wordfreq tokenizer, for lower-case letters of the Latin, Greek and Cyrillic alphabets, only
NFC-normalises and case-folds (no transliteration as in Serbian, no dotless i or cedillas as in Turkish and
Romanian, no marks removed as in Arabic)."""
_SEPARATORS = re.compile(r"[ -]")
_LETTERS = re.compile(r"[^\W\d_]+")
"""A run of letters, what the tokens of a plain lookup are (see ``WordFrequencies.expect``)."""


def frequency_languages() -> frozenset[str]:
    """Return the languages wordfreq has a word list for (empty when wordfreq is not installed)."""
    folder = _lists_folder()
    if folder is None:
        return frozenset()
    return frozenset(path.name.split(".")[0].split("_")[1] for path in folder.glob("*_*.msgpack.gz")
                     if path.name.startswith(("large_", "small_")))


def zipf_frequency(text: str, language: str) -> float:
    """Return the Zipf frequency of ``text`` in ``language`` (a code wordfreq has a list for), as wordfreq's
    ``zipf_frequency`` would: 0 for words the list does not hold, a phrase's words combined (from the whole
    list, read once per process)."""
    return WordFrequencies(language).zipf(text)


class WordFrequencies:
    """:func:`zipf_frequency` for one language, reading only the words a text uses. Making the whole list a
    table costs a tenth of a second (320,000 English words) where a course uses a few thousand: :meth:`expect`
    picks a text's words out of the list instead, one set intersection per centibel; a word it was not told to
    expect makes it read the whole table (so every answer stays wordfreq's), as does a table already read in
    this process (the batch's fork server reads it once for all its workers)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._known: dict[str, float] = {}
        self._expected: set[str] = set()
        self._whole: dict[str, float] | None = _TABLES.get(language)

    @property
    def read_whole(self) -> bool:
        """True once the whole table is in use."""
        return self._whole is not None

    def expect(self, texts: Iterable[str]) -> None:
        """Read the frequencies of the words in ``texts`` (case-folded runs of letters)."""
        if self._whole is not None or self.language not in _LOOKED_UP_HERE:
            return
        words = {word for text in texts for word in _LETTERS.findall(text.casefold())} - self._expected
        if not words:
            return
        for index, bucket in enumerate(_buckets(self.language)):
            for word in words.intersection(bucket):
                self._known[word] = 10 ** (-index / 100)
        self._expected |= words

    def zipf(self, text: str) -> float:
        """Return what ``zipf_frequency(text, language)`` returns."""
        tokens = _simple_tokens(text, self.language)
        if tokens is None:
            return _asked_of_wordfreq(text, self.language)
        if self._whole is None and not self._expected.issuperset(tokens):
            self._whole = word_list(self.language)
        return _zipf(_frequency(tokens, self._known if self._whole is None else self._whole))


def _asked_of_wordfreq(text: str, language: str) -> float:
    from wordfreq import zipf_frequency as wordfreq_zipf

    return float(wordfreq_zipf(text, language))


def _zipf(frequency: float) -> float:
    return round(math.log(frequency, 10) + 9, 2)


def _frequency(tokens: list[str], frequencies: dict[str, float]) -> float:
    """wordfreq's frequency of a phrase: its words' frequencies combined as ``1 / sum(1 / f)``, rounded to three
    significant digits; the minimum when the list lacks one of them."""
    inverse = 0.0
    for token in tokens:
        if token not in frequencies:
            return MINIMUM_FREQUENCY
        inverse += 1.0 / frequencies[token]
    unrounded = max(1.0 / inverse, MINIMUM_FREQUENCY)
    return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


def _simple_tokens(text: str, language: str) -> list[str] | None:
    """Return wordfreq's tokens of ``text`` when they are its words split at spaces and hyphens (see the module's
    docstring), else None."""
    if language not in _LOOKED_UP_HERE or not unicodedata.is_normalized("NFC", text):
        return None
    tokens = _SEPARATORS.split(text)
    for token in tokens:
        if not token or not token.isalpha() or token.casefold() != token or max(token) >= "\u0530":
            return None
    return tokens


def word_list(language: str) -> dict[str, float]:
    """Return wordfreq's best list for ``language`` (its large one, else its small one) as word -> frequency,
    read once per process."""
    if language not in _TABLES:
        table: dict[str, float] = {}
        for index, bucket in enumerate(_buckets(language)):
            table.update(dict.fromkeys(bucket, 10 ** (-index / 100)))
        _TABLES[language] = table
    return _TABLES[language]


_TABLES: dict[str, dict[str, float]] = {}


@cache
def _buckets(language: str) -> tuple[list[str], ...]:
    """Return the words of wordfreq's best list for ``language``, one list per centibel of frequency from 0 cB
    (every word) down: the file is that, gzipped msgpack, after a header."""
    import msgpack

    folder = _lists_folder()
    if folder is None:
        raise LookupError("wordfreq is not installed")
    files = (folder / f"{size}_{language}.msgpack.gz" for size in ("large", "small"))
    path = next((file for file in files if file.is_file()), None)
    if path is None:
        raise LookupError(f"wordfreq has no word list for the language {language!r}")
    header, *buckets = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)  # one call: no stream reads
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise LookupError(f"{path.name} is not a wordfreq word list this c2e reads")
    return tuple(buckets)


def _lists_folder() -> Path | None:
    """Return the folder of wordfreq's word lists, found without importing wordfreq, or None."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"
