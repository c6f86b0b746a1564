"""Generated knowledge checks: for a module whose source gave no question, deterministic questions written from
the module's own text (never from a model, never made up).

What becomes a question, in this order of preference:

- a **definition** in the module's body or notes: "Hypertension is persistently raised blood pressure",
  "Cardiolex means ...", "CLX-301: 12-week placebo-controlled study" (English only: the patterns are English).
  The defined term is the answer, blanked out of the sentence;
- a row of a **term table** (two or more columns, at least two body rows, a short term in the first column and
  a description in the second): the row's term is the answer to "which term matches this description?";
- a **key sentence** of the module's body (6 to 40 words): its strongest key phrase (a word or two words,
  scored by how often the module uses it and how rare it is in the language) is blanked out.

A definition or table row becomes a multiple-choice question when the course offers at least two distractors
(the other terms of the same table, the course's other defined terms and key phrases, never one that the
question's own sentence contains); else, and for key sentences, a fill-in (cloze) question. Every answer
occurs in the module's text as written; no answer is a stop word, a common word (``COMMON_ZIPF`` on the
wordfreq scale) or a number alone; no two questions of the course share a prompt, an answer or a source
sentence. Each question is ``generated``, placed where its sentence was, and its feedback quotes that
sentence. Modules that have a question read from the source get none; at most ``limit`` per module.

The stack is model-free and from PyPI (the ``[questions]`` extra): ``pysbd`` splits sentences, ``wordfreq``
says how common a word is (both through ``converter.language``). Without them the course is built all the
same, with the info message ``questions.not-generated``. Pure: no I/O, no clock, no randomness (choices are
ordered by a hash).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..language import SentenceSplitter, WordFrequencies, frequency_languages, word_list
from ..model import Block, Choice, ListBlock, Location, Module, Paragraph, Question, Quote, Span, Table, spans_text
from ..model.identity import ID_DIGITS
from ..model.ids import short_hash
from ..result import Messages

COMMON_ZIPF = 4.5
"""An answer at least this frequent in the language (wordfreq's Zipf scale: 'patient' 4.8, 'hypertension' 3.4)
is too common to test anything."""
BLANK = "_____"
KEY_SENTENCE_WORDS = (6, 40)
MAX_TERM_WORDS = 4
MAX_DISTRACTORS = 3
MAX_LINES = 250
"""Lines of a module read for questions (its first): plenty for two questions, and a bound on the time a
huge module takes."""
INSTALL_HINT = "pip install 'classroom-to-elearning[questions]'"
STOP_WORDS = frozenset("""a an the this that these those it its he she they we you i me my our your their his her
them us there here what which who whom whose when where why how all any each every both either neither some
such no not nor only own same so than too very can will just should would could may might must shall is are was
were be been being have has had do does did of in on at by for with about against between into through during
before after above below to from up down out off over under again further then once and but or if because as
until while also one other another more most less many much few per via vs etc e.g i.e yes ok without within
across among upon onto toward towards like unlike since though although unless whether even still yet already
always never often however therefore thus hence get got make made use used using""".split())
_NOT_A_TERM = STOP_WORDS | {"note", "tip", "example", "say", "ask", "do", "transition", "answer", "question",
                            "warning", "caution", "important", "remember", "step", "morning", "afternoon"}
_DEFINITION = re.compile(r"^(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){0,5}?)\s+(?P<verb>is defined as|refers to|"
                         r"stands for|means|is|are)\s+(?P<rest>.+)$", re.S)
_COLON = re.compile(r"^(?P<term>[^:\n]{2,50}?)\s*[:\uff1a]\s+(?P<rest>.+)$", re.S)
_ENUMERATION = re.compile(r"^(?:\d+|[A-Za-z])[.)]\s+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?:(?:term|word|phrase|name|acronym|abbreviation)\s+)?", re.I)
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_LABEL = re.compile(r"^\s*[\w-]+(?:\s+[\w-]+)?\s*[:\uff1a]")
_SPACED_DASH = re.compile(r"\s[\u2013\u2014-]\s")
_GLUED = re.compile(r"[._/@#(\\]\w|\(")
"""What follows a word glued to a longer token: ``.x``, ``/x``, ``_x``, ``(``."""
Kind = Literal["definition", "table", "key-sentence"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a module, with the block it came from and its place."""

    text: str
    block: str
    where: Location | None
    body: bool


@dataclass(frozen=True)
class Candidate:
    """A possible question: its ``answer`` as the text writes it, the ``prompt`` holding the blank or the
    description, the sentence it quotes, and the terms written beside it (a table's other rows)."""

    kind: Kind
    answer: str
    prompt: str
    sentence: Sentence
    siblings: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """How common words are and where sentences end, for one language (``converter.language``)."""

    language: str
    sentences: Callable[[str], list[str]]
    cache: dict[str, float] = field(default_factory=dict)
    answers: dict[str, bool] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    words: WordFrequencies = field(init=False)
    english: WordFrequencies = field(init=False)

    def __post_init__(self) -> None:
        self.words = WordFrequencies(self.language)
        self.english = self.words if self.language == "en" else WordFrequencies("en")

    def expect(self, texts: Sequence[str]) -> None:
        """Read the frequencies of the words in ``texts`` (all the text :meth:`zipf` will be asked about)."""
        self.words.expect(texts)
        if self.english is not self.words:
            self.english.expect(texts)

    def zipf(self, text: str) -> float:
        """Return the Zipf frequency of ``text`` in the language, or in English when that is higher (material in
        other languages keeps English terms: 'user' in a Hebrew deck is as common as in English); 0 for words
        the lists do not hold."""
        key = text.casefold()
        if key not in self.cache:
            found = self.words.zipf(key)
            self.cache[key] = found if self.english is self.words else max(found, self.english.zipf(key))
        return self.cache[key]

    def answerable(self, answer: str) -> bool:
        """Return True when ``answer`` may be a question's answer: letters in it, not a stop word, not common."""
        if answer not in self.answers:
            self.answers[answer] = self._answerable(answer)
        return self.answers[answer]

    def _answerable(self, answer: str) -> bool:
        words = [word.casefold() for word in _WORD.findall(answer)]
        if not words or not any(ch.isalpha() for ch in answer) or len(answer) < 3 or answer.endswith(("'s", "’s")):
            return False
        if all(word in STOP_WORDS or not any(ch.isalpha() for ch in word) for word in words):
            return False
        return words[0] not in _NOT_A_TERM and self.zipf(answer) < COMMON_ZIPF


UNSPACED = frozenset({"zh", "ja", "ko", "th", "my", "km", "lo"})
"""Languages whose words wordfreq cuts only with a segmenter (jieba, MeCab) that the extra does not install;
the key-phrase reader needs words split by spaces anyway."""


def load_lexicon(language: str | None) -> Lexicon | str:
    """Return the lexicon for ``language`` (a BCP 47 tag; English when unknown), or why there is none."""
    languages = frequency_languages()
    if not languages:
        return f"the question generator's libraries (pysbd, wordfreq) are not installed: {INSTALL_HINT}"
    code = (language or "en").split("-")[0].lower()
    if code not in languages:
        return f"wordfreq has no word list for the language {code!r}"
    if code in UNSPACED:
        return f"the language {code!r} is written without spaces between words, which the generator cannot cut"
    return Lexicon(code, SentenceSplitter(code))


def warm(language: str = "en") -> None:
    """Load the generator's libraries and ``language``'s word list ahead of use: the batch's fork server calls
    this, so each worker forked from it starts with them loaded instead of spending a tenth of a second of every
    file on them. Without the libraries it does nothing."""
    lexicon = load_lexicon(language)
    if not isinstance(lexicon, str):
        for code in sorted({lexicon.language, "en"}):
            word_list(code)
        lexicon.sentences("Dr. Lee agrees. It works.")


# ---------------------------------------------------------------- reading a module
def module_sentences(module: Module, lexicon: Lexicon) -> list[Sentence]:
    """Return the sentences of a module's body (paragraphs, list items, quotes) and notes, in order; notes lines
    that open with a label ("Say:", "Ask:") are the facilitator's talk and are left out."""
    found: list[Sentence] = []
    lines = 0
    for screen in module.screens:
        for body, blocks in ((True, screen.blocks), (False, screen.notes)):
            for block, line in _lines(blocks):
                if not body and _LABEL.match(line):
                    continue
                found += [Sentence(text, block.id, block.where or screen.where, body)
                          for text in lexicon.sentences(line)]
                lines += 1
                if lines == MAX_LINES:
                    return found
    return found


def _lines(blocks: Iterable[Block]) -> Iterator[tuple[Block, str]]:
    for block in blocks:
        if isinstance(block, (Paragraph, Quote)):
            yield block, " ".join(spans_text(block.spans).split())
        elif isinstance(block, ListBlock):
            yield from ((block, " ".join(spans_text(item.spans).split())) for item in block.items)


def module_tables(module: Module) -> list[tuple[Table, Location | None]]:
    """Return the tables of a module's screens, with their place."""
    return [(block, block.where or screen.where) for screen in module.screens for block in screen.blocks
            if isinstance(block, Table)]


def cell_text(table: Table, row: int, column: int) -> str:
    """Return one cell's text on one line ('' when the row has no such cell)."""
    cells = table.rows[row].cells
    return " ".join(" ".join(spans_text(line) for line in cells[column].paragraphs).split()) \
        if column < len(cells) else ""


# ---------------------------------------------------------------- candidates
def definitions(sentences: Sequence[Sentence], lexicon: Lexicon) -> list[Candidate]:
    """Return a candidate per definition sentence ("X is ...", "X means ...", "X: ..."); English only."""
    if lexicon.language != "en":
        return []
    found = []
    for sentence in sentences:
        candidate = _definition(sentence, lexicon)
        if candidate is not None:
            found.append(candidate)
    return found


def _definition(sentence: Sentence, lexicon: Lexicon) -> Candidate | None:
    text = sentence.text
    match = _COLON.match(text) or _DEFINITION.match(text)
    if match is None or len(match.group("rest").split()) < 4:
        return None
    term = match.group("term")
    article = _ARTICLE.match(term)
    answer = term[article.end():] if article else term
    answer = _ENUMERATION.sub("", answer).strip(" *\"'“”‘’")
    if _SPACED_DASH.search(answer):
        return None
    if not answer or len(answer.split()) > MAX_TERM_WORDS or not lexicon.answerable(answer):
        return None
    if any(word.casefold() in STOP_WORDS for word in answer.split()):
        return None  # "Use the lock-and-key picture": an instruction, not a term
    if answer[0].islower() and " " not in answer and "verb" in match.groupdict() and article is None:
        return None  # "patients are ...": a sentence about something, not a definition of a term
    start = match.start("term") + (article.end() if article else 0)
    start = text.index(answer, start)
    prompt = text[:start] + BLANK + text[start + len(answer):]
    return Candidate("definition", answer, prompt, sentence)


def table_rows(tables: Sequence[tuple[Table, Location | None]], lexicon: Lexicon) -> list[Candidate]:
    """Return a candidate per row of each term table: the first column's term, described by the second."""
    found = []
    for table, where in tables:
        rows = range(table.header_rows, len(table.rows))
        pairs = [(cell_text(table, row, 0), cell_text(table, row, 1)) for row in rows]
        terms = [term for term, _ in pairs]
        descriptions = [text for _, text in pairs]
        if len(pairs) < 2 or len(set(map(str.casefold, terms))) < len(terms) or len(set(descriptions)) < len(pairs):
            continue
        for term, text in pairs:
            if len(term.split()) <= MAX_TERM_WORDS and len(text.split()) >= 3 and lexicon.answerable(term):
                sentence = Sentence(f"{term}: {text}", table.id, where, True)
                others = tuple(other for other in terms if other != term)
                found.append(Candidate("table", term, text, sentence, others))
    return found


def key_phrases(sentences: Sequence[Sentence], lexicon: Lexicon) -> dict[str, tuple[float, str]]:
    """Return the module's key phrases (one or two words, not common), folded, with their score (how often the
    body uses them times how rare they are) and their first spelling. Two words count as a phrase only when
    the body uses them together more than once (without a tagger, that tells "kidney disease" from "tablet
    means")."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for sentence in sentences:
        if sentence.body:
            for phrase, _ in _phrases(sentence.text, lexicon):
                counts[phrase.casefold()] += 1
                spelled.setdefault(phrase.casefold(), phrase)
    return {phrase: (count * (COMMON_ZIPF + 1 - lexicon.zipf(phrase)) * (1.5 if " " in phrase else 1.0),
                     spelled[phrase])
            for phrase, count in counts.items() if count >= 2 or " " not in phrase}


def _phrases(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    """Return the candidate key phrases of a sentence as written, with where each starts: each word that may be
    an answer, and each two adjacent words (a space between them, no stop word) that together may be one. A
    word glued to a dotted or slashed name ("MPI.Get_size()") is no phrase of its own."""
    if text not in lexicon.phrases:
        lexicon.phrases[text] = _find_phrases(text, lexicon)
    return lexicon.phrases[text]


def _find_phrases(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    words = [(word.group(), word.start(), word.end()) for word in _WORD.finditer(text)
             if _standalone(text, word.start(), word.end())]
    found = [(word, start) for word, start, _ in words if len(word) >= 4 and lexicon.answerable(word)]
    for n in range(len(words) - 1):
        (one, start, end), (two, next_start, next_end) = words[n], words[n + 1]
        if text[end:next_start] != " " or one.casefold() in STOP_WORDS or two.casefold() in STOP_WORDS:
            continue
        if n > 0 and words[n - 1][0][0].isupper() and one[0].isupper() and text[words[n - 1][2]:start] == " ":
            continue  # "Source compliance" of "Open Source compliance"
        if lexicon.answerable(pair := text[start:next_end]):
            found.append((pair, start))
    return found


def _standalone(text: str, start: int, end: int) -> bool:
    """Return True when ``text[start:end]`` is not part of a longer token (``a.b``, ``a/b``, ``MPI-3.1``)."""
    return (not start or text[start - 1] not in "._/@#$\\") and not _GLUED.match(text, end)


def _sentence_like(text: str) -> bool:
    """Return True when most words of ``text`` open in lower case: a sentence, not a heading or a title line."""
    words = [word for word in text.split() if word[0].isalpha()]
    return bool(words) and sum(word[0].islower() for word in words) * 2 >= len(words)


def key_sentences(sentences: Sequence[Sentence], phrases: dict[str, tuple[float, str]],
                  lexicon: Lexicon) -> list[Candidate]:
    """Return a cloze candidate per key sentence of the body, the best first: its strongest key phrase blanked."""
    scored = []
    for rank, sentence in enumerate(sentences):
        size = len(sentence.text.split())
        if not (sentence.body and KEY_SENTENCE_WORDS[0] <= size <= KEY_SENTENCE_WORDS[1]
                and _sentence_like(sentence.text)):
            continue
        options = [(phrases[phrase.casefold()][0], -start, phrase) for phrase, start in _phrases(sentence.text, lexicon)
                   if phrase.casefold() in phrases]
        if not options:
            continue
        score, start, answer = max(options)
        start = -start
        prompt = sentence.text[:start] + BLANK + sentence.text[start + len(answer):]
        scored.append((-score, rank, Candidate("key-sentence", answer, prompt, sentence)))
    return [candidate for *_, candidate in sorted(scored, key=lambda item: (item[0], item[1]))]


# ---------------------------------------------------------------- the course
@dataclass(frozen=True)
class ModuleCandidates:
    """A module's candidates in order of preference, and its key phrases (distractors for other modules)."""

    candidates: tuple[Candidate, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class ModuleText:
    """What the generator reads of a module: its sentences and its tables."""

    sentences: list[Sentence]
    tables: list[tuple[Table, Location | None]]

    def texts(self) -> list[str]:
        """Every text a candidate may come from: the sentences and the term tables' first two columns."""
        return [sentence.text for sentence in self.sentences] + [
            cell_text(table, row, column) for table, _ in self.tables for row in range(len(table.rows))
            for column in (0, 1)]


def module_text(module: Module, lexicon: Lexicon) -> ModuleText:
    """Return what the generator reads of ``module``."""
    return ModuleText(module_sentences(module, lexicon), module_tables(module))


def read_module(text: ModuleText, lexicon: Lexicon) -> ModuleCandidates:
    """Return the module's candidates: definitions, then table rows, then key sentences."""
    sentences = text.sentences
    phrases = key_phrases(sentences, lexicon)
    found = definitions(sentences, lexicon) + table_rows(text.tables, lexicon)
    found += key_sentences(sentences, phrases, lexicon)
    top = sorted(phrases, key=lambda phrase: (-phrases[phrase][0], phrase))[:8]
    return ModuleCandidates(tuple(found), tuple(phrases[phrase][1] for phrase in top))


def generate_questions(modules: Sequence[Module], language: str | None, limit: int,
                       messages: Messages) -> tuple[list[Module], list[Question]]:
    """Return the modules, each without a question of its own given up to ``limit`` generated ones (their ids
    in ``Module.questions``), and those questions in module order; an info message per module that got some."""
    if limit <= 0 or not any(not module.questions for module in modules):
        return list(modules), []
    lexicon = load_lexicon(language)
    if isinstance(lexicon, str):
        messages.info("questions.not-generated", f"no knowledge checks were generated for modules without one: "
                                                 f"{lexicon}")
        return list(modules), []
    texts = {module.id: module_text(module, lexicon) for module in modules if not module.questions}
    lexicon.expect([line for text in texts.values() for line in text.texts()])
    read = {module_id: read_module(text, lexicon) for module_id, text in texts.items()}
    pool = _distractor_pool(read.values())
    chosen = _Chosen()
    out_modules, questions = [], []
    for module in modules:
        found = [] if module.questions else _questions(module, read[module.id], pool, chosen, limit)
        if found:
            messages.info("questions.generated", f"module {module.title!r} has no knowledge check in its source: "
                                                 f"c2e wrote {len(found)} from its text "
                                                 f"({', '.join(q.id for q in found)}), marked generated; review them",
                          found[0].where)
            module = module.model_copy(update={"questions": tuple(question.id for question in found)})
        out_modules.append(module)
        questions += found
    return out_modules, questions


@dataclass(frozen=True)
class Pool:
    """The course's terms that may serve as distractors: defined and table terms first, then key phrases."""

    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


def _distractor_pool(read: Iterable[ModuleCandidates]) -> Pool:
    """Return the course's terms, each once, in a fixed order: the defined and table terms, then key phrases."""
    read = list(read)
    terms: dict[str, str] = {}
    for found in read:
        for candidate in found.candidates:
            if candidate.kind != "key-sentence":
                terms.setdefault(candidate.answer.casefold(), candidate.answer)
    defined = len(terms)
    for found in read:
        for phrase in found.phrases:
            terms.setdefault(phrase.casefold(), phrase)
    return Pool(tuple(terms.values())[:defined], tuple(terms.values())[defined:])


@dataclass
class _Chosen:
    """What the course's generated questions already use: no prompt, answer or sentence twice."""

    prompts: set[str] = field(default_factory=set)
    answers: set[str] = field(default_factory=set)
    sentences: set[str] = field(default_factory=set)

    def take(self, candidate: Candidate) -> bool:
        keys = (" ".join(candidate.prompt.casefold().split()), candidate.answer.casefold(),
                " ".join(candidate.sentence.text.casefold().split()))
        if keys[0] in self.prompts or keys[1] in self.answers or keys[2] in self.sentences:
            return False
        self.prompts.add(keys[0])
        self.answers.add(keys[1])
        self.sentences.add(keys[2])
        return True


def _questions(module: Module, found: ModuleCandidates, pool: Pool, chosen: _Chosen,
               limit: int) -> list[Question]:
    questions: list[Question] = []
    for candidate in found.candidates:
        if len(questions) >= limit:
            break
        if chosen.take(candidate):
            questions.append(build_question(module, candidate, pool))
    return questions


def build_question(module: Module, candidate: Candidate, pool: Pool) -> Question:
    """Return the question for a candidate: multiple choice when it has two distractors or more (not for key
    sentences), else fill-in; its feedback quotes the sentence it came from."""
    qid = "qg-" + short_hash("generated", module.id, candidate.sentence.block, candidate.answer, length=ID_DIGITS)
    quoted = (Span(text=f"From the module {module.title!r}: \u201c{candidate.sentence.text}\u201d"),)
    wrong = distractors(candidate, pool) if candidate.kind != "key-sentence" else []
    question = Question(id=qid, kind="fill-in", prompt=(Span(text=_prompt(candidate, len(wrong) >= 2)),),
                        answers=(candidate.answer,), feedback_correct=quoted, feedback_incorrect=quoted,
                        generated=True, where=candidate.sentence.where)
    if len(wrong) < 2:
        return question
    texts = sorted([candidate.answer, *wrong], key=lambda text: short_hash(qid, text))
    choices = tuple(Choice(id=f"{qid}-c{n}", spans=(Span(text=text),), correct=text == candidate.answer)
                    for n, text in enumerate(texts, start=1))
    return question.model_copy(update={"kind": "choice", "answers": (), "choices": choices})


def _prompt(candidate: Candidate, choice: bool) -> str:
    """Return a question's prompt: the blanked sentence, or a table row's description, asked for its term."""
    if candidate.kind == "table":
        return f"Which term matches this description{'' if choice else ' (type it)'}? \u201c{candidate.prompt}\u201d"
    if choice:
        return f"Which term completes the sentence? \u201c{candidate.prompt}\u201d"
    return f"Fill in the blank: {candidate.prompt}"


def distractors(candidate: Candidate, pool: Pool) -> list[str]:
    """Return up to ``MAX_DISTRACTORS`` wrong answers: the same table's other terms first, then the course's
    defined terms, then its key phrases, each group most like the answer in size first; none that the
    question's sentence holds, none overlapping the answer."""
    answer = candidate.answer.casefold()
    sentence = candidate.sentence.text.casefold()
    picked: list[str] = []
    seen = {_singular(answer)}

    def likeness(term: str) -> tuple[int, int, str]:
        return abs(len(term.split()) - len(answer.split())), abs(len(term) - len(answer)), term.casefold()

    for term in (*candidate.siblings, *sorted(pool.terms, key=likeness), *sorted(pool.phrases, key=likeness)):
        folded = term.casefold()
        if _singular(folded) in seen or folded in sentence or folded in answer or answer in folded:
            continue
        seen.add(_singular(folded))
        picked.append(term)
        if len(picked) == MAX_DISTRACTORS:
            break
    return picked


def _singular(text: str) -> str:
    """Return folded text with each word's plural ``s`` dropped: 'Audits' and 'audit' are one term."""
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in text.casefold().split())
