"""xAPI (Tin Can) packager: the player site with the xAPI runtime plus a ``tincan.xml``, written deterministically.

Decision: one course activity (type ``course``) launched at ``index.html`` and one activity per module (type
``module``). With ``--sco module`` each module activity is the one launched, at ``index.html?part=<module id>``
(the course activity then has no launch), and with ``--micro-scos`` each micro-item is an activity of type
``lesson`` (``<course iri>/micro/<id>``) launched at ``index.html?part=<micro-item id>``. Activity ids are IRIs derived from the course and module ids only, so re-publishing keeps the
LRS's statements attached to the same activities. The LMS launches ``index.html`` with the Rustici launch
parameters (``endpoint``, ``auth``, ``actor``, ``registration``, ``activity_id``); the runtime adapter
``player/runtime/xapi.js`` sends the statements and keeps resume data in the State API.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from lxml import etree

from converter.model import Course
from converter.options import ConvertOptions

from ._manifest import clip_title, maker, serialize
from ._messages import fill, interface_messages
from ._package import SitePackager
from ._units import launch_units

TINCAN_NS = "http://projecttincan.com/tincan.xsd"
MANIFEST_NAME = "tincan.xml"
LAUNCH_FILE = "index.html"
DEFAULT_BASE_IRI = "https://classroom-to-elearning.org/xapi/course/"
"""Course activity ids are ``<base><course id>``; the runtime uses the same default when the LMS does not pass
``activity_id``."""
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
MICRO_TYPE = "http://adlnet.gov/expapi/activities/lesson"

_tc = maker(TINCAN_NS)
_IRI_SAFE = "-._~!'()*"
"""What JavaScript's encodeURIComponent leaves alone: the runtime builds the same IRIs from the page."""


def course_iri(course: Course, base: str = DEFAULT_BASE_IRI) -> str:
    """Return the course activity's IRI: ``base`` plus the course id, percent-encoded (stable across builds)."""
    return base + quote(course.id, safe=_IRI_SAFE)


def module_iri(course: Course, module_id: str, base: str = DEFAULT_BASE_IRI) -> str:
    """Return a module activity's IRI, ``<course iri>/module/<module id>``."""
    return f"{course_iri(course, base)}/module/{quote(module_id, safe=_IRI_SAFE)}"


def micro_iri(course: Course, item_id: str, base: str = DEFAULT_BASE_IRI) -> str:
    """Return a micro-item activity's IRI, ``<course iri>/micro/<micro-item id>``."""
    return f"{course_iri(course, base)}/micro/{quote(item_id, safe=_IRI_SAFE)}"


def screen_iri(course: Course, screen_id: str, base: str = DEFAULT_BASE_IRI) -> str:
    """Return a screen activity's IRI, ``<course iri>/screen/<screen id>`` (what the runtime reports)."""
    return f"{course_iri(course, base)}/screen/{quote(screen_id, safe=_IRI_SAFE)}"


def _activity(parent: etree._Element, iri: str, kind: str, names: tuple[str, str | None], lang: str) -> etree._Element:
    name, description = names
    activity = _tc(parent, "activity", id=iri, type=kind)
    _tc(activity, "name", clip_title(name), lang=lang)
    if description:
        _tc(activity, "description", description, lang=lang)
    return activity


def describe(course: Course) -> str:
    """Return the course activity's description: what the learner gets, in numbers (the model has no summary),
    in the course's language (its player catalogue; English when there is none)."""
    words = interface_messages(course.language)
    return fill(words["manifest-course"], modules=len(course.modules), screens=len(course.screens()))


def build_manifest(course: Course, base: str = DEFAULT_BASE_IRI, options: ConvertOptions | None = None) -> bytes:
    """Return the ``tincan.xml`` bytes: the course activity then one per module (and per micro-item when they
    are packaged on their own), each launchable unit with its launch URL (see the module docstring).

    Texts carry the course's language (``und``, undetermined, when the sources did not say)."""
    lang = course.language or "und"
    launches = {unit.part or "": LAUNCH_FILE + unit.parameters for unit in launch_units(course, options)}
    root = etree.Element(f"{{{TINCAN_NS}}}tincan", nsmap={None: TINCAN_NS})
    activities = _tc(root, "activities")
    rows: list[tuple[str, str, tuple[str, str | None], str]] = [
        (course_iri(course, base), COURSE_TYPE, (course.title, describe(course)), "")]
    rows += [(module_iri(course, m.id, base), MODULE_TYPE, (m.title, None), m.id) for m in course.modules]
    rows += [(micro_iri(course, i.id, base), MICRO_TYPE, (i.title, None), i.id) for i in course.micro_items
             if i.id in launches]
    for iri, kind, names, part in rows:
        activity = _activity(activities, iri, kind, names, lang)
        if part in launches:
            _tc(activity, "launch", launches[part], lang=lang)
    return serialize(root)


class XapiPackager(SitePackager):
    """Writes an xAPI package: ``tincan.xml`` at the root, ``index.html``, ``player/``, ``assets/``."""

    name = "xapi"
    description = "xAPI (Tin Can) package: tincan.xml plus the player sending statements to the LMS's LRS"
    runtime = "xapi"
    descriptor_name = MANIFEST_NAME

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        """``base_iri``: the prefix of the course activity id in ``tincan.xml`` (end it with ``/``)."""
        self.base_iri = base_iri

    def descriptor(self, course: Course, files: Mapping[str, bytes], options: ConvertOptions | None = None) -> bytes:
        return build_manifest(course, self.base_iri, options)
