"""Word documents whose body text is styled as headings: demoted to bold paragraphs, the report says so."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

import converter
from converter.model import Heading, Paragraph, block_text
from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.docx import DocxExtractor

WEEKS = ("Week 1: Foundations", "Week 2: Practice", "Week 3: Assessment")
SENTENCES = tuple(
    f"In session {n} the group {verb} the case study and writes a short summary of the findings."
    for n, verb in enumerate(["reads", "discusses", "presents", "reviews", "compares", "revisits"] * 3, 1))


def write(path: Path, parts: list[tuple[str, str]]) -> Path:
    """Write a DOCX of (style, text) paragraphs; style '' is Normal."""
    document = docx.Document()
    for style, text in parts:
        document.add_paragraph(text, style=style or None)
    document.save(str(path))
    return path


def syllabus(path: Path) -> Path:
    """A syllabus like the one measured: three real week headings, 18 body sentences styled Heading 1."""
    parts: list[tuple[str, str]] = []
    for week, first in zip(WEEKS, range(0, 18, 6), strict=True):
        parts.append(("Heading 1", week))
        parts.extend(("Heading 1", sentence) for sentence in SENTENCES[first:first + 6])
    return write(path, parts)


def extract(path: Path, **options):
    return DocxExtractor().extract(Probe.read(path), ConvertOptions(**options))


def misuse_warnings(result) -> list:
    return [message for message in result.messages if message.code == "docx.headings-misused"]


def package_text(package: Path) -> str:
    with zipfile.ZipFile(package) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".html"))


def test_sentences_styled_as_headings_become_body_paragraphs_under_the_real_headings(tmp_path):
    result = extract(syllabus(tmp_path / "syllabus.docx"))
    units = result.value.units
    assert [unit.title for unit in units] == list(WEEKS)
    for unit, first in zip(units, range(0, 18, 6), strict=True):
        assert [block_text(block) for block in unit.blocks] == list(SENTENCES[first:first + 6])
        assert all(isinstance(block, Paragraph) and block.spans[0].bold for block in unit.blocks)
    (message,) = misuse_warnings(result)
    assert "18 of 21 headings" in message.text and "read like sentences" in message.text
    assert message.instead == "body paragraphs" and message.where.unit is None


def test_the_course_of_a_misused_outline_has_few_modules_no_empty_screen_and_all_its_text(tmp_path):
    result = converter.convert(syllabus(tmp_path / "syllabus.docx"), tmp_path / "out", format="scorm12")
    course = result.value.course
    # a screen per real heading; the three short weeks join into modules of 5-15 minutes
    assert len(course.modules) <= len(WEEKS) and len(course.screens()) == len(WEEKS)
    assert all(screen.blocks for screen in course.screens())
    text = package_text(result.value.package)
    assert all(sentence in text for sentence in (*SENTENCES, *WEEKS))
    assert "docx.headings-misused" in [message.code for message in result.messages]


def test_with_no_sensible_heading_left_the_text_is_cut_by_reading_time(tmp_path):
    path = write(tmp_path / "all-headings.docx", [("Heading 1", sentence) for sentence in SENTENCES])
    result = extract(path, module_minutes=1, words_per_minute=60)
    units = result.value.units
    sizes = [sum(len(block_text(block).split()) for block in unit.blocks) for unit in units]
    assert len(units) > 3 and all(30 < size <= 60 for size in sizes)  # parts of about one minute each
    assert [unit.title for unit in units[1:3]] == ["Part 2", "Part 3"]
    assert [block_text(block) for unit in units for block in unit.blocks] == list(SENTENCES)
    assert all(unit.blocks for unit in units) and len({unit.key for unit in units}) == len(units)
    (message,) = misuse_warnings(result)
    assert "18 of 18 headings" in message.text and "cut into" in message.text


def test_empty_headings_in_a_row_are_misuse_too(tmp_path):
    parts = [("Heading 1", "Overview"), ("", "What the course covers and who it is for.")]
    parts += [("Heading 1", f"Item {n}") for n in range(1, 7)]
    parts += [("Heading 1", "Summary"), ("", "What to remember.")]
    result = extract(write(tmp_path / "empty.docx", parts))
    assert [unit.title for unit in result.value.units] == ["Overview", "Summary"]
    assert all(unit.blocks for unit in result.value.units)
    (message,) = misuse_warnings(result)
    assert "have nothing under them" in message.text


def test_a_well_formed_document_keeps_its_outline(tmp_path):
    parts: list[tuple[str, str]] = [("Title", "Site safety")]
    for number in range(1, 7):
        parts += [("Heading 1", f"Chapter {number}"), ("Heading 2", f"Topic {number}.1"),
                  ("", f"Body text of topic {number}.1, written as a normal paragraph."),
                  ("Heading 2", f"Topic {number}.2"), ("", "Another normal paragraph.")]
    result = extract(write(tmp_path / "outline.docx", parts))
    titles = [unit.title for unit in result.value.units]
    assert titles[0] == "Site safety" and len(titles) == 1 + 6 * 3
    assert titles[1:4] == ["Chapter 1", "Topic 1.1", "Topic 1.2"]
    assert not misuse_warnings(result)
    assert not any(isinstance(block, Paragraph) and block.spans[0].bold
                   for unit in result.value.units for block in unit.blocks)


def test_long_headings_with_text_under_them_are_not_misuse(tmp_path):
    long = "Requirements for the premises in which the service is provided, for waiting areas and for signage"
    parts: list[tuple[str, str]] = []
    for number in range(1, 7):
        parts += [("Heading 2", f"{number}. {long}"), ("", "The text of the requirement.")]
    result = extract(write(tmp_path / "legal.docx", parts))
    assert len(result.value.units) == 6 and not misuse_warnings(result)
    assert not any(isinstance(block, Heading) for unit in result.value.units for block in unit.blocks)
