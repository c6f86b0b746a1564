"""Localisation through XLIFF: every string out to translators and back into every output, in the target language.

The sample course (deck, handout, facilitator guide) and a corpus deck are exported, translated mechanically
(upper case: a string still in the source shows lower-case letters) and converted; every learner-visible text of
the packages must then be the translated one, with its formatting, and the player's own words German.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html
from xliff_tools import X2, break_codes, ok, schema_errors, segment, translate, units

from converter import api
from converter.errors import EXIT_CODES, TranslationError
from converter.localisation import apply_translation, export, parse_xliff, pseudo, write_xliff
from converter.localisation.content import span_format
from converter.model import Heading, ListBlock, Paragraph, Quote
from converter.options import ConvertOptions

from conftest import CORPUS, REPO, run_c2e

SAMPLE = REPO / "samples" / "course.toml"
CORPUS_DECK = CORPUS / "real" / "pptx" / "markitdown__test.pptx"
READING = ("--slide-images", "never")
CATALOGUE = json.loads((REPO / "packagers" / "player" / "messages" / "de.json").read_text("utf-8"))
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd"}


def c2e(*args: str) -> object:
    return run_c2e(*args, timeout=300)




@pytest.fixture(scope="module")
def sample_xliff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xliff")
    ok(c2e("xliff", "export", str(SAMPLE), "-o", str(folder / "course.xlf"), "--target-language", "de", *READING))
    return folder / "course.xlf"


@pytest.fixture(scope="module")
def german(sample_xliff: Path) -> tuple[Path, Path]:
    """The sample course in every format, in English and in (upper-case) German: (outputs folder, de.xlf)."""
    de = translate(sample_xliff, sample_xliff.with_name("course.de.xlf"))
    out = sample_xliff.parent / "out"
    ok(c2e("convert", str(SAMPLE), "-o", str(out), "-f", "all", "--translation", str(de), *READING))
    return out, de


# ------------------------------------------------------------------ export

def test_the_exported_xliff_2_1_validates_against_the_oasis_core_and_module_schemas(sample_xliff):
    assert schema_errors(sample_xliff, "xliff20/xliff_core_2.0.xsd") == []
    assert schema_errors(sample_xliff, "xliff20-modules-driver.xsd") == []
    root = etree.parse(str(sample_xliff)).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "de")


def test_the_exported_xliff_1_2_validates_against_the_oasis_strict_schema(tmp_path):
    out = tmp_path / "course12.xlf"
    ok(c2e("xliff", "export", str(SAMPLE), "-o", str(out), "--xliff-version", "1.2", *READING))
    assert schema_errors(out, "xliff12-strict-driver.xsd") == []
    translated = translate(out, tmp_path / "course12.de.xlf")
    assert schema_errors(translated, "xliff12-strict-driver.xsd") == []


def test_every_string_of_the_course_is_a_unit_keyed_by_its_stable_id(sample_xliff):
    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value
    found = units(sample_xliff)
    screens = course.screens()
    assert {s.id for s in screens} <= set(found)
    body = [b for s in screens for b in s.blocks if isinstance(b, (Paragraph, Heading, Quote))]
    notes = [b for s in screens for b in s.notes if isinstance(b, Paragraph)]
    items = [i for s in screens for b in s.blocks if isinstance(b, ListBlock) for i in b.items]
    assert body and notes and items
    assert {b.id for b in body + notes} | {i.id for i in items} <= set(found)
    assert {q.id for q in course.questions} | {c.id for q in course.questions for c in q.choices} <= set(found)
    assert {o.id for o in course.objectives} | {m.id for m in course.micro_items} <= set(found)
    assert {a.id for a in course.job_aids} | {a.id for a in course.live.activities} <= set(found)
    assert f"{course.id}-title" in found and {m.id for m in course.modules} <= set(found)
    assert any(uid.endswith("-correct") or uid.endswith("-incorrect") for uid in found), "question feedback"
    assert any(u.get("name") == "alt text" for u in found.values())
    assert any(u.get("name") == "transcript paragraph" for u in found.values())
    assert any(u.get("name", "").startswith("facilitator cue") for u in found.values())


def test_each_unit_tells_the_translator_its_place_and_the_players_length_limits(sample_xliff):
    found = units(sample_xliff)
    notes = {uid: {n.get("category"): n.text for n in u.iter(f"{{{X2}}}note")} for uid, u in found.items()}
    first_slide = next(n["location"] for n in notes.values() if "slide 1," in n.get("location", ""))
    assert "pharma-sales-onboarding.pptx, slide 1" in first_slide and "screen" in first_slide
    assert any("handout.pdf, page" in n["location"] for n in notes.values())
    course_title = next(uid for uid in found if uid.endswith("-title") and found[uid].get("name") == "course title")
    assert notes[course_title]["max-length"] == "200"
    prompts = [uid for uid, u in found.items() if u.get("name") == "question"]
    assert prompts and all(notes[uid]["max-length"] == "250" for uid in prompts)


def test_formatted_runs_are_inline_codes_and_link_addresses_are_units_of_their_own(sample_xliff):
    found = units(sample_xliff)
    codes = [pc for u in found.values() for pc in segment(u).iter(f"{{{X2}}}pc")]
    assert codes, "the sample course has bold runs"
    assert all(pc.get("type") in ("fmt", "link") and pc.get("id").isdigit() for pc in codes)
    assert any(pc.get("subType") == "xlf:b" for pc in codes)
    assert b"href" not in sample_xliff.read_bytes(), "codes carry no address"
    addresses = {uid: segment(u).find(f"{{{X2}}}source").text for uid, u in found.items()
                 if u.get("name") == "link address"}
    assert addresses and all(text.startswith(("http", "mailto:")) for text in addresses.values())
    assert all(uid.rsplit("-link", 1)[0] in found for uid in addresses), "each follows the unit of its text"


# ------------------------------------------------------------------ round trips

def test_the_identity_translation_rebuilds_byte_identical_packages(tmp_path, sample_xliff):
    identity = translate(sample_xliff, tmp_path / "course.en.xlf", change=lambda text: text, language="en",
                         state="final")
    formats = "scorm12,scorm2004,xapi,cmi5,web,facilitator-guide,gift,qti,moodle-xml,narration"
    ok(c2e("convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-f", formats, "--translation", str(identity),
           *READING))
    inspected = ok(c2e("inspect", "--course", str(SAMPLE), *READING))
    course = json.loads(inspected.stdout)
    course.update(language="en", name=course["name"] + "-en")
    (tmp_path / "course.json").write_text(json.dumps(course), "utf-8")
    ok(c2e("build", str(tmp_path / "course.json"), "-o", str(tmp_path / "base"), "-f", formats))
    built = sorted(p.relative_to(tmp_path / "base") for p in (tmp_path / "base").rglob("*") if p.is_file())
    assert len(built) > 20
    for name in built:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "base" / name).read_bytes(), name


def test_the_identity_translation_gives_back_the_same_course_object_by_object():
    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value.model_copy(update={"language": "en"})
    catalog = export(course, "en")
    filled = catalog.__class__(**{**catalog.__dict__, "units": tuple(
        u.__class__(**{**u.__dict__, "target": u.source, "state": "final"}) for u in catalog.units)})
    back = apply_translation(course, parse_xliff(write_xliff(filled))[0]).value
    assert back.model_copy(update={"name": course.name}) == course
    assert not [m for m in apply_translation(course, filled).messages if m.level.value != "info"]


def test_xliff_1_2_and_2_1_translations_build_the_same_packages(tmp_path, german):
    out, _ = german
    export12 = tmp_path / "course12.xlf"
    ok(c2e("xliff", "export", str(SAMPLE), "-o", str(export12), "--xliff-version", "1.2", *READING))
    de12 = translate(export12, tmp_path / "course12.de.xlf")
    ok(c2e("convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-f", "scorm12,gift", "--translation", str(de12),
           *READING))
    for name in ("cardiolex-sales-onboarding-de-scorm12.zip", "cardiolex-sales-onboarding-de-gift.txt"):
        assert (tmp_path / "out" / name).read_bytes() == (out / name).read_bytes(), name


# ------------------------------------------------------------------ a mechanical translation everywhere

INTERFACE_WORDS = sorted({part.strip() for value in CATALOGUE.values() for part in re.split(r"\{\w+\}", value)
                          if part.strip()}, key=len, reverse=True)
"""The German player's own words (its catalogue's texts between placeholders), longest first."""


def untranslated_texts(page: Path) -> list[str]:
    """Return the visible texts of an HTML page still in the source language: once the German player's own
    words are taken out, any lower-case letter left is an untranslated (not upper-cased) string."""
    root = html.parse(str(page)).getroot()
    left = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS:
            continue
        if any(a.tag in SKIPPED_TAGS for a in element.iterancestors()):
            continue
        texts = [element.text] + ([element.tail] if element.getparent() is not None and
                                  element.getparent().tag not in SKIPPED_TAGS else [])
        texts += [element.get(attribute) for attribute in ("alt", "aria-label", "title")]
        for text in texts:
            text = " ".join((text or "").split())
            rest = text
            for words in INTERFACE_WORDS:
                rest = rest.replace(words, " ")
            if rest != rest.upper():
                left.append(text)
    return left


def test_every_learner_visible_string_of_the_player_is_translated(german):
    out, _ = german
    for runtime in ("web", "scorm12"):
        folder = out / f"cardiolex-sales-onboarding-de-{runtime}"
        if runtime != "web":
            folder = folder.with_name(folder.name + "-unzipped")
            with zipfile.ZipFile(out / f"cardiolex-sales-onboarding-de-{runtime}.zip") as package:
                package.extractall(folder)
        page = folder / "index.html"
        assert untranslated_texts(page) == [], runtime
        root = html.parse(str(page)).getroot()
        assert (root.get("lang"), root.get("dir")) == ("de", "ltr")
        assert root.get_element_by_id("next").text_content().strip() == "Weiter"
        assert root.xpath("//section[contains(@class,'screen')]//*[contains(@class,'transcript')]//p"), "transcripts"
        assert root.xpath("//img[@alt!='']") and all(i.get("alt") == i.get("alt").upper() for i in root.iter("img"))
        assert root.xpath("//*[contains(@class,'check-explain')]"), "question feedback"
        for aid in (folder / "job-aids").glob("*.html"):
            assert untranslated_texts(aid) == [], aid.name
    english = html.parse(str(out / "cardiolex-sales-onboarding-web" / "index.html")).getroot()
    assert len(untranslated_texts(out / "cardiolex-sales-onboarding-web" / "index.html")) > 300, "the check bites"
    assert english.get_element_by_id("next").text_content().strip() == "Next"


def test_inline_formatting_survives_translation(german):
    out, _ = german
    pages = {lang: html.parse(str(out / f"cardiolex-sales-onboarding{lang}-web" / "index.html")).getroot()
             for lang in ("", "-de")}
    for tag in ("strong", "em", "a[not(starts-with(@href, 'job-aids/'))]", "code"):  # job aid links: the player's
        source = pages[""].xpath(f"//main//{tag}")
        target = pages["-de"].xpath(f"//main//{tag}")
        assert len(source) == len(target), tag
        assert [t.text_content() for t in target] == [s.text_content().upper() for s in source], tag
        if tag.startswith("a"):
            assert [t.get("href") for t in target] == [s.get("href") for s in source]
    assert pages[""].xpath("//main//strong"), "the sample course has bold runs"


def test_the_formatting_of_every_span_is_the_sources_after_applying(sample_xliff, tmp_path):
    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value
    de = parse_xliff(translate(sample_xliff, tmp_path / "de.xlf").read_bytes())[0]
    translated = apply_translation(course, de).value

    def runs(c) -> list[tuple[str, str]]:  # noqa: ANN001
        blocks = [b for s in c.screens() for b in s.blocks + s.notes if isinstance(b, (Paragraph, Heading))]
        return [(span_format(span), span.text) for b in blocks for span in b.spans if span_format(span)]

    assert runs(translated) == [(fmt, text.upper()) for fmt, text in runs(course)]
    assert translated.language == "de" and translated.name == course.name + "-de" and translated.id == course.id


def test_the_manifests_guide_question_banks_and_narration_are_translated(german):
    out, de = german
    stem = out / "cardiolex-sales-onboarding-de"
    with zipfile.ZipFile(f"{stem}-scorm12.zip") as package:
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
    titles = [t.text for t in manifest.iter("{*}title")]
    assert titles and all(t == t.upper() for t in titles)
    with zipfile.ZipFile(f"{stem}-cmi5.zip") as package:
        cmi5 = etree.fromstring(package.read("cmi5.xml"))
    assert {ls.get("lang") for ls in cmi5.iter("{*}langstring")} == {"de"}
    titles = [ls.text for title in cmi5.iter("{*}title") for ls in title.iter("{*}langstring")]
    assert titles and all(text == text.upper() for text in titles)
    descriptions = [ls.text for d in cmi5.iter("{*}description") for ls in d.iter("{*}langstring")]
    assert descriptions and all(text.startswith("Selbstlernkurs. Module: 3.") for text in descriptions)

    import docx
    guide = docx.Document(f"{stem}-facilitator-guide.docx")
    english = docx.Document(str(out / "cardiolex-sales-onboarding-facilitator-guide.docx"))
    assert guide.core_properties.language == "de"
    english_text = "\n".join(p.text for p in english.paragraphs)
    guide_text = "\n".join(p.text for p in guide.paragraphs) + "\n".join(
        cell.text for table in guide.tables for row in table.rows for cell in row.cells)
    live = ["".join(segment(u).find(f"{{{X2}}}source").itertext()) for u in units(de).values()
            if u.get("name", "").startswith(("facilitator cue", "live activity title", "facilitator note"))]
    live = [text for text in live if text in english_text and text != text.upper()]
    assert len(live) > 15, "the guide holds the live session's activities and cues"
    assert [text for text in live if text in guide_text] == [], "an English line of the guide is left"
    assert [text for text in live if text.upper() not in guide_text] == []
    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value
    gift = Path(f"{stem}-gift.txt").read_text("utf-8").replace("\\", "")
    with zipfile.ZipFile(f"{stem}-qti.zip") as bank:
        qti = " ".join("".join(etree.fromstring(bank.read(n)).itertext()) for n in bank.namelist())
    for question in course.questions:
        prompt = "".join(span.text for span in question.prompt)
        assert prompt.upper() in gift and prompt not in gift
        assert prompt.upper() in qti and prompt not in qti
    narration = Path(f"{stem}-narration.txt").read_text("utf-8")
    assert course.screens()[0].notes and "WELCOME EVERYONE" in narration


def test_a_corpus_deck_is_translated_in_every_learner_visible_string(tmp_path):
    xlf = tmp_path / "deck.xlf"
    ok(c2e("xliff", "export", str(CORPUS_DECK), "-o", str(xlf), *READING))
    de = translate(xlf, tmp_path / "deck.de.xlf")
    kinds = {u.get("name") for u in units(de).values()}
    assert {"table cell", "chart category", "alt text"} <= kinds | {"table header"}, kinds
    ok(c2e("convert", str(CORPUS_DECK), "-o", str(tmp_path / "out"), "-f", "web", "--translation", str(de),
           *READING))
    page = next((tmp_path / "out").glob("*-de-web")) / "index.html"
    assert untranslated_texts(page) == []
    root = html.parse(str(page)).getroot()
    assert root.xpath("//table//td") and root.get("lang") == "de"


# ------------------------------------------------------------------ fallbacks and refusals

def test_untranslated_units_fall_back_to_the_source_and_are_reported_with_their_place(tmp_path, sample_xliff):
    found = units(sample_xliff)
    alt = next(uid for uid, u in found.items() if u.get("name") == "alt text")
    prompt = next(uid for uid, u in found.items() if u.get("name") == "question")
    de = translate(sample_xliff, tmp_path / "de.xlf", skip=lambda uid: uid in (alt, prompt))
    run = ok(c2e("convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-f", "web", "--translation", str(de),
                 *READING))
    assert f"xliff.untranslated: de: unit {alt} (alt text)" in run.stderr
    assert f"unit {prompt} (question)" in run.stderr
    assert "2 strings in the source language" in run.stdout
    report = json.loads((tmp_path / "out" / "cardiolex-sales-onboarding-de.report.json").read_text("utf-8"))
    placed = [m for s in report["sources"] for u in s["units"] for m in u["messages"]
              if m["code"] == "xliff.untranslated"]
    assert any(alt in m["text"] and m["where"]["unit"] for m in placed)
    page = html.parse(str(tmp_path / "out" / "cardiolex-sales-onboarding-de-web" / "index.html")).getroot()
    alts = [i.get("alt") for i in page.iter("img") if i.get("alt")]
    assert any(a != a.upper() for a in alts), "the untranslated alt text is shown in English"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="de"><file id="f">
<unit id="u"><segment><source>&lol3;</source></segment></unit></file></xliff>"""
EXTERNAL = BOMB.replace(b'<!ENTITY lol "lol">', b'<!ENTITY lol SYSTEM "file:///etc/passwd">')




@pytest.mark.parametrize("fault", ["not-xml", "bomb", "external-entity", "not-xliff", "other-course",
                                   "broken-codes", "no-target-language"])
def test_a_bad_translation_is_refused_with_exit_12_naming_the_problem_and_nothing_is_written(
        fault, tmp_path, german):
    _, de = german
    bad = tmp_path / "bad.xlf"
    expected = {"not-xml": "not well-formed XML", "bomb": "DOCTYPE", "external-entity": "DOCTYPE",
                "not-xliff": "not an XLIFF 1.2 or 2.x document", "other-course": "is for another course",
                "broken-codes": "inline codes do not match the source's (missing 1)",
                "no-target-language": "no valid target language"}[fault]
    if fault == "not-xml":
        bad.write_bytes(b"Dear translator, here is the file <b>")
    elif fault == "bomb":
        bad.write_bytes(BOMB)
    elif fault == "external-entity":
        bad.write_bytes(EXTERNAL)
    elif fault == "not-xliff":
        bad.write_bytes(b"<html><body>a web page</body></html>")
    elif fault == "other-course":
        ok(c2e("xliff", "export", str(CORPUS_DECK), "-o", str(tmp_path / "other.xlf"), *READING))
        translate(tmp_path / "other.xlf", bad)
    elif fault == "broken-codes":
        unit = break_codes(de, bad)
        expected = f"unit {unit}: inline codes do not match the source's (missing 1)"
    else:
        root = etree.parse(str(de)).getroot()
        del root.attrib["trgLang"]
        bad.write_bytes(etree.tostring(root))
    out = tmp_path / "out"
    run = c2e("convert", str(SAMPLE), "-o", str(out), "--translation", str(de), "--translation", str(bad), *READING)
    assert run.returncode == TranslationError.exit_code == 12, run.stderr
    assert expected in run.stderr and str(bad) in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert not out.exists() or not any(out.iterdir()), "nothing is half-written"


def test_a_translation_over_the_size_limit_is_refused_with_exit_7(tmp_path, german):
    _, de = german
    run = c2e("convert", str(SAMPLE), "-o", str(tmp_path), "--translation", str(de), "--limit", "max_part_bytes=1000",
              *READING)
    assert run.returncode == 7 and "max_part_bytes" in run.stderr


def test_exit_code_12_is_documented():
    assert EXIT_CODES[12].startswith("translation file refused")
    assert "| 12 |" in (REPO / "README.md").read_text("utf-8")


def test_two_translations_make_two_sets_of_outputs_each_in_its_language(tmp_path, sample_xliff):
    de = translate(sample_xliff, tmp_path / "de.xlf", language="de")
    he = translate(sample_xliff, tmp_path / "he.xlf", change=lambda t: t.upper(), language="he")
    ok(c2e("convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-f", "web,cmi5", "--translation", str(de),
           "--translation", str(he), *READING))
    for lang, direction in (("de", "ltr"), ("he", "rtl")):
        root = html.parse(str(tmp_path / "out" / f"cardiolex-sales-onboarding-{lang}-web" / "index.html")).getroot()
        assert (root.get("lang"), root.get("dir")) == (lang, direction)
        assert (tmp_path / "out" / f"cardiolex-sales-onboarding-{lang}-cmi5.zip").is_file()
        assert (tmp_path / "out" / f"cardiolex-sales-onboarding-{lang}.report.html").is_file()
    he_page = html.parse(str(tmp_path / "out" / "cardiolex-sales-onboarding-he-web" / "index.html")).getroot()
    assert he_page.get_element_by_id("next").text_content().strip() == "הבא"


# ------------------------------------------------------------------ pseudo, stats, layers

def test_pseudo_translation_is_accented_bracketed_and_about_40_percent_longer(tmp_path):
    out = tmp_path / "course.qps.xlf"
    ok(c2e("xliff", "pseudo", str(SAMPLE), "-o", str(out), *READING))
    assert schema_errors(out, "xliff20-modules-driver.xsd") == []
    catalog = parse_xliff(out.read_bytes())[0]
    assert catalog.target_language == "qps-ploc"
    for unit in catalog.units:
        source = "".join(p if isinstance(p, str) else p.text for p in unit.source)
        target = "".join(p if isinstance(p, str) else p.text for p in unit.target or ())
        if unit.role == "link address":
            assert target == source, "a link keeps its address"
            continue
        assert target.startswith("[") and target.endswith("]")
        if len(source) >= 20:
            assert 1.3 <= len(target) / len(source) <= 1.55, (source, target)
    assert any("é" in "".join(p if isinstance(p, str) else p.text for p in u.target or ()) for u in catalog.units)
    run = ok(c2e("convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-f", "web", "--translation", str(out),
                 *READING))
    assert "0 strings in the source language" in run.stdout
    page = (tmp_path / "out" / "cardiolex-sales-onboarding-qps-ploc-web" / "index.html").read_text("utf-8")
    assert "[Çáŕđîöļéx Šáļéš Öñböáŕđîñĝ" in page


def test_pseudo_keeps_inline_codes_in_place():
    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value
    catalog = pseudo(course)
    coded = [u for u in catalog.units if any(not isinstance(p, str) for p in u.source)]
    assert coded
    assert all([p.id for p in u.target if not isinstance(p, str)] == [p.id for p in u.source if not isinstance(p, str)]
               for u in coded)


def test_stats_count_the_words_to_translate(tmp_path, german):
    _, de = german
    fresh = ok(c2e("xliff", "stats", str(de.with_name("course.xlf")), str(de)))
    lines = fresh.stdout.splitlines()
    assert "en->de" in lines[0] and " 0 changed" in lines[0] and " 0 unchanged" in lines[0]
    words = int(re.search(r": ([\d,]+) words", lines[0]).group(1).replace(",", ""))
    assert words > 1000 and f"{words:,} unchanged" in lines[1] and "0 new" in lines[1]


def test_stats_on_a_bad_file_exits_12_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(BOMB)
    run = c2e("xliff", "stats", str(bad))
    assert run.returncode == 12 and "DOCTYPE" in run.stderr and "Traceback" not in run.stderr


def test_the_localisation_layer_imports_only_the_kernel():
    from test_layers import KERNEL, _in, _modules, _our_imports

    modules = {n: p for n, p in _modules("converter").items() if n.startswith("converter.localisation")}
    assert modules
    bad = [f"{n} imports {i}" for n, p in modules.items() for i in _our_imports(n, p)
           if not _in(i, KERNEL | {"converter.localisation"})]
    assert bad == []


def test_strings_with_characters_xml_cannot_hold_survive_as_code_points():
    from converter.localisation.catalog import Catalog, Unit

    catalog = Catalog("c", "en", "de", (Unit("u1", ("bell\x07 and tab\there",), ("DE\x07",), "final"),))
    back = parse_xliff(write_xliff(catalog))[0].units[0]
    assert back.source == ("bell\x07 and tab\there",) and back.target == ("DE\x07",)


def test_two_strings_under_one_id_become_two_units_and_translate_back_to_their_places():
    from converter.model import Paragraph as P
    from converter.model import Span

    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value
    screen = course.screens()[1]
    twins = (P(id="b-twin", spans=(Span(text="first words"),)), P(id="b-twin", spans=(Span(text="second words"),)),
             P(id="b-twin", spans=(Span(text="first words"),)))
    module = course.modules[0]
    screens = (screen.model_copy(update={"blocks": twins}),) + module.screens[2:]
    course = course.model_copy(update={"modules": (module.model_copy(update={"screens": screens}),)
                                       + course.modules[1:]})
    catalog = export(course, "de")
    ids = [u.id for u in catalog.units if u.id.startswith("b-twin")]
    assert ids == ["b-twin", "b-twin-dup2"]
    filled = catalog.__class__(**{**catalog.__dict__, "units": tuple(
        u.__class__(**{**u.__dict__, "target": tuple(p.upper() if isinstance(p, str) else p for p in u.source)})
        for u in catalog.units)})
    blocks = apply_translation(course, parse_xliff(write_xliff(filled))[0]).value.modules[0].screens[0].blocks
    assert [b.spans[0].text for b in blocks] == ["FIRST WORDS", "SECOND WORDS", "FIRST WORDS"]


def test_segments_a_translation_tool_split_are_joined_back_into_one_string():
    doc = ("<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0' srcLang='en' trgLang='de'>"
           "<file id='f' original='c2e-course:c'><unit id='u'>"
           "<segment state='translated'><source>Hello.</source><target>Hallo.</target></segment>"
           "<ignorable><source> </source></ignorable><segment state='final'><source>Bye <pc id='1'>now</pc></source>"
           "<target>Tschüss <pc id='1'>jetzt</pc><mrk id='m' type='term'>!</mrk></target></segment></unit></file>"
           "</xliff>").encode()
    unit = parse_xliff(doc)[0].units[0]
    assert unit.state == "translated" and unit.source[0] == "Hello. Bye "
    assert unit.target[0] == "Hallo. Tschüss " and unit.target[1].text == "jetzt" and unit.target[2] == "!"


def test_the_xliff_commands_build_the_course_with_the_config_files_convert_settings(tmp_path):
    (tmp_path / "c2e.toml").write_text('[course]\nid = "onboarding-2026"\n\n[convert]\nslide-images = "never"\n'
                                       'generated-questions = 0\n', "utf-8")
    run = run_c2e("xliff", "export", str(SAMPLE), "-o", str(tmp_path / "c.xlf"), cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    catalog = parse_xliff((tmp_path / "c.xlf").read_bytes())[0]
    assert catalog.course_id == "onboarding-2026"
    assert not any(u.id.startswith("qg-") for u in catalog.units), "generated questions off, as for convert"


def test_a_title_longer_than_the_lms_shows_is_warned_about_and_names_keep_their_limit():
    from dataclasses import replace

    from converter.localisation import localised_name

    course = api.build(SAMPLE, ConvertOptions(slide_images="never")).value
    catalog = export(course, "de")
    long_title = "Ü" * 240
    units_ = tuple(replace(u, target=(long_title,) if u.role == "course title" else u.source) for u in catalog.units)
    result = apply_translation(course, replace(catalog, units=units_))
    assert result.value.title == long_title
    assert [m.code for m in result.messages if m.level.value == "warning"] == ["xliff.too-long"]
    assert "240 characters, over the 200" in next(m.text for m in result.messages if m.code == "xliff.too-long")
    name = localised_name("a" * 64, "pt-BR")
    assert name.endswith("-pt-br") and len(name) <= 64


def test_a_missing_translation_exits_3_and_two_of_one_language_exit_2(tmp_path, german):
    _, de = german
    missing = c2e("convert", str(SAMPLE), "-o", str(tmp_path / "a"), "--translation", str(tmp_path / "none.xlf"),
                  *READING)
    assert missing.returncode == 3 and "none.xlf" in missing.stderr
    twice = c2e("convert", str(SAMPLE), "-o", str(tmp_path / "b"), "--translation", str(de), "--translation",
                str(de), *READING)
    assert twice.returncode == 2 and "two translations into de" in twice.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
