"""The launchable units of a package (SCORM SCOs, cmi5 AUs, xAPI launchable activities), from the options.

Decision: there is one player page, ``index.html``, whatever the layout. A unit other than the whole course is
that page launched with ``?part=<module or micro-item id>``: the player then shows only that part's screens
and tracks it on its own (its own completion, location and suspend data, which the LMS keeps per SCO/AU).
``--sco course`` (the default) gives one unit, the course; ``--sco module`` one per module; ``micro_scos``
adds one per micro-item, whose blocks and takeaway make one screen. Micro-items are reinforcement spaced over
the weeks after the live session, so they never count towards the course's completion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from converter.model import Course
from converter.options import ConvertOptions

PART_PARAMETER = "part"
"""The launch parameter naming the module or micro-item a unit shows (``index.html?part=<id>``)."""

UnitKind = Literal["course", "module", "micro"]


@dataclass(frozen=True)
class LaunchUnit:
    """One launchable unit: ``part`` is None for the whole course, else the module or micro-item id it shows."""

    kind: UnitKind
    id: str
    title: str
    part: str | None = None

    @property
    def parameters(self) -> str:
        """Return the query string the LMS appends to the launch file (``""`` for the whole course)."""
        return f"?{PART_PARAMETER}={quote(self.part, safe='-._~')}" if self.part else ""

    @property
    def counts_for_completion(self) -> bool:
        """Return whether the course's completion waits for this unit (micro-items come weeks later: no)."""
        return self.kind != "micro"


def launch_units(course: Course, options: ConvertOptions | None = None) -> list[LaunchUnit]:
    """Return the course's launchable units in learner order for ``options`` (default: one, the course).

    Raises ValueError when a module and a micro-item share an id (their launch parameter would be ambiguous).
    """
    options = options or ConvertOptions()
    if options.sco == "module" and course.modules:
        units = [LaunchUnit("module", module.id, module.title, module.id) for module in course.modules]
    else:
        units = [LaunchUnit("course", course.id, course.title)]
    if options.micro_scos:
        units += [LaunchUnit("micro", item.id, item.title, item.id) for item in course.micro_items]
    parts = [unit.part for unit in units if unit.part]
    if len(parts) != len(set(parts)):
        raise ValueError("a module and a micro-item share an id; the player could not tell which one to show")
    return units


def single_unit(options: ConvertOptions | None) -> bool:
    """Return whether packages written with ``options`` hold one launchable unit (the course) whatever the
    course holds."""
    return options is None or (options.sco == "course" and not options.micro_scos)
