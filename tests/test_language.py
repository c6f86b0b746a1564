"""``converter.language``: word frequencies read from wordfreq's own lists give exactly wordfreq's answers
without importing wordfreq, and sentences split with pysbd's parts found without a regex per sentence are
exactly pysbd's."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pysbd
import pytest
import wordfreq

from converter import language as language_module
from converter.language import (
    SentenceSplitter,
    WordFrequencies,
    frequency_languages,
    plain_split,
    pysbd_split,
    word_list,
    zipf_frequency,
)

from conftest import REPO

LANGUAGES = ["en", "de", "fr", "es", "nl", "pl", "ru", "el", "uk", "tr", "ro", "sr", "ar", "vi"]


def _words(language: str, count: int) -> list[str]:
    """Words across the whole frequency range of a language's list: the commonest, then every 97th."""
    words = list(itertools.islice(wordfreq.iter_wordlist(language), 0, None, 97))
    return wordfreq.top_n_list(language, 200) + words[:count]


@pytest.mark.parametrize("language", LANGUAGES)
def test_zipf_frequency_is_wordfreqs_for_words_phrases_and_what_wordfreq_must_answer_itself(language):
    words = _words(language, 1500)
    phrases = [f"{one} {two}" for one, two in zip(words[::7], words[3::7], strict=False)]
    phrases += [f"{one}-{two}" for one, two in zip(words[5::11], words[8::11], strict=False)]
    odd = ["hypertension", "kidney disease", "hands-on", "don't", "co2", "2024", "naïve", "straße", "STRASSE",
           "λόγος", "ﬁle", "e\u0301te\u0301", "İstanbul", "şi", "a  b", "-x", "x-", "zzqxj", "user", "λέξις"]
    asked = words + phrases + odd
    ours = [zipf_frequency(text, language) for text in asked]
    theirs = [wordfreq.zipf_frequency(text, language) for text in asked]
    assert ours == theirs
    assert len(set(ours)) > 50  # the words span the scale: a lookup that always said 0 would fail above


@pytest.mark.parametrize("language", ["en", "de", "ru", "tr"])
def test_word_frequencies_read_for_a_text_are_wordfreqs_without_the_whole_list(language, monkeypatch):
    """A course's lookups pick its words out of the list (:meth:`WordFrequencies.expect`): same answers, and the
    whole table is never built for them; a word not expected reads the whole table and is still answered."""
    words = _words(language, 400)
    phrases = [f"{one} {two}" for one, two in zip(words[::7], words[3::7], strict=False)]
    text = " ".join(words) + ". Zzqxj, hands-on (kidney) disease: 10 mg for 12-week trials; don\u2019t stop the CO2."
    asked = words + phrases + ["zzqxj", "hands-on", "kidney disease", "don't", "co2", "10 mg", "12-week", "don't stop"]
    monkeypatch.setattr(language_module, "_TABLES", {})
    frequencies = WordFrequencies(language)
    frequencies.expect([text])
    assert [frequencies.zipf(w) for w in asked] == [wordfreq.zipf_frequency(w, language) for w in asked]
    assert not frequencies.read_whole
    assert frequencies.zipf("notintext") == wordfreq.zipf_frequency("notintext", language)
    assert frequencies.read_whole == (language != "tr")  # Turkish words are always asked of wordfreq


NUMBERS_AND_APOSTROPHES = [
    "10 mg", "12-week", "clx-301", "mpi-3", "3d torus", "10mg", "mpi4py", "hdf5", "2020", "1999", "2039", "2040",
    "2100", "0042", "007", "5", "100-200", "x-1-2", "04191ea8-5c73", "200 adults", "123456789", "1" * 40,
    "don't", "let\u2019s introduce", "intel's vml", "you'd", "rock'n'roll", "o'clock", "it's", "we're", "i'm",
    "isn't", "can't-stop", "qu'il", "jusqu'\u00e0", "aujourd'hui", "dell'arte", "un'altra", "d'accord", "ma'am",
    "y'all", "l\u2019homme", "c'est", "j'ai", "students'", "'90s", "don''t", "9's", "b'day", "it's-fine"]
"""Tokens with digits or apostrophes (real decks' "10 mg", "12-week", "don't"), some of which wordfreq cuts or
prices in its own way (elisions, leading and doubled apostrophes, years, leading zeros)."""


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "ca", "ru"])
def test_numbers_and_apostrophes_are_wordfreqs(language):
    assert [zipf_frequency(text, language) for text in NUMBERS_AND_APOSTROPHES] == \
        [wordfreq.zipf_frequency(text, language) for text in NUMBERS_AND_APOSTROPHES]


def test_numbers_and_plain_apostrophes_are_looked_up_without_wordfreq():
    """A deck's "10 mg" or "don't" no longer costs wordfreq's import and its own reading of the list (0.4 s)."""
    asked = ["10 mg", "12-week placebo-controlled", "mpi4py", "2024", "don't", "it\u2019s", "rock'n'roll"]
    code = ("import sys; from converter.language import zipf_frequency as z; "
            f"print(*[z(text, 'en') for text in {asked!r}], 'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(wordfreq.zipf_frequency(text, "en")) for text in asked] + ["False"]


def test_the_languages_are_wordfreqs():
    assert frequency_languages() == frozenset(wordfreq.available_languages())


def test_the_word_list_is_wordfreqs():
    assert word_list("en") == wordfreq.get_frequency_dict("en")


def test_a_lookup_of_plain_words_does_not_import_wordfreq():
    """The point of reading the lists directly: importing wordfreq costs a quarter of a second."""
    code = ("import sys; from converter.language import zipf_frequency as z; "
            "print(z('kidney disease', 'en'), z('hands-on', 'en'), z('ramipril', 'en'), 'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(wordfreq.zipf_frequency(w, "en")) for w in ("kidney disease", "hands-on", "ramipril")] \
        + ["False"]


LINES = [
    "Use e.g. ramipril. Dr. Lee agrees, i.e. twice. Done",
    "Yes. Yes. Yes.",
    "It works.   It works.  It works. ",
    "Mr. Smith went to Washington D.C. on Jan. 5. He met Sen. Jones.",
    "See Fig. 3 and p. 12. The U.S. Army agreed. “Quotes.” (Brackets.) Next?!",
    "  Leading spaces. And an ending without a stop",
    "No. 5 is the number. No. It is not.",
    "A.B.C. stands for something. a.m. and p.m. are times. Ok.",
    "The value is 3.14. The next is 2.71.",
    "Call 1-800-555. Then wait... Then call again.",
]


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_pysbd_split_gives_pysbds_own_parts(language):
    segmenter = pysbd.Segmenter(language=language, clean=False)
    for line in LINES:
        assert pysbd_split(segmenter, line) == [str(part) for part in segmenter.segment(line)], line


def test_the_splitter_uses_pysbd_only_where_a_stop_may_end_an_abbreviation():
    split = SentenceSplitter("en")
    assert split("One sentence, no stop in the middle") == ["One sentence, no stop in the middle"]
    assert split("First part. Second part! Third?") == ["First part.", "Second part!", "Third?"]
    assert split.careful == SentenceSplitter("en").careful  # no pysbd for those
    assert split("Dr. Lee agrees. He said so.") == ["Dr. Lee agrees.", "He said so."]
    assert split.careful == SentenceSplitter("en").careful - 1


def test_past_its_budget_or_without_rules_for_the_language_the_plain_rule_splits():
    line = "Dr. Lee agrees. He said so. U.S.C. applies."
    assert SentenceSplitter("en", careful=0)(line) == plain_split(line) == [
        "Dr. Lee agrees.", "He said so.", "U.S.C. applies."]
    assert SentenceSplitter("xx")(line) == plain_split(line)


@pytest.mark.parametrize(("line", "sentences"), [
    ("Obligations are “triggered.” Licenses are copyright licenses.",
     ["Obligations are “triggered.”", "Licenses are copyright licenses."]),
    ("[! NOTE] Run the update first. Then install.", ["[! NOTE] Run the update first.", "Then install."]),
    ('"build": { "dockerfile": "Dockerfile", ... },', ['"build": { "dockerfile": "Dockerfile", ... },']),
    ("Open the folder called .devcontainer. It holds the files.",
     ["Open the folder called .devcontainer.", "It holds the files."]),
    ("A folder was added to your app. It included a file.", ["A folder was added to your app.", "It included a file."]),
    ("See https://example.org/page?tab=2 for more.", ["See https://example.org/page?tab=2 for more."]),
])
def test_the_plain_rule_on_lines_real_speaker_notes_hold(line, sentences):
    assert SentenceSplitter("en", careful=0)(line) == sentences
