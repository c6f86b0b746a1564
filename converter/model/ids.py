"""Stable content ids: a readable slug plus a short hash of content and provenance, valid as xs:ID."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,7}")


def language_tag(value: object) -> str | None:
    """Return ``value`` when it is a well-formed BCP 47 language tag (``en``, ``pt-BR``), else None.

    Language values come from untrusted files and end up in HTML ``lang`` attributes and manifests.
    """
    return value if isinstance(value, str) and _LANGUAGE_TAG.fullmatch(value) else None


def slugify(text: str, max_length: int = 32) -> str:
    """Return an ASCII slug of ``text`` (lower case, hyphens); empty when nothing ASCII remains."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def short_hash(*parts: str, length: int = 8) -> str:
    """Return the first ``length`` hex digits of the sha256 of the parts (joined unambiguously)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def make_id(prefix: str, title: str, *provenance: str) -> str:
    """Return an id such as ``scr-dosing-and-safety-3f9a1c02``.

    The id starts with a letter and holds only ``[a-z0-9-]``, so it is a valid xs:ID, a safe file name and
    a safe SCORM identifier. The same title and provenance always give the same id.
    """
    slug = slugify(title)
    hashed = short_hash(prefix, title, *provenance)
    return f"{prefix}-{slug}-{hashed}" if slug else f"{prefix}-{hashed}"
