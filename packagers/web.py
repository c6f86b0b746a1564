"""Web packager: the player as a standalone offline site (open ``index.html``; progress in local storage).

For intranets, review copies and any place without an LMS. A folder by default; ``--target zip`` zips it.
"""

from __future__ import annotations

from pathlib import Path

from converter.model import Course
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._site import build_site, player_settings
from ._zip import write_target


class WebPackager:
    """Writes the player site with the standalone runtime: ``index.html``, ``player/``, ``assets/``."""

    name = "web"
    description = "offline HTML5 site (open index.html; progress kept in the browser)"
    targets: tuple[TargetKind, ...] = ("folder", "zip")
    launchable = True
    """A learner opens the site (see ``converter.plugin.launches``)."""

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write the site to ``target`` atomically; raises ``OutputError`` when it cannot be written."""
        site = build_site(course, runtime="standalone", settings=player_settings(options))
        return site.then(write_target(target, site.value, first=("index.html",)))
