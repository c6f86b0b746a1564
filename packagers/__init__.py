"""Packagers: write a Course as an LMS or web package (one shared player, one runtime adapter per standard).

Nothing is imported eagerly; import ``packagers.scorm12`` (or another standard's module) directly.
"""
