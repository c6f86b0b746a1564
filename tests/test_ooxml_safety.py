"""Hostile packages: entity bombs, external entities, zip bombs, path escapes and truncation are all contained."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from converter.errors import CorruptInputError, LimitExceededError
from converter.model import block_text
from converter.options import ConvertOptions, Limits
from converter.probe import Probe
from converter.result import Messages
from extractors._office.package import (
    CONTENT_TYPES_PART,
    ContentTypes,
    Package,
    main_part,
    peek_local_member,
    read_package,
    read_relationships,
    resolve_target,
    safe_member_name,
)
from extractors._office.xml import parse_xml, sanitize_xml
from extractors.pptx import PptxExtractor

ENTITIES = "".join(
    ['<!ENTITY lol0 "lol">']
    + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
)
BILLION_LAUGHS = f'<?xml version="1.0"?><!DOCTYPE r [{ENTITIES}]><r>start &lol9; end</r>'.encode()


def xxe(secret_file: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">'
        f'<!ENTITY % remote SYSTEM "{secret_file.as_uri()}"> %remote;]><r>before &xxe; after</r>'
    ).encode()


def write_zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


# ---------------------------------------------------------------------------------------------- XML


def test_billion_laughs_is_not_expanded():
    root = parse_xml(BILLION_LAUGHS)
    assert root.tag == "r"
    assert "lol" not in root.xpath("string()")
    assert etree.tostring(root) == b"<r>start  end</r>"


def test_entity_expansion_inside_attributes_is_refused_not_run():
    attribute_bomb = f'<?xml version="1.0"?><!DOCTYPE r [{ENTITIES}]><r a="&lol9;"/>'.encode()
    try:
        root = parse_xml(attribute_bomb)
    except CorruptInputError as error:
        assert "not well-formed" in error.problem
    else:
        assert len(root.get("a") or "") < 10_000


def test_external_entities_never_read_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    root = parse_xml(xxe(secret))
    assert "TOP-SECRET" not in etree.tostring(root, encoding="unicode")
    assert root.xpath("string()") == "before  after"


def test_sanitize_removes_the_doctype_and_keeps_content(tmp_path):
    clean = sanitize_xml(BILLION_LAUGHS)
    assert b"DOCTYPE" not in clean and b"ENTITY" not in clean
    assert etree.fromstring(clean).text == "start  end"
    plain = b"<r>no doctype</r>"
    assert sanitize_xml(plain) is plain


def test_utf8_byte_order_mark_is_stripped():
    assert parse_xml(b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?><r>ok</r>").text == "ok"


def test_malformed_xml_is_reported_as_damage():
    with pytest.raises(CorruptInputError, match="ppt/slides/slide1.xml is not well-formed XML"):
        parse_xml(b"<r><unclosed></r>", "ppt/slides/slide1.xml")


def test_entities_in_a_deck_never_reach_the_model(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_textbox(0, 0, 100, 100).text_frame.text = "MARKER"
    path = tmp_path / "deck.pptx"
    prs.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    doctype = f'<!DOCTYPE p:sld [{ENTITIES}<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
    slide_xml = parts["ppt/slides/slide1.xml"].replace(b"MARKER", b"A&lol9;&xxe;B")
    head, _, body = slide_xml.partition(b"?>")
    parts["ppt/slides/slide1.xml"] = head + b"?>" + doctype + body
    write_zip(path, parts)
    doc = PptxExtractor().extract(Probe.read(path), ConvertOptions()).value
    text = block_text(doc.units[0].blocks[0])
    assert text == "AB"


# ---------------------------------------------------------------------------------------------- zip limits


def test_zip_bomb_trips_the_ratio_limit(tmp_path):
    bomb = write_zip(tmp_path / "bomb.pptx", {"ppt/media/big.bin": b"\0" * (50 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    with pytest.raises(LimitExceededError, match="zip bomb"):
        read_package(bomb, Limits())


def test_a_lying_size_in_the_header_cannot_blow_memory(tmp_path):
    path = write_zip(tmp_path / "liar.zip", {"big.bin": b"\0" * (20 * 1024 * 1024)})
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # central directory: "100 bytes unpacked"
    struct.pack_into("<I", data, 22, 100)  # local header says the same
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptInputError, match="damaged"):
        read_package(path, Limits())


def test_entry_count_and_part_size_limits(tmp_path):
    many = write_zip(tmp_path / "many.zip", {f"part{n}.xml": b"<r/>" for n in range(5)})
    with pytest.raises(LimitExceededError, match="5 zip entries; the limit is 3"):
        read_package(many, Limits(max_zip_entries=3))
    big = write_zip(tmp_path / "big.zip", {"part.xml": b"x" * 2000})
    with pytest.raises(LimitExceededError, match="'part.xml' of 2,000 bytes"):
        read_package(big, Limits(max_part_bytes=1000))
    with pytest.raises(LimitExceededError, match="would unpack to 2,000 bytes"):
        read_package(big, Limits(max_uncompressed_bytes=1000))
    with pytest.raises(LimitExceededError, match="bytes; the limit is 10 bytes"):
        read_package(big, Limits(max_input_bytes=10))


def test_entries_escaping_the_root_are_not_honoured(tmp_path):
    path = write_zip(tmp_path / "evil.zip", {
        "../evil.txt": b"x", "/etc/abs.txt": b"x", "ppt\\win.xml": b"x", "C:/drive.txt": b"x",
        "ppt/./ok.xml": b"<ok/>",
    })
    messages = Messages()
    package = read_package(path, Limits(), messages)
    assert package.parts == {"ppt/ok.xml": b"<ok/>"}
    skipped = [m for m in messages.items if m.code == "ooxml.unsafe-entry-skipped"]
    assert sorted(m.where.part for m in skipped) == ["../evil.txt", "/etc/abs.txt", "C:/drive.txt", "ppt\\win.xml"]
    assert not (tmp_path.parent / "evil.txt").exists()
    assert safe_member_name("a/../../b") is None and safe_member_name("a//b") == "a/b"


def test_duplicate_entries_keep_the_first(tmp_path):
    path = tmp_path / "dupes.zip"
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.xml", b"<first/>")
        archive.writestr("a.xml", b"<second/>")
    messages = Messages()
    assert read_package(path, Limits(), messages).parts == {"a.xml": b"<first/>"}
    assert [m.code for m in messages.items] == ["ooxml.duplicate-entry-skipped"]


def test_truncated_zip_raises_corrupt_input(tmp_path):
    whole = write_zip(tmp_path / "whole.zip", {CONTENT_TYPES_PART: b"<Types/>", "ppt/a.xml": b"<a/>" * 500})
    cut = tmp_path / "cut.pptx"
    cut.write_bytes(whole.read_bytes()[:-40])
    with pytest.raises(CorruptInputError, match="is damaged: not a readable zip package"):
        read_package(cut, Limits())
    garbled = bytearray(whole.read_bytes())
    garbled[60:80] = b"\xff" * 20  # inside the first deflated entry: a CRC or inflate error
    cut.write_bytes(bytes(garbled))
    with pytest.raises(CorruptInputError, match="damaged"):
        read_package(cut, Limits())


def test_the_head_of_a_damaged_zip_still_shows_its_content_types(tmp_path):
    types = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    whole = write_zip(tmp_path / "whole.zip", {CONTENT_TYPES_PART: types, "rest.bin": b"r" * 9000})
    head = whole.read_bytes()[:4096]
    assert peek_local_member(head, CONTENT_TYPES_PART) == types
    assert peek_local_member(head, "missing.xml") is None


# ---------------------------------------------------------------------------------------------- relationships


def test_relationship_targets_stay_inside_the_package(tmp_path):
    assert resolve_target("ppt/slides/slide1.xml", "../media/image1.png") == "ppt/media/image1.png"
    assert resolve_target("ppt/slides/slide1.xml", "/ppt/notes/n1.xml") == "ppt/notes/n1.xml"
    assert resolve_target("ppt/slides/slide1.xml", "../../../etc/passwd") is None
    assert resolve_target("ppt/slides/slide1.xml", "..\\..\\..\\x") is None
    assert resolve_target("ppt/slides/slide1.xml", "media%20one.png") == "ppt/slides/media one.png"


def test_external_targets_are_reported_never_fetched(tmp_path):
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="t/hyperlink" Target="file:///etc/passwd" TargetMode="External"/>'
        b'<Relationship Id="rId2" Type="t/image" Target="../media/image1.png"/>'
        b'<Relationship Id="rId3" Type="t/image" Target="../../../../evil.png"/></Relationships>'
    )
    package = Package(tmp_path / "x.pptx", {"ppt/slides/_rels/slide1.xml.rels": rels})
    found = read_relationships(package, "ppt/slides/slide1.xml")
    assert (found["rId1"].external, found["rId1"].target) == (True, "file:///etc/passwd")
    assert (found["rId2"].external, found["rId2"].target) == (False, "ppt/media/image1.png")
    assert found["rId3"].target is None


def test_main_part_and_its_content_type(tmp_path):
    ct = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/ppt/presentation.xml" ContentType="{ct}"/></Types>'
    ).encode()
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="ppt/presentation.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    parts = {CONTENT_TYPES_PART: types, "_rels/.rels": rels, "ppt/presentation.xml": b"<p/>"}
    package = Package(tmp_path / "t.potm", parts)
    assert main_part(package) == ("ppt/presentation.xml", ct)
    assert ContentTypes.from_xml(types).of("/docProps/app.xml") == "application/xml"
    without_types = Package(package.path, {k: v for k, v in package.parts.items() if k != CONTENT_TYPES_PART})
    with pytest.raises(CorruptInputError, match=r"\[Content_Types\].xml is missing"):
        main_part(without_types)
