"""PPTX constructs at full fidelity as specs, on decks made in the test and a few corpus files."""

from __future__ import annotations

import datetime
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import BubbleChartData, CategoryChartData, XyChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Inches

from converter.model import Chart, ListBlock, Media, Paragraph, block_text, spans_text
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.pptx import PptxExtractor
from extractors.pptx.math import math_text

from conftest import CORPUS
from recall import model_text

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
ROBUST = CORPUS / "robustness" / "pptx"
CONTENT, SECTION_HEADER, BLANK = 1, 2, 6


# ---------------------------------------------------------------------------------------------- helpers


def extract(path: Path):
    return PptxExtractor().extract(Probe.read(path), ConvertOptions(slide_images="never"))


def codes(result, level: str | None = None) -> Counter:
    return Counter(m.code for m in result.messages if level is None or m.level.value == level)


def deck(tmp_path: Path, build, layout: int = BLANK, prs=None) -> Path:
    prs = prs or Presentation()
    build(prs.slides.add_slide(prs.slide_layouts[layout]))
    path = tmp_path / "deck.pptx"
    prs.save(path)
    return path


def blocks_of(path: Path, kind=None) -> list:
    blocks = [b for unit in extract(path).value.units for b in unit.blocks]
    return [b for b in blocks if kind is None or isinstance(b, kind)]


def add_chart(shapes, chart_type, data, title: str | None = None):
    frame = shapes.add_chart(chart_type, Inches(1), Inches(1), Inches(6), Inches(4), data)
    if title:
        frame.chart.has_title = True
        frame.chart.chart_title.text_frame.text = title
    return frame


def category_data(categories, **series) -> CategoryChartData:
    data = CategoryChartData()
    data.categories = categories
    for name, values in series.items():
        data.add_series(name.replace("_", " "), values)
    return data


def add_part(slide, name: str, content_type: str, xml: str, reltype: str) -> str:
    part = Part(PackURI(name), content_type, slide.part.package, xml.encode("utf-8"))
    return slide.part.relate_to(part, reltype)


def drop_part(path: Path, name: str) -> None:
    """Rewrite the saved package at ``path`` without the part ``name``."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != name}
    with zipfile.ZipFile(path, "w") as archive:
        for part_name, data in parts.items():
            archive.writestr(part_name, data)


def append_xml(slide, xml: str) -> None:
    slide.shapes._spTree.append(etree.fromstring(xml))


# ---------------------------------------------------------------------------------------------- charts


def test_a_column_chart_keeps_its_type_title_categories_series_and_gaps(tmp_path):
    data = category_data(["Q1", "Q2", "Q3"], Doses=(10, 20.5, None), Refills=(3, 4, 5))
    path = deck(tmp_path, lambda s: add_chart(s.shapes, XL_CHART_TYPE.COLUMN_CLUSTERED, data, "Doses per quarter"))
    result = extract(path)
    [chart] = result.value.units[0].blocks
    assert isinstance(chart, Chart)
    assert (chart.chart_type, chart.title, chart.categories) == ("column", "Doses per quarter", ("Q1", "Q2", "Q3"))
    assert [(s.name, s.values) for s in chart.series] == [("Doses", (10.0, 20.5, None)), ("Refills", (3.0, 4.0, 5.0))]
    assert codes(result, "info")["pptx.chart-as-table"] == 1 and "pptx.chart-not-read" not in codes(result)


@pytest.mark.parametrize(("xl_type", "expected"), [
    (XL_CHART_TYPE.BAR_CLUSTERED, "bar"), (XL_CHART_TYPE.BAR_STACKED, "stacked-bar"),
    (XL_CHART_TYPE.COLUMN_STACKED_100, "percent-stacked-column"), (XL_CHART_TYPE.LINE_MARKERS, "line"),
    (XL_CHART_TYPE.PIE, "pie"), (XL_CHART_TYPE.DOUGHNUT, "doughnut"), (XL_CHART_TYPE.AREA_STACKED, "stacked-area"),
    (XL_CHART_TYPE.RADAR, "radar"), (XL_CHART_TYPE.LINE_STACKED, "stacked-line"),
])
def test_chart_types_are_named_from_the_plot_element(tmp_path, xl_type, expected):
    data = category_data(["a", "b"], Sales=(1, 2))
    [chart] = blocks_of(deck(tmp_path, lambda s: add_chart(s.shapes, xl_type, data)))
    assert chart.chart_type == expected and chart.series[0].values == (1.0, 2.0)


def test_a_chart_with_a_bar_and_a_line_plot_is_a_combo(tmp_path):
    def build(slide):
        frame = add_chart(slide.shapes, XL_CHART_TYPE.COLUMN_CLUSTERED, category_data(["a", "b"], Units=(1, 2)))
        plot_area = frame.chart._chartSpace.find(f"{{{C}}}chart/{{{C}}}plotArea")
        line = etree.SubElement(plot_area, f"{{{C}}}lineChart")
        ser = etree.SubElement(line, f"{{{C}}}ser")
        etree.SubElement(etree.SubElement(ser, f"{{{C}}}tx"), f"{{{C}}}v").text = "Trend"
        cache = etree.SubElement(etree.SubElement(etree.SubElement(ser, f"{{{C}}}val"), f"{{{C}}}numLit"),
                                 f"{{{C}}}pt", idx="1")
        etree.SubElement(cache, f"{{{C}}}v").text = "7.5"

    [chart] = blocks_of(deck(tmp_path, build))
    assert chart.chart_type == "combo"
    assert [(s.name, s.values) for s in chart.series] == [("Units", (1.0, 2.0)), ("Trend", (None, 7.5))]


def test_multi_level_and_date_categories_become_readable_labels(tmp_path):
    data = CategoryChartData()
    for year, quarters in (("2024", ("Q1", "Q2")), ("2025", ("Q1",))):
        category = data.add_category(year)
        for quarter in quarters:
            category.add_sub_category(quarter)
    data.add_series("Visits", (5, 6, 7))
    dated = category_data([datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)], Visits=(1, 2))

    def build(slide):
        add_chart(slide.shapes, XL_CHART_TYPE.COLUMN_CLUSTERED, data)
        add_chart(slide.shapes, XL_CHART_TYPE.LINE, dated)

    nested, by_date = blocks_of(deck(tmp_path, build))
    assert nested.categories == ("2024 / Q1", "2024 / Q2", "2025 / Q1")
    assert by_date.categories == ("2024-01-31", "2024-02-29")


def test_a_single_series_chart_with_an_automatic_title_takes_the_series_name(tmp_path):
    def build(slide):
        frame = add_chart(slide.shapes, XL_CHART_TYPE.PIE, category_data(["North", "South"], Market_share=(60, 40)))
        frame.chart.has_title = True  # a c:title without text: PowerPoint shows the series name

    [chart] = blocks_of(deck(tmp_path, build))
    assert (chart.chart_type, chart.title, chart.categories) == ("pie", "Market share", ("North", "South"))


def test_scatter_series_share_one_table_of_x_values(tmp_path):
    data = XyChartData()
    first, second = data.add_series("Trial A"), data.add_series("Trial B")
    for x, y in ((1, 2.5), (2, 3.5)):
        first.add_data_point(x, y)
    for x, y in ((2, 4.0), (4, 8.0), (4, 9.0)):  # a repeated x keeps both measurements
        second.add_data_point(x, y)
    [chart] = blocks_of(deck(tmp_path, lambda s: add_chart(s.shapes, XL_CHART_TYPE.XY_SCATTER, data)))
    assert (chart.chart_type, chart.categories) == ("scatter", ("1", "2", "4", "4"))
    assert [(s.name, s.values) for s in chart.series] == [
        ("Trial A", (2.5, 3.5, None, None)), ("Trial B", (None, 4.0, 8.0, 9.0))]


def test_bubble_sizes_are_kept_as_a_series_of_their_own(tmp_path):
    data = BubbleChartData()
    series = data.add_series("Clinics")
    series.add_data_point(1, 10, 3)
    series.add_data_point(2, 20, 6)
    [chart] = blocks_of(deck(tmp_path, lambda s: add_chart(s.shapes, XL_CHART_TYPE.BUBBLE, data)))
    assert (chart.chart_type, chart.categories) == ("bubble", ("1", "2"))
    assert [(s.name, s.values) for s in chart.series] == [
        ("Clinics", (10.0, 20.0)), ("Clinics (bubble size)", (3.0, 6.0))]


def test_charts_in_groups_are_read_and_a_missing_chart_part_only_warns(tmp_path):
    def build(slide):
        group = slide.shapes.add_group_shape()
        add_chart(group.shapes, XL_CHART_TYPE.LINE, category_data(["a"], Grouped=(1,)), "In a group")
        add_chart(slide.shapes, XL_CHART_TYPE.LINE, category_data(["a"], Lost=(2,)))

    path = deck(tmp_path, build)
    drop_part(path, "ppt/charts/chart2.xml")
    result = extract(path)
    [chart] = result.value.units[0].blocks
    assert (chart.title, chart.series[0].name) == ("In a group", "Grouped")
    assert codes(result, "warning")["pptx.chart-missing"] == 1


def test_an_office_2016_waterfall_chart_is_read_from_its_chartex_part(tmp_path):
    cx = "http://schemas.microsoft.com/office/drawing/2014/chartex"
    points = "".join(f'<cx:pt idx="{n}">{v}</cx:pt>' for n, v in enumerate(("Start", "Sales", "Costs", "End")))
    values = "".join(f'<cx:pt idx="{n}">{v}</cx:pt>' for n, v in enumerate((100, 40, -30, 110)))
    part = (f'<cx:chartSpace xmlns:cx="{cx}" xmlns:a="{A}"><cx:chartData><cx:data id="0">'
            f'<cx:strDim type="cat"><cx:lvl ptCount="4">{points}</cx:lvl></cx:strDim>'
            f'<cx:numDim type="val"><cx:lvl ptCount="4" formatCode="General">{values}</cx:lvl></cx:numDim>'
            '</cx:data></cx:chartData><cx:chart><cx:title><cx:tx><cx:txData><cx:v>Budget bridge</cx:v></cx:txData>'
            '</cx:tx></cx:title><cx:plotArea><cx:plotAreaRegion><cx:series layoutId="waterfall" uniqueId="{1}">'
            '<cx:tx><cx:txData><cx:v>Euro</cx:v></cx:txData></cx:tx><cx:dataId val="0"/></cx:series>'
            "</cx:plotAreaRegion></cx:plotArea></cx:chart></cx:chartSpace>")

    def build(slide):
        r_id = add_part(slide, "/ppt/charts/chartEx1.xml", "application/vnd.ms-office.chartex+xml", part,
                        "http://schemas.microsoft.com/office/2014/relationships/chartEx")
        frame = (f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="9" name="Chart 8"/><p:cNvGraphicFramePr/>'
                 '<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="9" cy="9"/></p:xfrm>'
                 f'<a:graphic><a:graphicData uri="{cx}"><cx:chart xmlns:cx="{cx}" r:id="{r_id}"/></a:graphicData>'
                 "</a:graphic></p:graphicFrame>")
        notice = ('<p:sp><p:nvSpPr><p:cNvPr id="9" name="Chart 8"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>'
                  "<p:txBody><a:bodyPr/><a:p><a:r><a:t>This chart needs a newer PowerPoint</a:t></a:r></a:p>"
                  "</p:txBody></p:sp>")
        append_xml(slide, f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}">'
                          f'<mc:Choice Requires="cx1">{frame}</mc:Choice><mc:Fallback>{notice}</mc:Fallback>'
                          "</mc:AlternateContent>")

    [chart] = blocks_of(deck(tmp_path, build))
    assert (chart.chart_type, chart.title, chart.categories) == ("waterfall", "Budget bridge",
                                                                 ("Start", "Sales", "Costs", "End"))
    assert [(s.name, s.values) for s in chart.series] == [("Euro", (100.0, 40.0, -30.0, 110.0))]


def test_every_chart_kind_of_the_python_pptx_fixture_is_read_without_python_pptx():
    result = extract(ROBUST / "python-pptx__cht-chart-type.pptx")
    charts = [b for u in result.value.units for b in u.blocks if isinstance(b, Chart)]
    assert len(charts) == 31 and codes(result)["pptx.chart-as-table"] == 31
    kinds = Counter(chart.chart_type for chart in charts)
    assert kinds["percent-stacked-column"] == 1 and kinds["bubble"] == 2 and kinds["radar"] == 3
    assert kinds["scatter"] == 5 and kinds["pie"] == 2 and kinds["stacked-area"] == 2
    pie = next(chart for chart in charts if chart.chart_type == "pie")
    assert (pie.title, pie.categories, pie.series[0].values) == (
        "Sales", ("1st Qtr", "2nd Qtr", "3rd Qtr", "4th Qtr"), (8.2, 3.2, 1.4, 1.2))


def test_real_deck_charts_keep_their_numbers():
    markitdown = blocks_of(CORPUS / "real" / "pptx" / "markitdown__test.pptx", Chart)
    assert [(c.chart_type, c.title, c.categories) for c in markitdown] == [
        ("column", "a3f6004b-6f4f-4ea8-bee3-3741f4dc385f", ("2000", "2001", "2002", "2003"))]
    assert markitdown[0].series[0].values == (2000.0, 2001.0, 2002.0, 2003.0)
    hpc = blocks_of(CORPUS / "real" / "pptx" / "gjbex__python_for_hpc.pptx", Chart)
    assert len(hpc) == 6 and {c.chart_type for c in hpc} == {"scatter"}
    assert hpc[-1].series[0].name == "speedup" and hpc[-1].categories[:3] == ("1", "2", "4")
    assert hpc[-1].series[0].values[:2] == (1.0, 1.8227513227513228)
    docling = blocks_of(ROBUST / "docling__pptx_chart.pptx", Chart)
    assert [(c.title, [s.name for s in c.series]) for c in docling] == [
        ("Wild Duck Observations by Year", ["Freshwater Ducks", "Saltwater Ducks"]), ("2026", ["2026"])]


# ---------------------------------------------------------------------------------------------- SmartArt


def data_model(points: list[tuple[str, str, str]], links: list[tuple[str, str, int]], extra: str = "") -> str:
    """Return a ``dgm:dataModel``: points (model id, type, text) and parOf links (source, target, srcOrd)."""
    def point(model_id: str, kind: str, text: str) -> str:
        body = f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p>" if text else "<a:p/>"
        return f'<dgm:pt modelId="{model_id}" type="{kind}"><dgm:t><a:bodyPr/>{body}</dgm:t></dgm:pt>'

    cxns = "".join(f'<dgm:cxn modelId="c{n}" srcId="{src}" destId="{dest}" srcOrd="{order}" destOrd="0"/>'
                   for n, (src, dest, order) in enumerate(links))
    return (f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="{A}" xmlns:dsp="{DSP}"><dgm:ptLst>'
            f'{"".join(point(*p) for p in points)}</dgm:ptLst><dgm:cxnLst>{cxns}</dgm:cxnLst><dgm:bg/><dgm:whole/>'
            f"{extra}</dgm:dataModel>")


def add_diagram(slide, data_xml: str) -> None:
    content_type = "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"
    r_id = add_part(slide, "/ppt/diagrams/data1.xml", content_type, data_xml, RT.DIAGRAM_DATA)
    append_xml(slide, (
        f'<p:graphicFrame xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvGraphicFramePr>'
        '<p:cNvPr id="20" name="Diagram 19"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic>'
        f'<a:graphicData uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" r:dm="{r_id}" r:lo="" r:qs="" r:cs=""/>'
        "</a:graphicData></a:graphic></p:graphicFrame>"))


def test_smartart_becomes_a_nested_list_in_connection_order(tmp_path):
    points = [("doc", "doc", ""), ("a", "node", "Assess"), ("b", "node", "Brief"), ("b1", "node", "Agenda"),
              ("e", "node", ""), ("e1", "node", "Evidence"), ("t", "parTrans", "ignored"), ("s", "sibTrans", "no"),
              ("p", "pres", "layout only"), ("o", "node", "Orphan")]
    links = [("doc", "a", 1), ("doc", "b", 0), ("b", "b1", 0), ("a", "e", 0), ("e", "e1", 0)]
    result = extract(deck(tmp_path, lambda s: add_diagram(s, data_model(points, links))))
    [outline] = result.value.units[0].blocks
    assert isinstance(outline, ListBlock)
    assert [(spans_text(i.spans), i.level) for i in outline.items] == [
        ("Brief", 0), ("Agenda", 1), ("Assess", 0), ("Evidence", 1), ("Orphan", 0)]
    assert codes(result, "info")["pptx.smartart-flattened"] == 1


def test_smartart_without_text_in_its_data_falls_back_to_the_drawing(tmp_path):
    def build(slide):
        drawing = (f'<dsp:drawing xmlns:dsp="{DSP}" xmlns:a="{A}"><dsp:spTree>'
                   + "".join(f'<dsp:sp modelId="{n}"><dsp:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p>'
                             "</dsp:txBody></dsp:sp>" for n, text in enumerate(("Plan", "Do")))
                   + "</dsp:spTree></dsp:drawing>")
        r_id = add_part(slide, "/ppt/diagrams/drawing1.xml", "application/vnd.ms-office.drawingml.diagramDrawing+xml",
                        drawing, "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing")
        extension = f'<dgm:extLst><a:ext uri="x"><dsp:dataModelExt relId="{r_id}"/></a:ext></dgm:extLst>'
        add_diagram(slide, data_model([("doc", "doc", ""), ("n", "node", "")], [("doc", "n", 0)], extension))

    [outline] = blocks_of(deck(tmp_path, build))
    assert [(spans_text(i.spans), i.level) for i in outline.items] == [("Plan", 0), ("Do", 0)]


def test_corpus_smartart_outlines():
    hierarchy = blocks_of(ROBUST / "tika__testPPT_diagramData.pptx", ListBlock)
    assert [(spans_text(i.spans), i.level) for i in hierarchy[0].items] == [
        ("President", 0), ("VP – HR", 1), ("Manager 1", 2), ("VP - Marketing", 1), ("Manager 1", 2)]
    rotated = blocks_of(ROBUST / "poi__smartart-rotated-text.pptx", ListBlock)
    assert [(spans_text(i.spans), i.level) for i in rotated[0].items] == [
        ("abc", 0), ("def", 0), ("ghi", 0), ("jkl", 1)]


# ---------------------------------------------------------------------------------------------- audio and video


def add_clip(slide, tmp_path: Path, name: str, mime: str, data: bytes = b"\x00\x00\x00\x18ftypmp42" + bytes(200)):
    clip = tmp_path / name
    clip.write_bytes(data)
    return slide.shapes.add_movie(str(clip), Inches(1), Inches(1), Inches(4), Inches(3), mime_type=mime)


def test_an_embedded_video_becomes_a_media_block_and_an_asset(tmp_path):
    def build(slide):
        movie = add_clip(slide, tmp_path, "welcome.mp4", "video/mp4")
        movie._element.find(f".//{{{P}}}cNvPr").set("descr", "Welcome from the head of sales")

    result = extract(deck(tmp_path, build))
    [media] = result.value.units[0].blocks
    assert isinstance(media, Media)
    assert (media.media_type, media.title) == ("video", "Welcome from the head of sales")
    asset = next(a for a in result.value.assets if a.id == media.asset)
    assert (asset.media_type, asset.extension, asset.size) == ("video/mp4", "mp4", 212)
    assert "pptx.media-skipped" not in codes(result)


def test_audio_is_audio_and_the_shape_name_is_the_title_without_alt_text(tmp_path):
    def build(slide):
        clip = add_clip(slide, tmp_path, "jingle.mp3", "audio/mpeg", b"ID3" + bytes(50))
        nv_pr = clip._element.find(f".//{{{P}}}nvPr")
        nv_pr.find(f"{{{A}}}videoFile").tag = f"{{{A}}}audioFile"
        clip._element.find(f".//{{{P}}}cNvPr").set("name", "Jingle")

    doc = extract(deck(tmp_path, build)).value
    [media] = doc.units[0].blocks
    assert (media.media_type, media.title) == ("audio", "Jingle")
    assert [(a.media_type, a.size) for a in doc.assets if a.id == media.asset] == [("audio/mpeg", 53)]


def test_unplayable_and_linked_clips_warn_and_are_left_out(tmp_path):
    def build(slide):
        add_clip(slide, tmp_path, "old.wmv", "video/x-ms-wmv")
        linked = add_clip(slide, tmp_path, "linked.mp4", "video/mp4", b"other bytes")
        nv_pr = linked._element.find(f".//{{{P}}}nvPr")
        nv_pr.remove(nv_pr.find(f"{{{P}}}extLst"))
        url = slide.part.relate_to("https://example.org/clip.mp4", RT.VIDEO, is_external=True)
        nv_pr.find(f"{{{A}}}videoFile").set(f"{{{R}}}link", url)

    result = extract(deck(tmp_path, build))
    assert result.value.units[0].blocks == ()
    assert not [a for a in result.value.assets if a.media_type.startswith("video/")]
    warnings = codes(result, "warning")
    assert warnings["pptx.media-format-unplayable"] == 1 and warnings["pptx.external-media-skipped"] == 1


@pytest.mark.parametrize(("name", "kind", "media_type", "size"), [
    ("poi__EmbeddedAudio.pptx", "audio", "audio/mpeg", 52079),
    ("poi__EmbeddedVideo.pptx", "video", "video/mp4", 101799),
    ("tika__testPPT_embeddedMP3.pptx", "audio", "audio/mpeg", 34688),
])
def test_corpus_clips_are_carried_over(name, kind, media_type, size):
    doc = extract(ROBUST / name).value
    [media] = [b for u in doc.units for b in u.blocks if isinstance(b, Media)]
    [asset] = [a for a in doc.assets if a.id == media.asset]
    assert (media.media_type, asset.media_type, asset.size, len(asset.data)) == (kind, media_type, size, size)
    assert media.title


# ---------------------------------------------------------------------------------------------- equations

QUADRATIC = (
    f'<m:oMathPara xmlns:m="{M}"><m:oMath><m:r><m:t>x=</m:t></m:r><m:f><m:num><m:r><m:t>−b±</m:t></m:r>'
    '<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e><m:sSup><m:e><m:r><m:t>b</m:t></m:r></m:e>'
    "<m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup><m:r><m:t>−4ac</m:t></m:r></m:e></m:rad></m:num>"
    "<m:den><m:r><m:t>2a</m:t></m:r></m:den></m:f></m:oMath></m:oMathPara>"
)


def equation_shape(paragraph: str, ph: str = "") -> str:
    """Return an equation text box as PowerPoint writes it: the math in the Choice, a picture as Fallback."""
    def shape(body: str) -> str:
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="30" name="TextBox 29"/><p:cNvSpPr txBox="1"/><p:nvPr>{ph}</p:nvPr>'
                '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="10" cy="10"/></a:xfrm></p:spPr>'
                f"<p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp>")

    return (f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:a14="{A14}" xmlns:p="{P}" xmlns:a="{A}">'
            f'<mc:Choice Requires="a14">{shape(paragraph)}</mc:Choice>'
            f'<mc:Fallback>{shape("<a:p><a:r><a:t> </a:t></a:r></a:p>")}</mc:Fallback></mc:AlternateContent>')


def test_an_equation_is_kept_as_linear_text_instead_of_its_picture(tmp_path):
    paragraph = f"<a:p><a:r><a:t>Roots: </a:t></a:r><a14:m>{QUADRATIC}</a14:m></a:p>"
    result = extract(deck(tmp_path, lambda s: append_xml(s, equation_shape(paragraph))))
    [block] = result.value.units[0].blocks
    assert isinstance(block, Paragraph) and block_text(block) == "Roots: x=(−b±√(b^2−4ac))/2a"
    assert codes(result, "info")["pptx.equation-as-text"] == 1


def test_an_equation_in_a_title_is_part_of_the_title(tmp_path):
    pi = f'<a14:m><m:oMath xmlns:m="{M}"><m:r><m:t>π</m:t></m:r></m:oMath></a14:m>'
    paragraph = f"<a:p><a:r><a:t>Computing </a:t></a:r>{pi}</a:p>"
    path = deck(tmp_path, lambda s: append_xml(s, equation_shape(paragraph, '<p:ph type="title"/>')))
    assert extract(path).value.units[0].title == "Computing π"


def r(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


@pytest.mark.parametrize(("omml", "expected"), [
    (f'<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>{r("i=1")}</m:sub><m:sup>{r("n")}</m:sup>'
     f'<m:e><m:sSub><m:e>{r("x")}</m:e><m:sub>{r("i")}</m:sub></m:sSub></m:e></m:nary>', "∑_(i=1)^n x_i"),
    (f'<m:d><m:dPr><m:begChr m:val="["/><m:endChr m:val="]"/></m:dPr><m:e>{r("a")}</m:e><m:e>{r("b")}</m:e></m:d>',
     "[a|b]"),
    (f"<m:func><m:fName>{r('sin')}</m:fName><m:e>{r('x')}</m:e></m:func>", "sin x"),
    (f"<m:m><m:mr><m:e>{r(1)}</m:e><m:e>{r(0)}</m:e></m:mr><m:mr><m:e>{r(0)}</m:e><m:e>{r(1)}</m:e></m:mr></m:m>",
     "[1 0; 0 1]"),
    (f"<m:rad><m:deg>{r(3)}</m:deg><m:e>{r('x+1')}</m:e></m:rad>", "∛(x+1)"),
    (f"<m:sSubSup><m:e>{r('𝑥')}</m:e><m:sub>{r('𝑖')}</m:sub><m:sup>{r('2')}</m:sup></m:sSubSup>", "x_i^2"),
])
def test_equation_structures_have_a_linear_form(omml, expected):
    assert math_text(etree.fromstring(f'<m:oMath xmlns:m="{M}">{omml}</m:oMath>')) == expected


def test_real_deck_equations_are_text():
    unit = extract(CORPUS / "real" / "pptx" / "gjbex__python_for_hpc.pptx").value.units[83]
    assert "x_(n+1)= r\xa0x_n(1−x_n)" in [block_text(b) for b in unit.blocks]


# ---------------------------------------------------------------------------------------------- inheritance


def set_level_bullet(list_style: etree._Element, level: int, tag: str, **attrs: str) -> None:
    """Give ``a:lvl<level>pPr`` of a list style exactly one bullet setting."""
    p_pr = list_style.find(f"{{{A}}}lvl{level}pPr")
    if p_pr is None:
        p_pr = etree.SubElement(list_style, f"{{{A}}}lvl{level}pPr")
    for old in [el for el in p_pr if etree.QName(el).localname in ("buNone", "buChar", "buAutoNum", "buBlip")]:
        p_pr.remove(old)
    etree.SubElement(p_pr, f"{{{A}}}{tag}", **attrs)


def fill_body(slide, lines: list[tuple[str, int]]) -> None:
    frame = slide.placeholders[1].text_frame
    frame.text = lines[0][0]
    for text, level in lines[1:]:
        paragraph = frame.add_paragraph()
        paragraph.text, paragraph.level = text, level


def test_a_layout_without_bullets_at_level_one_makes_body_text_paragraphs(tmp_path):
    prs = Presentation()
    layout_body = prs.slide_layouts[CONTENT].placeholders[1]._element
    set_level_bullet(layout_body.find(f"{{{P}}}txBody/{{{A}}}lstStyle"), 1, "buNone")
    path = deck(tmp_path, lambda s: fill_body(s, [("Why this matters", 0), ("Patients first", 1)]), CONTENT, prs)
    first, second = extract(path).value.units[0].blocks
    assert isinstance(first, Paragraph) and block_text(first) == "Why this matters"
    assert isinstance(second, ListBlock) and [i.level for i in second.items] == [1]


def test_the_master_body_style_decides_when_the_layout_does_not(tmp_path):
    prs = Presentation()
    body_style = prs.slide_master.element.find(f"{{{P}}}txStyles/{{{P}}}bodyStyle")
    set_level_bullet(body_style, 1, "buNone")
    set_level_bullet(body_style, 2, "buAutoNum", type="arabicPeriod")
    path = deck(tmp_path, lambda s: fill_body(s, [("Intro", 0), ("Step one", 1), ("Step two", 1)]), CONTENT, prs)
    intro, steps = extract(path).value.units[0].blocks
    assert isinstance(intro, Paragraph)
    assert isinstance(steps, ListBlock) and steps.ordered and block_text(steps) == "Step one\nStep two"


def test_a_text_box_list_style_makes_a_list_and_section_header_text_stays_a_paragraph(tmp_path):
    prs = Presentation()
    header = prs.slides.add_slide(prs.slide_layouts[SECTION_HEADER])
    header.shapes.title.text = "Part two"
    header.placeholders[1].text = "What comes next"
    box = prs.slides.add_slide(prs.slide_layouts[BLANK]).shapes.add_textbox(0, 0, Inches(3), Inches(1))
    box.text_frame.text = "Bring a pen"
    list_style = box._element.find(f"{{{P}}}txBody/{{{A}}}lstStyle")
    set_level_bullet(list_style, 1, "buChar", char="•")
    prs.save(tmp_path / "deck.pptx")
    units = extract(tmp_path / "deck.pptx").value.units
    assert [type(b).__name__ for b in units[0].blocks] == ["Paragraph"]
    assert [type(b).__name__ for b in units[1].blocks] == ["ListBlock"]


def test_layout_and_master_prompt_text_never_appears(tmp_path):
    prs = Presentation()
    layout = prs.slide_layouts[CONTENT]
    layout.placeholders[0].text = "Click to add title"
    layout.placeholders[1].text = "Type the learning objective here"
    prs.slide_master.placeholders[0].text = "Master title style"
    doc = extract(deck(tmp_path, lambda s: None, CONTENT, prs)).value
    text = model_text(doc)
    assert doc.units[0].title is None and doc.units[0].blocks == ()
    assert "Click" not in text and "objective" not in text and "Master" not in text


# ---------------------------------------------------------------------------------------------- notes and links


def test_notes_keep_emphasis_links_and_bullet_levels(tmp_path):
    def build(slide):
        frame = slide.notes_slide.notes_text_frame
        first = frame.paragraphs[0]
        for text, attr in (("Stress ", "bold"), ("the ", None), ("risk", "italic"), (" now", "underline")):
            run = first.add_run()
            run.text = text
            if attr:
                setattr(run.font, attr, True)
        link = first.add_run()
        link.text = " (label)"
        link.hyperlink.address = "https://example.org/label"
        for text, level in (("Ask the room", 0), ("Who has seen it?", 1)):
            paragraph = frame.add_paragraph()
            paragraph.text, paragraph.level = text, level
            etree.SubElement(paragraph._p.get_or_add_pPr(), f"{{{A}}}buChar", char="•")

    unit = extract(deck(tmp_path, build)).value.units[0]
    paragraph, bullets = unit.notes
    assert [(s.text, s.bold, s.italic, s.underline, s.href) for s in paragraph.spans] == [
        ("Stress ", True, False, False, None), ("the ", False, False, False, None),
        ("risk", False, True, False, None), (" now", False, False, True, None),
        (" (label)", False, False, False, "https://example.org/label")]
    assert [(spans_text(i.spans), i.level) for i in bullets.items] == [("Ask the room", 0), ("Who has seen it?", 1)]


def test_show_navigation_links_keep_their_text_without_a_link(tmp_path):
    def build(slide):
        paragraph = slide.shapes.add_textbox(0, 0, Inches(4), Inches(1)).text_frame.paragraphs[0]
        run = paragraph.add_run()
        run.text = "Next"
        click = etree.SubElement(run._r.get_or_add_rPr(), f"{{{A}}}hlinkClick",
                                 action="ppaction://hlinkshowjump?jump=nextslide")
        click.set(f"{{{R}}}id", "")
        web = paragraph.add_run()
        web.text = " guide"
        web.hyperlink.address = "https://example.org/guide"

    result = extract(deck(tmp_path, build))
    [block] = result.value.units[0].blocks
    assert [(s.text, s.href) for s in block.spans] == [("Next", None), (" guide", "https://example.org/guide")]
    assert codes(result, "info")["pptx.link-dropped"] == 1


def test_every_furniture_placeholder_is_kept_in_the_unit_attrs(tmp_path):
    def build(slide):
        for n, (kind, text) in enumerate((("ftr", "Internal"), ("dt", "3 June"), ("sldNum", "12"), ("hdr", "Day 1"))):
            box = slide.shapes.add_textbox(0, Inches(n), Inches(2), Inches(1))
            box.text_frame.text = text
            etree.SubElement(box._element.find(f"*/{{{P}}}nvPr"), f"{{{P}}}ph", type=kind)

    unit = extract(deck(tmp_path, build)).value.units[0]
    assert unit.blocks == ()
    assert unit.attrs == {"layout": "Blank", "footer": "Internal", "date": "3 June", "slide_number": "12",
                          "header": "Day 1"}
