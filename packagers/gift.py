"""GIFT packager: the course's questions as a Moodle GIFT text file (``NAME-gift.txt``), for a question bank.

One ``$CATEGORY`` per module (``$course$/top/<course>/<module>``), then each question: a ``// [id:...]`` comment
(Moodle keeps it as the question's ID number; it is the stable question id; a question c2e generated from the
text also gets ``[tag:c2e-generated]``, which Moodle turns into a tag), ``::name::`` (its prompt, cut), the
prompt and its answers: ``{=right ~wrong}`` for choice, ``{~%50%right ~%-100%wrong ...}`` for multiple response,
``{TRUE}``/``{FALSE}`` for true/false, ``{=answer =other}`` for fill-in, with per-answer ``#feedback`` and the
rationale as general feedback (``####``). Every piece of source text is escaped (``~ = # { } :`` and the
backslash), and written on one line. A course without questions gets no file (message ``questions.none``).
"""

from __future__ import annotations

from pathlib import Path

from converter.model import Course, Question, Span
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._bank import GENERATED_TAG, filed, fraction, no_questions, plain, question_name
from ._zip import write_target

GIFT_SPECIAL = "\\~=#{}:"
"""Characters GIFT reads as syntax; a backslash before each makes it text (the backslash first)."""


def escape(text: str) -> str:
    """Return ``text`` on one line with every GIFT special character escaped by a backslash."""
    text = " ".join(text.split())
    for char in GIFT_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text


def answers(question: Question) -> list[str]:
    """Return the lines between the braces of one question."""
    feedback = escape(plain(question.feedback_correct))
    if question.kind == "fill-in":
        lines = [f"={escape(answer)}" for answer in question.answers]
    elif question.kind == "true-false":
        truth = next(choice for choice in question.choices if choice.correct)
        lines = ["TRUE" if plain(truth.spans).lower() == "true" else "FALSE"]
    elif question.kind == "multiple-response":
        right = sum(choice.correct for choice in question.choices)
        wrong = len(question.choices) - right
        lines = [f"~%{fraction(1, right) if choice.correct else '-' + fraction(1, max(wrong, 1))}%"
                 f"{escape(plain(choice.spans))}{_choice_feedback(choice.feedback)}" for choice in question.choices]
    else:
        lines = [f"{'=' if choice.correct else '~'}{escape(plain(choice.spans))}{_choice_feedback(choice.feedback)}"
                 for choice in question.choices]
    if feedback:
        lines.append(f"####{feedback}")
    return lines


def _choice_feedback(spans: tuple[Span, ...]) -> str:
    text = escape(plain(spans))
    return f"#{text}" if text else ""


def question_text(question: Question) -> str:
    """Return one question in GIFT: id comment, name, prompt and answers."""
    body = "\n".join(f"\t{line}" for line in answers(question))
    tag = f" [tag:{GENERATED_TAG}]" if question.generated else ""
    return (f"// [id:{question.id}]{tag}\n::{escape(question_name(question))}::{escape(plain(question.prompt))} {{\n"
            f"{body}\n}}\n")


def build_gift(course: Course) -> str:
    """Return the GIFT text of every question of ``course``, filed by module (blank lines between)."""
    blocks = [f"// {escape(course.title)}: knowledge checks written by c2e (import as GIFT format)\n"]
    for category, question in filed(course):
        if category is not None:
            blocks.append(f"$CATEGORY: {category}\n")
        blocks.append(question_text(question))
    return "\n".join(blocks)


class GiftPackager:
    """Writes ``NAME-gift.txt``: the question bank in Moodle's GIFT format (Question bank > Import > GIFT)."""

    name = "gift"
    description = "question bank as Moodle GIFT text (knowledge checks only)"
    targets: tuple[TargetKind, ...] = ("file",)
    extension = ".txt"

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path] | Result[None]:
        """Write the GIFT file atomically and return its path; write nothing for a course without questions."""
        if not course.questions:
            return no_questions(course, target, "GIFT")
        data = build_gift(course).encode("utf-8")
        return Result(write_target(Target("file", target.path), {"questions.txt": data}))
