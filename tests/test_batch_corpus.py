"""A batch over the whole shared corpus (real and robustness files together): every good file converts, every
bad one is reported with its reason (the same outcome ``c2e convert`` gives it alone, as recorded in
tests/goldens/robustness-outcomes.tsv), the batch exits 123, and its report names every file exactly once."""

from __future__ import annotations

import json
import zipfile

import pytest

from converter.errors import BATCH_FAILED

from conftest import CORPUS, run_c2e
from test_corpus_packages import _expected_outcomes

pytestmark = pytest.mark.corpus


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_a_batch_over_the_corpus_converts_the_good_files_and_reports_each_bad_one_once(tmp_path):
    out = tmp_path / "out"
    run = run_c2e("batch", str(CORPUS), "-o", str(out), "-q", "--slide-images", "never", "--ocr", "never",
                  "--time-limit", "300", timeout=3600)
    assert run.returncode == BATCH_FAILED, run.stderr[-2000:]
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert run.stdout.strip() == report["summary"]

    listed = [f["key"] for f in report["files"]] + [str(CORPUS.joinpath(p).relative_to(CORPUS))
                                                   for p in report["ignored"]]
    on_disk = [p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()]
    assert sorted(listed) == sorted(on_disk)  # every file once: converted, failed, or not a document

    files = {f["key"]: f for f in report["files"]}
    real = [f for key, f in files.items() if key.startswith("real/")]
    assert real and all(f["status"] == "converted" for f in real), [f["key"] for f in real if f["code"]]
    expected = _expected_outcomes()
    for key, entry in files.items():
        if entry["status"] == "failed":
            assert entry["code"].startswith("input.") and entry["reason"], entry
            assert f"<code>{entry['code']}</code>: " in (out / "batch-report.html").read_text(encoding="utf-8")
        else:
            package = out / key / next(name for name in entry["outputs"] if name.endswith("-scorm12.zip"))
            assert zipfile.ZipFile(package).testzip() is None
        if key in expected:  # the same outcome as converting the file alone
            assert str(entry["exit_code"]) == expected[key].split("\t")[0], (key, entry["reason"])
    for path in report["ignored"]:
        key = CORPUS.joinpath(path).relative_to(CORPUS).as_posix()
        assert key not in expected or expected[key].startswith("4\t")  # unsupported, as convert says
    assert report["totals"]["failed"] == sum(1 for f in files.values() if f["status"] == "failed") > 0
