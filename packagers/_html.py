"""Render course blocks to accessible HTML through the jinja2 templates in ``packagers/templates``.

Autoescaping is on and no source text is ever marked safe: the Python side only prepares structure
(link runs, list trees, chart tables, asset paths); the templates write every string through the escaper.
Links survive only for http, https and mailto targets or in-course ``#`` jumps; other schemes
(javascript:, data:, vbscript:, file:, ...) are dropped and their text kept.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from converter.model import LINK_SCHEMES, Asset, Block, Chart, Course, ListItem, Location, Span, TableCell
from converter.result import Messages

from ._messages import fill, interface_messages

EXTERNAL_SCHEMES = frozenset(scheme.split(":")[0] for scheme in LINK_SCHEMES)
PASSIVE_ASSET_EXTENSIONS = frozenset({
    "png", "apng", "jpg", "jpeg", "jpe", "jfif", "gif", "bmp", "webp", "avif", "heic", "heif", "jxl", "tif", "tiff",
    "ico", "emf", "wmf", "bin",
    "mp4", "m4v", "mov", "webm", "ogv", "wmv", "avi", "mpg", "mpeg", "asf",
    "mp3", "m4a", "aac", "wav", "oga", "ogg", "opus", "flac", "wma", "mid", "midi", "aif", "aiff",
})
"""Asset types a package may ship. An LMS serves package files from its own origin, so an SVG, HTML, XML or
script asset opened directly would run there, outside the player's CSP; those are left out with a warning."""
JOB_AID_ATTR = "job-aid"
"""The attr of the paragraph linking a screen to its job aid (``converter.chunking.journey``), holding its id."""
SCREEN_HEADING_LEVEL = 2
"""The course title is the page's h1, each screen title an h2; block headings are shifted below it."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_JOB_AID_PAGE = re.compile(r"job-aids/aid-[0-9a-f]{12}\.html")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi"})


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the template environment: package templates, autoescape on, undefined names are errors.

    One per process, so each template is compiled once however many packages a build writes; the compiled
    templates are also kept between processes in Jinja's per-user cache folder (created private, checked by
    Jinja), which spares a conversion most of the compiling. Output does not depend on the cache."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("packagers", "templates"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def safe_href(href: str | None) -> str | None:
    """Return ``href`` trimmed when it may become a link, else None (the caller keeps the text only).

    Allowed: ``http``/``https`` with a host, ``mailto:`` and in-page ``#fragment`` jumps. Hrefs holding
    control characters are refused outright: browsers strip them, so ``java\\tscript:`` would run.
    """
    if href is None:
        return None
    href = href.strip()
    if not href or _CONTROL.search(href):
        return None
    if href.startswith("#"):
        return href if len(href) > 1 else None
    if _JOB_AID_PAGE.fullmatch(href):
        return href  # a job aid page of the package (``_job_aids.py``), opened in a new tab
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in EXTERNAL_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return href


@dataclass(frozen=True)
class LinkRun:
    """Consecutive spans sharing one link target (``href`` None: plain text)."""

    href: str | None
    spans: tuple[Span, ...]

    @property
    def external(self) -> bool:
        return self.href is not None and not self.href.startswith("#")


def link_runs(spans: tuple[Span, ...]) -> list[LinkRun]:
    """Group spans into runs by their safe link target, so a link split over styled spans stays one link."""
    runs: list[LinkRun] = []
    for span in spans:
        href = safe_href(span.href)
        if runs and runs[-1].href == href:
            runs[-1] = LinkRun(href, runs[-1].spans + (span,))
        else:
            runs.append(LinkRun(href, (span,)))
    return runs


@dataclass
class ListNode:
    """One list entry and the entries nested under it."""

    spans: tuple[Span, ...]
    children: list[ListNode] = field(default_factory=list)


def list_tree(items: tuple[ListItem, ...]) -> list[ListNode]:
    """Nest list items by ``level``; a jump of more than one level nests one step deeper, never more.

    So any sequence of levels gives valid ``ul``/``ol`` nesting (an ``li`` never holds a bare list).
    """
    roots: list[ListNode] = []
    stack: list[tuple[int, list[ListNode]]] = [(-1, roots)]
    for item in items:
        while len(stack) > 1 and stack[-1][0] >= item.level:
            stack.pop()
        node = ListNode(item.spans)
        stack[-1][1].append(node)
        stack.append((item.level, node.children))
    return roots


def heading_level(level: int, base: int = SCREEN_HEADING_LEVEL) -> int:
    """Return the HTML heading level for a block heading of ``level`` under a heading at ``base`` (max 6)."""
    return min(6, base + max(1, level))


def outline(blocks: tuple[Block, ...], base: int = SCREEN_HEADING_LEVEL) -> list[tuple[Block, int]]:
    """Return each block with the HTML heading level it gets (0 for non-headings) under a heading at ``base``.

    Levels never skip (WCAG 1.3.1, 2.4.6): a heading is one deeper than the closest earlier heading of a lower
    source level, so a screen whose first heading is a level 2 gets an h3, not an h4.
    """
    open_levels: list[int] = []
    placed: list[tuple[Block, int]] = []
    for block in blocks:
        if block.kind != "heading":
            placed.append((block, 0))
            continue
        while open_levels and open_levels[-1] >= block.level:
            open_levels.pop()
        open_levels.append(block.level)
        placed.append((block, min(6, base + len(open_levels))))
    return placed


def format_number(value: float | None) -> str:
    """Return a chart value as plain text: integers without ``.0``, at most 10 significant digits."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


@dataclass(frozen=True)
class ChartTable:
    """A chart as a data table: categories are rows, series are columns."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def chart_table(chart: Chart) -> ChartTable:
    """Return the data table of a chart; missing categories are numbered, missing values left blank."""
    count = max([len(chart.categories), *(len(series.values) for series in chart.series)])
    rows = []
    for index in range(count):
        label = chart.categories[index] if index < len(chart.categories) else str(index + 1)
        values = tuple(
            format_number(series.values[index]) if index < len(series.values) else "" for series in chart.series
        )
        rows.append((label, values))
    caption = chart.title or f"{chart.chart_type.replace('_', ' ').capitalize()} chart data"
    return ChartTable(caption, tuple(series.name for series in chart.series), tuple(rows))


def language_tag(language: str | None) -> str:
    """Return a usable ``lang`` value: the course language when it is a well-formed tag, else ``en``."""
    if language and _LANGUAGE_TAG.fullmatch(language.strip()):
        return language.strip()
    return "en"


def text_direction(language: str) -> str:
    """Return ``rtl`` for right-to-left languages (Arabic, Hebrew, Persian, Urdu, ...), else ``ltr``."""
    return "rtl" if language.split("-")[0].lower() in _RTL_LANGUAGES else "ltr"


class BlockRenderer:
    """The helper templates call as ``r``: resolves assets, records what was used, collects messages."""

    def __init__(self, course: Course, messages: Messages) -> None:
        self.course = course
        self.messages = messages
        self.used_assets: dict[str, Asset] = {}
        self.language = language_tag(course.language).lower()

    heading_level = staticmethod(heading_level)
    outline = staticmethod(outline)

    def block_lang(self, block: Block) -> str | None:
        """Return the ``lang`` a block needs: its own (``attrs["lang"]``) when well-formed and not the course's."""
        own = block.attrs.get("lang", "").strip()
        if not own or not _LANGUAGE_TAG.fullmatch(own) or own.lower() == self.language:
            return None
        return own

    def lang(self, block: Block) -> Markup:
        """Return the block's `` lang="..."`` attribute (see ``block_lang``), or nothing."""
        own = self.block_lang(block)
        return Markup(' lang="{}"').format(own) if own else Markup()

    def cell(self, cell: TableCell, where: Location | None = None) -> Markup:
        """Return a table cell's content: its one line of text, or a paragraph per line."""
        if len(cell.paragraphs) == 1:
            return self.spans(cell.paragraphs[0], where)
        return Markup("".join(f'<p dir="auto">{self.spans(line, where)}</p>' for line in cell.paragraphs))

    @staticmethod
    def cell_span(cell: TableCell) -> Markup:
        """Return a table cell's ``colspan``/``rowspan`` attributes, those above 1."""
        return Markup((f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
                      + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""))

    def job_aid_link(self, block: Block, message: str) -> tuple[Span, ...]:
        """Return the spans of the paragraph linking a screen to its job aid (``attrs["job-aid"]``: the aid's id),
        worded by the interface ``message`` (``{title}``: the aid's title); other blocks' spans unchanged."""
        spans: tuple[Span, ...] = getattr(block, "spans", ())
        aid = next((aid for aid in self.course.job_aids if aid.id == block.attrs.get(JOB_AID_ATTR)), None)
        if len(spans) != 1 or aid is None:
            return spans
        return (spans[0].model_copy(update={"text": fill(message, title=aid.title)}),)
    list_tree = staticmethod(list_tree)
    chart_table = staticmethod(chart_table)

    def spans(self, spans: tuple[Span, ...], where: Location | None = None) -> Markup:
        """Return the HTML of a line of text: each span escaped, its line breaks as ``<br>``, in ``code``,
        ``strong``, ``em``, ``u`` as styled, link runs in ``a`` (external ones open a new tab, never with the
        opener). The innermost loop of every page, so written here rather than as template macros."""
        out: list[str] = []
        for run in self.link_runs(spans, where):
            if run.href is not None:
                out.append(f'<a href="{escape(run.href)}" rel="noopener noreferrer" target="_blank">' if run.external
                           else f'<a href="{escape(run.href)}">')
            for span in run.spans:
                opened = [tag for tag, on in (("code", span.code), ("strong", span.bold), ("em", span.italic),
                                              ("u", span.underline)) if on]
                out.extend(f"<{tag}>" for tag in opened)
                out.append("<br>".join(map(escape, span.text.split("\n"))))
                out.extend(f"</{tag}>" for tag in reversed(opened))
            if run.href is not None:
                out.append("</a>")
        return Markup("".join(out))

    def link_runs(self, spans: tuple[Span, ...], where: Location | None = None) -> list[LinkRun]:
        """Return the spans' link runs, warning once per link whose target was dropped."""
        for span in spans:
            if span.href is not None and safe_href(span.href) is None:
                self.messages.warn(
                    "package.link-dropped",
                    f"link target {span.href[:80]!r} is not http, https, mailto or an in-course jump; "
                    "kept the text without the link",
                    where,
                    instead="text without the link",
                )
        return link_runs(spans)

    def asset_src(self, asset_id: str, where: Location | None = None) -> str | None:
        """Return ``assets/<filename>`` for an asset and record it for the package; None when missing."""
        try:
            asset = self.course.asset(asset_id)
        except KeyError:
            self.messages.warn("package.asset-missing", f"asset {asset_id[:16]} is not in the course; left out", where,
                               instead="left out")
            return None
        if not asset.data:
            self.messages.warn("package.asset-empty", f"asset {asset.filename} has no bytes; left out", where,
                               instead="left out")
            return None
        if asset.extension.lower() not in PASSIVE_ASSET_EXTENSIONS:
            self.messages.warn("package.asset-unsafe", f"asset {asset.filename} is not a picture or media file "
                               "a browser only displays (it could run as a page on the LMS); left out", where,
                               instead="left out")
            return None
        self.used_assets[asset.filename] = asset
        return f"assets/{asset.filename}"

    def check_alt(self, alt: str, decorative: bool) -> str:
        """Return the alt text to write ('' for decorative pictures).

        A missing alt text is reported once, by the extractor that read the picture and knows its shape.
        """
        return "" if decorative else alt


def render_fragment(template: str, **context: object) -> Markup:
    """Render a named template with ``context`` and return it as markup (used by packagers and tests); the
    interface messages ``t`` default to English."""
    context.setdefault("t", interface_messages("en"))
    return Markup(environment().get_template(template).render(**context))
