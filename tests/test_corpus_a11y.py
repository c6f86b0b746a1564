"""axe-core on every screen of every corpus deck, at phone and desktop sizes (``make a11y-corpus``).

Long (every deck is converted, then audited at two sizes: about ten minutes on two shared cores), so it is kept
out of the default run by the ``a11y_corpus`` marker (``addopts`` in pyproject.toml) and run by its own make
target.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from converter import api as converter
from converter.options import ConvertOptions, PlayerOptions
from packagers import accessibility
from packagers._site import PlayerSettings, build_site

from conftest import CORPUS, manifest_paths
from runtime.axe_audit import audit_all
from runtime.harness import running_browser

pytestmark = [pytest.mark.a11y_corpus, pytest.mark.corpus]
DECKS = manifest_paths("real/pptx") or sorted((CORPUS / "real" / "pptx").glob("*.pptx"))


@pytest.fixture(scope="module")
def browser() -> Any:
    with running_browser() as chromium:
        yield chromium


@pytest.mark.parametrize("deck", DECKS, ids=[path.stem for path in DECKS])
def test_every_screen_of_a_corpus_deck_is_axe_clean_and_fits(deck: Path, tmp_path: Path, browser: Any) -> None:
    course = converter.build(deck, ConvertOptions(slide_images="never")).value
    for name, data in build_site(course, "standalone", settings=PlayerSettings(player=PlayerOptions())).value.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    results = audit_all(browser, tmp_path)
    bad = [f"{run['viewport']} {s['screen']}: overflow {s['overflow']}px "
           + ", ".join(f"{v['id']} {v['nodes'][:2]}" for v in s["violations"])
           for run in results["runs"] for s in run["screens"] if s["violations"] or s["overflow"]]
    assert bad == []
    report = accessibility.report(course, results)
    assert all(run["violations"] == 0 for run in report["automated"]["runs"])
