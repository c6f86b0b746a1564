"""Recognise and open one kind of Office package (Word, PowerPoint): sniffing by the main part's content type,
refusals with reasons for files that are no such package, the main-part check, and the core properties."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from converter.errors import C2EError, CorruptInputError, EncryptedInputError, UnsupportedFormatError
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .package import (
    CONTENT_TYPES_PART, ContentTypes, Package, Relationship, main_part, peek_local_member, peek_member, read_package,
    read_relationships,
)
from .xml import DC_NS, parse_xml



@dataclass(frozen=True)
class OfficeKind:
    """One kind of Office package: what tells its files apart, and how refusals name it.

    ``noun`` names a file of the kind ("a Word document"), ``empty_noun`` what an empty file is not (``noun``
    when None); ``save_as`` is the extension to save a legacy file as. ``default_types`` also accepts a main
    content type declared as an extension's default (which some generators write) when sniffing.
    """

    app: str
    noun: str
    save_as: str
    extensions: tuple[str, ...]
    main_types: frozenset[str]
    empty_noun: str | None = None
    default_types: bool = False


def claims_package(probe: Probe, kind: OfficeKind) -> bool:
    """Return True for a zip whose content types declare a main part of ``kind`` (damaged zips included), or
    for an encrypted Office file named like one."""
    if probe.is_cfb:
        return probe.path.suffix.lower() in kind.extensions and "encrypted" in (probe.cfb_kind or "")
    if not probe.is_zip:
        return False
    data = peek_member(probe.path, CONTENT_TYPES_PART) or peek_local_member(probe.head, CONTENT_TYPES_PART)
    return data is not None and declares_main_part(data, kind)


def declares_main_part(content_types: bytes, kind: OfficeKind) -> bool:
    """Return True when a (possibly cut short) ``[Content_Types].xml`` names a main part of ``kind``."""
    try:
        declared = ContentTypes.from_xml(content_types)
        values = (*declared.overrides.values(), *(declared.defaults.values() if kind.default_types else ()))
        return any(value in kind.main_types for value in values)
    except C2EError:
        return any(value.encode("ascii") in content_types for value in kind.main_types)


def refuse_unreadable(path: Path, kind: OfficeKind) -> None:
    """Raise the right error for a file that is not a zip at all: empty, encrypted, legacy or foreign."""
    probe = Probe.read(path)
    if probe.size == 0:
        raise CorruptInputError(f"is empty (0 bytes); it is not {kind.empty_noun or kind.noun}", path)
    if probe.is_cfb and "encrypted" in (probe.cfb_kind or ""):
        raise EncryptedInputError(f"is password-protected; remove the password in {kind.app}, then try again", path)
    if probe.is_cfb:
        raise UnsupportedFormatError(f"is {probe.describe()}; open it in {kind.app} and save it as {kind.save_as}",
                                     path)
    if not probe.is_zip:
        raise UnsupportedFormatError(f"is {probe.describe()}, not {kind.noun}", path)


def open_package(path: Path, limits: Limits, messages: Messages, kind: OfficeKind) -> tuple[Package, str]:
    """Return the checked package and the stored name of its main part.

    Raises as ``refuse_unreadable`` and ``read_package`` do, and ``UnsupportedFormatError`` when the package's
    main part is not of ``kind``.
    """
    refuse_unreadable(path, kind)
    package = read_package(path, limits, messages)
    main_name, main_type = main_part(package)
    if main_type not in kind.main_types:
        raise UnsupportedFormatError(f"is not {kind.noun} (its main part is {main_type!r})", path)
    return package, main_name


def core_properties(package: Package, is_core: Callable[[Relationship], bool]) -> dict[str, str]:
    """Return the core properties ``title`` and ``language``, stripped, when present and not blank.

    ``is_core`` picks the package relationship to the core-properties part; a missing or damaged part gives {}.
    """
    try:
        rels = read_relationships(package, "")
    except CorruptInputError:
        return {}
    core = next((rel for rel in rels.values() if is_core(rel) and rel.target), None)
    data = package.get(core.target) if core is not None and core.target else None
    if data is None:
        return {}
    try:
        root = parse_xml(data, core.target, package.path)
    except CorruptInputError:
        return {}
    found = {}
    for key in ("title", "language"):
        element = root.find(f"{{{DC_NS}}}{key}")
        if element is not None and (element.text or "").strip():
            found[key] = element.text.strip()
    return found
