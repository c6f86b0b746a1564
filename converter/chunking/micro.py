"""Micro-item courses: each micro-item of the journey as a small course of its own, for a package of its own.

Reinforcement reaches learners days and weeks after the live session, and an LMS releases content on a date
per activity, not per part of a package; so each micro-item is also packaged alone (``NAME-micro/``), in the
same standards as the course, by the same packagers and player. Its course holds one module (the micro-item:
one screen with its explanation and key takeaway, then its knowledge checks) and completes, scores and resumes
like any course. Its id is the course's id and the micro-item's, both stable across edits of the source, so an
LMS keeps each learner's progress on it when the course is published again. Pure: no I/O.
"""

from __future__ import annotations

from ..model import Course, LivePlan, Location, MicroItem, Module, Paragraph, Screen

TAKEAWAY_ATTR = "takeaway"
"""The attribute of the paragraph holding a micro-item's key takeaway (the player labels it as such)."""

_NAME_ROOM = 64 - len("-micro-00")
"""How much of the course's file-name stem a micro-item's keeps (``Course.name`` is at most 64 characters)."""


def micro_courses(course: Course) -> tuple[Course, ...]:
    """Return one course per micro-item of ``course``, in the journey's order (none when it has none)."""
    return tuple(micro_course(course, item, rank) for rank, item in enumerate(course.micro_items, start=1))


def micro_course(course: Course, item: MicroItem, rank: int) -> Course:
    """Return the course of ``course``'s ``rank``-th (1-based) micro-item: named ``NAME-micro-NN``, titled with
    the course's title and the item's, one module of one screen, the item's questions as its checks."""
    first_source = course.sources[0].name if course.sources else course.name
    screen = Screen(id=f"{item.id}-screen", title=item.title, blocks=(*item.blocks, *_takeaway(item)),
                    where=Location(file=first_source), minutes=item.minutes)
    module = Module(id=item.id, title=item.title, stage="reinforcement", kind="summary", screens=(screen,),
                    minutes=item.minutes, objectives=item.objectives, questions=item.questions)
    wanted = set(item.questions)
    recalled = set(item.objectives)
    return course.model_copy(update={
        "id": f"{course.id}-{item.id}",
        "name": f"{course.name[:_NAME_ROOM].rstrip('-')}-micro-{rank:02d}",
        "title": f"{course.title}: {item.title}",
        "modules": (module,),
        "objectives": tuple(objective for objective in course.objectives if objective.id in recalled),
        "questions": tuple(question for question in course.questions if question.id in wanted),
        "micro_items": (),
        "job_aids": (),
        "live": LivePlan(),
    })


def _takeaway(item: MicroItem) -> tuple[Paragraph, ...]:
    """Return the paragraph of the item's key takeaway (none when it has none)."""
    if not item.takeaway:
        return ()
    return (Paragraph(id=f"{item.id}-takeaway", spans=item.takeaway, attrs={TAKEAWAY_ATTR: ""}),)
