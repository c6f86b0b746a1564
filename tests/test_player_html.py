"""The player page: escaped text, safe links, nested lists, accessible tables, transcript, CSP, DOM contract."""

from __future__ import annotations

import re

import pytest
from lxml import html

from converter.model import Chart, ChartSeries, Heading, Image, ListBlock, ListItem, Paragraph, Span
from converter.result import Messages
from packagers._html import BlockRenderer, list_tree, render_fragment, safe_href
from packagers._site import CONTENT_SECURITY_POLICY, build_site, runtime_scripts

from course_factory import MARKER_NOTES, MARKER_RTL, MARKER_TABLE, make_course, para, span

XSS = "<script>alert(1)</script>"


def render_blocks(*blocks, course=None):
    """Return (html text, messages) for blocks rendered on their own."""
    messages = Messages()
    renderer = BlockRenderer(course or make_course(), messages)
    return str(render_fragment("fragment.html.j2", blocks=blocks, base=2, r=renderer)), messages.items


def page(course=None, runtime="scorm12"):
    """Return (raw index.html text, parsed document) for a course."""
    text = build_site(course or make_course(), runtime).value["index.html"].decode("utf-8")
    return text, html.document_fromstring(text)


def test_script_in_span_text_is_escaped():
    text, _ = render_blocks(para(span(XSS, bold=True)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text


def test_markup_in_titles_notes_and_captions_is_escaped_in_the_page():
    course = make_course(title=f"Course {XSS}", extra_notes=[para(XSS)])
    text, _ = page(course)
    assert "<script>alert" not in text
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
     "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "http:/x"],
)
def test_unsafe_link_targets_are_dropped_and_the_text_kept(href):
    text, messages = render_blocks(para("Click ", span("here", href=href), "."))
    doc = html.fragment_fromstring(text, create_parent="div")
    assert doc.xpath("//a") == []
    assert "Click here." in doc.text_content()
    assert [m.code for m in messages] == ["package.link-dropped"]


def test_safe_links_open_in_a_new_tab_without_opener():
    spans = span("label", href="https://example.org/a?b=1&c=2"), span(" mail", href="mailto:a@example.org")
    text, _ = render_blocks(para(*spans))
    links = html.fragment_fromstring(text, create_parent="div").xpath("//a")
    assert [a.get("href") for a in links] == ["https://example.org/a?b=1&c=2", "mailto:a@example.org"]
    assert all(a.get("rel") == "noopener noreferrer" and a.get("target") == "_blank" for a in links)


def test_in_course_jumps_stay_in_the_page():
    text, _ = render_blocks(para(span("back to start", href="#scr-intro")))
    (link,) = html.fragment_fromstring(text, create_parent="div").xpath("//a")
    assert link.get("href") == "#scr-intro" and link.get("target") is None


def test_a_link_split_over_styled_spans_stays_one_link():
    spans = span("read ", href="https://example.org"), span("this", bold=True, href="https://example.org")
    text, _ = render_blocks(para(*spans))
    (link,) = html.fragment_fromstring(text, create_parent="div").xpath("//a")
    assert link.text_content() == "read this" and link.xpath("strong")


def test_safe_href_contract():
    assert safe_href("https://example.org") == "https://example.org"
    assert safe_href("  http://example.org/x ") == "http://example.org/x"
    assert safe_href("#") is None and safe_href(None) is None and safe_href("ftp://x.org") is None


def test_emphasis_becomes_strong_em_u():
    text, _ = render_blocks(para(span("b", bold=True), span("i", italic=True), span("u", underline=True)))
    assert "<strong>b</strong><em>i</em><u>u</u>" in text


def test_lists_nest_by_level_and_a_level_jump_stays_valid():
    items = [(0, "a"), (1, "a.1"), (3, "a.1.x"), (0, "b"), (2, "b.x"), (1, "b.1")]
    block = ListBlock(items=tuple(ListItem(level=lvl, spans=(Span(text=t),)) for lvl, t in items))
    text, _ = render_blocks(block)
    root = html.fragment_fromstring(text)
    assert root.tag == "ul"
    assert [li.text.strip() for li in root.xpath("./li")] == ["a", "b"]
    assert root.xpath("./li[1]/ul/li[1]/ul/li")[0].text.strip() == "a.1.x"
    assert [li.text.strip() for li in root.xpath("./li[2]/ul/li")] == ["b.x", "b.1"]
    # valid nesting: every list's parent is an li (or the fragment root), every list child is an li
    assert all(lst.getparent().tag == "li" for lst in root.xpath(".//ul"))
    assert all(child.tag == "li" for lst in root.iter("ul") for child in lst)


def test_a_list_starting_deep_still_renders_every_item():
    tree = list_tree(tuple(ListItem(level=lvl, spans=(Span(text=str(lvl)),)) for lvl in (2, 4, 0)))
    assert [n.spans[0].text for n in tree] == ["2", "0"] and tree[0].children[0].spans[0].text == "4"


def test_ordered_lists_use_ol():
    text, _ = render_blocks(ListBlock(ordered=True, items=(ListItem(spans=(Span(text="one"),)),)))
    assert html.fragment_fromstring(text).tag == "ol"


def test_table_has_header_cells_with_scope_and_spans():
    _, doc = page()
    table = doc.xpath(f"//table[.//td[contains(., '{MARKER_TABLE}')]]")[0]
    headers = table.xpath("./thead/tr/th")
    assert [th.get("scope") for th in headers] == ["col", "col"]
    assert headers[1].get("colspan") == "2" and headers[1].text_content() == "Dose"
    assert table.xpath(".//td[.='Adults']")[0].get("rowspan") == "2"
    assert table.xpath("./caption")[0].text_content() == "Dosing by patient group"
    assert len(table.xpath("./tbody/tr")) == 3


def test_image_points_into_assets_with_alt_and_size():
    course = make_course()
    _, doc = page(course)
    (img,) = doc.xpath("//section[@data-index='0']//img")
    assert img.get("src") == f"assets/{course.assets[0].filename}"
    assert (img.get("alt"), img.get("width"), img.get("height")) == ("Receptor diagram", "4", "3")


def test_decorative_and_undescribed_images_get_empty_alt_without_a_second_warning():
    course = make_course()
    asset = course.assets[0].id
    images = Image(asset=asset, alt="ignored", decorative=True), Image(asset=asset)
    text, messages = render_blocks(*images, course=course)
    alts = [img.get("alt") for img in html.fragment_fromstring(text, create_parent="div").xpath("//img")]
    assert alts == ["", ""]
    assert [m.code for m in messages] == []  # the extractor reports missing alt text, with its shape


def test_a_picture_says_its_role_so_a_slide_picture_can_be_told_from_a_photo():
    course = make_course()
    images = Image(asset=course.assets[0].id, alt="Slide 3", role="slide"), Image(asset=course.assets[0].id, alt="x")
    text, _ = render_blocks(*images, course=course)
    pictures = html.fragment_fromstring(text, create_parent="div").find_class("picture")
    assert [(p.get("class"), p.find("img").get("data-role")) for p in pictures] == [
        ("picture picture-slide", "slide"), ("picture picture-picture", "picture")]


def test_a_missing_asset_is_left_out_with_a_warning():
    text, messages = render_blocks(Image(asset="f" * 64, alt="gone"))
    assert "<img" not in text and [m.code for m in messages] == ["package.asset-missing"]


def test_chart_becomes_a_figure_with_a_data_table():
    chart = Chart(chart_type="line", title="Sales", categories=("Jan", "Feb"),
                  series=(ChartSeries(name="A", values=(1.0, 2.5)), ChartSeries(name="B", values=(3.0, None))))
    text, _ = render_blocks(chart)
    figure = html.fragment_fromstring(text)
    assert figure.tag == "figure"
    table = figure.xpath(".//table")[0]
    assert table.xpath("./caption")[0].text_content() == "Sales"
    assert [th.text_content() for th in table.xpath("./thead/tr/th")] == ["Category", "A", "B"]
    rows = [[c.text_content() for c in tr] for tr in table.xpath("./tbody/tr")]
    assert rows == [["Jan", "1", "3"], ["Feb", "2.5", ""]]
    assert table.xpath("./tbody/tr/th/@scope") == ["row", "row"]


def test_media_gets_native_controls():
    course = make_course(with_media=True)
    _, doc = page(course)
    (audio,) = doc.xpath("//audio")
    assert audio.get("controls") is not None and audio.get("src").startswith("assets/")


def test_quote_and_block_headings_shift_below_the_screen_title_without_skipping_levels():
    text, _ = render_blocks(Heading(level=1, spans=(Span(text="Sub"),)), Heading(level=6, spans=(Span(text="Deep"),)),
                            Heading(level=2, spans=(Span(text="Back"),)))
    assert "<h3 dir=\"auto\">Sub</h3>" in text and "<h4 dir=\"auto\">Deep</h4>" in text
    assert "<h4 dir=\"auto\">Back</h4>" in text
    alone, _ = render_blocks(Heading(level=2, spans=(Span(text="Only"),)))
    assert "<h3 dir=\"auto\">Only</h3>" in alone  # a screen's first heading is an h3 whatever its source level
    _, doc = page()
    assert doc.xpath("//blockquote/p")[0].text_content() == "Listen first, then recommend."


def test_text_containers_carry_dir_auto_for_rtl_text():
    _, doc = page()
    (p,) = doc.xpath(f"//p[.='{MARKER_RTL}']")
    assert p.get("dir") == "auto"
    containers = "//main//li | //main//td[not(ancestor::figure)] | //main//h2 | //main//h3 | //nav//a"
    assert all(el.get("dir") == "auto" for el in doc.xpath(containers))


def test_rtl_course_language_sets_the_page_direction():
    _, doc = page(make_course(language="ar"))
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"


def test_notes_are_in_a_collapsed_transcript_of_their_screen():
    course = make_course()
    _, doc = page(course)
    for index, screen in enumerate(course.screens()):
        section = doc.get_element_by_id(screen.id)
        (aside,) = section.xpath(".//aside[@class='transcript']")
        assert aside.get("aria-label") == "Transcript" and aside.get("hidden") is not None
        assert f"{MARKER_NOTES} {index + 1}:" in aside.text_content()
        (button,) = section.xpath(".//button[@aria-controls]")
        assert button.text_content() == "Transcript" and button.get("aria-expanded") == "false"
        assert button.get("aria-controls") == aside.get("id")
        assert MARKER_NOTES not in section.xpath(".//div[@class='screen-body']")[0].text_content()


def test_csp_meta_is_strict_and_there_is_no_inline_script_or_style():
    text, doc = page()
    (meta,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']")
    policy = meta.get("content")
    assert policy == CONTENT_SECURITY_POLICY
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "frame-ancestors" not in policy
    assert all(script.get("src") and not (script.text or "").strip() for script in doc.xpath("//script"))
    assert doc.xpath("//style") == [] and doc.xpath("//*[@style]") == []
    assert not re.search(r"\son[a-z]+=", text), "no inline event handlers"


def test_adapter_scripts_load_before_the_player_core():
    _, doc = page(runtime="scorm12")
    assert doc.xpath("//script/@src") == runtime_scripts("scorm12") + ["player/checks.js", "player/player.js"]
    assert doc.xpath("//script/@src")[1:3] == ["player/runtime/lms-api.js", "player/runtime/scorm12.js"]
    _, doc = page(runtime="standalone")
    assert doc.xpath("//script/@src") == ["player/runtime/standalone.js", "player/checks.js", "player/player.js"]
    with pytest.raises(ValueError):
        build_site(make_course(), "scorm1999")


def test_dom_contract_screens_menu_progress_and_buttons():
    course = make_course(n_modules=2, screens_per_module=3)
    _, doc = page(course)
    sections = doc.xpath("//section[@class='screen']")
    assert [s.get("id") for s in sections] == [s.id for s in course.screens()]
    assert [s.get("data-index") for s in sections] == [str(i) for i in range(6)]
    assert [s.get("hidden") is None for s in sections] == [True] + [False] * 5
    for section, screen in zip(sections, course.screens(), strict=True):
        heading = doc.get_element_by_id(section.get("aria-labelledby"))
        assert heading.text_content() == screen.title and heading.tag == "h2"
    (nav,) = doc.xpath("//nav[@aria-label='Course menu']")
    assert [a.get("href") for a in nav.xpath(".//a")] == [f"#{s.id}" for s in course.screens()]
    assert nav.xpath(".//span[@class='menu-module-title']/text()") == [m.title for m in course.modules]
    progress = doc.get_element_by_id("progress")
    assert progress.text_content() == "Screen 1 of 6" and progress.get("aria-live") == "polite"
    prev, nxt = doc.get_element_by_id("prev"), doc.get_element_by_id("next")
    assert (prev.tag, prev.get("type"), prev.text_content()) == ("button", "button", "Previous")
    assert (nxt.tag, nxt.get("type"), nxt.text_content()) == ("button", "button", "Next")
    assert prev.get("disabled") is not None and nxt.get("disabled") is None
    assert doc.body.get("data-screen") == "0"
    assert doc.get("lang") == "en" and doc.xpath("//h1")[0].text_content() == course.title


def test_a_single_screen_course_disables_next():
    _, doc = page(make_course(n_modules=1, screens_per_module=1))
    assert doc.get_element_by_id("next").get("disabled") is not None


def test_every_screen_text_is_real_text_in_the_page():
    course = make_course()
    text, doc = page(course)
    body_text = doc.body.text_content()
    for screen in course.screens():
        assert screen.title in body_text
    assert MARKER_TABLE in body_text and MARKER_RTL in body_text


def test_only_referenced_assets_are_shipped():
    course = make_course(with_media=True)
    site = build_site(make_course(with_image=False), "scorm12").value
    assert not any(name.startswith("assets/") for name in site)
    site = build_site(course, "scorm12").value
    assert sorted(n for n in site if n.startswith("assets/")) == sorted(f"assets/{a.filename}" for a in course.assets)


def test_the_site_is_deterministic():
    assert build_site(make_course(), "scorm12").value == build_site(make_course(), "scorm12").value


def test_duplicate_screen_ids_are_refused():
    course = make_course(n_modules=1, screens_per_module=2)
    module = course.modules[0]
    twin = module.screens[0].model_copy(update={"title": "Twin"})
    broken = course.model_copy(update={"modules": (module.model_copy(update={"screens": (module.screens[0], twin)}),)})
    with pytest.raises(ValueError, match="used twice"):
        build_site(broken, "scorm12")


def test_player_files_have_no_external_urls():
    site = build_site(make_course(), "scorm12").value
    for name in ("player/player.js", "player/player.css", "player/runtime/scorm12.js", "player/runtime/standalone.js"):
        assert not re.search(rb"https?://", site[name]), name


def test_paragraph_line_breaks_become_br():
    text, _ = render_blocks(Paragraph(spans=(Span(text="one\ntwo"),)))
    assert "one<br>two" in text


def test_extractors_and_the_player_allow_the_same_link_schemes():
    from converter.model import LINK_SCHEMES
    from packagers._html import safe_href

    assert LINK_SCHEMES == ("http://", "https://", "mailto:")
    assert all(safe_href(f"{scheme}example.org") for scheme in LINK_SCHEMES)
    assert safe_href("ftp://example.org/file") is None and safe_href("tel:+15551234") is None


def test_the_players_own_words_come_from_the_message_catalogue():
    import json

    from packagers._messages import interface_messages

    english = interface_messages("en")
    page = html.fromstring(build_site(make_course()).value["index.html"])
    assert json.loads(page.body.get("data-messages")) == english
    assert page.get_element_by_id("next").text_content() == english["next"]
    assert page.get_element_by_id("prev").text_content() == english["previous"]
    assert interface_messages("xx-unknown") == english, "an unshipped language falls back to English, key by key"
