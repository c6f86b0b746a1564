"""Recognise and open one kind of Office package (Word, PowerPoint): sniffing by the main part's content type,
refusals with reasons for files that are no such package, the main-part check, and the core properties."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from converter.errors import C2EError, CorruptInputError, Fault, UnsupportedFormatError
from converter.options import Limits
from converter.probe import Probe
from converter.result import Messages

from .package import (
    CONTENT_TYPES_PART,
    ContentTypes,
    Package,
    Relationship,
    main_part,
    read_package,
    read_relationships,
)
from .sniffed import sniffed_zip
from .xml import DC_NS, DCTERMS_NS

MAIN_TYPE_SUFFIX = "main+xml"
"""How every Office main part's content type ends (``...presentation.main+xml``, ``...Template.main+xml``)."""


@dataclass(frozen=True)
class OfficeKind:
    """One kind of Office package: what tells its files apart, and how refusals name it.

    ``noun`` names a file of the kind ("a Word document"), ``empty_noun`` what an empty file is not (``noun``
    when None); ``save_as`` is the extension to save a legacy file as. ``default_types`` also accepts a main
    content type declared as an extension's default (which some generators write) when sniffing.
    """

    app: str
    format_name: str
    noun: str
    save_as: str
    extensions: tuple[str, ...]
    main_types: frozenset[str]
    empty_noun: str | None = None
    default_types: bool = False


def claims_package(probe: Probe, kind: OfficeKind) -> bool:
    """Return True for a zip whose content types declare a main part of ``kind`` (damaged zips included), for a
    zip named like one whose content types declare no main part at all (a damaged or foreign zip: the extractor
    then names the fault, in the same words whatever the file), or for an encrypted Office file named like one.

    The zip is opened and its content types parsed once per probe (``sniffed_zip``); extraction reuses both.
    """
    named_like = probe.path.suffix.lower() in kind.extensions
    if probe.is_cfb:
        return named_like and "encrypted" in (probe.cfb_kind or "")
    if not probe.is_zip or probe.opendocument_kind:
        return False
    sniffed = sniffed_zip(probe)
    data = sniffed.content_types_data
    if data is not None and declares_main_part(data, kind, sniffed.content_types):
        return True
    return named_like and not _declares_any_main_part(data, sniffed.content_types)


def _declares_any_main_part(data: bytes | None, declared: ContentTypes | None) -> bool:
    """Return True when the content types name the main part of any Office document (Word, PowerPoint, Excel)."""
    if data is None:
        return False
    if declared is None:
        return MAIN_TYPE_SUFFIX.encode("ascii") in data
    return any(value.endswith(MAIN_TYPE_SUFFIX) for value in (*declared.overrides.values(),
                                                               *declared.defaults.values()))


def declares_main_part(content_types: bytes, kind: OfficeKind, declared: ContentTypes | None = None) -> bool:
    """Return True when a (possibly cut short) ``[Content_Types].xml`` names a main part of ``kind``.

    ``declared`` is the part already parsed (None when it is not well-formed, e.g. cut short)."""
    if declared is None:
        try:
            declared = ContentTypes.from_xml(content_types)
        except C2EError:
            return any(value.encode("ascii") in content_types for value in kind.main_types)
    values = (*declared.overrides.values(), *(declared.defaults.values() if kind.default_types else ()))
    return any(value in kind.main_types for value in values)


def refuse_unreadable(probe: Probe, kind: OfficeKind) -> None:
    """Raise the right error for a file that is not a zip at all: empty, encrypted, legacy or foreign (worded as
    ``converter.pipeline.refusal`` words them, in ``converter.errors.Fault``)."""
    path = probe.path
    if probe.size == 0:
        raise Fault.empty(path)
    if probe.is_cfb and "encrypted" in (probe.cfb_kind or ""):
        raise Fault.encrypted(path, "Office file", f"remove the password in {kind.app} and convert again")
    if probe.is_cfb:
        raise UnsupportedFormatError(f"is {probe.describe()}; open it in {kind.app} and save it as {kind.save_as}",
                                     path)
    if not probe.is_zip:
        raise Fault.foreign(path, probe.describe(), kind.noun)


def open_package(probe: Probe, limits: Limits, messages: Messages, kind: OfficeKind) -> tuple[Package, str]:
    """Return the checked package and the stored name of its main part, reading the zip the sniffer opened.

    Raises as ``refuse_unreadable`` does, ``CorruptInputError`` (``Fault.damaged_package``) for a zip that cannot
    be read, lacks its main part or has a main part of another kind, and ``LimitExceededError`` and
    ``EncryptedInputError`` as ``read_package`` does.
    """
    refuse_unreadable(probe, kind)
    sniffed = sniffed_zip(probe)
    archive = sniffed.take_archive()
    roots = {CONTENT_TYPES_PART: sniffed.content_types_root} if sniffed.content_types_root is not None else {}
    try:
        package = read_package(probe.path, limits, messages, archive=archive, roots=roots)
        main_name, main_type = main_part(package)
    except CorruptInputError as error:
        raise Fault.damaged_package(probe.path, kind.format_name, error.problem) from error
    finally:
        if archive is not None:
            archive.close()
    if main_type not in kind.main_types:  # another kind of package named like ours: the pipeline's words for it
        raise Fault.damaged_package(probe.path, kind.format_name, f"its main part is {main_type!r}")
    return package, main_name


def core_properties(package: Package, is_core: Callable[[Relationship], bool]) -> dict[str, str]:
    """Return the core properties ``title``, ``language``, ``identifier`` (``dc:``) and ``created``
    (``dcterms:``), white space runs made one space, when present and not blank.

    ``is_core`` picks the package relationship to the core-properties part; a missing or damaged part gives {}.
    """
    try:
        rels = read_relationships(package, "")
    except CorruptInputError:
        return {}
    core = next((rel for rel in rels.values() if is_core(rel) and rel.target), None)
    if core is None or core.target is None or package.find(core.target) is None:
        return {}
    try:
        root = package.xml(core.target)
    except CorruptInputError:
        return {}
    found = {}
    for key, namespace in (("title", DC_NS), ("language", DC_NS), ("identifier", DC_NS), ("created", DCTERMS_NS)):
        element = root.find(f"{{{namespace}}}{key}")
        text = " ".join((element.text or "").split()) if element is not None else ""
        if text:
            found[key] = text
    return found


def document_identity(core: dict[str, str], generic_titles: frozenset[str]) -> str | None:
    """Return the document's own identity from its core properties: ``dc:identifier`` when set, else its title and
    creation date (``title@created``) when both are set and the title is not a tool's default; None otherwise.

    It never depends on the file's name, so renaming the file keeps it."""
    if core.get("identifier"):
        return core["identifier"]
    title, created = core.get("title"), core.get("created")
    if title and created and title.lower() not in generic_titles:
        return f"{title}@{created}"
    return None
