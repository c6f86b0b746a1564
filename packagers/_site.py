"""The shared site every packager ships: ``index.html`` (the player page), ``player/`` files and ``assets/``.

A standard's packager adds only its manifest and names its runtime adapter:
``build_site(course, runtime="scorm12")`` returns every file of the package but the manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from converter.model import Asset, Course, Module, Screen
from converter.options import PlayerOptions
from converter.result import Message, Messages, Result

from ._html import BlockRenderer, environment, language_tag, text_direction
from ._job_aids import job_aid_pages
from ._messages import catalogue_language, interface_messages
from ._theme import Theme, theme
from .accessibility import report_files

RUNTIMES = ("standalone", "scorm12", "scorm2004", "xapi", "cmi5")
"""Runtime adapters shipped in ``player/runtime/<name>.js``; later standards add theirs here."""
RUNTIME_SHARED = {"scorm12": ("lms-api",), "scorm2004": ("lms-api",), "xapi": ("xapi-kit",), "cmi5": ("xapi-kit",)}
"""Shared runtime scripts an adapter needs, loaded after ``standalone.js`` and before the adapter."""

PLAYER_FILES = ("player.css", "player.js", "noscript.css", "report.css")

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


_last_rendered: list[tuple[Course, str, RenderedScreens]] = []
"""The screens last rendered, kept for the same course object and interface language: one build writes several
standards' packages from one course, and their pages differ only in the runtime adapter they load."""


def interface_language(course: Course, player: PlayerOptions | None = None) -> str:
    """Return the language of the player's own words: the one asked for in ``player``, else the course's."""
    return language_tag((player.language if player else None) or course.language)


def render_screens(course: Course, interface: str | None = None) -> RenderedScreens:
    """Return the screens of ``course`` as HTML (autoescaped by the templates), rendered once per course object
    and ``interface`` language (default: the course's). Raises ValueError when two screens share an id."""
    interface = interface or language_tag(course.language)
    if _last_rendered and _last_rendered[0][0] is course and _last_rendered[0][1] == interface:
        return _last_rendered[0][2]
    entries = _entries(course)
    _check_screen_ids(entries)
    messages = Messages()
    renderer = BlockRenderer(course, messages)
    html = environment().get_template("screens.html.j2").render(entries=entries, r=renderer,
                                                                t=interface_messages(interface),
                                                                ui_lang=_ui_lang(course, interface))
    rendered = RenderedScreens(Markup(html), dict(renderer.used_assets), tuple(messages.items))
    _last_rendered[:] = [(course, interface, rendered)]
    return rendered


def _ui_lang(course: Course, interface: str) -> str | None:
    """Return the ``lang`` the interface's own words need when they are not in the course's language, else None."""
    same = catalogue_language(interface) == catalogue_language(language_tag(course.language))
    return None if same else catalogue_language(interface)


def render_index(course: Course, runtime: str, screens: RenderedScreens, interface: str | None = None,
                 look: Theme | None = None) -> str:
    """Return the player page for ``course`` loading ``runtime``'s adapter, around its rendered screens, in the
    ``interface`` language (default: the course's) with the ``look`` of the course's branding."""
    entries = _entries(course)
    menu = [(module, [(i, s) for i, m, s in entries if m is module]) for module in course.modules]
    lang = language_tag(course.language)
    interface = interface or lang
    messages = interface_messages(interface)
    return environment().get_template("index.html.j2").render(
        course=course,
        runtime=runtime,
        lang=lang,
        dir=text_direction(lang),
        ui_lang=_ui_lang(course, interface),
        ui_dir=text_direction(catalogue_language(interface)),
        csp=content_security_policy(runtime),
        scripts=[*runtime_scripts(runtime), "player/player.js"],
        menu=menu,
        count=len(entries),
        screens=screens.html,
        t=messages,
        messages_json=json.dumps(messages, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        theme_css=look is not None,
        logo=look.logo[0] if look and look.logo else None,
    )


def theme_files(look: Theme | None) -> dict[str, bytes]:
    """Return ``player/theme.css`` and the logo for a branded course (nothing for the default look)."""
    if look is None:
        return {}
    files = {"player/theme.css": look.css.encode("utf-8")}
    if look.logo:
        files[look.logo[0]] = look.logo[1]
    return files


def build_site(course: Course, runtime: str = "standalone",
               player: PlayerOptions | None = None) -> Result[dict[str, bytes]]:
    """Return every file of the player site (package path -> bytes) with rendering messages.

    Holds ``index.html``, ``accessibility.html`` and ``.json`` (the conformance report), ``player/...`` (core plus ``runtime``'s adapter, and ``theme.css`` when ``player``
    brands the course) and ``assets/<filename>`` for each asset a screen actually shows. Same course, runtime
    and player options -> same bytes. Raises ValueError for an unknown runtime or duplicate screen ids.
    """
    messages = Messages()
    if not course.screens():
        messages.warn("package.no-screens", "the course has no screens; the package shows an empty player")
    interface = interface_language(course, player)
    look = theme(player, messages) if player else None
    screens = render_screens(course, interface)
    messages.extend(screens.messages)
    files = {"index.html": render_index(course, runtime, screens, interface, look).encode("utf-8")}
    files.update(player_files(runtime))
    files.update(theme_files(look))
    files.update({f"assets/{name}": asset.data for name, asset in sorted(screens.used_assets.items())})
    files.update(job_aid_pages(course, interface))
    files.update(report_files(course))
    return Result.of(files, messages)
