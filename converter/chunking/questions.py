"""Knowledge checks read from the material (never made up): quiz slides, true/false and fill-in slides, ``Q:``/``A:``
pairs in the speaker notes, and a guide's ``Ask:`` cues that give their answer.

What is recognised:

- a **quiz slide**: its title says so ("Quiz", "Knowledge check", "Check your understanding", "Question 3",
  "Test yourself", "Self-check", "Review question", "True or false"), or its text opens with "True or false", or
  it asks a question ("...?") followed by at least two lettered options ("A.", "b)"). Its options are the
  lettered lines (A, B, C ... in order, nothing else after them), else the lines after the question (and no
  second question among them: a slide or page of several questions is not read as one). The correct option is the one marked "(correct)", "✓" or
  "✔", or the only bold (or underlined) options among plain ones, or the one the notes name ("Answer: B",
  "Correct answers: A and C", "Answer: True", "Answer: <the option's text>"); the notes win. Several correct
  options make a multiple-response question; "True or false" a true/false one; a "____" blank with the answer in
  the notes a fill-in one. Whatever else the notes say (the rationale) becomes the feedback;
- a **Q:/A: pair** in the notes of any slide ("Q: ... A: ...", in one paragraph or two; "Question:"/"Answer:"
  too): a fill-in question (true/false when it asks "True or false"), when the answer is at most
  ``MAX_ANSWER_WORDS`` words (longer answers cannot be graded; they stay in the notes, with a message);
- an **Ask: cue** that gives its answer ("Ask: ...? (Answer: ...)", or an "Answer: ..." paragraph right after it):
  a fill-in or true/false question; the cue stays in the facilitator's layer. Ask cues without an answer are
  discussion prompts and are left alone.

A question is kept only when its correct answer is known; a quiz slide without one stays a content screen, with
the info message ``questions.answer-unknown`` naming it. Only text slides (headings, paragraphs, lists) are read
as quiz slides; a quiz slide with a picture, table or chart stays a screen (``questions.not-text``).

The rule for screens: **a quiz slide becomes its check**. The player shows each module's questions as knowledge
check screens after its content screens, so a quiz slide leaves the screens and its question holds it
(``Question.units``; the chunker sets it): the slide's text and notes live on as the check's prompt, options and
feedback, once, and the report counts the slide as in the course. The info message ``questions.read`` on the slide
says so (``instead``: shown as a knowledge check: its options lose their letters and correct marks). A Q:/A: pair
or an Ask cue stays where it was (transcript, facilitator layer) and is a check too. Every question joins its
module's checks (``Module.questions``) and the question banks (GIFT, Moodle XML, QTI). Ids come from the source's identity, like screen ids: a quiz slide's
question hashes the slide's key, a notes pair or cue question the id of the block it was read from (plus its
rank there), so inserting or moving other slides keeps them. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Block, Choice, Cue, Heading, ListBlock, Location, Paragraph, Question, QuestionKind, Span, Unit
from ..model.identity import ID_DIGITS, unit_key
from ..model.ids import short_hash
from ..result import Messages

MAX_ANSWER_WORDS = 6
"""A typed answer longer than this cannot be graded by matching: such a Q:/A: pair stays in the notes."""
QUIZ_TITLE = re.compile(r"^\s*(?:quiz|pop quiz|knowledge check|check your (?:understanding|knowledge)|"
                        r"test your(?:self| knowledge)|self[- ]?check|review questions?|questions?\s*\d+|"
                        r"true or false)\b", re.I)
TRUE_FALSE = re.compile(r"^\s*(?:true\s+or\s+false|true\s*/\s*false|t\s*/\s*f)\b\s*[:?.\-–]?\s*", re.I)
LETTER = re.compile(r"^\s*\(?([A-Ha-h])[.)]\s+")
BLANK = re.compile(r"_{3,}")
CORRECT_MARK = re.compile(r"\s*(?:\((?:correct|right)\)|\[(?:correct|right)\]|[✓✔☑])\s*", re.I)
ANSWER = re.compile(r"^\s*(?:the\s+)?(?:correct\s+|right\s+)?(?:answers?|solution)\s*(?:[:：]|is\b|are\b)\s*(.+)$",
                    re.I | re.S)
LETTERS = re.compile(r"^\(?([A-H])\)?((?:\s*(?:,|and|&|\+|/)\s*\(?[A-H]\)?)*)(?=[\s.,;:)!]|$)[.,;:)!]?\s*(.*)$",
                     re.S)
TRUTH = re.compile(r"^(true|false)\b[.,;:!]?\s*(.*)$", re.I | re.S)
NOTE_QUESTION = re.compile(r"^\s*(?:Q|Question)\s*\d*\s*[:：]\s*", re.I)
NOTE_ANSWER = re.compile(r"^\s*(?:A|Answer)\s*[:：]\s*", re.I)
INLINE_ANSWER = re.compile(r"\s+(?:A|Answer)\s*[:：]\s*", re.I)
FEEDBACK_LABEL = re.compile(r"^\s*(?:explanation|rationale|feedback|why)\s*[:：]\s*", re.I)
"""A label on a note that explains the answer; the feedback keeps what follows it."""
CUE_PREFIX = re.compile(r"^\s*ask\s*[:：]\s*", re.I)
CUE_ANSWER = re.compile(r"\s*[(\[]?\s*(?:answer|A)\s*[:：]\s*([^)\]]+)[)\]]?\s*$", re.I)


@dataclass(frozen=True)
class Line:
    """One line of text: a paragraph, heading or list item, with the id and place it came from."""

    spans: tuple[Span, ...]
    level: int
    id: str
    where: Location | None

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans).strip()


@dataclass(frozen=True)
class UnitChecks:
    """The ``questions`` read from one learner unit; ``quiz`` when the whole slide is one question."""

    questions: tuple[Question, ...] = ()
    quiz: bool = False


def read_checks(units: Iterable[Unit], scope: str, messages: Messages) -> dict[int, UnitChecks]:
    """Return each unit's checks by index (see ``read_unit_checks``), with one more rule: a quiz slide without a
    marked answer right before a slide that reveals it (the same question and options, the answer marked)
    is the same question, read once from the reveal (its feedback from the reveal's notes)."""
    units = list(units)
    found = []
    for unit in units:
        local = Messages()
        found.append((unit, read_unit_checks(unit, scope, local), local))
    checks: dict[int, UnitChecks] = {}
    for n, (unit, check, local) in enumerate(found):
        reveal = found[n + 1] if n + 1 < len(found) else None
        if reveal and _unanswered(local) and reveal[1].quiz and _same_text(unit, reveal[0]):
            checks[unit.index] = UnitChecks()
            continue
        checks[unit.index] = check
        messages.extend(local.items)
        if check.quiz:
            _read(unit, check.questions[0], messages)
    return checks


def _read(unit: Unit, question: Question, messages: Messages) -> None:
    """Say that a slide holds a question, shown as its module's check instead of a screen, and banked."""
    messages.info("questions.read", f"{unit.kind} {unit.index} ({unit.title or 'untitled'}) holds a "
                                    f"{question.kind} question ({question.id}): the player shows it as a knowledge "
                                    "check at the end of its module instead of a screen (options without their "
                                    "letters and correct marks), and it is in the question banks", unit.where,
                  instead="shown as a knowledge check")


def _unanswered(messages: Messages) -> bool:
    return any(message.code == "questions.answer-unknown" for message in messages.items)


def _same_text(one: Unit, other: Unit) -> bool:
    """Return True when two slides say the same words (correct marks aside): a question and its reveal."""
    def words(unit: Unit) -> list[str]:
        return [" ".join(CORRECT_MARK.sub(" ", line.text).split()) for line in lines_of(unit.blocks)]
    return words(one) == words(other)


def read_unit_checks(unit: Unit, scope: str, messages: Messages) -> UnitChecks:
    """Return the unit's checks: a quiz slide is one question; notes Q:/A: pairs and answered Ask cues are
    questions beside it. Messages say what looked like a question but was not kept."""
    quiz = _quiz_question(unit, scope, messages)
    if quiz is not None:
        return UnitChecks((quiz,), quiz=True)
    pairs = _note_pairs(unit, messages)
    return UnitChecks(pairs + cue_questions(unit))


# ---------------------------------------------------------------- lines and spans
def lines_of(blocks: Iterable[Block]) -> list[Line]:
    """Return the non-empty text lines of paragraphs, headings and list items, in order."""
    lines = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            lines.append(Line(block.spans, 0, block.id, block.where))
        elif isinstance(block, ListBlock):
            lines += [Line(item.spans, item.level, item.id or block.id, block.where) for item in block.items]
    return [line for line in lines if line.text]


def cut(spans: tuple[Span, ...], start: int, end: int | None = None) -> tuple[Span, ...]:
    """Return the spans covering characters ``start:end`` of their joined text, emphasis kept."""
    out, pos = [], 0
    stop = sum(len(span.text) for span in spans) if end is None else end
    for span in spans:
        lo, hi = max(start - pos, 0), min(stop - pos, len(span.text))
        if lo < hi:
            out.append(span.model_copy(update={"text": span.text[lo:hi]}))
        pos += len(span.text)
    return tuple(out)


def trimmed(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Return the spans without the white space at either end (empty spans dropped)."""
    text = "".join(span.text for span in spans)
    start = len(text) - len(text.lstrip())
    return tuple(span for span in cut(spans, start, len(text.rstrip())) if span.text)


def joined(parts: Iterable[tuple[Span, ...]]) -> tuple[Span, ...]:
    """Return the runs of spans joined by single spaces."""
    out: list[Span] = []
    for part in parts:
        if part:
            out += [Span(text=" ")] if out else []
            out += part
    return tuple(out)


def _plain(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Return the spans without bold and underline (the marks that gave the answer away)."""
    return tuple(span.model_copy(update={"bold": False, "underline": False}) for span in spans)


def _question_id(*basis: str) -> str:
    return "q-" + short_hash("q", *basis, length=ID_DIGITS)


# ---------------------------------------------------------------- quiz slides
@dataclass(frozen=True)
class NotesAnswer:
    """What a quiz slide's notes say: the answer (letters, a truth value or text) and the rest as feedback."""

    letters: tuple[str, ...] = ()
    truth: bool | None = None
    text: str = ""
    feedback: tuple[Span, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.letters or self.text) or self.truth is not None


def read_notes_answer(notes: list[Line]) -> NotesAnswer:
    """Return the answer the notes give ("Answer: B", "Correct answer: True", "Answer: 24 hours") and every other
    note (with the text after the answer) as feedback; an empty answer when they give none."""
    for rank, line in enumerate(notes):
        match = ANSWER.match(line.text)
        if match is None:
            continue
        others = [_unlabelled(note.spans) for note in notes if note is not line]
        value = match.group(1).strip()
        letters, truth = LETTERS.match(value), TRUTH.match(value)
        if letters:
            found = (letters.group(1), *re.findall(r"[A-H]", letters.group(2)))
            return NotesAnswer(letters=found, feedback=_feedback(letters.group(3), others, rank))
        if truth:
            return NotesAnswer(truth=truth.group(1).lower() == "true", feedback=_feedback(truth.group(2), others, rank))
        sentence, _, rest = value.partition(". ")
        return NotesAnswer(text=sentence.strip().rstrip("."), feedback=_feedback(rest, others, rank))
    return NotesAnswer(feedback=joined(_unlabelled(line.spans) for line in notes))


def _unlabelled(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Return a note's spans without an "Explanation:" (or "Rationale:", "Feedback:", "Why:") label."""
    label = FEEDBACK_LABEL.match("".join(span.text for span in spans))
    return trimmed(cut(spans, label.end())) if label else spans


def _feedback(rest: str, others: list[tuple[Span, ...]], rank: int) -> tuple[Span, ...]:
    """Return the notes as feedback: the rest of the answer line in its place among the other notes."""
    parts = list(others)
    parts.insert(rank, (Span(text=rest.strip()),) if rest.strip() else ())
    return joined(parts)


def looks_like_quiz(title: str, lines: list[Line]) -> bool:
    """Return True when a slide's title or text makes it a quiz slide (see the module docstring)."""
    if QUIZ_TITLE.match(title) or (lines and TRUE_FALSE.match(lines[0].text)):
        return True
    asks = any(line.text.endswith("?") for line in lines)
    return asks and sum(1 for line in lines if LETTER.match(line.text)) >= 2


def _quiz_question(unit: Unit, scope: str, messages: Messages) -> Question | None:
    lines = lines_of(unit.blocks)
    if not lines or not looks_like_quiz(unit.title or "", lines):
        return None
    name = f"{unit.kind} {unit.index} ({unit.title or 'untitled'})"
    if any(not isinstance(block, (Paragraph, Heading, ListBlock)) for block in unit.blocks):
        messages.info("questions.not-text", f"{name} looks like a question but holds more than text (a picture, "
                                            "table, chart or facilitator cue): kept as a content screen", unit.where)
        return None
    answer = read_notes_answer(lines_of(unit.notes))
    question = _build_quiz(unit, lines, answer, _question_id(scope, unit_key(unit), "quiz"))
    if question is None:
        messages.info("questions.answer-unknown", f"{name} looks like a question, but its correct answer is not "
                                                  "marked (a bold or underlined option, '(correct)', '✓', or "
                                                  "'Answer: ...' in the notes): kept as a content screen",
                      unit.where)
    return question


def _split(title: str, lines: list[Line]) -> tuple[tuple[Span, ...], list[Line]]:
    """Return (the prompt, the option lines): lettered lines are options, else the lines after the question."""
    lettered = [n for n, line in enumerate(lines) if LETTER.match(line.text)]
    if len(lettered) >= 2:
        head, options = lines[:lettered[0]], lines[lettered[0]:]
        if not _in_sequence(options):
            return (), []
    else:
        asks = next((n for n, line in enumerate(lines) if line.text.endswith(("?", ":"))), 0)
        head, options = lines[:asks + 1], lines[asks + 1:]
        if any(line.text.endswith("?") for line in options):
            return (), []  # several questions on one slide or page: not one check
    prompt = joined(trimmed(line.spans) for line in head)
    if not prompt:
        stripped = QUIZ_TITLE.sub("", title).strip(" :.-–")
        prompt = (Span(text=stripped),) if stripped else ()
    return prompt, options


def _in_sequence(options: list[Line]) -> bool:
    """Return True when every option line is lettered A, B, C ... in order (one question's options, not the
    options of several questions, nor options with loose lines among them)."""
    letters = [LETTER.match(line.text) for line in options]
    return all(match is not None and match.group(1).upper() == "ABCDEFGH"[n]
               for n, match in enumerate(letters))


def _build_quiz(unit: Unit, lines: list[Line], answer: NotesAnswer, qid: str) -> Question | None:
    prompt, options = _split(unit.title or "", lines)
    if not prompt:
        return None
    text = "".join(span.text for span in prompt)
    true_false = bool(TRUE_FALSE.match(text) or TRUE_FALSE.match(unit.title or ""))
    if true_false and (answer.truth is not None or not options):
        return _true_false(qid, prompt, answer.truth, answer.feedback, unit.where)
    if len(options) >= 2:
        return _choice(qid, prompt, options, answer, unit.where)
    if answer.text and (BLANK.search(text) or not options):
        return _fill_in(qid, prompt, answer.text, answer.feedback, unit.where)
    return None


def _choice(qid: str, prompt: tuple[Span, ...], options: list[Line], answer: NotesAnswer,
            where: Location | None) -> Question | None:
    """Return a choice, multiple-response or true/false question from the option lines, or None when none is
    marked correct."""
    texts = [_option_spans(line) for line in options]
    correct = _correct_options(options, texts, answer)
    if not any(correct):
        return None
    if _emphasised(options, "bold") or _emphasised(options, "underline"):
        texts = [_plain(spans) for spans in texts]
    truths = ["".join(span.text for span in spans).strip().lower() for spans in texts]
    kind: QuestionKind = "multiple-response" if sum(correct) > 1 else "choice"
    if sorted(truths) == ["false", "true"] and sum(correct) == 1:
        kind = "true-false"
    choices = tuple(Choice(id=f"{qid}-c{n}", spans=spans, correct=right)
                    for n, (spans, right) in enumerate(zip(texts, correct, strict=True), start=1))
    return Question(id=qid, kind=kind, prompt=prompt, choices=choices, feedback_correct=answer.feedback,
                    feedback_incorrect=answer.feedback, where=where)


def _option_spans(line: Line) -> tuple[Span, ...]:
    """Return an option's text without its letter and without a correct mark."""
    spans = trimmed(line.spans)
    letter = LETTER.match("".join(span.text for span in spans))
    spans = trimmed(cut(spans, letter.end())) if letter else spans
    text = "".join(span.text for span in spans)
    for mark in reversed(list(CORRECT_MARK.finditer(text))):
        spans = cut(spans, 0, mark.start()) + ((Span(text=" "),) if 0 < mark.start() and mark.end() < len(text)
                                               else ()) + cut(spans, mark.end())
    return trimmed(spans)


def _correct_options(options: list[Line], texts: list[tuple[Span, ...]], answer: NotesAnswer) -> list[bool]:
    """Return, per option, whether it is correct: the notes' answer wins, then marks, then emphasis."""
    if answer.letters:
        letters = [_letter(line, n) for n, line in enumerate(options)]
        return [letter in answer.letters for letter in letters]
    plain = ["".join(span.text for span in spans).strip().lower() for spans in texts]
    if answer.text:
        return [text == answer.text.lower() for text in plain]
    if answer.truth is not None:
        return [text == str(answer.truth).lower() for text in plain]
    marked = [bool(CORRECT_MARK.search(line.text)) for line in options]
    if any(marked):
        return marked
    for attribute in ("bold", "underline"):
        emphasised = _emphasised(options, attribute)
        if emphasised:
            return emphasised
    return [False] * len(options)


def _letter(line: Line, rank: int) -> str:
    """Return an option's letter: its own ("b)" is B), else its position (the first is A)."""
    match = LETTER.match(line.text)
    return match.group(1).upper() if match else "ABCDEFGH"[rank] if rank < 8 else ""


def _emphasised(options: list[Line], attribute: str) -> list[bool]:
    """Return which options are wholly bold (or underlined) when some but not all are; else []."""
    marked = [all(getattr(span, attribute) for span in line.spans if span.text.strip()) for line in options]
    return marked if any(marked) and not all(marked) else []


def _true_false(qid: str, prompt: tuple[Span, ...], truth: bool | None, feedback: tuple[Span, ...],
                where: Location | None) -> Question | None:
    if truth is None:
        return None
    choices = (Choice(id=f"{qid}-true", spans=(Span(text="True"),), correct=truth),
               Choice(id=f"{qid}-false", spans=(Span(text="False"),), correct=not truth))
    return Question(id=qid, kind="true-false", prompt=prompt, choices=choices, feedback_correct=feedback,
                    feedback_incorrect=feedback, where=where)


def _fill_in(qid: str, prompt: tuple[Span, ...], answer: str, feedback: tuple[Span, ...],
             where: Location | None) -> Question:
    answers = tuple(dict.fromkeys(part.strip() for part in re.split(r"\s+/\s+|;", answer) if part.strip()))
    return Question(id=qid, kind="fill-in", prompt=prompt, answers=answers, feedback_correct=feedback,
                    feedback_incorrect=feedback, where=where)


# ---------------------------------------------------------------- Q:/A: pairs in the notes
@dataclass(frozen=True)
class Pair:
    """A question and its answer found in the notes."""

    question: Line
    prompt: tuple[Span, ...]
    answer: str


def _note_pairs(unit: Unit, messages: Messages) -> tuple[Question, ...]:
    """Return the questions of the notes' Q:/A: pairs that give a short answer (the notes keep them too)."""
    pairs = find_pairs(lines_of(unit.notes))
    questions: list[Question] = []
    ranks: dict[str, int] = {}
    for pair in pairs:
        name = f"{unit.kind} {unit.index} ({unit.title or 'untitled'})"
        if not pair.answer:
            messages.info("questions.answer-unknown", f"the notes of {name} ask a question without an 'A:' answer: "
                                                      "kept in the notes", pair.question.where or unit.where)
            continue
        ranks[pair.question.id] = ranks.get(pair.question.id, 0) + 1
        qid = _question_id(pair.question.id, str(ranks[pair.question.id]))
        question = _typed(qid, pair.prompt, pair.answer, pair.question.where or unit.where)
        if question is None:
            messages.info("questions.open-answer", f"the notes of {name} give a {len(pair.answer.split())}-word "
                                                   "answer, too long to grade by matching: kept in the notes",
                          pair.question.where or unit.where)
            continue
        questions.append(question)
    return tuple(questions)


def find_pairs(lines: list[Line]) -> list[Pair]:
    """Return the Q:/A: pairs of the notes' lines: "Q: ... A: ..." in one line, or a Q: line and the A: line right
    after it (an empty answer when there is none)."""
    pairs = []
    for n, line in enumerate(lines):
        asked = NOTE_QUESTION.match(line.text)
        if asked is None:
            continue
        spans = trimmed(cut(trimmed(line.spans), asked.end()))
        text = "".join(span.text for span in spans)
        inline = INLINE_ANSWER.search(text)
        if inline:
            pairs.append(Pair(line, trimmed(cut(spans, 0, inline.start())), text[inline.end():].strip()))
            continue
        following = lines[n + 1] if n + 1 < len(lines) else None
        answered = NOTE_ANSWER.match(following.text) if following else None
        answer = following.text[answered.end():].strip() if following and answered else ""
        pairs.append(Pair(line, spans, answer))
    return pairs


def _typed(qid: str, prompt: tuple[Span, ...], answer: str, where: Location | None) -> Question | None:
    """Return a true/false question for "True or false" prompts, else a fill-in one; None for a long answer."""
    answer = answer.strip().rstrip(".!")
    truth = TRUTH.match(answer)
    if TRUE_FALSE.match("".join(span.text for span in prompt)) and truth:
        rest = truth.group(2).strip()
        return _true_false(qid, prompt, truth.group(1).lower() == "true",
                           (Span(text=rest),) if rest else (), where)
    if not answer or len(answer.split()) > MAX_ANSWER_WORDS:
        return None
    return _fill_in(qid, prompt, answer, (), where)


# ---------------------------------------------------------------- Ask: cues
def cue_questions(unit: Unit) -> tuple[Question, ...]:
    """Return a question for each Ask cue of the unit that gives its answer (inline, or in the next block)."""
    questions = []
    blocks = unit.blocks
    for n, block in enumerate(blocks):
        if not isinstance(block, Cue) or block.cue != "ask":
            continue
        spans = trimmed(block.spans)
        text = "".join(span.text for span in spans)
        start = CUE_PREFIX.match(text)
        spans = trimmed(cut(spans, start.end())) if start else spans
        text = "".join(span.text for span in spans)
        inline = CUE_ANSWER.search(text)
        if inline:
            prompt, answer = trimmed(cut(spans, 0, inline.start())), inline.group(1)
        else:
            prompt, answer = spans, _next_answer(blocks[n + 1] if n + 1 < len(blocks) else None)
        question = _typed(_question_id(block.id, "ask"), prompt, answer, block.where or unit.where) if answer else None
        if question is not None and prompt:
            questions.append(question)
    return tuple(questions)


def _next_answer(block: Block | None) -> str:
    """Return the answer an "Answer: ..." paragraph (or cue) gives, else ''."""
    if not isinstance(block, (Paragraph, Cue)):
        return ""
    match = ANSWER.match("".join(span.text for span in block.spans))
    return match.group(1).strip() if match else ""
