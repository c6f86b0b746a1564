"""Checks that an HTML page c2e wrote holds no active markup: only our own scripts, no handlers, no bad URLs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html

from .payloads import DANGEROUS_SCHEMES

URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "ping", "cite",
    "longdesc", "manifest", "codebase", "srcset", "icon", "lowsrc", "dynsrc", "archive", "profile",
})
ACTIVE_TAGS = frozenset({
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "textarea", "svg", "math",
    "input", "select", "option", "portal", "template", "slot", "marquee", "isindex", "xmp", "plaintext",
    "noembed", "noframes",
})
"""Elements no c2e page writes, but for the knowledge checks' own forms (see ``_our_check_control``); any other
would mean source text became markup."""
CHECK_INPUT_TYPES = frozenset({"radio", "checkbox", "text"})
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
_SAFE_ASSET = re.compile(r"assets/[0-9a-f]{16}\.[a-z0-9]{1,8}")


def unzip(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def scheme_of(url: str) -> str:
    """Return a URL's scheme the way a browser sees it (control characters and spaces removed), lower case."""
    cleaned = _IGNORED_IN_URLS.sub("", url).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) + ":" if match else ""


def _check_form(element: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` is a knowledge check's form as the player writes it: class "check", no action, method
    or target, the child of its check screen and named after it."""
    parent = element.getparent()
    return (element.tag == "form" and element.get("class") == "check"
            and not any(element.get(name) is not None for name in ("action", "method", "target", "enctype"))
            and parent is not None and parent.tag == "section" and "check-screen" in (parent.get("class") or "")
            and element.get("id") == f"{parent.get('id')}--check")


def _our_check_control(element: lxml.html.HtmlElement, tag: str) -> bool:
    """Whether an active element is one of the player's own check controls: the form, or a radio, checkbox or
    text input inside it whose id and name start with the check screen's id."""
    if tag == "form":
        return _check_form(element)
    if tag != "input" or element.get("type") not in CHECK_INPUT_TYPES:
        return False
    form = next((a for a in element.iterancestors() if a.tag == "form"), None)
    if form is None or not _check_form(form):
        return False
    screen = form.getparent().get("id")
    return (element.get("id") or "").startswith(f"{screen}--") and element.get("name") == f"{screen}--answer"


def markup_problems(html: bytes, scripts_under: str | None = "player/", styles_allowed: int = 0) -> list[str]:
    """Return what is wrong with a page: scripts not loaded from ``scripts_under`` (None: no script at all),
    ``on*`` handlers, dangerous URL schemes, active elements, inline styles beyond ``styles_allowed``."""
    document = lxml.html.document_fromstring(html)
    problems: list[str] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        problems += _script_problems(element, tag, scripts_under)
        problems += _attribute_problems(element, tag)
        if tag in ACTIVE_TAGS and not _our_check_control(element, tag):
            problems.append(f"<{tag}> element: {lxml.html.tostring(element)[:120]!r}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() not in ("", "content-security-policy"):
            problems.append(f"<meta http-equiv={element.get('http-equiv')!r}>")
        if tag == "link" and not (element.get("href") or "").startswith("player/"):
            problems.append(f"<link> to {element.get('href')!r}")
        if tag == "img" and not _SAFE_ASSET.fullmatch(element.get("src") or ""):
            problems.append(f"<img src={element.get('src')!r}> is not a package asset")
    styles = document.findall(".//style")
    if len(styles) > styles_allowed:
        problems.append(f"{len(styles)} <style> elements (allowed: {styles_allowed})")
    return problems


def _script_problems(element, tag: str, scripts_under: str | None) -> list[str]:
    if tag != "script":
        return []
    src = element.get("src")
    if scripts_under is None:
        return [f"<script src={src!r}> in a page that should have none"]
    if not src or not src.startswith(scripts_under) or element.text:
        return [f"<script src={src!r}> with {len(element.text or '')} characters inline"]
    return []


def _attribute_problems(element, tag: str) -> list[str]:
    problems = []
    for name, value in element.attrib.items():
        lowered = name.lower()
        if lowered.startswith("on"):
            problems.append(f"<{tag} {name}={value!r}> event handler")
        if lowered == "style":
            problems.append(f"<{tag} style={value!r}> inline style")
        if lowered in URL_ATTRIBUTES and scheme_of(value) in DANGEROUS_SCHEMES:
            problems.append(f"<{tag} {name}={value!r}> dangerous URL")
        if lowered == "href" and tag == "a" and not _allowed_link(value):
            problems.append(f"<a href={value!r}> is neither an in-course jump nor a web or mail address")
    return problems


def _allowed_link(href: str) -> bool:
    return href.startswith("#") or (scheme_of(href) in ("http:", "https:", "mailto:") and href == href.strip())


def visible_text(html: bytes) -> str:
    """Return the text a reader of the page can reach (scripts and styles excluded), whitespace kept."""
    document = lxml.html.document_fromstring(html)
    for element in document.iter("script", "style"):
        element.text = ""
    return document.text_content()


def alt_texts(html: bytes) -> list[str]:
    return [img.get("alt", "") for img in lxml.html.document_fromstring(html).iter("img")]


def links(html: bytes) -> dict[str, str]:
    """Return link text (whitespace trimmed) -> href of every ``<a href>`` in the page."""
    document = lxml.html.document_fromstring(html)
    return {a.text_content().strip(): a.get("href") for a in document.iter("a") if a.get("href") is not None}
