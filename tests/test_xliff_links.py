"""Link addresses go to translators as units of their own (so a German course may link to the German page), held
to the source's site; program code is never exported."""

from __future__ import annotations

from dataclasses import replace

from lxml import html
from xliff_tools import schema_errors

from converter.localisation import apply_translation, export, pseudo, write_xliff
from converter.localisation.apply import same_site
from converter.localisation.catalog import Catalog
from converter.model import Code
from packagers._site import build_site

from course_factory import make_course

LABEL = "https://example.org/label"


def link_unit(catalog: Catalog):  # noqa: ANN201
    """Return the one link-address unit of the factory course's catalogue."""
    found = [unit for unit in catalog.units if unit.role == "link address"]
    assert len(found) == 1, found
    return found[0]


def translated(address: str | None, language: str = "de") -> Catalog:
    """Return the factory course's catalogue, every text unit upper-cased and the link address set to
    ``address`` (None: left without a target)."""
    catalog = export(make_course(), language)
    units = []
    for unit in catalog.units:
        if unit.role == "link address":
            units.append(unit if address is None else replace(unit, target=(address,), state="translated"))
        else:
            units.append(replace(unit, target=tuple(p.upper() if isinstance(p, str) else p for p in unit.source),
                                 state="translated"))
    return replace(catalog, units=tuple(units))


def link_hrefs(course) -> list[str]:  # noqa: ANN001
    """Return the addresses of the links on the course's player page."""
    page = html.document_fromstring(build_site(course, "standalone").value["index.html"].decode("utf-8"))
    return [a.get("href") for a in page.xpath("//main//a[@href]") if not a.get("href").startswith("job-aids/")]


def test_a_link_address_is_a_unit_of_its_own_after_its_text_with_the_link_named(tmp_path):
    catalog = export(make_course())
    unit = link_unit(catalog)
    ids = [u.id for u in catalog.units]
    assert unit.id.endswith("-link1") and ids.index(unit.id) == ids.index(unit.id.removesuffix("-link1")) + 1
    assert unit.source == (LABEL,) and not unit.rich
    assert "the link 'See the label' in a paragraph" in unit.note
    for version, driver in (("2.1", "xliff20-modules-driver.xsd"), ("1.2", "xliff12-strict-driver.xsd")):
        written = tmp_path / f"course-{version}.xlf"
        written.write_bytes(write_xliff(translated(LABEL), version))
        assert f">{LABEL}</source>" in written.read_text("utf-8")
        assert schema_errors(written, driver) == [], version


def test_a_translated_address_on_the_same_site_reaches_the_page():
    german = "https://example.org/de/etikett"
    result = apply_translation(make_course(), translated(german))
    assert link_hrefs(result.value) == [german]
    assert "xliff.link-refused" not in {m.code for m in result.messages}


def test_an_address_left_untranslated_keeps_the_source_and_is_no_fault():
    result = apply_translation(make_course(), translated(None))
    assert link_hrefs(result.value) == [LABEL]
    assert not [m for m in result.messages if m.code.startswith("xliff.") and m.level.name != "INFO"]


def test_an_address_on_another_site_is_refused_with_a_warning_and_the_source_kept():
    result = apply_translation(make_course(), translated("https://evil.example.net/label"))
    assert link_hrefs(result.value) == [LABEL]
    refused = [m for m in result.messages if m.code == "xliff.link-refused"]
    assert len(refused) == 1 and "evil.example.net" in refused[0].text and "source address is kept" in refused[0].text


def test_same_site_means_same_scheme_family_and_host():
    assert same_site(LABEL, "http://EXAMPLE.org/de/label?x=1#top")
    assert not same_site(LABEL, "https://example.org.evil.net/")
    assert not same_site(LABEL, "javascript:alert(1)") and not same_site(LABEL, "mailto:a@example.org")
    assert same_site("mailto:help@example.org", "mailto:hilfe@example.org")
    assert not same_site("mailto:help@example.org", "mailto:help@example.net")
    assert same_site("handout.pdf", "handout-de.pdf") and not same_site("handout.pdf", "https://example.org/")


def test_pseudo_translation_keeps_link_addresses():
    catalog = pseudo(make_course())
    assert link_unit(catalog).target == (LABEL,)
    assert link_hrefs(apply_translation(make_course(), catalog).value) == [LABEL]


def test_the_identity_translation_keeps_the_course_as_it_is():
    course = make_course()
    catalog = export(course, "en")
    identity = replace(catalog, units=tuple(replace(u, target=u.source, state="final") for u in catalog.units))
    assert apply_translation(course, identity).value.model_copy(update={"name": course.name}) == course


def test_program_code_is_not_exported():
    source = "total = sum(doses)  # comment stays in English"
    course = make_course(extra_blocks=(Code(text=source, language="python"),))
    assert not [u for u in export(course).units if "sum(doses)" in "".join(map(str, u.source))]
