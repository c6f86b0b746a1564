"""Generated knowledge checks: a module whose source has no question gets up to two, written from its own text
(definitions, term tables, key sentences), deterministic, answerable from the module, never a stop word, a
common word or a number, never twice in a course, marked generated and quoting their sentence."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from quiz_decks import GLOSSARY_TABLE, make_glossary_deck
from wordfreq import zipf_frequency

import converter
from converter import language
from converter.chunking.generated import COMMON_ZIPF, STOP_WORDS, generate_questions
from converter.model import Course, JobAid, Module, Question, block_text, spans_text
from converter.options import ConvertOptions
from converter.result import Messages

from conftest import manifest_paths, run_c2e


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return make_glossary_deck(tmp_path_factory.mktemp("generated") / "glossary.pptx")


PER_SECTION = ConvertOptions(module_min=0)
"""The glossary deck's sections last a minute or two each: sizing would join them into one module, so these
tests keep one module per section."""


@pytest.fixture(scope="module")
def built(deck):
    return converter.build(deck, PER_SECTION)


@pytest.fixture(scope="module")
def course(built) -> Course:
    return built.value


def generated(course: Course) -> list[Question]:
    return [question for question in course.questions if question.generated]


def right_answer(question: Question) -> str:
    """Return the correct answer: the fill-in answer or the correct choice's text."""
    if question.kind == "fill-in":
        return question.answers[0]
    (choice,) = [choice for choice in question.choices if choice.correct]
    return spans_text(choice.spans)


def module_text(module: Module, job_aids: tuple[JobAid, ...] = ()) -> str:
    """Return everything a module holds as text on one line: its screens' blocks and notes, and the job aids
    its screens link to (their blocks left the screen for the printable page)."""
    blocks = [block for screen in module.screens for block in (*screen.blocks, *screen.notes)]
    linked = {block.attrs.get("job-aid") for block in blocks}
    blocks += [block for aid in job_aids if aid.id in linked for block in aid.blocks]
    return " ".join(" ".join(block_text(block) for block in blocks).split())


def words(text: str) -> str:
    """Return the words of ``text``, folded, one space apart (a table row is quoted as 'term: description')."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def assert_sound(course: Course) -> None:
    """Assert the generator's promises on every generated question of ``course``."""
    questions = generated(course)
    by_id = {question.id: question for question in course.questions}
    prompts = [" ".join(spans_text(q.prompt).casefold().split()) for q in questions]
    assert len(set(prompts)) == len(prompts), "no question twice"
    assert len({right_answer(q).casefold() for q in questions}) == len(questions), "no answer twice"
    for module in course.modules:
        mine = [by_id[qid] for qid in module.questions if by_id[qid].generated]
        assert len(mine) <= 2
        assert not mine or all(by_id[qid].generated for qid in module.questions), "only where none was read"
        text = module_text(module, course.job_aids).casefold()
        for question in mine:
            answer = right_answer(question)
            assert " ".join(answer.casefold().split()) in text, (answer, module.title)
            assert answer.casefold() not in STOP_WORDS and re.search(r"[^\W\d_]", answer), answer
            language = (course.language or "en").split("-")[0]
            assert max(zipf_frequency(answer, language), zipf_frequency(answer, "en")) < COMMON_ZIPF, answer
            assert question.where is not None and question.id.startswith("qg-")
            quoted = spans_text(question.feedback_correct)
            assert quoted == spans_text(question.feedback_incorrect)
            sentence = re.search("\u201c(.+)\u201d", quoted)
            assert sentence and words(sentence[1]) in words(text), quoted
            if question.kind == "choice":
                texts = [spans_text(choice.spans).casefold() for choice in question.choices]
                assert len(set(texts)) == len(texts) >= 3 and sum(c.correct for c in question.choices) == 1
            else:
                assert question.kind == "fill-in" and "_____" in spans_text(question.prompt)


def test_modules_without_a_check_get_questions_from_their_definitions_table_and_key_sentences(course):
    titles = {module.title: module for module in course.modules}
    assert set(titles) == {"Blood pressure", "Medicines", "Lifestyle", "Check"}
    by_id = {question.id: question for question in course.questions}
    answers = {title: [right_answer(by_id[qid]) for qid in titles[title].questions] for title in titles}
    assert answers["Blood pressure"] == ["Hypertension", "Systolic pressure"], "definitions first"
    assert answers["Medicines"] == ["Diuretic", "Vasodilator"], "a term table's rows"
    assert len(answers["Lifestyle"]) == 2
    assert not any(by_id[qid].generated for qid in titles["Check"].questions), "a read question: none generated"


def test_a_definition_becomes_a_multiple_choice_question_with_the_courses_terms_as_distractors(course):
    question = next(q for q in generated(course) if right_answer(q) == "Hypertension")
    assert question.kind == "choice"
    assert spans_text(question.prompt) == ("Which term completes the sentence? "
                                           "\u201c_____ is persistently raised blood pressure in the arteries.\u201d")
    others = {spans_text(choice.spans) for choice in question.choices if not choice.correct}
    course_terms = {term for term, _ in GLOSSARY_TABLE[1:]} | {"Systolic pressure", "Sphygmomanometer"}
    assert len(others) == 3 and others <= course_terms


def test_a_term_table_row_asks_for_its_term_among_the_tables_other_terms(course):
    question = next(q for q in generated(course) if right_answer(q) == "Diuretic")
    assert spans_text(question.prompt) == ("Which term matches this description? "
                                           "\u201cHelps the kidneys remove salt and water\u201d")
    offered = {spans_text(choice.spans) for choice in question.choices}
    assert {"Vasodilator", "Anticoagulant"} <= offered


def test_a_key_sentence_becomes_a_cloze_with_its_key_word_blanked(course):
    lifestyle = next(module for module in course.modules if module.title == "Lifestyle")
    by_id = {question.id: question for question in course.questions}
    for question in (by_id[qid] for qid in lifestyle.questions):
        assert question.kind == "fill-in"
        prompt = spans_text(question.prompt).removeprefix("Fill in the blank: ")
        assert prompt.replace("_____", question.answers[0]) in module_text(lifestyle)


def test_each_generated_question_is_marked_placed_and_quotes_its_sentence(course, built):
    assert len(generated(course)) == 6
    assert_sound(course)
    question = next(q for q in generated(course) if right_answer(q) == "Hypertension")
    assert spans_text(question.feedback_correct) == ("From the module 'Blood pressure': \u201cHypertension is "
                                                     "persistently raised blood pressure in the arteries.\u201d")
    assert question.where.file == "glossary.pptx" and question.where.unit == 2
    said = [m for m in built.messages if m.code == "questions.generated"]
    assert [m.level.value for m in said] == ["info"] * 3
    assert [m.where.unit for m in said] == [2, 5, 7], "the slide of each module's first generated question"


def test_generation_is_deterministic(deck, course, tmp_path):
    again = converter.build(make_glossary_deck(tmp_path / "glossary.pptx"), PER_SECTION).value
    assert generated(again) == generated(course)
    assert [module.questions for module in again.modules] == [module.questions for module in course.modules]


def test_generated_questions_reach_the_micro_items(course):
    by_module = {module.title: module.questions for module in course.modules}
    items = {item.title: item.questions for item in course.micro_items}
    assert items["Blood pressure"] == by_module["Blood pressure"][:2] != ()


def test_generation_can_be_turned_off(deck):
    course = converter.build(deck, ConvertOptions(generated_questions=0, module_min=0)).value
    assert generated(course) == [] and len(course.questions) == 1


def test_without_the_questions_extra_the_course_is_built_and_the_report_says_why(deck, monkeypatch):
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # import wordfreq now raises ImportError
    built = converter.build(deck, PER_SECTION)
    assert generated(built.value) == [] and len(built.value.modules) == 4
    (said,) = [m for m in built.messages if m.code == "questions.not-generated"]
    assert said.level.value == "info" and "[questions]" in said.text


@pytest.mark.parametrize("language", ["zh-CN", "ja"])
def test_a_language_written_without_spaces_gets_no_questions_and_the_report_says_why(deck, language):
    """wordfreq cuts Chinese and Japanese only with jieba or MeCab, which the extra does not install (a real
    Chinese corpus deck once stopped the conversion with an internal error)."""
    modules = [module.model_copy(update={"questions": ()})
               for module in converter.build(deck, ConvertOptions(generated_questions=0, module_min=0)).value.modules]
    messages = Messages()
    assert generate_questions(modules, language, 2, messages) == (list(modules), [])
    (said,) = [m for m in messages.items if m.code == "questions.not-generated"]
    assert "without spaces" in said.text


# ---------------------------------------------------------------- the real corpus
REAL = manifest_paths("real/pptx") + manifest_paths("real/docx")


def _no_whole_word_list(code: str) -> dict[str, float]:
    raise AssertionError(f"the generator read the whole {code} word list")


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_question_generated_from_the_corpus_is_sound_and_deterministic(path, monkeypatch):
    """On real decks and documents: every generated answer occurs in its module's text, is no stop word,
    common word or number, no question repeats, and generating again gives the same questions. (Job aids stay
    on their screens here, so the modules are those the generator read; each file is read once.) The second
    time the whole word list is out of reach: the words the generator expects cover every word it asks about."""
    course = converter.build(path, ConvertOptions(slide_images="never", ocr="never", job_aids=False)).value
    assert_sound(course)
    made = {question.id for question in generated(course)}
    bare = [module.model_copy(update={"questions": tuple(q for q in module.questions if q not in made)})
            for module in course.modules]
    monkeypatch.setattr(language, "_TABLES", {})
    monkeypatch.setattr(language, "word_list", _no_whole_word_list)
    modules, again = generate_questions(bare, course.language, 2, Messages())
    assert again == generated(course)
    assert [module.questions for module in modules] == [module.questions for module in course.modules]


def test_the_command_line_and_c2e_toml_set_how_many_questions_are_generated(deck, tmp_path):
    none = run_c2e("inspect", "--course", "--generated-questions", "0", "--module-min", "0", str(deck))
    assert none.returncode == 0, none.stderr
    assert '"generated": true' not in none.stdout
    (tmp_path / "c2e.toml").write_text("[inspect]\ngenerated-questions = 1\nmodule-min = 0\n", encoding="utf-8")
    one = run_c2e("inspect", "--course", str(deck), cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout.count('"generated": true') == 3, "one per module without a check"
