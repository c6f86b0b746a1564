"""A link into the offline web package (``index.html#<screen id>``) opens that screen, at load and on a later
hash change, instead of the first or the resumed one: authors share links to one screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import converter
from converter.options import ConvertOptions

from runtime.harness import running_browser

pytestmark = pytest.mark.runtime

READY = 'body[data-ready="true"]'


@pytest.fixture(scope="module")
def site(sample_deck: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("deep-link")
    conversion = converter.convert([sample_deck], out, ConvertOptions(formats=("web",))).value
    folder = conversion.packages["web"]
    ids = re.findall(r'<section class="screen" id="([^"]+)"', (folder / "index.html").read_text(encoding="utf-8"))
    assert len(ids) >= 3, "the sample deck should give several screens"
    return folder, ids


def test_a_screen_id_in_the_address_opens_that_screen_and_hash_changes_follow(site):
    folder, ids = site
    with running_browser() as browser:
        page = browser.new_page()
        page.goto((folder / "index.html").as_uri() + "#" + ids[2])
        page.wait_for_selector(READY)
        assert page.get_attribute("body", "data-screen") == "2"
        assert page.locator(f"section.screen#{ids[2]}").is_visible()
        page.evaluate(f"() => {{ window.location.hash = {ids[1]!r}; }}")
        page.wait_for_function("() => document.body.getAttribute('data-screen') === '1'")
        page.reload()
        page.wait_for_selector(READY)
        assert page.get_attribute("body", "data-screen") == "1", "a reload keeps the address's screen"
        fresh = browser.new_context().new_page()  # nothing saved in this browser profile yet
        fresh.goto((folder / "index.html").as_uri() + "#no-such-screen")
        fresh.wait_for_selector(READY)
        assert fresh.get_attribute("body", "data-screen") == "0", "an unknown id falls back to the first screen"
