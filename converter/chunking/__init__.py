"""Chunking: turn source documents into a Course. Pure functions: no I/O, no clock, no randomness."""

from .modules import build_course, group_units, role_of, split_cues

__all__ = ["build_course", "group_units", "role_of", "split_cues"]
