"""Chunking: turn a SourceDocument into a Course. Pure functions: no I/O, no clock, no randomness."""

from .modules import build_course, group_units

__all__ = ["build_course", "group_units"]
