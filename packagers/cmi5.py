"""cmi5 packager: the player site with the cmi5 runtime plus a ``cmi5.xml`` course structure, written
deterministically.

Decision: one assignable unit (AU) for the whole course, launched at ``index.html`` (``moveOn`` "Completed",
``launchMethod`` "AnyWindow"), like the single SCO of the SCORM packages; ``masteryScore`` only when the course has
questions. With ``--sco module`` a block holds one AU per module (``<course iri>/au/<module id>``, launched at
``index.html?part=<module id>``, its masteryScore when the module has questions); with ``--micro-scos`` a second
block holds one AU per micro-item with ``moveOn`` "NotApplicable", so reinforcement weeks after the live session
never holds up the course's satisfaction. Course and AU ids are IRIs derived from the course id only, so re-publishing keeps the LMS's records
attached to the same activities. The LMS launches ``index.html`` with the cmi5 launch parameters (``endpoint``,
``fetch``, ``registration``, ``activityId``, ``actor``); the adapter ``player/runtime/cmi5.js`` does the rest.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from lxml import etree

from converter.model import Course
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._manifest import clip_title, maker, serialize
from ._messages import fill, interface_messages
from ._site import build_site, player_settings
from ._units import LaunchUnit, launch_units, single_unit
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


def unit_au_iri(course: Course, unit: LaunchUnit, base: str = DEFAULT_BASE_IRI) -> str:
    """Return the AU id of a launchable unit: the course's one AU, else ``<course iri>/au/<module or micro id>``."""
    return au_iri(course, base) if unit.part is None else f"{au_iri(course, base)}/{quote(unit.part, safe=_IRI_SAFE)}"


def _text(parent: etree._Element, tag: str, text: str, lang: str) -> None:
    _c5(_c5(parent, tag), "langstring", text, lang=lang)


def _questions(course: Course, unit: LaunchUnit) -> tuple[str, ...]:
    """Return the ids of the questions the unit's part holds."""
    if unit.kind == "course":
        return tuple(question.id for question in course.questions)
    parts = {module.id: module.questions for module in course.modules}
    parts.update({item.id: item.questions for item in course.micro_items})
    return parts.get(unit.id, ())


def _describe(course: Course, unit: LaunchUnit) -> str:
    """Return an AU's description: the course's, or what the module or micro-item holds, in numbers, in the
    course's language."""
    if unit.kind == "course":
        return describe(course)
    words = interface_messages(course.language)
    if unit.kind == "micro":
        return words["manifest-micro"]
    screens = next(len(m.screens) for m in course.modules if m.id == unit.id)
    return fill(words["manifest-module"], title=clip_title(course.title), screens=screens)


def _au(parent: etree._Element, course: Course, unit: LaunchUnit, base: str, lang: str) -> None:
    attrs = {"id": unit_au_iri(course, unit, base), "moveOn": "Completed" if unit.counts_for_completion
             else "NotApplicable", "launchMethod": "AnyWindow"}
    if _questions(course, unit) and unit.counts_for_completion:
        attrs["masteryScore"] = MASTERY_SCORE
    au = _c5(parent, "au", **attrs)
    _text(au, "title", clip_title(unit.title), lang)
    _text(au, "description", _describe(course, unit), lang)
    _c5(au, "url", LAUNCH_FILE + unit.parameters)


def _block(parent: etree._Element, iri: str, title: str, description: str, lang: str) -> etree._Element:
    block = _c5(parent, "block", id=iri)
    _text(block, "title", clip_title(title), lang)
    _text(block, "description", description, lang)
    return block


def build_manifest(course: Course, base: str = DEFAULT_BASE_IRI, options: ConvertOptions | None = None) -> bytes:
    """Return the ``cmi5.xml`` bytes: the course, then its one AU, or (``--sco module``, ``--micro-scos``) a
    block of module AUs and a block of micro-item AUs.

    Texts carry the course's language (``en`` when the sources did not say)."""
    lang = course.language or "en"
    root = etree.Element(f"{{{CMI5_NS}}}courseStructure", nsmap={None: CMI5_NS})
    head = _c5(root, "course", id=course_iri(course, base))
    _text(head, "title", clip_title(course.title), lang)
    _text(head, "description", describe(course), lang)
    units = launch_units(course, options)
    if single_unit(options):
        _au(root, course, units[0], base, lang)
        return serialize(root)
    lessons = [unit for unit in units if unit.counts_for_completion]
    if lessons[0].kind == "course":
        _au(root, course, lessons[0], base, lang)
    else:
        block = _block(root, course_iri(course, base) + "/block/modules", course.title, describe(course), lang)
        for unit in lessons:
            _au(block, course, unit, base, lang)
    micro = [unit for unit in units if not unit.counts_for_completion]
    if micro:
        words = interface_messages(course.language)
        block = _block(root, course_iri(course, base) + "/block/micro",
                       fill(words["manifest-micro-title"], title=course.title), words["manifest-micro-block"], lang)
        for unit in micro:
            _au(block, course, unit, base, lang)
    return serialize(root)


class Cmi5Packager:
    """Writes a cmi5 package: ``cmi5.xml`` at the root, ``index.html``, ``player/``, ``assets/``."""

    name = "cmi5"
    description = "cmi5 package: cmi5.xml plus the player launched by the LMS and sending cmi5 statements"
    targets: tuple[TargetKind, ...] = ("zip", "folder")
    launchable = True
    """A learner launches its AUs (see ``converter.plugin.launches``)."""

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        """``base_iri``: the prefix of the course id in ``cmi5.xml`` (end it with ``/``)."""
        self.base_iri = base_iri

    def build(self, course: Course, options: ConvertOptions | None = None) -> Result[dict[str, bytes]]:
        """Return every package entry (path -> bytes), the descriptor included, without writing anything."""
        site = build_site(course, runtime="cmi5", settings=player_settings(options))
        entries = dict(site.value)
        entries[MANIFEST_NAME] = build_manifest(course, self.base_iri, options)
        return site.then(entries)

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write the package to ``target`` atomically and return its path with the rendering messages.

        Raises ``OutputError`` when the folder cannot be written.
        """
        built = self.build(course, options)
        return built.then(write_target(target, built.value, first=(MANIFEST_NAME,)))
