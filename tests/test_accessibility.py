"""The conformance report every package carries, the theme's contrast math and the player's contrast per theme."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from lxml import html

from converter.model import Image, Media, Paragraph, Span
from converter.options import PlayerOptions
from converter.result import Messages
from packagers import accessibility
from packagers._site import PlayerSettings, build_site
from packagers._theme import AA_TEXT, contrast, readable, theme
from packagers.scorm12 import Scorm12Packager

from course_factory import make_asset, make_course, tiny_png

PLAYER_CSS = resources.files("packagers.player").joinpath("player.css").read_text("utf-8")


def rows(report: dict) -> dict[str, dict]:
    """Return the report's criteria rows by criterion id."""
    return {row["id"]: row for row in report["criteria"]}


def test_the_criteria_table_holds_every_wcag_22_a_and_aa_criterion_once():
    table = accessibility.criteria()
    ids = [c["id"] for c in table]
    assert len(ids) == len(set(ids)) == 55
    assert {c["level"] for c in table} == {"A", "AA"}
    assert sum(c["level"] == "A" for c in table) == 31
    assert "4.1.1" not in ids and {"2.4.11", "2.5.8", "3.3.8", "3.2.6"} <= set(ids)
    assert all(c["rule"] in {"player", "not-applicable", "alt-text", "media", "images-of-text", "headings",
                             "language", "language-parts"} for c in table)


def test_every_package_carries_its_report_as_json_and_html():
    entries = Scorm12Packager().build(make_course()).value
    data = json.loads(entries["accessibility.json"])
    assert data["standard"] == "WCAG 2.2" and len(data["criteria"]) == 55
    page = html.document_fromstring(entries["accessibility.html"].decode("utf-8"))
    assert len(page.xpath("//table[1]/tbody/tr")) == 55
    assert entries == Scorm12Packager().build(make_course()).value, "same course, same bytes"


def test_a_clean_course_supports_the_content_criteria():
    report = accessibility.report(make_course())
    by_id = rows(report)
    assert by_id["1.1.1"]["status"] == "supports"
    assert by_id["1.2.2"]["status"] == "not applicable"
    assert report["findings"] == [] and report["automated"]["ran"] is False
    assert sum(report["summary"].values()) == 55


def test_a_picture_without_alt_text_partially_supports_1_1_1_and_is_located_on_its_screen():
    asset = make_asset(tiny_png())
    course = make_course(extra_blocks=[Image(asset=asset.id, alt="")])
    course = course.model_copy(update={"assets": (*course.assets, asset)})
    report = accessibility.report(course)
    assert rows(report)["1.1.1"]["status"] == "partially supports"
    (finding,) = [f for f in report["findings"] if f["criterion"] == "1.1.1"]
    first = course.screens()[0]
    assert finding["screen"] == first.id and finding["screen_title"] == first.title


def test_decorative_pictures_are_not_findings():
    asset = make_asset(tiny_png())
    course = make_course(extra_blocks=[Image(asset=asset.id, alt="", decorative=True)])
    assert rows(accessibility.report(course))["1.1.1"]["status"] == "supports"


def test_slide_pictures_are_images_of_text_beside_their_text():
    asset = make_asset(tiny_png())
    course = make_course(extra_blocks=[Image(asset=asset.id, alt="Slide 1: overview", role="slide")])
    report = accessibility.report(course)
    assert [f["code"] for f in report["findings"]] == ["a11y.image-of-text"]
    assert rows(report)["1.4.5"]["status"] == "supports" and "1 picture" in rows(report)["1.4.5"]["remarks"]


def test_video_does_not_support_captions_and_audio_has_no_transcript():
    course = make_course(with_media=True, extra_blocks=[Media(media_type="video", asset="0" * 64)])
    by_id = rows(accessibility.report(course))
    assert {by_id[c]["status"] for c in ("1.2.1", "1.2.2", "1.2.3", "1.2.5")} == {"does not support"}


def test_untitled_screens_and_an_unknown_language_are_findings():
    course = make_course(language=None)
    module = course.modules[0]
    screen = module.screens[0].model_copy(update={"title": "Slide 7"})
    course = course.model_copy(update={"modules": (module.model_copy(update={"screens": (screen, *module.screens[1:])}),
                                                   *course.modules[1:])})
    report = accessibility.report(course)
    by_id = rows(report)
    assert by_id["2.4.6"]["status"] == "partially supports" and by_id["3.1.1"]["status"] == "partially supports"
    codes = [f["code"] for f in report["findings"]]
    assert codes[0] == "a11y.language-unknown" and "a11y.untitled-screen" in codes


def test_axe_violations_lower_the_status_of_the_criteria_they_fail():
    axe = {"tool": "axe-core", "version": "4.14.1", "tags": ["wcag2aa"], "runs": [{"viewport": "375x667", "screens": [
        {"screen": "s1", "overflow": 12, "violations": [
            {"id": "color-contrast", "impact": "serious", "tags": ["cat.color", "wcag2aa", "wcag143"], "nodes": []}]},
        {"screen": "s2", "overflow": 0, "violations": []}]}]}
    report = accessibility.report(make_course(), axe)
    by_id = rows(report)
    assert by_id["1.4.3"]["status"] == "partially supports" and "color-contrast" in by_id["1.4.3"]["remarks"]
    assert by_id["1.1.1"]["status"] == "supports"
    (run,) = report["automated"]["runs"]
    assert run == {"viewport": "375x667", "screens": 2, "violations": 1, "overflowing_screens": ["s1"],
                   "rules": ["color-contrast"]}


def test_contrast_math_matches_wcag_reference_values():
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#1f5fbf", "#1f5fbf") == pytest.approx(1.0)


@pytest.mark.parametrize("brand", ["#ffcc00", "#00ff00", "#1f5fbf", "#000000", "#ffffff", "#e30613"])
def test_a_brand_colour_is_kept_or_adjusted_until_it_passes(brand):
    fixed = readable(brand, ("#ffffff", "#eef1f6"), "#000000")
    assert min(contrast(fixed, "#ffffff"), contrast(fixed, "#eef1f6")) >= AA_TEXT
    if contrast(brand, "#eef1f6") >= AA_TEXT:
        assert fixed == brand


def test_a_failing_brand_colour_is_darkened_with_a_warning_and_a_passing_one_is_not():
    messages = Messages()
    look = theme(PlayerOptions(primary="#FFCC00"), messages)
    assert look is not None and "--accent: #ffcc00" not in look.css.split("@media")[0]
    assert [m.code for m in messages.items] == ["theme.contrast-adjusted"]
    quiet = Messages()
    look = theme(PlayerOptions(primary="#17498f"), quiet)
    assert look is not None and "--accent: #17498f" in look.css and not quiet.items
    assert theme(PlayerOptions(), Messages()) is None


def test_a_refused_logo_is_left_out_with_a_warning(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    site = build_site(make_course(), settings=PlayerSettings(player=PlayerOptions(logo=tmp_path / "logo.svg")))
    assert "theme.logo-refused" in [m.code for m in site.messages]
    assert not [name for name in site.value if name.startswith("player/logo")]


def _palette(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})", css))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_pair_of_each_theme_passes_aa(scheme):
    light = _palette(PLAYER_CSS.split("@media (prefers-color-scheme: dark)")[0])
    palette = light if scheme == "light" else {**light, **_palette(
        PLAYER_CSS.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0])}
    pairs = [("text", "bg"), ("text", "surface"), ("text", "surface-2"), ("muted", "surface"), ("muted", "surface-2"),
             ("muted", "bg"), ("accent", "surface"), ("accent", "surface-2"), ("accent-text", "accent"),
             ("accent-text", "accent-strong"), ("header-text", "header-bg"), ("text", "note-bg")]
    for fore, back in pairs:
        ratio = contrast(palette[fore], palette[back])
        assert ratio >= AA_TEXT, f"{scheme}: --{fore} on --{back} is {ratio:.2f}:1"
    for back in ("bg", "surface", "surface-2", "header-bg"):
        ratio = contrast(palette["focus"], palette[back])
        assert ratio >= 3, f"{scheme}: the focus ring on --{back} is {ratio:.2f}:1 (1.4.11 asks 3:1)"


def test_the_conformance_report_page_escapes_course_text():
    course = make_course(title="<script>alert(1)</script>", extra_blocks=[Paragraph(spans=(Span(text="x"),))])
    page = accessibility.report_files(course)["accessibility.html"].decode("utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
