"""axe-core in headless Chromium over every screen of a player site, at phone and desktop sizes.

One page load per package and viewport: the audit walks the screens inside the page (``C2EPlayer.show``), opens
each screen's transcript and measures the page's horizontal overflow with that screen shown; then it shows every
screen at once and runs axe-core with the WCAG 2.x A/AA tags over the whole page (one run instead of one per
screen: a 231-screen deck takes seconds, not minutes), each violation filed under the screen holding it
(header, menu and controls under the first). The result
is the shape ``packagers.accessibility`` reads (``axe_summary``) to fold into the conformance report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RUNTIME_DIR = Path(__file__).resolve().parent
AXE = RUNTIME_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
VIEWPORTS = {"phone": (375, 667), "desktop": (1280, 800)}

_WALK = """async ([tags]) => {
  const screens = Array.from(document.querySelectorAll("section.screen"));
  const out = screens.map((screen) => ({screen: screen.id, overflow: 0, violations: []}));
  const root = document.documentElement;
  for (let i = 0; i < screens.length; i += 1) {
    window.C2EPlayer.show(i);
    screens[i].querySelectorAll(".transcript-toggle[aria-expanded='false']").forEach((b) => b.click());
    out[i].overflow = Math.max(0, root.scrollWidth - root.clientWidth);
  }
  screens.forEach((screen) => { screen.hidden = false; });
  const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  result.violations.forEach((v) => {
    const where = {};
    v.nodes.forEach((node) => {
      const element = document.querySelector(node.target[0]);
      const screen = element && element.closest ? element.closest("section.screen") : null;
      const index = Math.max(0, screens.indexOf(screen));
      (where[index] = where[index] || []).push(node.target.join(" "));
    });
    Object.keys(where).forEach((index) => out[index].violations.push(
      {id: v.id, impact: v.impact, tags: v.tags, help: v.help, nodes: where[index].slice(0, 5)}));
  });
  screens.forEach((screen, index) => { screen.hidden = index !== 0; });
  window.C2EPlayer.show(0);
  return out;
}"""


def axe_source() -> str:
    """Return axe-core's script (tests/runtime/node_modules, pinned in package.json); fails (never skips) without it."""
    if not AXE.is_file():
        import pytest

        pytest.fail(f"{AXE} is missing; run `make test` (npm ci --prefix tests/runtime installs it)", pytrace=False)
    return AXE.read_text("utf-8")


def audit_site(browser: Any, site: Path, viewport: tuple[int, int]) -> list[dict[str, Any]]:
    """Return, per screen of the site in folder ``site``, axe's WCAG A/AA violations and the page's overflow (px).

    The page runs with its own CSP bypassed only so axe can be injected; the player itself is unchanged.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=True,
                                  reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-ready='true']")
        page.add_script_tag(content=axe_source())
        screens: list[dict[str, Any]] = page.evaluate(_WALK, [list(WCAG_TAGS)])
        return screens
    finally:
        context.close()


def audit_all(browser: Any, site: Path, viewports: dict[str, tuple[int, int]] | None = None) -> dict[str, Any]:
    """Return the axe results for ``site`` at every viewport, in the shape the conformance report reads."""
    sizes = viewports or VIEWPORTS
    version = json.loads((AXE.parent / "package.json").read_text("utf-8"))["version"]
    return {"tool": "axe-core", "version": version, "tags": list(WCAG_TAGS),
            "runs": [{"viewport": f"{w}x{h}", "screens": audit_site(browser, site, (w, h))}
                     for w, h in sizes.values()]}
