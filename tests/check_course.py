"""Courses with knowledge checks for the player tests: ``make_course`` screens plus, per module, questions of every
kind (choice, multiple response, true/false, fill-in) with feedback, built straight from the model.

``answer_of(question)`` says what a learner must choose or type to be right; ``WRONG`` what to pick to be wrong.
"""

from __future__ import annotations

from converter.model import Choice, Course, Question, Span

from course_factory import make_course

KINDS = ("choice", "multiple-response", "true-false", "fill-in")
FEEDBACK_RIGHT = "MARKER-FEEDBACK-RIGHT"
FEEDBACK_WRONG = "MARKER-FEEDBACK-WRONG"
CHOICE_FEEDBACK = "MARKER-CHOICE-FEEDBACK"


def _spans(text: str) -> tuple[Span, ...]:
    return (Span(text=text),)


def make_question(qid: str, kind: str, number: int) -> Question:
    """Return a question of ``kind``: choice answers B of A-C, multiple response A and C, true/false False,
    fill-in "24 hours" (or "24h")."""
    feedback = {"feedback_correct": _spans(f"{FEEDBACK_RIGHT} {number}"),
                "feedback_incorrect": _spans(f"{FEEDBACK_WRONG} {number}")}
    if kind == "fill-in":
        return Question(id=qid, kind="fill-in", prompt=_spans(f"Question {number}: report within ____?"),
                        answers=("24 hours", "24h"), **feedback)
    if kind == "true-false":
        choices = (Choice(id=f"{qid}-true", spans=_spans("True")),
                   Choice(id=f"{qid}-false", spans=_spans("False"), correct=True))
        return Question(id=qid, kind="true-false", prompt=_spans(f"Question {number}: true or false?"),
                        choices=choices, **feedback)
    right = {1} if kind == "choice" else {0, 2}
    choices = tuple(Choice(id=f"{qid}-c{n + 1}", spans=_spans(f"Option {'ABC'[n]} of {number}"), correct=n in right,
                           feedback=_spans(f"{CHOICE_FEEDBACK} {'ABC'[n]}") if n == 0 else ())
                    for n in range(3))
    return Question(id=qid, kind=kind, prompt=_spans(f"Question {number}: which?"), choices=choices,  # type: ignore[arg-type]
                    **feedback)


def course_with_checks(modules: int = 2, screens: int = 2, per_module: int = 4, *, kinds: tuple[str, ...] = KINDS,
                       with_image: bool = True) -> Course:
    """Return a factory course whose every module ends with ``per_module`` questions, kinds taken in turn."""
    course = make_course(modules, screens, with_image=with_image)
    questions: list[Question] = []
    updated = []
    for m, module in enumerate(course.modules):
        mine = [make_question(f"q-{m:03d}-{n:03d}", kinds[(m * per_module + n) % len(kinds)], len(questions) + n + 1)
                for n in range(per_module)]
        questions += mine
        updated.append(module.model_copy(update={"questions": tuple(q.id for q in mine)}))
    return course.model_copy(update={"modules": tuple(updated), "questions": tuple(questions)})


def answer_of(question: Question) -> list[str] | str:
    """Return the right response: option values (``c1``.., ``true``/``false``) or the text to type."""
    if question.kind == "fill-in":
        return "  24 HOURS "
    if question.kind == "true-false":
        return ["false"]
    return [f"c{n}" for n, choice in enumerate(question.choices, start=1) if choice.correct]


WRONG = {"choice": ["c1"], "multiple-response": ["c1"], "true-false": ["true"], "fill-in": "48 hours"}
