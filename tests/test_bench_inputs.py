"""The benchmark's inputs hold what bench/make_inputs.py promises, and bench/run.py's figures are computed right."""

from __future__ import annotations

import importlib.util
import math
import sys
import zipfile
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load(name: str, filename: str):
    """Import a script of bench/ (not a package) as a module."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


make_inputs = load("bench_make_inputs", "make_inputs.py")
run = load("bench_run", "run.py")


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return make_inputs.build_deck(tmp_path_factory.mktemp("deck") / "deck.pptx", slides=60)


def test_deck_has_sixty_slides_each_with_title_bullets_and_notes(deck):
    from pptx import Presentation

    slides = list(Presentation(deck).slides)
    assert len(slides) == 60
    for slide in slides:
        assert slide.shapes.title.text
        assert len(slide.placeholders[1].text_frame.paragraphs) >= 3
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 50


def test_deck_has_tables_pictures_and_groups_at_the_promised_rhythm(deck):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    kinds = [[shape.shape_type for shape in slide.shapes] for slide in Presentation(deck).slides]
    assert sum(MSO_SHAPE_TYPE.TABLE in shapes for shapes in kinds) == 60 // make_inputs.TABLE_EVERY
    assert sum(MSO_SHAPE_TYPE.PICTURE in shapes for shapes in kinds) == 60 // make_inputs.PICTURE_EVERY
    assert sum(MSO_SHAPE_TYPE.GROUP in shapes for shapes in kinds) == 60 // make_inputs.GROUP_EVERY


def test_deck_pictures_are_reused_across_slides(deck):
    with zipfile.ZipFile(deck) as package:
        media = [name for name in package.namelist() if name.startswith("ppt/media/")]
    assert len(media) == make_inputs.DISTINCT_PICTURES < 60 // make_inputs.PICTURE_EVERY


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = make_inputs.build_deck(tmp_path / "a.pptx", slides=5).read_bytes()
    assert make_inputs.build_deck(tmp_path / "b.pptx", slides=5).read_bytes() == first
    assert make_inputs.build_deck(tmp_path / "c.pptx", slides=5, seed=1).read_bytes() != first


def test_guide_has_headings_lists_tables_pictures_and_a_break_per_page(tmp_path):
    from docx import Document

    document = Document(make_inputs.build_guide(tmp_path / "guide.docx", pages=8))
    styles = [paragraph.style.name for paragraph in document.paragraphs]
    assert styles.count("Heading 2") == 8 and styles.count("Heading 1") == 2
    assert "List Number" in styles and "List Bullet" in styles
    assert len(document.tables) == 2 and len(document.inline_shapes) == 1
    breaks = document.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(breaks) == 8


def test_handout_has_one_hundred_pages_with_text(tmp_path):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(make_inputs.build_handout(tmp_path / "handout.pdf", pages=100)))
    try:
        assert len(pdf) == 100
        text = pdf[99].get_textpage().get_text_range()
        assert text.startswith("100. ") and "Page 100" in text
    finally:
        pdf.close()


def test_floor_reads_every_part(deck):
    floor = load("bench_floor", "floor.py")
    entries, parts, elements = floor.read_ooxml(deck)
    with zipfile.ZipFile(deck) as package:
        assert entries == len(package.namelist())
    assert 0 < parts < entries and elements > parts


# ------------------------------------------------------------------------------------------------- run.py
def fake_case(name: str, tool: str, seconds: list[float], rss: list[float], cpu: list[float] | None = None):
    return run.Case(name, tool, [tool], seconds=seconds, peak_rss_mb=rss, cpu_seconds=cpu or [])


def test_medians_ratios_and_extremes_come_from_the_raw_timings():
    cases = [fake_case("deck-60", "floor", [0.2, 0.1, 0.3], [20, 21, 19]),
             fake_case("deck-60", "markitdown", [4.0, 5.0, 3.0, 100.0, 4.5], [130, 140, 135, 131, 133]),
             fake_case("deck-60", "c2e-convert", [0.5, 0.4, 0.6], [60, 70, 65])]
    row = run.summarise(cases)["deck-60"]["c2e-convert"]
    assert row["median_s"] == 0.5 and (row["min_s"], row["max_s"]) == (0.4, 0.6)
    assert row["x_floor"] == pytest.approx(2.5)
    assert row["x_markitdown"] == pytest.approx(0.5 / 4.5)
    assert row["peak_rss_mb"] == 70
    assert run.summarise(cases)["deck-60"]["floor"]["x_floor"] == 1.0


def test_missing_figures_give_nan_not_errors():
    assert math.isnan(run.median([]))
    assert math.isnan(run.ratio(1.0, 0.0)) and math.isnan(run.ratio(math.nan, 1.0))
    row = run.summarise([fake_case("guide-40", "c2e-extract", [1.0], [50])])["guide-40"]["c2e-extract"]
    assert math.isnan(row["x_floor"]) and math.isnan(row["x_markitdown"])


def test_scaling_exponent_is_the_log_ratio():
    assert run.scaling_exponent(1.0, 10.0, 60, 600) == pytest.approx(1.0)
    assert run.scaling_exponent(1.0, 100.0, 60, 600) == pytest.approx(2.0)
    assert run.scaling_exponent(2.0, 2.0, 60, 600) == pytest.approx(0.0)
    summary = run.summarise([fake_case("deck-60", "floor", [0.1], [20]), fake_case("deck-600", "floor", [1.0], [40])])
    figures = run.scaling(summary)["floor"]
    assert figures["time_exponent"] == pytest.approx(1.0)
    assert figures["memory_exponent"] == pytest.approx(math.log10(2))


def test_targets_pass_and_fail_on_the_limits():
    summary = run.summarise([fake_case("deck-60", "floor", [1.0], [20]),
                             fake_case("deck-60", "c2e-convert", [3.0], [60]),
                             fake_case("deck-600", "floor", [1.0], [20]),
                             fake_case("deck-600", "c2e-convert", [3.5], [150])])
    rows = {row["target"]: row for row in run.check_targets(summary, {"import_s": 0.1, "convert_import_s": 0.15})}
    assert rows["60-slide deck: convert within 3x floor"]["passed"] is True        # 3.0 <= 3
    assert rows["600-slide deck: convert within 3x floor"]["passed"] is False      # 3.5 > 3
    assert rows["600-slide deck: convert peak memory < 150 MB"]["passed"] is False  # 150 is not < 150
    assert rows["60-slide deck: convert <= 0.3x markitdown"]["passed"] is None     # markitdown not run
    assert rows["`c2e --help` imports < 0.15 s"]["passed"] is True
    assert rows[f"imports of a `--format {run.ONE_FORMAT}` conversion < 0.15 s"]["passed"] is False  # not < 0.15


def test_cpu_seconds_give_their_own_ratios_and_verdicts():
    cases = [fake_case("deck-600", "floor", [1.0], [20], cpu=[0.5]),
             fake_case("deck-600", "markitdown", [8.0], [160], cpu=[6.0]),
             fake_case("deck-600", "c2e-convert", [4.0], [100], cpu=[1.2, 1.5, 1.4])]
    summary = run.summarise(cases)
    row = summary["deck-600"]["c2e-convert"]
    assert row["cpu_median_s"] == 1.4
    assert row["x_floor_cpu"] == pytest.approx(2.8) and row["x_markitdown_cpu"] == pytest.approx(1.4 / 6.0)
    rows = {row["target"]: row for row in run.check_targets(summary, {})}
    three_x = rows["600-slide deck: convert within 3x floor"]
    assert (three_x["passed"], three_x["cpu_passed"]) == (False, True)   # 4x on the wall clock, 2.8x in CPU
    memory = rows["600-slide deck: convert peak memory < 150 MB"]
    assert memory["cpu_value"] == memory["value"] == 100 and memory["cpu_passed"] is True
    assert rows["`c2e --help` imports < 0.15 s"]["passed"] is None


def test_importtime_output_is_summed_from_the_self_column():
    stderr = ("import time: self [us] | cumulative | imported package\n"
              "import time:       120 |        120 |   _io\n"
              "import time:      3191 |     267430 | converter.cli\n")
    assert run.importtime_total(stderr) == pytest.approx(0.003311)


def test_results_json_has_no_nan():
    assert run.without_nan({"a": [math.nan, 1.0], "b": {"c": math.nan}}) == {"a": [None, 1.0], "b": {"c": None}}
