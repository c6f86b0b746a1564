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
exactly as wordfreq would (the same tokens, the same frequencies, the same rounding); so is a token holding ASCII
digits ("10 mg", "12-week", "mpi4py", "2024"), whose runs of two or more digits wordfreq's lists hold as zeros
("00 mg") and prices by their leading digit (Benford's law) or, four digits, as a year; and a word with
apostrophes between its letters ("don't", "it’s", "rock'n'roll"), unless it opens like a French elision (one or
two letters, an apostrophe, then anything but a plain consonant: "l'arc", "qu'il", "y'all", which wordfreq cuts);
anything else (decimal points, underscores, other scripts, Turkish or Romanian letters) is asked of wordfreq,
imported then. A course's lookups go through ``WordFrequencies``, which takes out of a list only the words the
course's text holds.
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
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")
_WITH_APOSTROPHES = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)+")
"""Runs of letters, of letters and digits, and of those with apostrophes between them: the tokens of a plain
lookup (see ``WordFrequencies.expect``)."""
_PLAIN_CONSONANTS = frozenset("bcdfgjklmnpqrstvwxz")
"""What may follow the apostrophe of a word opening with one or two letters for wordfreq to keep it whole ("it's");
before a vowel, ``h`` or ``y`` (or anything else) it cuts a French elision off ("l'arc" -> "l", "arc")."""
_DIGIT_RUN = re.compile(r"[0-9]{2,}")
_NO_ASCII_DIGITS = str.maketrans("", "", "0123456789")
LEADING_DIGIT_SHARE = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)
"""wordfreq's estimate of how many numbers start with each digit 0-9 (Benford's law, plus numbers written with
leading zeros)."""
YEAR_PEAK_LOG, YEAR_PEAK_FROM, YEAR_PEAK_YEARS, NOT_A_YEAR = -1.9185, 2019, 20, 0.1
"""wordfreq's estimate for four digits: a year's log10 share peaks over the 20 years from 2019, falls by 0.0083 a
year before and 0.2 a year after; a tenth of four-digit numbers are no year and priced by their leading digit."""


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
        found: set[str] = set()
        for text in texts:
            folded = text.casefold().replace("\u2019", "'")
            for pattern in (_LETTERS, _LETTERS_AND_DIGITS, _WITH_APOSTROPHES):
                found.update(pattern.findall(folded))
        words = {_lookup_key(word) for word in found} - self._expected
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
        keys = [_lookup_key(token) for token in tokens]
        if self._whole is None and not self._expected.issuperset(keys):
            self._whole = word_list(self.language)
        return _zipf(_frequency(tokens, keys, self._known if self._whole is None else self._whole))


def _asked_of_wordfreq(text: str, language: str) -> float:
    from wordfreq import zipf_frequency as wordfreq_zipf

    return float(wordfreq_zipf(text, language))


def _zipf(frequency: float) -> float:
    return round(math.log(frequency, 10) + 9, 2)


def _lookup_key(token: str) -> str:
    """Return the form a token has in wordfreq's lists: each run of two or more digits as zeros (``2024`` ->
    ``0000``, ``mp3`` stays)."""
    return _DIGIT_RUN.sub(lambda run: "0" * len(run.group()), token)


def _number_share(token: str) -> float:
    """Return how a token's runs of digits divide the frequency its zeroed form has: for each run, a four-digit
    run's share as a year (see ``YEAR_PEAK_LOG``) plus its share as any other number, else its leading digit's
    share over ten to the power of its other digits."""
    share = 1.0
    for digits in _DIGIT_RUN.findall(token):
        share *= _year_share(digits) if len(digits) == 4 else _leading_digit_share(digits)
    return share


def _leading_digit_share(digits: str) -> float:
    return float(LEADING_DIGIT_SHARE[int(digits[0])] / 10 ** (len(digits) - 1))


def _year_share(digits: str) -> float:
    year = int(digits)
    if year <= YEAR_PEAK_FROM:
        log = YEAR_PEAK_LOG - 0.0083 * (YEAR_PEAK_FROM - year)
    elif year <= YEAR_PEAK_FROM + YEAR_PEAK_YEARS:
        log = YEAR_PEAK_LOG
    else:
        log = YEAR_PEAK_LOG - 0.2 * (year - (YEAR_PEAK_FROM + YEAR_PEAK_YEARS))
    return float(10.0**log) + NOT_A_YEAR * _leading_digit_share(digits)


def _frequency(tokens: list[str], keys: list[str], frequencies: dict[str, float]) -> float:
    """wordfreq's frequency of a phrase: its words' frequencies (looked up by their ``_lookup_key``; a number's
    zeroed form's, times the number's share of it) combined as ``1 / sum(1 / f)``, rounded to three significant
    digits; the minimum when the list lacks one of them."""
    inverse = 0.0
    for token, key in zip(tokens, keys, strict=True):
        if key not in frequencies:
            return MINIMUM_FREQUENCY
        frequency = frequencies[key]
        if key != token:
            frequency *= _number_share(token)
        inverse += 1.0 / frequency
    unrounded = max(1.0 / inverse, MINIMUM_FREQUENCY)
    return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


def _simple_tokens(text: str, language: str) -> list[str] | None:
    """Return wordfreq's tokens of ``text`` (curly apostrophes straightened, as wordfreq does) when they are its
    words split at spaces and hyphens, each a plain token (see ``_plain_token``), else None."""
    if language not in _LOOKED_UP_HERE or not unicodedata.is_normalized("NFC", text):
        return None
    tokens = _SEPARATORS.split(text.replace("\u2019", "'"))
    return tokens if all(_plain_token(token) for token in tokens) else None


def _plain_token(token: str) -> bool:
    """Return True for a token wordfreq looks up as it is: lower-case letters below U+0530 with ASCII digits
    among them, or letters with single apostrophes between them that open no French elision."""
    if not token or token.casefold() != token or max(token) >= "\u0530":
        return False
    if "'" in token:
        parts = token.split("'")
        return all(part.isalpha() for part in parts) and (len(parts[0]) > 2 or token[len(parts[0]) + 1]
                                                           in _PLAIN_CONSONANTS)
    letters = token.translate(_NO_ASCII_DIGITS)
    return not letters or letters.isalpha()


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
