"""One wording and one error class per fault in an input file, whichever extractor (or the pipeline's refusal of a
file no extractor claims) detects it. The phrases match ``converter.pipeline.refusal`` word for word."""

from __future__ import annotations

from pathlib import Path

from converter.errors import CorruptInputError, EmptyInputError, EncryptedInputError, UnsupportedFormatError

EMPTY = "is an empty (0-byte) file"
ENCRYPTED = "is an encrypted (password-protected)"
DAMAGED_PACKAGE = "but its zip structure is damaged or it is not a"
UNRECOGNISED = "not a document c2e recognises"


def empty_file(path: Path) -> EmptyInputError:
    """A 0-byte file: exit 10."""
    return EmptyInputError(EMPTY, path)


def encrypted_file(path: Path, what: str, remedy: str) -> EncryptedInputError:
    """A password-protected file (``what``: ``Office file``, ``PDF``): exit 6."""
    return EncryptedInputError(f"{ENCRYPTED} {what}; {remedy}", path)


def damaged_package(path: Path, format_name: str, detail: str) -> CorruptInputError:
    """A zip named like an Office file whose zip cannot be read, or that lacks the parts of ``format_name``: exit 5."""
    detail = detail.removeprefix("is damaged: ")
    return CorruptInputError(f"is named {path.suffix} {DAMAGED_PACKAGE} {format_name} package ({detail})", path)


def foreign_file(path: Path, what: str, expected: str) -> UnsupportedFormatError:
    """A file that is something else (``what`` from ``Probe.describe``) than the ``expected`` noun: exit 4."""
    return UnsupportedFormatError(f"is {what}; it is not {expected}", path)
