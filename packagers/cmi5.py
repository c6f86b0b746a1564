"""cmi5 packager: the player site with the cmi5 runtime plus a ``cmi5.xml`` course structure, written
deterministically.

Decision: one assignable unit (AU) for the whole course, launched at ``index.html`` (``moveOn`` "Completed",
``launchMethod`` "AnyWindow"), like the single SCO of the SCORM packages; ``masteryScore`` only when the course has
questions. Course and AU ids are IRIs derived from the course id only, so re-publishing keeps the LMS's records
attached to the same activities. The LMS launches ``index.html`` with the cmi5 launch parameters (``endpoint``,
``fetch``, ``registration``, ``activityId``, ``actor``); the adapter ``player/runtime/cmi5.js`` does the rest.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from lxml import etree

from converter.model import Course
from converter.options import ConvertOptions, PlayerOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._manifest import clip_title, maker, serialize
from ._site import build_site
from ._zip import write_target
from .xapi import describe

CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MANIFEST_NAME = "cmi5.xml"
LAUNCH_FILE = "index.html"
DEFAULT_BASE_IRI = "https://classroom-to-elearning.org/cmi5/course/"
MASTERY_SCORE = "0.8"
"""The scaled score a course with questions must reach to pass (as the SCORM 2004 package's objective)."""

_c5 = maker(CMI5_NS)
_IRI_SAFE = "-._~!'()*"


def course_iri(course: Course, base: str = DEFAULT_BASE_IRI) -> str:
    """Return the cmi5 course id: ``base`` plus the course id, percent-encoded (stable across builds)."""
    return base + quote(course.id, safe=_IRI_SAFE)


def au_iri(course: Course, base: str = DEFAULT_BASE_IRI) -> str:
    """Return the id of the course's one AU, ``<course iri>/au`` (the ``activityId`` the LMS launches with)."""
    return course_iri(course, base) + "/au"


def _text(parent: etree._Element, tag: str, text: str, lang: str) -> None:
    _c5(_c5(parent, tag), "langstring", text, lang=lang)


def build_manifest(course: Course, base: str = DEFAULT_BASE_IRI) -> bytes:
    """Return the ``cmi5.xml`` bytes: the course, then its one AU.

    Texts carry the course's language (``en`` when the sources did not say)."""
    lang = course.language or "en"
    title, description = clip_title(course.title), describe(course)
    root = etree.Element(f"{{{CMI5_NS}}}courseStructure", nsmap={None: CMI5_NS})
    head = _c5(root, "course", id=course_iri(course, base))
    _text(head, "title", title, lang)
    _text(head, "description", description, lang)
    attrs = {"id": au_iri(course, base), "moveOn": "Completed", "launchMethod": "AnyWindow"}
    if course.questions:
        attrs["masteryScore"] = MASTERY_SCORE
    au = _c5(root, "au", **attrs)
    _text(au, "title", title, lang)
    _text(au, "description", description, lang)
    _c5(au, "url", LAUNCH_FILE)
    return serialize(root)


class Cmi5Packager:
    """Writes a cmi5 package: ``cmi5.xml`` at the root, ``index.html``, ``player/``, ``assets/``."""

    name = "cmi5"
    description = "cmi5 package: cmi5.xml plus the player launched by the LMS and sending cmi5 statements"
    targets: tuple[TargetKind, ...] = ("zip", "folder")

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        """``base_iri``: the prefix of the course id in ``cmi5.xml`` (end it with ``/``)."""
        self.base_iri = base_iri

    def build(self, course: Course, player: PlayerOptions | None = None) -> Result[dict[str, bytes]]:
        """Return every package entry (path -> bytes), ``cmi5.xml`` included, without writing anything;
        ``player``: interface language and branding (see ``SitePackager.build``)."""
        site = build_site(course, runtime="cmi5", player=player)
        entries = dict(site.value)
        entries[MANIFEST_NAME] = build_manifest(course, self.base_iri)
        return site.then(entries)

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write the package to ``target`` atomically and return its path with the rendering messages.

        Raises ``OutputError`` when the folder cannot be written.
        """
        built = self.build(course, options.player)
        return built.then(write_target(target, built.value, first=(MANIFEST_NAME,)))
