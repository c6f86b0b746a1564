"""Knowledge checks as player screens: each module's questions (``Module.questions``) follow its content screens,
one check screen per question, rendered by ``templates/check.html.j2`` and run by ``player/checks.js``.

A check screen's id is its question's id (stable like a screen id: the LMS keys answers on it). Options carry
short values the LMS sees as responses: ``c1``, ``c2`` ... for choice and multiple-response questions (the
choice's rank), ``true``/``false`` for true/false ones. Grading happens in the page: the correct values and the
accepted fill-in answers are in the page, as in any static player (a learner reading the source can find them).
"""

from __future__ import annotations

from dataclasses import dataclass

from converter.model import Choice, Course, Module, Question, Span

TRUE_WORDS = frozenset({"true", "t", "yes", "vrai", "wahr", "verdadero", "vero", "waar", "prawda", "verdadeiro"})
"""Option texts read as "true" when a true/false question's choices are not in c2e's own True/False order."""


@dataclass(frozen=True)
class CheckOption:
    """One option of a check: its response ``value``, its text (None: the catalogue's True/False) and feedback."""

    value: str
    spans: tuple[Span, ...] | None
    correct: bool
    feedback: tuple[Span, ...] = ()


@dataclass(frozen=True)
class CheckScreen:
    """A question shown as a screen of its module: ``number`` counts the checks of the course from 1."""

    id: str
    title: str
    number: int
    question: Question
    options: tuple[CheckOption, ...]

    @property
    def correct_values(self) -> list[str]:
        """Return the values of the correct options (the accepted answers for fill-in)."""
        if self.question.kind == "fill-in":
            return list(self.question.answers)
        return [option.value for option in self.options if option.correct]


def _truth(choice: Choice, rank: int) -> bool:
    """Return True when a true/false question's choice means "true" (its text, else it comes first)."""
    text = "".join(span.text for span in choice.spans).strip().lower()
    return text in TRUE_WORDS if text else rank == 0


def check_options(question: Question) -> tuple[CheckOption, ...]:
    """Return the options a check shows: none for fill-in, True then False for true/false, else the choices."""
    if question.kind == "fill-in":
        return ()
    if question.kind == "true-false":
        truths = {_truth(choice, rank): choice for rank, choice in enumerate(question.choices)}
        return tuple(CheckOption(value, None, truths[truth].correct if truth in truths else False,
                                 truths[truth].feedback if truth in truths else ())
                     for value, truth in (("true", True), ("false", False)))
    return tuple(CheckOption(f"c{rank}", choice.spans, choice.correct, choice.feedback)
                 for rank, choice in enumerate(question.choices, start=1))


def gradable(question: Question) -> bool:
    """Return True when the player can grade ``question``: a fill-in with an answer, or a correct option."""
    if question.kind == "fill-in":
        return bool(question.answers)
    return any(option.correct for option in check_options(question))


def module_checks(course: Course, module: Module, title: str, first: int) -> list[CheckScreen]:
    """Return the check screens of ``module`` (its gradable questions in order), numbered from ``first``;
    ``title`` is the catalogue's check title with a ``{number}`` placeholder."""
    by_id = {question.id: question for question in course.questions}
    questions = [by_id[qid] for qid in module.questions if qid in by_id and gradable(by_id[qid])]
    return [CheckScreen(question.id, title.replace("{number}", str(first + n)), first + n, question,
                        check_options(question)) for n, question in enumerate(questions)]


def shown_questions(course: Course) -> list[Question]:
    """Return every question the player shows as a check, in learner order."""
    by_id = {question.id: question for question in course.questions}
    return [by_id[qid] for module in course.modules for qid in module.questions
            if qid in by_id and gradable(by_id[qid])]
