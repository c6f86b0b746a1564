"""Text recall of the PPTX extractor on every real deck, against a reference read straight from the zip."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from converter.options import ConvertOptions
from converter.probe import Probe
from extractors.pptx import PptxExtractor

from conftest import CORPUS, manifest_paths
from recall import model_text, recall

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
REAL_DECKS = sorted((CORPUS / "real" / "pptx").glob("*.pptx"))
SLIDE_RECALL = 0.99


def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Return (type, target part) by id for the internal relationships of ``part`` ('' for the package)."""
    folder, name = posixpath.split(part)
    try:
        root = etree.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    except KeyError:
        return {}
    found = {}
    for rel in root.iter(f"{{{PR}}}Relationship"):
        if rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id")] = (rel.get("Type", ""), posixpath.normpath(path))
    return found


def paragraph_text(root: etree._Element) -> str:
    """Return every ``a:t`` under ``root``, one line per ``a:p`` (``a:br`` a line break), alternatives once."""
    lines = []
    for p in root.iter(f"{{{A}}}p"):
        if any(a.tag == f"{{{MC}}}Choice" and a.getparent().find(f"{{{MC}}}Fallback") is not None
               for a in p.iterancestors()):
            continue
        pieces = p.iter(f"{{{A}}}t", f"{{{A}}}br")
        lines.append("".join((el.text or "") if el.tag == f"{{{A}}}t" else "\n" for el in pieces))
    return "\n".join(lines)


def notes_body_text(notes: etree._Element) -> str:
    """Return the text of a notes slide's body placeholder(s)."""
    bodies = [sp for sp in notes.iter(f"{{{P}}}sp") if (ph := sp.find(f"*/{{{P}}}nvPr/{{{P}}}ph")) is not None
              and ph.get("type") == "body"]
    return "\n".join(paragraph_text(sp) for sp in bodies)


def reference(path: Path) -> tuple[str, str]:
    """Return (slide text, notes body text) of the deck at ``path``, read with zipfile and lxml only.

    Independent of the extractor and of python-pptx. For each slide in ``p:sldIdLst`` (hidden ones too: the
    extractor reads them and only flags them): every ``a:t`` of the slide part, placeholders of every kind,
    groups, tables and graphic frames included. Notes: every ``a:t`` of the notes slide's body placeholder.
    """
    with zipfile.ZipFile(path) as archive:
        main = next(target for kind, target in relationships(archive, "").values() if kind.endswith(OFFICE_DOCUMENT))
        rels = relationships(archive, main)
        slides, notes = [], []
        for entry in etree.fromstring(archive.read(main)).iter(f"{{{P}}}sldId"):
            part = rels[entry.get(f"{{{R}}}id")][1]
            slides.append(paragraph_text(etree.fromstring(archive.read(part))))
            for kind, target in relationships(archive, part).values():
                if kind.endswith("/notesSlide"):
                    notes.append(notes_body_text(etree.fromstring(archive.read(target))))
    return "\n".join(slides), "\n".join(notes)


def test_the_real_decks_are_there():
    assert REAL_DECKS and REAL_DECKS == manifest_paths('real/pptx')


TEXT_ONLY = ConvertOptions(slide_images="never")
"""Recall reads text only: no slide pictures (they would start LibreOffice for nothing)."""


@pytest.mark.corpus
@pytest.mark.parametrize("path", REAL_DECKS, ids=lambda p: p.name)
def test_real_deck_keeps_its_slide_text_and_all_its_notes(path):
    doc = PptxExtractor().extract(Probe.read(path), TEXT_ONLY).value
    slides, notes = reference(path)
    slide_recall = recall(slides, model_text(doc, notes=False))
    notes_recall = recall(notes, model_text(doc, notes=True))
    print(f"{path.name}: slide text recall {slide_recall:.4f}, notes recall {notes_recall:.4f}")
    assert slide_recall >= SLIDE_RECALL, f"{path.name}: slide text recall {slide_recall:.4f} < {SLIDE_RECALL}"
    assert notes_recall == 1.0, f"{path.name}: notes recall {notes_recall:.4f} (must be 1.0)"
