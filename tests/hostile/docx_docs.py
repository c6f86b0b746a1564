"""Hostile Word documents: payloads in headings, paragraphs, table cells, alt text, the core title and links."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from .ooxml import TEXT_MARKER, Flavor
from .payloads import Env, text_payloads, url_payloads
from .pptx_decks import tiny_png


def build_base_docx(path: Path) -> Path:
    """A heading and two paragraphs; the first paragraph holds TEXT_MARKER."""
    document = Document()
    document.core_properties.title = "Hostile base document"
    document.add_heading("Hostile base document", level=1)
    document.add_paragraph(TEXT_MARKER)
    document.add_paragraph("Second paragraph of the base document.")
    document.save(path)
    return path


DOCX = Flavor(fmt="docx", ext=".docx", build_base=build_base_docx, text_part="word/document.xml")


def make_payload_docx(folder: Path, env: Env) -> Path:
    """Every text payload as a heading, a paragraph and a table cell, as picture alt text and in the core title;
    every URL payload as a hyperlink."""
    texts, urls = text_payloads(env), url_payloads(env)
    document = Document()
    document.core_properties.title = f"{texts['script']} {texts['template']}"
    for name, text in texts.items():
        document.add_heading(text, level=1 + len(name) % 3)
        document.add_paragraph(text)
    table = document.add_table(rows=(len(texts) + 1) // 2, cols=2)
    for index, text in enumerate(texts.values()):
        table.cell(index // 2, index % 2).text = text
    for key in ("attr-break-dq", "beacon-img"):
        document.add_picture(io.BytesIO(tiny_png(3 + len(key), 2)), width=Inches(1))
        doc_pr = document.inline_shapes[-1]._inline.docPr
        doc_pr.set("descr", texts[key])
        doc_pr.set("title", texts["script"])
    paragraph = document.add_paragraph("Links: ")
    for name, url in urls.items():
        _add_hyperlink(paragraph, url, f"link {name}")
    path = folder / "payload-document.docx"
    document.save(path)
    return path


def _add_hyperlink(paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    body = OxmlElement("w:t")
    body.text = text
    run.append(body)
    link.append(run)
    paragraph._p.append(link)
