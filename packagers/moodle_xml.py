"""Moodle XML packager: the course's questions as a Moodle XML quiz file (``NAME-moodle-xml.xml``), built with lxml.

The format Moodle's question bank imports (Question bank > Import > Moodle XML format): a ``<quiz>`` of
``<question type="...">`` elements. A ``category`` question opens each module's category
(``$course$/top/<course>/<module>``); then ``multichoice`` (choice: one answer at fraction 100, ``single`` true;
multiple response: each correct answer at 100/n, each wrong one at -100/m, ``single`` false), ``truefalse``
(answers ``true`` and ``false`` at 100 and 0) and ``shortanswer`` (fill-in: every accepted answer at 100). Texts
are HTML (``format="html"``) made from the spans with every character of source text escaped; the stable question
id is the ``idnumber``; a question c2e generated from the text carries the tag ``c2e-generated``. Fractions are from Moodle's grade list (five decimals: 33.33333). A course without
questions gets no file (message ``questions.none``).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from converter.model import Course, Question, Span
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._bank import GENERATED_TAG, filed, fraction, no_questions, plain, question_name, spans_html
from ._manifest import serialize
from ._zip import write_target

QUESTION_TYPES = {"choice": "multichoice", "multiple-response": "multichoice", "true-false": "truefalse",
                  "fill-in": "shortanswer"}
"""Moodle's question type for each kind of the model."""
PENALTY = "0.3333333"
"""The part of the grade lost per wrong try in an interactive quiz (Moodle's default)."""

Element = etree._Element


def _text(parent: Element, tag: str, text: str, html: bool = True) -> Element:
    """Add ``<tag format="html"><text>text</text></tag>`` (or without a format) and return it."""
    element = etree.SubElement(parent, tag, {"format": "html"} if html else {})
    etree.SubElement(element, "text").text = text
    return element


def _answer(parent: Element, value: str, text: str, feedback: tuple[Span, ...] = (), html: bool = True) -> None:
    answer = etree.SubElement(parent, "answer", {"fraction": value, "format": "html" if html else "moodle_auto_format"})
    etree.SubElement(answer, "text").text = text
    _text(answer, "feedback", spans_html(feedback))


def _category(quiz: Element, path: str) -> None:
    question = etree.SubElement(quiz, "question", type="category")
    _text(question, "category", path, html=False)


def _choices(element: Element, question: Question) -> None:
    right = sum(choice.correct for choice in question.choices)
    wrong = len(question.choices) - right
    single = question.kind == "choice"
    etree.SubElement(element, "single").text = "true" if single else "false"
    etree.SubElement(element, "shuffleanswers").text = "true"
    etree.SubElement(element, "answernumbering").text = "abc"
    for choice in question.choices:
        if single:
            value = "100" if choice.correct else "0"
        else:
            value = fraction(1, right) if choice.correct else "-" + fraction(1, max(wrong, 1))
        _answer(element, value, spans_html(choice.spans), choice.feedback)


def _true_false(element: Element, question: Question) -> None:
    truth = next(plain(choice.spans).lower() == "true" for choice in question.choices if choice.correct)
    _answer(element, "100" if truth else "0", "true", question.feedback_correct if truth else (), html=False)
    _answer(element, "0" if truth else "100", "false", () if truth else question.feedback_correct, html=False)


def _short_answer(element: Element, question: Question) -> None:
    etree.SubElement(element, "usecase").text = "0"
    for answer in question.answers:
        _answer(element, "100", answer, html=False)


def question_element(quiz: Element, question: Question) -> Element:
    """Add one ``<question>`` for ``question`` to ``quiz`` and return it."""
    element = etree.SubElement(quiz, "question", type=QUESTION_TYPES[question.kind])
    _text(element, "name", question_name(question), html=False)
    _text(element, "questiontext", spans_html(question.prompt))
    _text(element, "generalfeedback", spans_html(question.feedback_correct))
    etree.SubElement(element, "defaultgrade").text = "1"
    etree.SubElement(element, "penalty").text = PENALTY
    etree.SubElement(element, "hidden").text = "0"
    etree.SubElement(element, "idnumber").text = question.id
    if question.generated:
        tag = etree.SubElement(etree.SubElement(element, "tags"), "tag")
        etree.SubElement(tag, "text").text = GENERATED_TAG
    if question.kind in ("choice", "multiple-response"):
        _choices(element, question)
    elif question.kind == "true-false":
        _true_false(element, question)
    else:
        _short_answer(element, question)
    return element


def build_quiz(course: Course) -> bytes:
    """Return the Moodle XML bytes of every question of ``course``, a category per module."""
    quiz = etree.Element("quiz")
    for category, question in filed(course):
        if category is not None:
            _category(quiz, category)
        question_element(quiz, question)
    return serialize(quiz)


class MoodleXmlPackager:
    """Writes ``NAME-moodle-xml.xml``: the question bank in Moodle XML (Question bank > Import > Moodle XML)."""

    name = "moodle-xml"
    description = "question bank as Moodle XML (knowledge checks only)"
    targets: tuple[TargetKind, ...] = ("file",)
    extension = ".xml"

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path] | Result[None]:
        """Write the Moodle XML file atomically and return its path; nothing for a course without questions."""
        if not course.questions:
            return no_questions(course, target, "Moodle XML")
        return Result(write_target(Target("file", target.path), {"questions.xml": build_quiz(course)}))
