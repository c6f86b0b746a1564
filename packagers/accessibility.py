"""The accessibility conformance report every package carries: ``accessibility.json`` and ``accessibility.html``.

In the style of a VPAT/ACR: each WCAG 2.2 A/AA criterion (the table is data: ``packagers/data/wcag-2.2.json``)
with its status for this package (supports / partially supports / does not support / not applicable) and
remarks, the author-side findings located per screen (pictures without alt text, pictures of text, untitled
slides, media without captions, unknown course language), and axe-core's automated results when a tool ran
them (``with_axe``). Statuses come from what the package holds: a criterion the player meets by construction
still drops to "partially supports" when axe found a violation of it or the content has a finding against it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from converter.model import Course, Image, Media, Screen

from ._html import environment, language_tag, text_direction

SUPPORTS = "supports"
PARTIAL = "partially supports"
DOES_NOT = "does not support"
NOT_APPLICABLE = "not applicable"
REPORT_VERSION = "1.0"
_AXE_CRITERION = re.compile(r"^wcag(\d)(\d)(\d+)$")
_FALLBACK_TITLE = re.compile(r"^(Slide|Page|Section|Unit) \d+$")


@cache
def criteria() -> tuple[dict[str, str], ...]:
    """Return the WCAG 2.2 A/AA criteria table: id, name, level, rule (how the status is decided), remarks."""
    text = resources.files("packagers").joinpath("data", "wcag-2.2.json").read_text("utf-8")
    return tuple(json.loads(text)["criteria"])


@dataclass(frozen=True)
class Finding:
    """Something in the content a person should fix in the source, on one screen, against one criterion."""

    criterion: str
    code: str
    screen: str
    screen_title: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"criterion": self.criterion, "code": self.code, "screen": self.screen,
                "screen_title": self.screen_title, "text": self.text}


def _screen_findings(screen: Screen) -> list[Finding]:
    """Return the findings of one screen: pictures without alt text or of text, media, a fallback title."""
    found: list[Finding] = []

    def add(criterion: str, code: str, text: str) -> None:
        found.append(Finding(criterion, code, screen.id, screen.title, text))

    for block in (*screen.blocks, *screen.notes):
        if isinstance(block, Image) and not block.decorative and not block.alt.strip():
            add("1.1.1", "a11y.missing-alt-text", "a picture has no alternative text")
        if isinstance(block, Image) and block.role in ("slide", "scan"):
            add("1.4.5", "a11y.image-of-text", f"a picture of the whole {block.role} (its text is also on the "
                                               "screen as text)")
        if isinstance(block, Media) and block.media_type == "video":
            add("1.2.2", "a11y.media-without-captions", "a video: c2e carries no captions for it")
        if isinstance(block, Media) and block.media_type == "audio":
            add("1.2.1", "a11y.audio-without-transcript", "an audio clip: c2e carries no transcript for it")
    if _FALLBACK_TITLE.fullmatch(screen.title):
        add("2.4.6", "a11y.untitled-screen", f"the source gives this screen no title; it is called {screen.title!r}")
    return found


def findings(course: Course) -> list[Finding]:
    """Return every author-side finding of ``course``, screen by screen, in course order."""
    found = [finding for screen in course.screens() for finding in _screen_findings(screen)]
    if not course.language:
        found.insert(0, Finding("3.1.1", "a11y.language-unknown", "", "", "the sources do not say their "
                                "language; the page says English, which a screen reader will use to read it"))
    return found


def _media(course: Course) -> list[Media]:
    return [b for s in course.screens() for b in (*s.blocks, *s.notes) if isinstance(b, Media)]


def _content_status(rule: str, course: Course, against: list[Finding]) -> tuple[str, str]:
    """Return (status, remark) for a content rule from what the course holds and the findings against it."""
    if rule == "media":
        media = _media(course)
        if not media:
            return NOT_APPLICABLE, "The course has no audio or video."
        return DOES_NOT, f"The course has {len(media)} audio or video clip(s)."
    if rule == "images-of-text":
        if not against:
            return SUPPORTS, "No pictures of whole slides or scanned pages."
        return SUPPORTS, f"{len(against)} picture(s) of a slide or page, each beside the same text as real text."
    if rule == "language-parts" and not course.language:
        return PARTIAL, "The course language is unknown, so parts in other languages cannot be told apart."
    if against:
        return PARTIAL, f"{len(against)} finding(s) in the content, listed by screen below."
    return SUPPORTS, ""


def _axe_criteria(axe: dict[str, Any] | None) -> dict[str, list[str]]:
    """Return criterion id -> the axe rules that failed it (from the runs' violations' ``wcagNNN`` tags)."""
    failed: dict[str, list[str]] = {}
    for run in (axe or {}).get("runs", []):
        for screen in run.get("screens", []):
            for violation in screen.get("violations", []):
                for tag in violation.get("tags", []):
                    match = _AXE_CRITERION.match(tag)
                    if match:
                        rules = failed.setdefault(".".join(match.groups()), [])
                        if violation["id"] not in rules:
                            rules.append(violation["id"])
    return failed


def _status(criterion: dict[str, str], course: Course, found: list[Finding],
            axe_failed: dict[str, list[str]]) -> dict[str, str]:
    """Return one criterion's row: its status for this package and the remarks saying why."""
    rule = criterion["rule"]
    against = [f for f in found if f.criterion == criterion["id"]]
    if rule == "not-applicable":
        status, remark = NOT_APPLICABLE, ""
    elif rule == "player":
        status, remark = SUPPORTS, ""
    else:
        status, remark = _content_status(rule, course, against)
    rules = axe_failed.get(criterion["id"])
    if rules and status in (SUPPORTS, NOT_APPLICABLE):
        status = PARTIAL
    if rules:
        remark = f"{remark} axe-core found violations: {', '.join(rules)}.".strip()
    remarks = " ".join(part for part in (criterion["remarks"], remark) if part)
    return {"id": criterion["id"], "name": criterion["name"], "level": criterion["level"], "status": status,
            "remarks": remarks}


def _automated(axe: dict[str, Any] | None) -> dict[str, Any]:
    """Return the report's summary of an axe run (or says that none ran for this build)."""
    if not axe:
        return {"ran": False, "note": "No automated check ran when this package was built; c2e's own tests run "
                                      "axe-core on every screen of its sample and corpus courses."}
    runs = [{"viewport": run["viewport"], "screens": len(run["screens"]),
             "violations": sum(len(s["violations"]) for s in run["screens"]),
             "overflowing_screens": [s["screen"] for s in run["screens"] if s.get("overflow", 0) > 0],
             "rules": sorted({v["id"] for s in run["screens"] for v in s["violations"]})} for run in axe["runs"]]
    return {"ran": True, "tool": axe.get("tool", "axe-core"), "version": axe.get("version", ""),
            "tags": axe.get("tags", []), "runs": runs}


def report(course: Course, axe: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the conformance report of ``course``'s package as JSON-ready data (same course, same data).

    ``axe``: axe-core results as ``tests/runtime/axe_audit.audit_all`` returns them, when a tool ran them.
    """
    found = findings(course)
    axe_failed = _axe_criteria(axe)
    rows = [_status(criterion, course, found, axe_failed) for criterion in criteria()]
    counts = {status: sum(1 for row in rows if row["status"] == status)
              for status in (SUPPORTS, PARTIAL, DOES_NOT, NOT_APPLICABLE)}
    return {"report_version": REPORT_VERSION, "standard": "WCAG 2.2", "conformance_target": "AA",
            "course": {"id": course.id, "title": course.title, "language": course.language,
                       "screens": len(course.screens())},
            "summary": counts, "criteria": rows, "findings": [f.as_dict() for f in found],
            "automated": _automated(axe)}


def report_files(course: Course, axe: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Return ``accessibility.json`` and ``accessibility.html`` for ``course``'s package."""
    data = report(course, axe)
    lang = language_tag(course.language)
    page = environment().get_template("accessibility.html.j2").render(report=data, course_lang=lang,
                                                                      course_dir=text_direction(lang))
    return {"accessibility.json": (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
            "accessibility.html": page.encode("utf-8")}
