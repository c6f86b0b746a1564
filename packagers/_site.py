"""The shared site every packager ships: ``index.html`` (the player page), ``player/`` files and ``assets/``.

A standard's packager adds only its manifest and names its runtime adapter:
``build_site(course, runtime="scorm12")`` returns every file of the package but the manifest.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from importlib import resources

from markupsafe import Markup

from converter.model import Asset, Course, MicroItem, Module, Screen
from converter.options import ConvertOptions, PlayerOptions
from converter.presets import CompletionRule, preset
from converter.result import Message, Messages, Result

from ._checks import CheckScreen, module_checks
from ._html import BlockRenderer, environment, language_tag, text_direction
from ._job_aids import job_aid_pages
from ._messages import catalogue_language, interface_messages
from ._theme import Theme, theme
from .accessibility import report_files

RUNTIMES = ("standalone", "scorm12", "scorm2004", "xapi", "cmi5")
"""Runtime adapters shipped in ``player/runtime/<name>.js``; later standards add theirs here."""
RUNTIME_SHARED = {"scorm12": ("lms-api",), "scorm2004": ("lms-api",), "xapi": ("xapi-kit",), "cmi5": ("xapi-kit",)}
"""Shared runtime scripts an adapter needs, loaded after ``standalone.js`` and before the adapter."""

PLAYER_FILES = ("player.css", "checks.js", "player.js", "noscript.css", "report.css")
MASTERY_SCORE = 0.8
"""The scaled score that passes the knowledge checks (also the SCORM 2004 objective's and cmi5.xml's)."""


@dataclass(frozen=True)
class PlayerSettings:
    """How the player runs the knowledge checks: ``attempts`` per question before the answer is shown, the
    ``mastery`` scaled score that passes, and the ``completion`` rule (every screen seen, a pass, or both);
    ``completion_score``: a course without checks reports 100% as it completes; ``micro_scos``: the page also
    holds each micro-item, shown when launched as one (``?part=<its id>``); ``player``: the interface language
    and branding."""

    attempts: int = 2
    mastery: float = MASTERY_SCORE
    completion: CompletionRule = "screens"
    completion_score: bool = False
    micro_scos: bool = False
    player: PlayerOptions = field(default_factory=PlayerOptions)


def player_settings(options: ConvertOptions | None) -> PlayerSettings:
    """Return the player settings ``options`` ask for (the defaults without options): the check attempts, the
    LMS preset's completion rule, the score on completion, the micro-item SCOs, the language and branding."""
    if options is None:
        return PlayerSettings()
    completion = preset(options.lms).completion.value if options.lms else "screens"
    return PlayerSettings(attempts=options.check_attempts, completion=completion,
                          completion_score=options.completion_score, micro_scos=options.micro_scos,
                          player=options.player)


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


Entry = tuple[int, Module, Screen | CheckScreen]
"""One screen of the player page: its index, its module, and the screen (a content screen or a check)."""


def _entries(course: Course, check_title: str = "Check {number}") -> list[Entry]:
    """Return the page's screens in order: each module's content screens, then its checks."""
    entries: list[Entry] = []
    checks = 0
    for module in course.modules:
        for screen in module.screens:
            entries.append((len(entries), module, screen))
        for check in module_checks(course, module, check_title, checks + 1):
            entries.append((len(entries), module, check))
            checks += 1
    return entries


def _check_screen_ids(entries: list[Entry]) -> None:
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


_last_rendered: list[tuple[weakref.ref[Course], tuple[bool, str], RenderedScreens]] = []
"""The screens last rendered, kept for the same course object, micro-item screens and interface language: one
build writes several standards' packages from one course, and their pages differ only in the runtime adapter
they load. The course is held weakly (the cache never keeps one alive) and matched by identity, so threads or a
vendor's loop converting other courses only miss the cache: no state of one conversion reaches another."""


def _micro_sections(course: Course, with_micro: bool) -> tuple[MicroItem, ...]:
    """Return the micro-items the page shows as screens of their own: all when they are packaged as their own
    SCOs/AUs (``micro_scos``), else none. Raises ValueError when one's id is a screen's too."""
    if not with_micro:
        return ()
    screen_ids = {screen.id for screen in course.screens()}
    for item in course.micro_items:
        if item.id in screen_ids:
            raise ValueError(f"micro-item id {item.id!r} is also a screen's id; the player could not tell them apart")
    return course.micro_items


def interface_language(course: Course, player: PlayerOptions | None = None) -> str:
    """Return the language of the player's own words: the one asked for in ``player``, else the course's."""
    return language_tag((player.language if player else None) or course.language)


def render_screens(course: Course, with_micro: bool = False, interface: str | None = None) -> RenderedScreens:
    """Return the screens of ``course`` as HTML (autoescaped by the templates), rendered once per course object,
    ``with_micro`` and ``interface`` language (default: the course's); ``with_micro`` adds one screen per
    micro-item (``section[data-micro]``, shown only when launched as one).

    Raises ValueError when two screens share an id.
    """
    interface = interface or language_tag(course.language)
    key = (with_micro, interface)
    last = _last_rendered[0] if _last_rendered else None
    if last is not None and last[0]() is course and last[1] == key:
        return last[2]
    t = interface_messages(interface)
    entries = _entries(course, t["check-title"])
    _check_screen_ids(entries)
    messages = Messages()
    renderer = BlockRenderer(course, messages)
    html = environment().get_template("screens.html.j2").render(entries=entries, r=renderer,
                                                                micro=_micro_sections(course, with_micro), t=t,
                                                                ui_lang=_ui_lang(course, interface))
    rendered = RenderedScreens(Markup(html), dict(renderer.used_assets), tuple(messages.items))
    _last_rendered[:] = [(weakref.ref(course), key, rendered)]
    return rendered


def _ui_lang(course: Course, interface: str) -> str | None:
    """Return the ``lang`` the interface's own words need when they are not in the course's language, else None.

    Decided by language, not by catalogue: a Pashto course (no catalogue) shows English words, which need
    ``lang="en"`` (and ``dir="ltr"``) inside its right-to-left page."""
    words, page = catalogue_language(interface), language_tag(course.language)
    same = words == catalogue_language(page) and _primary(words) == _primary(page)
    return None if same else words


def _primary(tag: str) -> str:
    """Return the language subtag of a BCP 47 tag, lower case (``pt`` for ``pt-BR``)."""
    return tag.split("-")[0].lower()


def render_index(course: Course, runtime: str, screens: RenderedScreens, settings: PlayerSettings | None = None,
                 look: Theme | None = None) -> str:
    """Return the player page for ``course`` loading ``runtime``'s adapter, around its rendered screens, in the
    interface language of ``settings.player`` (default: the course's) with the ``look`` of the course's
    branding; with ``settings.completion_score`` and no knowledge checks to score, the ``c2e-completion-score``
    meta has the player report 100% as it completes."""
    settings = settings or PlayerSettings()
    lang = language_tag(course.language)
    interface = interface_language(course, settings.player)
    messages = interface_messages(interface)
    entries = _entries(course, messages["check-title"])
    by_module: dict[int, list[tuple[int, Screen | CheckScreen]]] = {id(module): [] for module in course.modules}
    for i, module, screen in entries:
        by_module[id(module)].append((i, screen))
    menu = [(module, by_module[id(module)]) for module in course.modules]
    return environment().get_template("index.html.j2").render(
        course=course,
        runtime=runtime,
        lang=lang,
        dir=text_direction(lang),
        ui_lang=_ui_lang(course, interface),
        ui_dir=text_direction(catalogue_language(interface)),
        csp=content_security_policy(runtime),
        scripts=[*runtime_scripts(runtime), "player/checks.js", "player/player.js"],
        settings=settings,
        menu=menu,
        count=len(entries),
        screens=screens.html,
        score_on_completion=settings.completion_score and not course.questions,
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
               settings: PlayerSettings | None = None) -> Result[dict[str, bytes]]:
    """Return every file of the player site (package path -> bytes) with rendering messages.

    Holds ``index.html``, ``accessibility.html`` and ``.json`` (the conformance report), ``player/...`` (core
    plus ``runtime``'s adapter, and ``theme.css`` when ``settings.player`` brands the course) and
    ``assets/<filename>`` for each asset a screen actually shows; with ``settings.micro_scos`` the page also
    holds each micro-item as a screen the player shows only when launched with ``?part=<its id>``. Same course,
    runtime and settings -> same bytes. Raises ValueError for an unknown runtime or duplicate screen ids.
    """
    messages = Messages()
    if not course.screens():
        messages.warn("package.no-screens", "the course has no screens; the package shows an empty player")
    settings = settings or PlayerSettings()
    interface = interface_language(course, settings.player)
    look = theme(settings.player, messages)
    screens = render_screens(course, settings.micro_scos, interface)
    messages.extend(screens.messages)
    files = {"index.html": render_index(course, runtime, screens, settings, look).encode("utf-8")}
    files.update(player_files(runtime))
    files.update(theme_files(look))
    files.update({f"assets/{name}": asset.data for name, asset in sorted(screens.used_assets.items())})
    files.update(job_aid_pages(course, interface))
    files.update(report_files(course))
    return Result.of(files, messages)
