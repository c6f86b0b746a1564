"""The player speaks the course's language: catalogues, the choice of language, its override, lang and dir."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from lxml import html

from converter.model import Heading, Paragraph, Span
from converter.options import ConvertOptions, PlayerOptions
from converter.result import Messages
from packagers._html import BlockRenderer, render_fragment
from packagers._job_aids import job_aid_pages
from packagers._messages import (
    catalogue_language,
    fill,
    interface_messages,
    placeholders,
    shipped_languages,
)
from packagers._site import PlayerSettings, build_site

from conftest import run_c2e
from course_factory import make_course

REQUIRED = {"en", "de", "fr", "es", "pt", "it", "nl", "pl", "ja", "zh", "ar", "he"}
MESSAGES = Path(str(resources.files("packagers.player").joinpath("messages")))
DOCUMENT_MESSAGES = Path(str(resources.files("packagers").joinpath("messages")))
FORMAT_ONLY = {"minutes", "hours", "hours-minutes", "guide-module"}
"""Document messages that may rightly read as in English: units and a title with its duration."""


def catalogue(tag: str, folder: Path = MESSAGES) -> dict[str, str]:
    """Return one shipped catalogue file as it is on disk (no English fallback)."""
    return json.loads((folder / f"{tag}.json").read_text("utf-8"))


def page(course, player=None, runtime="standalone"):
    """Return the parsed player page of ``course`` built with ``player`` options."""
    text = build_site(course, runtime, settings=PlayerSettings(player=player or PlayerOptions())).value["index.html"].decode("utf-8")
    return html.document_fromstring(text)


def test_the_issue_languages_are_shipped():
    assert REQUIRED <= set(shipped_languages())


def test_at_least_36_languages_ship_for_global_roll_outs():
    assert len(shipped_languages()) >= 36, shipped_languages()
    assert {"ko", "ru", "sv", "tr", "fa", "ur", "hi", "th", "vi", "zh-Hant"} <= set(shipped_languages())


@pytest.mark.parametrize(("course_language", "expected", "next_word"), [
    ("sv", "sv", "Nästa"), ("ko-KR", "ko", "다음"), ("ru-RU", "ru", "Далее"), ("zh-TW", "zh-Hant", "下一頁"),
    ("zh-Hant-HK", "zh-Hant", "下一頁"), ("zh-CN", "zh", None), ("no", "nb", "Neste"), ("fa-IR", "fa", "بعدی"),
])
def test_a_course_gets_the_catalogue_of_its_language_and_region(course_language, expected, next_word):
    assert catalogue_language(course_language) == expected
    if next_word is not None:
        assert interface_messages(course_language)["next"] == next_word
        assert page(make_course(language=course_language)).get_element_by_id("next").text_content() == next_word


@pytest.mark.parametrize("language", ["fa", "ur-PK"])
def test_persian_and_urdu_courses_are_right_to_left_in_their_own_words(language):
    doc = page(make_course(language=language))
    assert doc.xpath("//html/@dir") == ["rtl"]
    assert doc.get_element_by_id("next").text_content() == catalogue(language.split("-")[0])["next"]
    assert doc.get_element_by_id("next").get("aria-keyshortcuts") == "ArrowLeft"
    assert doc.get_element_by_id("menu-toggle").get("lang") is None


def test_a_right_to_left_language_without_a_catalogue_is_rtl_with_its_english_words_marked():
    doc = page(make_course(language="ps"))
    assert doc.xpath("//html/@dir") == ["rtl"], "the direction follows the language, not the catalogue"
    nav = doc.get_element_by_id("next").getparent()
    assert doc.get_element_by_id("next").text_content() == "Next"
    assert (nav.get("lang"), nav.get("dir")) == ("en", "ltr")


@pytest.mark.parametrize("tag", sorted(set(shipped_languages()) - {"en"}))
def test_every_catalogue_has_exactly_the_english_keys_and_placeholders(tag):
    english, own = catalogue("en"), catalogue(tag)
    assert set(own) == set(english), f"{tag}.json: missing {set(english) - set(own)}, extra {set(own) - set(english)}"
    for key, text in english.items():
        assert placeholders(own[key]) == placeholders(text), f"{tag}.json {key!r}: {own[key]!r}"
        assert own[key].strip(), f"{tag}.json {key!r} is empty"


def test_the_player_and_document_catalogues_ship_the_same_languages():
    assert shipped_languages("documents") == shipped_languages()


@pytest.mark.parametrize("tag", sorted(set(shipped_languages("documents")) - {"en"}))
def test_every_document_catalogue_has_exactly_the_english_keys_and_placeholders(tag):
    english, own = catalogue("en", DOCUMENT_MESSAGES), catalogue(tag, DOCUMENT_MESSAGES)
    assert list(own) == list(english), f"{tag}.json: missing {set(english) - set(own)}, extra {set(own) - set(english)}"
    for key, text in english.items():
        assert placeholders(own[key]) == placeholders(text), f"{tag}.json {key!r}: {own[key]!r}"
        assert own[key].strip(), f"{tag}.json {key!r} is empty"


def test_every_document_catalogue_is_translated_not_copied():
    english = catalogue("en", DOCUMENT_MESSAGES)
    for tag in sorted(set(shipped_languages("documents")) - {"en"}):
        same = [key for key, text in catalogue(tag, DOCUMENT_MESSAGES).items()
                if text == english[key] and key not in FORMAT_ONLY]
        assert len(same) <= 4, f"{tag}.json keeps English words for {same}"


def test_every_activity_kind_has_a_document_message():
    from typing import get_args

    from converter.model import ActivityKind

    assert {f"activity-{kind}" for kind in get_args(ActivityKind)} <= set(catalogue("en", DOCUMENT_MESSAGES))


def test_every_catalogue_is_translated_not_copied():
    english = catalogue("en")
    for tag in sorted(set(shipped_languages()) - {"en"}):
        same = [key for key, text in catalogue(tag).items() if text == english[key] and key not in ("code", "menu")]
        assert len(same) <= 4, f"{tag}.json keeps English words for {same}"


def test_the_catalogue_is_chosen_from_the_course_language_with_region_and_fallback():
    assert catalogue_language("de-AT") == "de"
    assert catalogue_language("pt-BR") == "pt-BR" and catalogue_language("pt-PT") == "pt"
    assert catalogue_language("HE") == "he" and catalogue_language("sw") == "en" and catalogue_language(None) == "en"
    assert interface_messages("pt-BR")["next"] == "Próximo" and interface_messages("pt")["next"] == "Seguinte"


def test_fill_replaces_named_placeholders_only():
    assert fill("Screen {current} of {count}", current=2, count=9) == "Screen 2 of 9"
    assert fill("{title} {other}", title="A") == "A {other}"


def test_a_german_course_gets_german_buttons_progress_and_shortcuts():
    doc = page(make_course(language="de-DE"))
    assert doc.get_element_by_id("next").text_content() == "Weiter"
    assert doc.get_element_by_id("prev").text_content() == "Zurück"
    assert doc.get_element_by_id("progress").text_content() == "Seite 1 von 6"
    assert doc.get_element_by_id("menu-toggle").text_content() == "Menü"
    assert doc.xpath("//details[@class='shortcuts']/summary")[0].text_content() == "Tastenkürzel"
    assert doc.xpath("//a[@class='skip-link']")[0].text_content() == "Zum Inhalt springen"
    assert doc.xpath("//html/@lang") == ["de-DE"] and doc.xpath("//html/@dir") == ["ltr"]
    assert json.loads(doc.xpath("//body/@data-messages")[0])["next"] == "Weiter"


def test_a_hebrew_course_is_right_to_left_with_swapped_arrow_shortcuts():
    doc = page(make_course(language="he"))
    assert doc.xpath("//html/@dir") == ["rtl"] and doc.xpath("//html/@lang") == ["he"]
    assert doc.get_element_by_id("next").text_content() == "הבא"
    assert doc.get_element_by_id("next").get("aria-keyshortcuts") == "ArrowLeft"
    assert doc.get_element_by_id("prev").get("aria-keyshortcuts") == "ArrowRight"
    first = doc.xpath("//details[@class='shortcuts']//li")[0]
    assert first.xpath("kbd")[0].text == "\u2190" and "המסך הבא" in first.text_content()


def test_the_player_language_option_overrides_the_course_language_and_is_marked():
    doc = page(make_course(language="en"), PlayerOptions(language="fr"))
    assert doc.get_element_by_id("next").text_content() == "Suivant"
    assert doc.xpath("//html/@lang") == ["en"], "the page stays in the course's language"
    for element in (doc.get_element_by_id("next").getparent(), doc.get_element_by_id("menu-toggle")):
        assert element.get("lang") == "fr"
    assert {b.get("lang") for b in doc.xpath("//button[@class='transcript-toggle']")} == {"fr"}


def test_the_knowledge_checks_words_follow_the_player_language_and_are_marked():
    from check_course import course_with_checks

    doc = page(course_with_checks(1, 1, 2), PlayerOptions(language="fr"))
    submits = doc.xpath("//button[contains(@class, 'check-submit')]")
    assert len(submits) == 2 and {b.text_content() for b in submits} == {"Vérifier ma réponse"}
    assert {b.get("lang") for b in submits} == {"fr"}
    assert {p.get("lang") for p in doc.xpath("//p[@class='check-verdict' or @class='check-score']")} == {"fr"}
    english = page(course_with_checks(1, 1, 2))
    assert {b.get("lang") for b in english.xpath("//button[contains(@class, 'check-submit')]")} == {None}


def test_the_interface_in_the_course_language_carries_no_extra_lang():
    doc = page(make_course(language="es"))
    assert doc.get_element_by_id("next").text_content() == "Siguiente"
    assert doc.get_element_by_id("menu-toggle").get("lang") is None


def test_an_unknown_language_falls_back_to_english():
    doc = page(make_course(language="sw"))
    assert doc.get_element_by_id("next").text_content() == "Next"


def test_chart_code_and_media_words_come_from_the_catalogue():
    doc = page(make_course(language="nl", with_media=True))
    assert doc.xpath("//figure[@class='chart']//thead/tr/th")[0].text_content() == "Categorie"
    assert "Uw browser kan dit bestand niet afspelen." in doc.xpath("//figure[@class='media']//p")[0].text_content()


def test_a_block_the_source_marks_with_another_language_gets_its_own_lang():
    course = make_course(language="en")
    renderer = BlockRenderer(course, Messages())
    text = str(render_fragment("fragment.html.j2", base=2, r=renderer, blocks=(
        Paragraph(spans=(Span(text="Bonjour à tous"),), attrs={"lang": "fr-FR"}),
        Paragraph(spans=(Span(text="Same language"),), attrs={"lang": "EN"}),
        Heading(level=1, spans=(Span(text="Willkommen"),), attrs={"lang": "de"}),
        Paragraph(spans=(Span(text="bad tag"),), attrs={"lang": "\" onload=\"x"}),
    )))
    assert '<p dir="auto" lang="fr-FR">Bonjour à tous</p>' in text
    assert '<p dir="auto">Same language</p>' in text and '<p dir="auto">bad tag</p>' in text
    assert '<h3 dir="auto" lang="de">Willkommen</h3>' in text


def test_job_aid_pages_name_their_kind_in_the_interface_language(tmp_path):
    from converter import api as converter

    deck = Path(__file__).resolve().parent.parent / "samples" / "pharma-sales-onboarding.pptx"
    course = converter.build(deck, ConvertOptions(slide_images="never")).value
    if not course.job_aids:
        pytest.fail("the sample deck should give at least one job aid")
    aid = course.job_aids[0]
    german = job_aid_pages(course, "de")[f"job-aids/{aid.id}.html"].decode("utf-8")
    kind = {"checklist": "Checkliste", "procedure": "Ablauf", "reference": "Referenztabelle"}[aid.kind]
    assert f'<p class="job-aid-kind">{kind}</p>' in german
    screen_page = page(course, PlayerOptions(language="de"))
    links = screen_page.xpath(f"//a[@href='job-aids/{aid.id}.html']")
    assert links and links[0].text_content() == f"Arbeitshilfe (zum Ausdrucken): {aid.title}"


def test_c2e_toml_player_and_theme_tables_reach_every_package(tmp_path):
    logo = tmp_path / "logo.png"
    from course_factory import tiny_png

    logo.write_bytes(tiny_png(8, 8))
    (tmp_path / "c2e.toml").write_text('[player]\nlanguage = "it"\n\n[theme]\nprimary = "#ffcc00"\n'
                                       'font = "Atkinson Hyperlegible"\nlogo = "logo.png"\n', encoding="utf-8")
    deck = Path(__file__).resolve().parent.parent / "samples" / "pharma-sales-onboarding.pptx"
    done = run_c2e("--config", str(tmp_path / "c2e.toml"), "convert", str(deck), "-o", str(tmp_path / "out"),
                   "--format", "web", "--slide-images", "never")
    assert done.returncode == 0, done.stderr
    site = next((tmp_path / "out").glob("*-web"))
    doc = html.document_fromstring((site / "index.html").read_text("utf-8"))
    assert doc.get_element_by_id("next").text_content() == "Avanti"
    assert doc.xpath("//img[@class='course-logo']/@src") == ["player/logo.png"]
    assert (site / "player" / "logo.png").read_bytes() == logo.read_bytes()
    css = (site / "player" / "theme.css").read_text("utf-8")
    assert "Atkinson Hyperlegible" in css and "#ffcc00;" not in css.split("@media")[0]
    report = json.loads((tmp_path / "out" / f"{site.name.removesuffix('-web')}.report.json").read_text("utf-8"))
    assert "theme.contrast-adjusted" in json.dumps(report)


def test_the_player_language_flag_overrides_the_config(tmp_path):
    deck = Path(__file__).resolve().parent.parent / "samples" / "pharma-sales-onboarding.pptx"
    (tmp_path / "c2e.toml").write_text('[player]\nlanguage = "it"\n', encoding="utf-8")
    done = run_c2e("--config", str(tmp_path / "c2e.toml"), "convert", str(deck), "-o", str(tmp_path / "out"),
                   "--format", "web", "--slide-images", "never", "--player-language", "pl")
    assert done.returncode == 0, done.stderr
    site = next((tmp_path / "out").glob("*-web"))
    assert html.document_fromstring((site / "index.html").read_text("utf-8")).get_element_by_id(
        "next").text_content() == "Dalej"
    bad = run_c2e("convert", str(deck), "-o", str(tmp_path / "bad"), "--player-language", "no good")
    assert bad.returncode == 2 and "language" in bad.stderr


def _mixed_language_deck(path: Path) -> Path:
    """Write a deck in English with one French text box paragraph (runs marked fr-FR) and return its path."""
    from pptx import Presentation
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.util import Inches

    deck = Presentation()
    for title, lines in (("Greetings", [("Good morning, everyone.", MSO_LANGUAGE_ID.ENGLISH_US),
                                        ("Bonjour à toutes et à tous.", MSO_LANGUAGE_ID.FRENCH)]),
                         ("Agenda", [("First we meet the team.", MSO_LANGUAGE_ID.ENGLISH_US)])):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = title
        frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(2)).text_frame
        for index, (text, language) in enumerate(lines):
            run = (frame.paragraphs[0] if index == 0 else frame.add_paragraph()).add_run()
            run.text, run.font.language_id = text, language
    deck.save(str(path))
    return path


def test_a_pptx_paragraph_in_another_language_than_the_deck_gets_its_own_lang(tmp_path):
    from converter import api as converter

    source = converter.extract(_mixed_language_deck(tmp_path / "mixed.pptx"), ConvertOptions(slide_images="never"))
    assert source.value.language == "en-US"
    marked = {b.spans[0].text: b.attrs.get("lang") for u in source.value.units for b in u.blocks if b.kind == "paragraph"}
    assert marked == {"Good morning, everyone.": None, "Bonjour à toutes et à tous.": "fr-FR",
                      "First we meet the team.": None}
    doc = page(converter.build(tmp_path / "mixed.pptx", ConvertOptions(slide_images="never")).value)
    assert doc.xpath("//p[@lang='fr-FR']")[0].text_content() == "Bonjour à toutes et à tous."
    assert doc.xpath("//html/@lang") == ["en-US"]
