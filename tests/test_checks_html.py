"""The knowledge checks in the player page, as HTML: one check screen per module question after the module's
screens, semantic form controls (fieldset and legend, a label per option, a live region for feedback), source text
escaped, and the page carrying the options' settings (tries, mastery score, the preset's completion rule)."""

from __future__ import annotations

import json

from lxml import html

from converter.model import Span
from converter.options import ConvertOptions
from packagers._site import PlayerSettings, build_site, player_settings

from check_course import course_with_checks

HOSTILE = '<script>alert(1)</script> & "quotes"'


def page_of(course, settings: PlayerSettings | None = None) -> html.HtmlElement:
    return html.document_fromstring(build_site(course, settings=settings).value["index.html"].decode("utf-8"))


def test_each_modules_checks_follow_its_screens_in_the_page_and_the_menu():
    course = course_with_checks(2, 2, 4)
    page = page_of(course)
    sections = [(s.get("id"), "check-screen" in s.get("class")) for s in page.xpath("//section")]
    first, second = course.modules
    assert sections == ([(s.id, False) for s in first.screens] + [(q, True) for q in first.questions]
                        + [(s.id, False) for s in second.screens] + [(q, True) for q in second.questions])
    menu = [a.text_content() for a in page.xpath("//nav[@id='menu']//a")]
    assert menu[2:6] == [f"Knowledge check {n}" for n in range(1, 5)]


def test_a_check_is_a_form_with_a_legend_labels_and_a_live_region():
    course = course_with_checks(1, 1, 4)
    page = page_of(course)
    kinds = {}
    for form in page.xpath("//form[@class='check']"):
        kinds[form.get("data-kind")] = form
        assert form.xpath("./fieldset/legend[@class='check-prompt']")
        inputs = form.xpath(".//input")
        assert inputs and all(page.xpath(f"//label[@for='{i.get('id')}']") for i in inputs)
        assert form.xpath(".//button[@type='submit']")[0].text_content() == "Check my answer"
        status = form.xpath(".//*[@role='status']")[0]
        assert status.get("aria-live") == "polite"
    assert [i.get("type") for i in kinds["choice"].xpath(".//input")] == ["radio"] * 3
    assert [i.get("type") for i in kinds["multiple-response"].xpath(".//input")] == ["checkbox"] * 3
    assert [i.get("value") for i in kinds["true-false"].xpath(".//input")] == ["true", "false"]
    assert [i.get("type") for i in kinds["fill-in"].xpath(".//input")] == ["text"]
    assert json.loads(kinds["multiple-response"].get("data-correct")) == ["c1", "c3"]
    assert json.loads(kinds["fill-in"].get("data-correct")) == ["24 hours", "24h"]
    assert not page.xpath("//script[not(@src)]") and not page.xpath("//*[@style]")


def test_source_text_in_a_check_is_escaped():
    course = course_with_checks(1, 1, 1)
    question = course.questions[0]
    hostile = question.model_copy(update={
        "prompt": (Span(text=HOSTILE),),
        "choices": tuple(c.model_copy(update={"spans": (Span(text=HOSTILE),)}) for c in question.choices)})
    course = course.model_copy(update={"questions": (hostile,)})
    text = build_site(course).value["index.html"].decode("utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in text


def test_the_options_tries_and_the_presets_completion_rule_reach_the_page():
    assert player_settings(ConvertOptions()) == PlayerSettings(attempts=2, mastery=0.8, completion="screens")
    settings = player_settings(ConvertOptions(check_attempts=3, lms="generic"))
    body = page_of(course_with_checks(1, 1, 1), settings).body
    assert (body.get("data-attempts"), body.get("data-mastery"), body.get("data-completion")) == ("3", "0.8",
                                                                                                 "screens")
    body = page_of(course_with_checks(1, 1, 1), PlayerSettings(completion="screens-and-score")).body
    assert body.get("data-completion") == "screens-and-score"


def test_a_course_without_checks_has_no_check_screens():
    page = page_of(course_with_checks(1, 2, 0))
    assert not page.xpath("//form") and len(page.xpath("//section")) == 2
