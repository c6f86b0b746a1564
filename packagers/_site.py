"""The shared site every packager ships: ``index.html`` (the player page), ``player/`` files and ``assets/``.

A standard's packager adds only its manifest and names its runtime adapter:
``build_site(course, runtime="scorm12")`` returns every file of the package but the manifest.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from converter.model import Asset, Course, Module, Screen
from converter.result import Message, Messages, Result

from ._html import BlockRenderer, environment, language_tag, text_direction
from ._job_aids import job_aid_pages
from ._messages import interface_messages

RUNTIMES = ("standalone", "scorm12", "scorm2004", "xapi", "cmi5")
"""Runtime adapters shipped in ``player/runtime/<name>.js``; later standards add theirs here."""
RUNTIME_SHARED = {"scorm12": ("lms-api",), "scorm2004": ("lms-api",), "xapi": ("xapi-kit",), "cmi5": ("xapi-kit",)}
"""Shared runtime scripts an adapter needs, loaded after ``standalone.js`` and before the adapter."""

PLAYER_FILES = ("player.css", "player.js", "noscript.css")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The page's CSP (``frame-ancestors`` is ignored in a meta tag, so it is left out)."""

NETWORK_RUNTIMES = frozenset({"xapi", "cmi5"})
"""Adapters that talk to a server the LMS names at launch (an LRS on any origin): their page may connect out."""


def content_security_policy(runtime: str) -> str:
    """Return the page's CSP for ``runtime``: the base policy, plus ``connect-src *`` for the LRS-bound runtimes
    (``default-src 'self'`` would otherwise block every request to the LMS's LRS)."""
    return CONTENT_SECURITY_POLICY + ("; connect-src *" if runtime in NETWORK_RUNTIMES else "")


def runtime_scripts(runtime: str) -> list[str]:
    """Return the runtime script paths, in load order, for a standard's adapter.

    ``standalone.js`` always comes first: every adapter falls back to it when no LMS answers.
    Raises ValueError for an unknown runtime.
    """
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown player runtime {runtime!r}; known: {', '.join(RUNTIMES)}")
    names = ["standalone"] if runtime == "standalone" else ["standalone", *RUNTIME_SHARED.get(runtime, ()), runtime]
    return [f"player/runtime/{name}.js" for name in names]


def read_player_file(relative: str) -> bytes:
    """Return the bytes of a file under ``packagers/player`` (package data, works from a wheel or zip)."""
    node = resources.files("packagers.player")
    for part in relative.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()


def player_files(runtime: str) -> dict[str, bytes]:
    """Return the player's files for ``runtime`` as package paths (``player/...``) -> bytes."""
    paths = [f"player/{name}" for name in PLAYER_FILES] + runtime_scripts(runtime)
    return {path: read_player_file(path.removeprefix("player/")) for path in paths}


def _entries(course: Course) -> list[tuple[int, Module, Screen]]:
    entries: list[tuple[int, Module, Screen]] = []
    for module in course.modules:
        for screen in module.screens:
            entries.append((len(entries), module, screen))
    return entries


def _check_screen_ids(entries: list[tuple[int, Module, Screen]]) -> None:
    seen: set[str] = set()
    for _, _, screen in entries:
        if screen.id in seen:
            raise ValueError(f"screen id {screen.id!r} is used twice; the LMS could not tell the screens apart")
        seen.add(screen.id)


@dataclass(frozen=True)
class RenderedScreens:
    """The page's ``<main>`` for one course: every screen's HTML, the assets it shows, what rendering said."""

    html: Markup
    used_assets: dict[str, Asset]
    messages: tuple[Message, ...]


_last_rendered: list[tuple[weakref.ref[Course], RenderedScreens]] = []
"""The screens last rendered, kept for the same course object: one build writes several standards' packages
from one course, and their pages differ only in the runtime adapter they load. The course is held weakly (the
cache never keeps one alive) and matched by identity, so threads or a vendor's loop converting other courses
only miss the cache: no state of one conversion reaches another."""


def render_screens(course: Course) -> RenderedScreens:
    """Return the screens of ``course`` as HTML (autoescaped by the templates), rendered once per course object.

    Raises ValueError when two screens share an id.
    """
    last = _last_rendered[0] if _last_rendered else None
    if last is not None and last[0]() is course:
        return last[1]
    entries = _entries(course)
    _check_screen_ids(entries)
    messages = Messages()
    renderer = BlockRenderer(course, messages)
    html = environment().get_template("screens.html.j2").render(entries=entries, r=renderer,
                                                                t=interface_messages(course.language))
    rendered = RenderedScreens(Markup(html), dict(renderer.used_assets), tuple(messages.items))
    _last_rendered[:] = [(weakref.ref(course), rendered)]
    return rendered


def render_index(course: Course, runtime: str, screens: RenderedScreens) -> str:
    """Return the player page for ``course`` loading ``runtime``'s adapter, around its rendered screens."""
    entries = _entries(course)
    menu = [(module, [(i, s) for i, m, s in entries if m is module]) for module in course.modules]
    lang = language_tag(course.language)
    messages = interface_messages(lang)
    return environment().get_template("index.html.j2").render(
        course=course,
        runtime=runtime,
        lang=lang,
        dir=text_direction(lang),
        csp=content_security_policy(runtime),
        scripts=[*runtime_scripts(runtime), "player/player.js"],
        menu=menu,
        count=len(entries),
        screens=screens.html,
        t=messages,
        messages_json=json.dumps(messages, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


def build_site(course: Course, runtime: str = "standalone") -> Result[dict[str, bytes]]:
    """Return every file of the player site (package path -> bytes) with rendering messages.

    Holds ``index.html``, ``player/...`` (core plus ``runtime``'s adapter) and ``assets/<filename>`` for each
    asset a screen actually shows. Same course and runtime -> same bytes. Raises ValueError for an unknown
    runtime or duplicate screen ids.
    """
    messages = Messages()
    if not course.screens():
        messages.warn("package.no-screens", "the course has no screens; the package shows an empty player")
    screens = render_screens(course)
    messages.extend(screens.messages)
    files = {"index.html": render_index(course, runtime, screens).encode("utf-8")}
    files.update(player_files(runtime))
    files.update({f"assets/{name}": asset.data for name, asset in sorted(screens.used_assets.items())})
    files.update(job_aid_pages(course))
    return Result.of(files, messages)
