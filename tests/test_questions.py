"""Knowledge checks are read from the material: quiz slides, true/false and fill-in slides, Q:/A: pairs in the
notes and answered Ask: cues become questions with their correct answers; a question slide whose answer is
nowhere stays a screen, with a message. The decks are written here with python-pptx (tests/quiz_decks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from quiz_decks import (
    FEEDBACK_TF,
    PROMPT_CHOICE,
    PROMPT_FILL,
    PROMPT_MULTI,
    PROMPT_NOTES,
    PROMPT_REVEAL,
    PROMPT_TRUE_FALSE,
    PROMPT_UNKNOWN,
    insert_slide_first,
    make_quiz_deck,
)

import converter
from converter.chunking.questions import read_checks
from converter.model import (
    Block,
    Course,
    ListBlock,
    ListItem,
    Location,
    Paragraph,
    Question,
    Span,
    Unit,
    block_text,
    spans_text,
)
from converter.options import ConvertOptions
from converter.result import Messages, Result

from conftest import manifest_paths


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return make_quiz_deck(tmp_path_factory.mktemp("quiz") / "quiz.pptx")


@pytest.fixture(scope="module")
def built(deck) -> Result[Course]:
    return converter.build(deck)


@pytest.fixture(scope="module")
def course(built) -> Course:
    return built.value


def by_prompt(course: Course, prompt: str) -> Question:
    matches = [question for question in course.questions if spans_text(question.prompt) == prompt]
    assert len(matches) == 1, [spans_text(q.prompt) for q in course.questions]
    return matches[0]


def correct(question: Question) -> list[str]:
    return [spans_text(choice.spans) for choice in question.choices if choice.correct]


def screen_text(course: Course) -> str:
    return " ".join(block_text(block) for screen in course.screens() for block in (*screen.blocks, *screen.notes))


def test_a_quiz_slide_with_a_bold_option_becomes_a_choice_question(course):
    question = by_prompt(course, PROMPT_CHOICE)
    assert question.kind == "choice"
    assert [spans_text(choice.spans) for choice in question.choices] == ["12 hours", "24 hours", "72 hours",
                                                                         "One week"]
    assert correct(question) == ["24 hours"]
    assert not any(span.bold for choice in question.choices for span in choice.spans), "bold gave the answer away"
    assert spans_text(question.feedback_correct) == "Every suspected adverse event is reported within 24 hours."
    assert question.generated is False
    assert question.where is not None and question.where.unit == 3


def test_true_or_false_takes_its_answer_and_feedback_from_the_notes(course):
    question = by_prompt(course, PROMPT_TRUE_FALSE)
    assert question.kind == "true-false"
    assert correct(question) == ["False"]
    assert spans_text(question.feedback_correct) == FEEDBACK_TF


def test_options_marked_correct_make_a_multiple_response_question(course):
    question = by_prompt(course, PROMPT_MULTI)
    assert question.kind == "multiple-response"
    assert correct(question) == ["Doctors", "Pharmacists"]
    assert "(correct)" not in " ".join(spans_text(choice.spans) for choice in question.choices)


def test_a_blank_with_its_answer_in_the_notes_is_a_fill_in_question(course):
    question = by_prompt(course, PROMPT_FILL)
    assert (question.kind, question.answers) == ("fill-in", ("24",))


def test_a_q_and_a_pair_in_the_notes_becomes_a_question_and_stays_in_the_transcript(course):
    question = by_prompt(course, PROMPT_NOTES)
    assert (question.kind, question.answers) == ("fill-in", ("Once",))
    dosing = next(screen for screen in course.screens() if screen.title == "Dosing")
    notes = " ".join(block_text(block) for block in dosing.notes)
    assert notes.startswith("Q: ") and notes.endswith("Remind the group of the renal dose.")
    assert "10 mg once daily" in " ".join(block_text(block) for block in dosing.blocks)


def test_a_question_without_a_known_answer_stays_a_screen_and_is_reported(built, course):
    assert PROMPT_UNKNOWN not in [spans_text(question.prompt) for question in course.questions]
    assert any(screen.title == "Question 5" for screen in course.screens())
    unknown = [m for m in built.messages if m.code == "questions.answer-unknown"]
    assert len(unknown) == 1
    assert "slide 8 (Question 5)" in unknown[0].text and unknown[0].where is not None


def test_a_question_slide_and_the_slide_that_reveals_its_answer_make_one_question(course):
    question = by_prompt(course, PROMPT_REVEAL)
    assert correct(question) == ["Medical information"]
    assert [q.where.unit for q in course.questions if spans_text(q.prompt) == PROMPT_REVEAL and q.where] == [10]


def test_quiz_slides_become_their_checks_and_leave_the_screens(course, deck):
    """The player shows each question as a check: a quiz slide is no longer also a screen; its question holds the
    slide (``units``), a notes pair's question stays in the transcript; every question joins its module's checks."""
    slides = [slide for slide in Presentation(str(deck)).slides]
    quiz = [q for q in course.questions if q.units]
    assert sorted(ref.index for q in quiz for ref in q.units) == [3, 4, 5, 6, 10]
    assert len(course.screens()) == len(slides) - len(quiz)
    for prompt in (PROMPT_CHOICE, PROMPT_TRUE_FALSE, PROMPT_MULTI, PROMPT_FILL):
        assert prompt not in screen_text(course)
    assert PROMPT_REVEAL in screen_text(course), "the slide asking before the reveal stays a screen"
    in_modules = [question_id for module in course.modules for question_id in module.questions]
    assert in_modules == [question.id for question in course.questions]
    assert len(set(in_modules)) == len(in_modules) == 6


def test_question_ids_are_valid_xml_ids_and_survive_a_slide_inserted_before(deck, course, tmp_path):
    edited = converter.build(insert_slide_first(deck, tmp_path / "edited.pptx")).value
    assert [q.id for q in edited.questions] == [q.id for q in course.questions]
    assert all(q.id.startswith("q-") and q.id.replace("-", "").isalnum() for q in course.questions)
    assert [q.where.unit for q in edited.questions if q.where] == [q.where.unit + 1 for q in course.questions
                                                                    if q.where]


def test_question_ids_are_deterministic(deck, tmp_path):
    """The same deck written again gives the same questions with the same ids."""
    again = converter.build(make_quiz_deck(tmp_path / "again.pptx")).value
    def unplaced(course: Course) -> list[Question]:
        return [question.model_copy(update={"where": None, "units": tuple(ref.model_copy(update={"file": ""})
                                                                           for ref in question.units)})
                for question in course.questions]  # file names differ
    assert unplaced(again) == unplaced(converter.build(deck).value)


def test_the_sample_decks_quiz_slide_becomes_a_question(sample_deck):
    built = converter.build(sample_deck)
    course = built.value
    read = [m for m in built.messages if m.code == "questions.read"]
    assert [(m.where.unit, m.instead) for m in read if m.where] == [(20, "shown as a knowledge check")]
    (question,) = [question for question in course.questions if not question.generated]  # others: generated
    assert question.kind == "choice"
    assert correct(question) == ["Report it as an adverse event within 24 hours"]
    assert "Option C would be giving medical advice" in spans_text(question.feedback_correct)
    compliance = next(module for module in course.modules if "Compliance" in module.title.split("; "))
    assert compliance.questions == (question.id,)
    assert "Knowledge check" not in [screen.title for screen in course.screens()], "the slide is now the check"
    assert [(ref.file, ref.index) for ref in question.units] == [(sample_deck.name, 20)]


def _guide(path: Path) -> Path:
    document = Document()
    document.add_heading("Facilitator guide", 0)
    document.add_heading("Opening", 1)
    document.add_paragraph("Ask: How many hours do you have to report an adverse event? (Answer: 24 hours)")
    document.add_paragraph("Ask: What worries you most about today?")
    document.add_paragraph("Ask: True or false: a known side effect need not be reported?")
    document.add_paragraph("Answer: False")
    document.save(path)
    return path


def test_ask_cues_that_give_their_answer_become_live_session_questions(deck, tmp_path):
    _guide(tmp_path / "guide.docx")
    (tmp_path / "quiz.pptx").write_bytes(deck.read_bytes())
    (tmp_path / "course.toml").write_text('[[sources]]\npath = "quiz.pptx"\nrole = "deck"\n\n'
                                          '[[sources]]\npath = "guide.docx"\nrole = "facilitator-guide"\n')
    course = converter.build(tmp_path / "course.toml").value
    in_modules = {question_id for module in course.modules for question_id in module.questions}
    live = [question for question in course.questions if question.id not in in_modules]
    assert [(spans_text(q.prompt), q.kind) for q in live] == [
        ("How many hours do you have to report an adverse event?", "fill-in"),
        ("True or false: a known side effect need not be reported?", "true-false")]
    assert live[0].answers == ("24 hours",) and correct(live[1]) == ["False"]
    assert "What worries you" not in " ".join(spans_text(q.prompt) for q in course.questions)
    cues = [cue for activity in course.live.activities for cue in activity.cues if cue.cue == "ask"]
    assert len(cues) == 3, "the cues stay in the facilitator's layer"


# ---------------------------------------------------------------- the reader itself, on hand-made units
def _unit(index: int, title: str, blocks: tuple[Block, ...], notes: tuple[Block, ...] = ()) -> Unit:
    where = Location(file="t.pptx", unit=index)
    return Unit(kind="slide", index=index, key=f"slide-{255 + index}", title=title, blocks=blocks, notes=notes,
                where=where)


def _para(text: str, block_id: str = "", **emphasis: bool) -> Paragraph:
    return Paragraph(id=block_id, spans=(Span(text=text, **emphasis),))


def _options(*texts: str, bold: int | None = None, underline: int | None = None) -> ListBlock:
    return ListBlock(items=tuple(ListItem(spans=(Span(text=t, bold=n == bold, underline=n == underline),), level=1,
                                          id=f"b-opt-i{n}") for n, t in enumerate(texts)))


@pytest.mark.parametrize(("blocks", "notes", "kind", "right"), [
    ((_para("What is the dose?"), _options("a) 5 mg", "b) 10 mg", underline=1)), (), "choice", ["10 mg"]),
    ((_para("What is the dose?"), _options("5 mg", "10 mg ✓")), (), "choice", ["10 mg"]),
    ((_para("What is the dose?"), _options("A. 5 mg", "B. 10 mg")), (_para("Correct answer: b"),), None, None),
    ((_para("What is the dose?"), _options("A. 5 mg", "B. 10 mg")), (_para("The answer is B."),), "choice",
     ["10 mg"]),
    ((_para("What is the dose?"), _options("A. 5 mg", "B. 10 mg", "C. 20 mg")),
     (_para("Answers: A and C"),), "multiple-response", ["5 mg", "20 mg"]),
    ((_para("What is the dose?"), _options("5 mg", "10 mg")), (_para("Answer: 10 mg"),), "choice", ["10 mg"]),
    ((_para("What is the dose?"), _options("True", "False", bold=0)), (), "true-false", ["True"]),
    ((_para("What is the dose?"), _options("5 mg", "10 mg", bold=None)), (), None, None),
])
def test_how_the_correct_answer_is_read(blocks, notes, kind, right):
    """Emphasis, marks, letters and option text in the notes each give the answer; a lower-case letter after
    'answer' is not read as an option letter (it could be the article 'a')."""
    messages = Messages()
    checks = read_checks([_unit(1, "Quiz", blocks, notes)], "", messages)[1]
    if kind is None:
        assert checks.questions == () and not checks.quiz
        assert [m.code for m in messages.items] == ["questions.answer-unknown"]
        return
    (question,) = checks.questions
    assert checks.quiz
    assert (question.kind, correct(question)) == (kind, right)


def test_an_explanation_label_in_the_notes_is_not_part_of_the_feedback():
    unit = _unit(1, "Quiz", (_para("What is the dose?"), _options("A. 5 mg", "B. 10 mg", bold=1)),
                 (_para("Explanation: the label says 10 mg."),))
    (question,) = read_checks([unit], "", Messages())[1].questions
    assert spans_text(question.feedback_correct) == "the label says 10 mg."


def test_a_slide_that_only_mentions_questions_is_not_a_quiz():
    unit = _unit(1, "Handling questions", (_para("Why do doctors ask questions?"), _options("Curiosity", "Risk")))
    messages = Messages()
    checks = read_checks([unit], "", messages)[1]
    assert not checks.quiz and checks.questions == () and messages.items == []


def test_a_long_notes_answer_stays_in_the_notes_with_a_message():
    notes = (_para("Q: Why report within 24 hours? A: Because the regulator needs early signals of new risks.",
                   "b-note"),)
    unit = _unit(1, "Safety", (_para("Report within 24 hours"),), notes)
    messages = Messages()
    checks = read_checks([unit], "", messages)[1]
    assert checks.questions == () and not checks.quiz
    assert [m.code for m in messages.items] == ["questions.open-answer"]


@pytest.mark.parametrize("blocks", [
    (_para("What is the dose?"), _options("A. 5 mg", "B. 10 mg", bold=1), _para("What is the interval?"),
     _options("A. Daily", "B. Weekly", bold=0)),
    (_para("What is the dose?"), _options("5 mg", "10 mg", bold=1), _para("And the interval?"),
     _options("Daily", "Weekly", bold=0)),
])
def test_a_page_of_several_questions_is_not_read_as_one(blocks):
    """A handout's review page holds several questions: reading them as one would mix their options."""
    messages = Messages()
    checks = read_checks([_unit(1, "Review questions", blocks)], "", messages)[1]
    assert checks.questions == () and not checks.quiz
    assert [m.code for m in messages.items] == ["questions.answer-unknown"]


# ---------------------------------------------------------------- the real corpus
REAL_DECKS = manifest_paths("real/pptx") + manifest_paths("real/docx")


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL_DECKS, ids=lambda p: p.name)
def test_every_question_read_from_the_corpus_is_whole_and_its_slide_shown_as_its_check(path):
    """On real decks and documents: each question has its answer, unique ids, valid kinds, and the slide it was
    read from is shown as that check (the question holds the slide), not also as a screen."""
    built = converter.build(path, ConvertOptions(slide_images="never"))
    course = built.value
    ids = [question.id for question in course.questions]
    assert len(set(ids)) == len(ids)
    listed = [question_id for module in course.modules for question_id in module.questions]
    assert set(listed) <= set(ids) and len(set(listed)) == len(listed)
    for question in course.questions:
        right = sum(choice.correct for choice in question.choices)
        expected = {"choice": right == 1, "true-false": right == 1 and len(question.choices) == 2,
                    "multiple-response": right >= 2, "fill-in": bool(question.answers) and not question.choices}
        assert expected[question.kind], question
        assert spans_text(question.prompt).strip()  # generated ones: tests/test_generated_questions.py
    read = {m.where.unit for m in built.messages if m.code == "questions.read" and m.where}
    shown = {ref.index for screen in course.screens() for ref in screen.units}
    held = {ref.index for question in course.questions if question.id in listed for ref in question.units}
    assert read == held and not read & shown
