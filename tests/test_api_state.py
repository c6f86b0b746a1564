"""The Python API keeps no state between conversions: the player's one-entry render cache holds its course
weakly and by identity, so courses converted side by side (threads, a vendor's loop) never see each other's
screens, and a finished course is not kept alive."""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import ThreadPoolExecutor

from packagers._site import render_screens

from course_factory import make_course


def test_courses_rendered_side_by_side_each_get_their_own_screens():
    first, second = make_course(n_modules=2), make_course(n_modules=3, screens_per_module=2)
    alone = {id(c): render_screens(c).html for c in (first, second)}
    assert alone[id(first)] != alone[id(second)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda c: (id(c), render_screens(c).html), [first, second] * 20))
    assert all(html == alone[key] for key, html in together)


def test_the_render_cache_does_not_keep_a_course_alive():
    course = make_course()
    render_screens(course)
    ref = weakref.ref(course)
    del course
    gc.collect()
    assert ref() is None
