"""converter/atomic.py, the one place outputs reach the disk: a failed write leaves the old output as it was and
no temporary file; a folder is swapped in whole; ``sweep`` clears what a killed writer left."""

from __future__ import annotations

import pytest

from converter.atomic import is_temporary, replace_folder, sweep, temp_sibling, write_atomic, write_bytes


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = write_bytes(tmp_path / "deck-scorm12.zip", b"old package")

    def half_then_fail(handle):
        handle.write(b"half a pack")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomic(target, half_then_fail)
    assert target.read_bytes() == b"old package"
    assert [p.name for p in tmp_path.iterdir()] == ["deck-scorm12.zip"]


def test_a_folder_is_replaced_whole(tmp_path):
    final = tmp_path / "deck-web"
    final.mkdir()
    (final / "stale.html").write_text("old")
    built = temp_sibling(final)
    built.mkdir()
    (built / "index.html").write_text("new")
    replace_folder(built, final)
    assert [p.name for p in final.iterdir()] == ["index.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["deck-web"]


def test_sweep_removes_only_what_a_killed_writer_left(tmp_path):
    (tmp_path / "deck-scorm12.zip").write_bytes(b"done")
    (tmp_path / ".hidden-but-mine").write_text("kept")
    leftovers = [temp_sibling(tmp_path / "deck-scorm12.zip"), temp_sibling(tmp_path / "deck-web", ".old")]
    leftovers[0].write_bytes(b"half")
    leftovers[1].mkdir()
    assert all(is_temporary(p) for p in leftovers)
    assert sorted(sweep(tmp_path)) == sorted(leftovers)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden-but-mine", "deck-scorm12.zip"]
