"""Write the README's screenshots of a knowledge check with its feedback (the sample deck's quiz slide, answered
wrong once) at 375x667 and 1280x800: ``python docs/screenshots/make_screenshots.py`` from the repository root
(needs Debian's chromium and Python Playwright, as the runtime tests do)."""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

import converter

HERE = Path(__file__).resolve().parent
DECK = HERE.parent.parent / "samples" / "pharma-sales-onboarding.pptx"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SIZES = ((375, 667), (1280, 800))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def main() -> None:
    """Convert the sample deck to a web site, serve it on loopback and take one screenshot per size."""
    with tempfile.TemporaryDirectory() as out:
        site = converter.convert(DECK, Path(out), format="web", target="folder").value.packages["web"]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                page.wait_for_selector('body[data-ready="true"]', state="attached")
                check = page.locator("section.check-screen").first
                page.evaluate(f"() => window.C2EPlayer.show({check.get_attribute('data-index')})")
                check.locator("input").first.check()
                check.get_by_role("button").filter(has_text="Check my answer").click()
                page.screenshot(path=str(HERE / f"check-{width}x{height}.png"))
                page.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
