"""The shared zip writer: sorted, timestamped once, stored or deflated by type, atomic, safe names only."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from converter.errors import OutputError
from converter.plugin import Target
from packagers._zip import check_name, write_folder, write_target, write_zip

ENTRIES = {
    "index.html": b"<!DOCTYPE html><p>hello</p>" * 50,
    "assets/b.png": b"\x89PNG fake picture bytes" * 20,
    "player/player.js": b"console.log('x');" * 40,
    "assets/a.mp3": b"ID3 fake audio" * 30,
    "imsmanifest.xml": b"<manifest/>",
}


def read_infos(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return archive.infolist()


def test_entries_are_sorted_by_name(tmp_path):
    out = write_zip(tmp_path / "p.zip", ENTRIES)
    assert [i.filename for i in read_infos(out)] == sorted(ENTRIES)


def test_forced_first_entries_lead_then_the_rest_sorted(tmp_path):
    out = write_zip(tmp_path / "p.zip", ENTRIES, first=["player/player.js", "not-there.txt"])
    names = [i.filename for i in read_infos(out)]
    assert names == ["player/player.js"] + sorted(set(ENTRIES) - {"player/player.js"})


def test_contents_round_trip(tmp_path):
    out = write_zip(tmp_path / "p.zip", ENTRIES)
    with zipfile.ZipFile(out) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == ENTRIES


def test_default_timestamp_is_1980_and_permissions_are_0644(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for info in read_infos(write_zip(tmp_path / "p.zip", ENTRIES)):
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert stat.S_IMODE(info.external_attr >> 16) == 0o644
        assert stat.S_ISREG(info.external_attr >> 16)
        assert info.create_system == 3


def test_source_date_epoch_sets_every_timestamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # 2024-01-01 00:00:00 UTC
    infos = read_infos(write_zip(tmp_path / "p.zip", ENTRIES))
    assert {i.date_time for i in infos} == {(2024, 1, 1, 0, 0, 0)}


def test_media_is_stored_and_text_deflated(tmp_path):
    by_name = {i.filename: i for i in read_infos(write_zip(tmp_path / "p.zip", ENTRIES))}
    assert by_name["assets/b.png"].compress_type == zipfile.ZIP_STORED
    assert by_name["assets/a.mp3"].compress_type == zipfile.ZIP_STORED
    for name in ("index.html", "player/player.js", "imsmanifest.xml"):
        assert by_name[name].compress_type == zipfile.ZIP_DEFLATED
    assert by_name["index.html"].compress_size < by_name["index.html"].file_size


def test_same_input_gives_the_same_bytes(tmp_path):
    first = write_zip(tmp_path / "one.zip", ENTRIES).read_bytes()
    second = write_zip(tmp_path / "two.zip", dict(reversed(list(ENTRIES.items())))).read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


@pytest.mark.parametrize(
    "name",
    ["../evil.html", "a/../../b", "/etc/passwd", "assets\\x.png", "my file.html", "caf\u00e9.html", "", "a//b",
     "./index.html", "dir/", "C:/x.html", "a?b.html", "line\nbreak"],
)
def test_unsafe_names_are_rejected_before_anything_is_written(tmp_path, name):
    with pytest.raises(ValueError, match="package paths must be ASCII without spaces"):
        write_zip(tmp_path / "p.zip", {"index.html": b"x", name: b"y"})
    assert list(tmp_path.iterdir()) == []


def test_safe_names_pass():
    for name in ("index.html", "player/runtime/scorm12.js", "assets/0123abcd.png", "a-b_c.d~e"):
        assert check_name(name) == name


def test_names_differing_only_in_case_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="differ only in case"):
        write_zip(tmp_path / "p.zip", {"Index.html": b"x", "index.html": b"y"})


class ExplodingEntries(dict):
    """A mapping whose last entry fails while the archive is being written."""

    def __getitem__(self, key):
        if key == "z-last.txt":
            raise RuntimeError("disk on fire")
        return super().__getitem__(key)


def test_failure_mid_write_leaves_no_file_and_keeps_an_existing_package(tmp_path):
    out = tmp_path / "p.zip"
    out.write_bytes(b"previous package")
    entries = ExplodingEntries({"a.txt": b"a" * 10_000, "z-last.txt": b"z"})
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_zip(out, entries)
    assert out.read_bytes() == b"previous package"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.zip"]


def test_failure_on_a_new_package_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError):
        write_zip(tmp_path / "new.zip", ExplodingEntries({"z-last.txt": b"z"}))
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_raises_output_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a file where the folder should be")
    with pytest.raises(OutputError) as caught:
        write_zip(blocker / "p.zip", ENTRIES)
    assert caught.value.exit_code == 8


def test_writing_onto_a_directory_raises_output_error_and_cleans_up(tmp_path):
    (tmp_path / "p.zip").mkdir()
    with pytest.raises(OutputError):
        write_zip(tmp_path / "p.zip", ENTRIES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.zip"]


def test_missing_parent_folders_are_created(tmp_path):
    out = write_zip(tmp_path / "out" / "deep" / "p.zip", ENTRIES)
    assert out.is_file() and zipfile.is_zipfile(io.BytesIO(out.read_bytes()))


def test_the_package_file_gets_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        out = write_zip(tmp_path / "p.zip", ENTRIES)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_folder_target_holds_exactly_the_entries(tmp_path):
    out = write_folder(tmp_path / "site", ENTRIES)
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written == ENTRIES
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()} == {0o644}


def test_rewriting_a_folder_replaces_it_whole_and_leaves_no_temporary_folder(tmp_path):
    out = tmp_path / "site"
    write_folder(out, {"old.html": b"old", "index.html": b"v1"})
    write_folder(out, {"index.html": b"v2"})
    assert sorted(p.name for p in out.iterdir()) == ["index.html"] and (out / "index.html").read_bytes() == b"v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_folder_write_keeps_the_old_folder(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_folder(out, {"index.html": b"v1"})

    def refuse(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(OutputError, match="No space left"):
        write_folder(out, {"index.html": b"v2"})
    monkeypatch.undo()
    assert (out / "index.html").read_bytes() == b"v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_unsafe_names_never_reach_a_folder(tmp_path):
    with pytest.raises(ValueError, match="unsafe package path"):
        write_folder(tmp_path / "site", {"../escape.html": b"x"})
    assert list(tmp_path.iterdir()) == []


def test_targets_dispatch_on_their_kind(tmp_path):
    assert zipfile.is_zipfile(write_target(Target("zip", tmp_path / "p.zip"), ENTRIES))
    assert (write_target(Target("folder", tmp_path / "p"), ENTRIES) / "index.html").is_file()
    single = write_target(Target("file", tmp_path / "bank.gift"), {"bank.gift": b"::Q1:: 2+2 {=4}"})
    assert single.read_bytes() == b"::Q1:: 2+2 {=4}"
    with pytest.raises(ValueError, match="one entry"):
        write_target(Target("file", tmp_path / "two.txt"), {"a": b"1", "b": b"2"})
