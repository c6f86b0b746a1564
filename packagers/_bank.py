"""What the question-bank packagers (GIFT, Moodle XML, QTI 2.1) share: questions in course order with the module
they check, their text as plain text or escaped HTML, and the "nothing to write" answer for a course without
questions."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from converter.model import Course, Question, Span
from converter.plugin import Target
from converter.result import Messages, Result

from ._messages import document_words

GENERATED_TAG = "c2e-generated"
"""How each bank marks a question c2e generated from the text (``Question.generated``): a GIFT ``[tag:...]``, a
Moodle XML tag, a QTI item's ``label`` (their ids also start ``qg-``), so an author can find and review them."""
MAX_NAME = 80
"""A question's name in a bank: its prompt cut to this many characters."""


@dataclass(frozen=True)
class BankEntry:
    """A question and the category it is filed under in the bank (its module's title)."""

    category: str
    question: Question


def bank_entries(course: Course) -> list[BankEntry]:
    """Return every question of the course once, in course order: module by module, then the others."""
    by_id = {question.id: question for question in course.questions}
    entries, seen = [], set()
    for module in course.modules:
        for question_id in module.questions:
            if question_id in by_id and question_id not in seen:
                entries.append(BankEntry(" ".join(module.title.split()) or module.id, by_id[question_id]))
                seen.add(question_id)
    live = document_words(course.language)["bank-live-category"]  # questions from the guide check no module
    entries += [BankEntry(live, question) for question in course.questions if question.id not in seen]
    return entries


def filed(course: Course) -> Iterator[tuple[str | None, Question]]:
    """Yield each bank entry's question, with the Moodle category path (``$course$/top/<course>/<module>``) on
    the first question of each category and None after it: where GIFT and Moodle XML open a category."""
    category = None
    for entry in bank_entries(course):
        opens = entry.category != category
        category = entry.category
        yield (f"$course$/top/{category_path(course.title, category)}" if opens else None), entry.question


def plain(spans: tuple[Span, ...]) -> str:
    """Return the spans' text on one line (white space collapsed)."""
    return " ".join("".join(span.text for span in spans).split())


def question_name(question: Question) -> str:
    """Return a short name for the question in a bank: its prompt, cut to ``MAX_NAME`` characters."""
    text = plain(question.prompt) or question.id
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip() + "\u2026"


def spans_html(spans: tuple[Span, ...]) -> str:
    """Return the spans as an HTML fragment: every character of source text escaped, emphasis as tags."""
    parts = []
    for span in spans:
        text = html.escape(span.text, quote=True)
        for flag, tag in ((span.code, "code"), (span.italic, "em"), (span.bold, "strong")):
            if flag and text.strip():
                text = f"<{tag}>{text}</{tag}>"
        parts.append(text)
    return " ".join("".join(parts).split())


def category_path(*names: str) -> str:
    """Return a Moodle category path: '/' inside a name is doubled, as Moodle's import expects."""
    return "/".join(" ".join(name.split()).replace("/", "//") for name in names)


def fraction(part: int, whole: int) -> str:
    """Return ``part/whole`` as a percentage with at most five decimals (Moodle's grade list: 33.33333)."""
    return f"{100 * part / whole:.5f}".rstrip("0").rstrip(".")


def no_questions(course: Course, target: Target, form: str) -> Result[None]:
    """Return the answer of a bank packager for a course without questions: nothing written, an info message."""
    messages = Messages()
    messages.info("questions.none", f"the course has no questions, so no {form} question bank was written "
                                    f"({Path(target.path).name})")
    return Result.of(None, messages)
