"""Hostile PowerPoint decks: payloads in every place a deck holds text, escaping relationships, crowded decks.

Built with python-pptx, then edited as XML where python-pptx has no API (sections, ``lang``, odd targets).
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Inches

from .ooxml import TEXT_MARKER, Flavor
from .payloads import PWNED, Env, text_payloads, url_payloads
from .zips import read_entries, replace_entry, write_entries

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
SECTION_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
LAYOUT_TITLE, LAYOUT_CONTENT, LAYOUT_TITLE_ONLY, LAYOUT_BLANK = 0, 1, 5, 6
HOSTILE_LANG = f'en" onmouseover="{PWNED}'


def q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """Return a valid RGB PNG of the given size (grey), written by hand."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def build_base_deck(path: Path) -> Path:
    """Two slides: slide 1 holds TEXT_MARKER in its body and notes, slide 2 a plain bullet."""
    prs = Presentation()
    for number in (1, 2):
        slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_CONTENT])
        slide.shapes.title.text = f"Hostile base slide {number}"
        slide.placeholders[1].text_frame.text = TEXT_MARKER if number == 1 else "Second slide body"
        slide.notes_slide.notes_text_frame.text = f"Notes {TEXT_MARKER} {number}"
    prs.core_properties.title = "Hostile base deck"
    prs.save(path)
    return path


PPTX = Flavor(fmt="pptx", ext=".pptx", build_base=build_base_deck, text_part="ppt/slides/slide1.xml")


# ---------------------------------------------------------------------------------------------- payloads


def make_payload_deck(folder: Path, env: Env) -> Path:
    """Every text payload in titles, subtitles, bullets, notes, table cells, alt text, chart labels, section
    names, the core title and a hostile ``lang``; every URL payload as a hyperlink."""
    texts, urls = text_payloads(env), url_payloads(env)
    values = list(texts.values())
    prs = Presentation()
    prs.core_properties.title = f"{texts['script']} {texts['template']}"
    _title_slide(prs, texts)
    _bullet_slide(prs, texts["svg-onload"], values)
    _table_slide(prs, values)
    _picture_slide(prs, texts)
    _chart_slide(prs, texts, values)
    _link_slide(prs, urls)
    _bullet_slide(prs, texts["template"], [texts["bidi-override"], texts["entity-text"]])
    path = folder / "payload-deck.pptx"
    prs.save(path)
    entries = read_entries(path)
    entries = _edit_xml(entries, "ppt/presentation.xml", lambda root: _add_sections(root, texts))
    for name, _ in list(entries):
        if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
            entries = _edit_xml(entries, name, _set_hostile_lang)
    return write_entries(path, entries)


def _notes(slide, lines: list[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line


def _title_slide(prs, texts: dict[str, str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    slide.shapes.title.text = texts["img-onerror"]
    slide.placeholders[1].text = texts["attr-break-dq"]
    _notes(slide, [texts["attr-break-sq"], texts["title-break"]])


def _bullet_slide(prs, title: str, lines: list[str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_CONTENT])
    slide.shapes.title.text = title
    frame = slide.placeholders[1].text_frame
    frame.text = lines[0]
    for level, line in enumerate(lines[1:], start=1):
        paragraph = frame.add_paragraph()
        paragraph.text = line
        paragraph.level = level % 3
    _notes(slide, lines)


def _table_slide(prs, values: list[str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    slide.shapes.title.text = values[5]
    rows = (len(values) + 1) // 2
    table = slide.shapes.add_table(rows, 2, Inches(0.5), Inches(1.5), Inches(9), Inches(5)).table
    for index, value in enumerate(values):
        table.cell(index // 2, index % 2).text = value


def _picture_slide(prs, texts: dict[str, str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    slide.shapes.title.text = texts["comment-break"]
    for key in ("attr-break-dq", "beacon-img", "attr-break-sq"):
        picture = slide.shapes.add_picture(io.BytesIO(tiny_png()), Inches(1), Inches(2), Inches(1), Inches(1))
        c_nv_pr = picture._element.find(f"{q('p:nvPicPr')}/{q('p:cNvPr')}")
        c_nv_pr.set("descr", texts[key])
        c_nv_pr.set("title", texts["script"])
        c_nv_pr.set("name", texts["img-onerror"])


def _chart_slide(prs, texts: dict[str, str], values: list[str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    slide.shapes.title.text = texts["cdata-break"]
    data = CategoryChartData()
    data.categories = values[:6]
    data.add_series(texts["script"], (1, 2, 3, 4, 5, 6))
    data.add_series(texts["attr-break-dq"], (6, 5, 4, 3, 2, 1))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1.5), Inches(8), Inches(5), data)
    chart = frame.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = texts["img-onerror"]


def _link_slide(prs, urls: dict[str, str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    slide.shapes.title.text = "Links with hostile targets"
    frame = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(5)).text_frame
    for index, (name, url) in enumerate(urls.items()):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"link {name}"
        run.hyperlink.address = url


def _add_sections(root: etree._Element, texts: dict[str, str]) -> None:
    """Put the slides into two PowerPoint sections whose names are payloads."""
    ids = [entry.get("id") for entry in root.find(q("p:sldIdLst"))]
    ext_lst = root.find(q("p:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(root, q("p:extLst"))
    ext = etree.SubElement(ext_lst, q("p:ext"), uri=SECTION_EXT)
    sections = etree.SubElement(ext, q("p14:sectionLst"), nsmap={"p14": NS["p14"]})
    for name, members in ((texts["title-break"], ids[:3]), (texts["comment-break"], ids[3:])):
        section_id = f"{{00000000-0000-0000-0000-{len(sections):012d}}}"
        section = etree.SubElement(sections, q("p14:section"), name=name, id=section_id)
        listed = etree.SubElement(section, q("p14:sldIdLst"))
        for slide_id in members:
            etree.SubElement(listed, q("p14:sldId"), id=slide_id)


def _set_hostile_lang(root: etree._Element) -> None:
    """Mark every run with a ``lang`` that tries to break out of an attribute."""
    for run in root.iter(q("a:r")):
        r_pr = run.find(q("a:rPr"))
        if r_pr is None:
            r_pr = etree.Element(q("a:rPr"))
            run.insert(0, r_pr)
        r_pr.set("lang", HOSTILE_LANG)


def _edit_xml(entries, name: str, edit) -> list[tuple[str, bytes]]:
    data = next(d for n, d in entries if n == name)
    root = etree.fromstring(data)
    edit(root)
    return replace_entry(entries, name, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# ---------------------------------------------------------------------------------------------- relationships


def make_escaping_relationships(folder: Path, env: Env) -> Path:
    """Relationships that point outside the package: a picture at ``../../../etc/passwd`` (internal) and at
    ``file:///etc/passwd`` (External), a linked picture on the beacon, file/UNC hyperlinks, an ``hlinkfile``
    action, and a hyperlink whose internal target leaves the package."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    slide.shapes.title.text = "Escaping relationships"
    for n in range(4):  # four pictures sharing one image part; each is pointed somewhere else below
        slide.shapes.add_picture(io.BytesIO(tiny_png()), Inches(n), Inches(2), Inches(1), Inches(1))
    box = slide.shapes.add_textbox(Inches(0.5), Inches(4), Inches(8), Inches(2)).text_frame
    for index, text in enumerate(("file link", "unc link", "hlinkfile action", "inner escape link")):
        paragraph = box.paragraphs[0] if index == 0 else box.add_paragraph()
        run = paragraph.add_run()
        run.text = f"{text} {TEXT_MARKER}"
        run.hyperlink.address = f"https://example.org/placeholder-{index}"
    path = folder / "escaping-relationships.pptx"
    prs.save(path)
    entries = read_entries(path)
    rels_name = "ppt/slides/_rels/slide1.xml.rels"
    rels = etree.fromstring(next(d for n, d in entries if n == rels_name))
    by_target = {rel.get("Target"): rel for rel in rels}
    image = next(rel for rel in rels if rel.get("Type", "").endswith("/image"))
    links = [by_target[f"https://example.org/placeholder-{n}"] for n in range(4)]
    _retarget(image, "../../../../../../etc/passwd", external=False)
    _retarget(links[0], "file:///etc/passwd", external=True)
    _retarget(links[1], "\\\\127.0.0.1\\share\\passwd", external=True)
    _retarget(links[2], Path(env.secret_file).as_uri(), external=True)
    _retarget(links[3], "../../../../etc/passwd", external=False)
    for r_id, target in (("rIdFile", "file:///etc/passwd"), ("rIdBeacon", f"{env.beacon}/linked-picture")):
        etree.SubElement(rels, q("pr:Relationship"), Id=r_id, TargetMode="External", Target=target, Type=IMAGE_REL)
    entries = replace_entry(entries, rels_name, etree.tostring(rels, xml_declaration=True, encoding="UTF-8"))
    slide_xml = etree.fromstring(next(d for n, d in entries if n == "ppt/slides/slide1.xml"))
    blips = list(slide_xml.iter(q("a:blip")))
    blips[1].set(q("r:embed"), "rIdFile")  # an embedded picture whose part is an external file
    del blips[2].attrib[q("r:embed")]
    blips[2].set(q("r:link"), "rIdBeacon")  # a linked picture on the beacon
    blips[3].set(q("r:embed"), "rIdMissing")  # a dangling relationship id
    list(slide_xml.iter(q("a:hlinkClick")))[2].set("action", "ppaction://hlinkfile")
    entries = replace_entry(entries, "ppt/slides/slide1.xml", etree.tostring(slide_xml, xml_declaration=True,
                                                                           encoding="UTF-8", standalone=True))
    return write_entries(path, entries)


def _retarget(rel: etree._Element, target: str, external: bool) -> None:
    rel.set("Target", target)
    if external:
        rel.set("TargetMode", "External")
    elif "TargetMode" in rel.attrib:
        del rel.attrib["TargetMode"]


def make_active_content_assets(folder: Path, env: Env) -> Path:
    """Pictures whose image parts are HTML, SVG and JavaScript with scripts (declared as such in the content
    types): a package must never ship them as files a browser would run on the LMS's origin."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    slide.shapes.title.text = "Active content posing as pictures"
    kinds = {
        "html": ("text/html", f"<html><script>{PWNED}</script><img src='{env.beacon}/asset-html'></html>"),
        "svg": ("image/svg+xml", f'<svg xmlns="http://www.w3.org/2000/svg" onload="{PWNED}"><script>{PWNED}'
                                 f'</script><image href="{env.beacon}/asset-svg"/></svg>'),
        "xhtml": ("application/xhtml+xml",
                  f'<html xmlns="http://www.w3.org/1999/xhtml"><script>{PWNED}</script></html>'),
        "js": ("text/javascript", PWNED),
    }
    for index, kind in enumerate(kinds):
        png = tiny_png(index + 2, 2)  # distinct bytes, so each picture gets its own part
        picture = slide.shapes.add_picture(io.BytesIO(png), Inches(index + 1), Inches(2), Inches(1), Inches(1))
        picture._element.find(f"{q('p:nvPicPr')}/{q('p:cNvPr')}").set("descr", f"active {kind}")
    path = folder / "active-content-assets.pptx"
    prs.save(path)
    entries = read_entries(path)
    rels_name = "ppt/slides/_rels/slide1.xml.rels"
    rels = etree.fromstring(next(d for n, d in entries if n == rels_name))
    images = sorted((rel for rel in rels if rel.get("Type", "").endswith("/image")), key=lambda r: r.get("Target"))
    types = etree.fromstring(next(d for n, d in entries if n == "[Content_Types].xml"))
    for rel, (kind, (content_type, body)) in zip(images, kinds.items(), strict=False):
        old = "ppt/" + rel.get("Target").lstrip("./").removeprefix("ppt/")
        new = old.rsplit(".", 1)[0] + "." + kind
        entries = [(new if n == old else n, body.encode() if n == old else d) for n, d in entries]
        rel.set("Target", "../" + new.removeprefix("ppt/"))
        etree.SubElement(types, q("ct:Override"), PartName="/" + new, ContentType=content_type)
    entries = replace_entry(entries, rels_name, etree.tostring(rels, xml_declaration=True, encoding="UTF-8"))
    types_xml = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    entries = replace_entry(entries, "[Content_Types].xml", types_xml)
    return write_entries(path, entries)


# ---------------------------------------------------------------------------------------------- size


def make_many_slides(folder: Path, env: Env, count: int = 60) -> Path:
    """``count`` blank-titled slides (used with a small ``max_units``)."""
    prs = Presentation()
    for number in range(count):
        prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY]).shapes.title.text = f"Slide {number + 1}"
    path = folder / "many-slides.pptx"
    prs.save(path)
    return path


def make_many_shapes(folder: Path, env: Env, count: int = 320) -> Path:
    """One slide with ``count`` text boxes, half of them inside nested groups (used with a small limit)."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_BLANK])
    shapes = slide.shapes
    for number in range(count // 2):
        shapes.add_textbox(Emu(number * 1000), Emu(number * 1000), Emu(100000), Emu(100000)).text = f"box {number}"
    group = shapes.add_group_shape()
    for level in range(5):
        for number in range(count // 10):
            group.shapes.add_textbox(Emu(number), Emu(level), Emu(1000), Emu(1000)).text = f"g{level}-{number}"
        group = group.shapes.add_group_shape()
    path = folder / "many-shapes.pptx"
    prs.save(path)
    return path


def make_deep_groups(folder: Path, env: Env, depth: int = 200) -> Path:
    """Groups nested ``depth`` deep (under libxml2's 256-level limit), a text box at the bottom."""
    path = build_base_deck(folder / "deep-groups.pptx")
    entries = read_entries(path)
    root = etree.fromstring(next(d for n, d in entries if n == "ppt/slides/slide2.xml"))
    tree = root.find(f"{q('p:cSld')}/{q('p:spTree')}")
    parent = tree
    for level in range(depth):
        group = etree.SubElement(parent, q("p:grpSp"))
        nv = etree.SubElement(group, q("p:nvGrpSpPr"))
        etree.SubElement(nv, q("p:cNvPr"), id=str(1000 + level), name=f"g{level}")
        etree.SubElement(nv, q("p:cNvGrpSpPr"))
        etree.SubElement(nv, q("p:nvPr"))
        etree.SubElement(group, q("p:grpSpPr"))
        parent = group
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_entries(path, replace_entry(entries, "ppt/slides/slide2.xml", data))


def make_no_slides(folder: Path, env: Env) -> Path:
    """A valid presentation without a single slide."""
    path = folder / "no-slides.pptx"
    Presentation().save(path)
    return path


def make_dangling_slide_list(folder: Path, env: Env) -> Path:
    """Slides listed in presentation.xml whose relationships point at parts the package does not hold."""
    path = build_base_deck(folder / "dangling-slides.pptx")
    entries = [(n, d) for n, d in read_entries(path) if not n.startswith("ppt/slides/")]
    return write_entries(path, entries)
