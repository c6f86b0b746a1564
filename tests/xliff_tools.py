"""Test helpers for XLIFF files: a mechanical translator (any text function into targets), unit readers and the
OASIS schemas of ../shared/conformance/schemas."""

from __future__ import annotations

import copy
import subprocess
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from conftest import SCHEMAS

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
LINK_ADDRESS = "link address"


def _transform_text(element: etree._Element, change: Callable[[str], str]) -> None:
    """Apply ``change`` to every text inside ``element`` (not to attributes, so codes keep their ids)."""
    if element.text:
        element.text = change(element.text)
    for child in element:
        _transform_text(child, change)
        if child.tail:
            child.tail = change(child.tail)


def translate(source_file: Path, out_file: Path, change: Callable[[str], str] = str.upper,
              language: str = "de", state: str = "translated",
              skip: Callable[[str], bool] = lambda uid: False) -> Path:
    """Write ``source_file`` (XLIFF 2.1 or 1.2) with every unit's target = ``change`` of its source, into
    ``language``; units whose id ``skip`` accepts are left without a target. Link addresses are copied as they
    are, as a translator keeps a link pointing where it did."""
    tree = etree.parse(str(source_file))
    root = tree.getroot()
    if root.tag == f"{{{X2}}}xliff":
        root.set("trgLang", language)
        for unit in root.iter(f"{{{X2}}}unit"):
            for segment in unit.iter(f"{{{X2}}}segment"):
                for old in segment.findall(f"{{{X2}}}target"):
                    segment.remove(old)
                if skip(unit.get("id")):
                    continue
                target = copy.deepcopy(segment.find(f"{{{X2}}}source"))
                target.tag = f"{{{X2}}}target"
                if unit.get("name") != LINK_ADDRESS:
                    _transform_text(target, change)
                segment.append(target)
                segment.set("state", state)
    else:
        for file in root.iter(f"{{{X12}}}file"):
            file.set("target-language", language)
        for unit in root.iter(f"{{{X12}}}trans-unit"):
            for old in unit.findall(f"{{{X12}}}target"):
                unit.remove(old)
            if skip(unit.get("id")):
                continue
            target = copy.deepcopy(unit.find(f"{{{X12}}}source"))
            target.tag = f"{{{X12}}}target"
            target.set("state", state)
            if unit.get("resname") != LINK_ADDRESS:
                _transform_text(target, change)
            unit.find(f"{{{X12}}}source").addnext(target)
    tree.write(str(out_file), xml_declaration=True, encoding="UTF-8")
    return out_file


def units(xliff_file: Path) -> dict[str, etree._Element]:
    """Return the units of an XLIFF 2 file by id."""
    return {u.get("id"): u for u in etree.parse(str(xliff_file)).getroot().iter(f"{{{X2}}}unit")}


def segment(unit: etree._Element) -> etree._Element:
    return unit.find(f"{{{X2}}}segment")


def schema_errors(xliff_file: Path, driver: str) -> list[str]:
    """Return the lxml and xmlschema validation errors of ``xliff_file`` against a schema of shared/ (empty: valid)."""
    import xmlschema

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / driver)))
    doc = etree.parse(str(xliff_file))
    errors = [] if schema.validate(doc) else [str(e) for e in schema.error_log]
    errors += [str(e).splitlines()[0] for e in xmlschema.XMLSchema(str(SCHEMAS / driver)).iter_errors(str(xliff_file))]
    return errors


def break_codes(source: Path, out: Path) -> str:
    """Write ``source`` (XLIFF 2) with the first inline code of the first target that has one removed, its
    text and all; return that unit's id (a translation whose codes no longer match the source's)."""
    tree = etree.parse(str(source))
    for unit in tree.getroot().iter(f"{{{X2}}}unit"):
        target = segment(unit).find(f"{{{X2}}}target")
        code = target.find(f"{{{X2}}}pc") if target is not None else None
        if code is not None:
            code.getparent().remove(code)
            tree.write(str(out))
            return str(unit.get("id"))
    raise AssertionError("no inline code")


def ok(run: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """Return ``run`` after checking that the command succeeded (its stderr shown when not)."""
    assert run.returncode == 0, run.stderr
    return run
