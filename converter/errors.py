"""Our error classes, each with a documented process exit code (see the README's exit code table).

Only these are raised out of the library for bad input; anything else escaping is a bug in c2e.
"""

from __future__ import annotations

from pathlib import Path


class C2EError(Exception):
    """Base class: ``path`` names the file, ``str(error)`` says the problem in plain words."""

    exit_code = 1
    code = "error"

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class InputNotFoundError(C2EError):
    """The input does not exist or cannot be read."""

    exit_code = 3
    code = "input.not-found"


class UnsupportedFormatError(C2EError):
    """The input is a format no installed extractor or bridge reads (a picture, a text file, a theme)."""

    exit_code = 4
    code = "input.unsupported"


class CorruptInputError(C2EError):
    """The input claims a supported format but is damaged (truncated zip, missing parts)."""

    exit_code = 5
    code = "input.corrupt"


class EncryptedInputError(C2EError):
    """The input is password-protected or encrypted."""

    exit_code = 6
    code = "input.encrypted"


class LimitExceededError(C2EError):
    """The input exceeds a configured safety limit (zip bomb, too many slides or entries).

    ``limit`` names the ``Limits`` field; the message then says how to change it.
    """

    exit_code = 7
    code = "input.limit-exceeded"

    def __init__(self, problem: str, path: str | Path | None = None, limit: str | None = None) -> None:
        self.limit = limit
        if limit:
            problem = f"{problem} (limit {limit}; change it with --limit {limit}=VALUE)"
        super().__init__(problem, path)


class OutputError(C2EError):
    """The output could not be written (folder not writable, disk full)."""

    exit_code = 8
    code = "output.failed"


class MissingDependencyError(C2EError):
    """An optional library or external tool that this format needs is not installed."""

    exit_code = 9
    code = "dependency.missing"


class EmptyInputError(C2EError):
    """The input was read but holds nothing to turn into a course (no slides, no text)."""

    exit_code = 10
    code = "input.empty"


class TranslationError(C2EError):
    """A translation file (XLIFF) is refused: not XML, not XLIFF, for another course, inline codes broken,
    a DOCTYPE (entity expansion is never done). ``unit`` names the translation unit when one is at fault."""

    exit_code = 12
    code = "xliff.refused"

    def __init__(self, problem: str, path: str | Path | None = None, unit: str | None = None) -> None:
        self.unit = unit
        super().__init__(f"unit {unit}: {problem}" if unit else problem, path)


PACKAGE_NOT_VALID = 11
"""``c2e validate``'s exit code for a package it could read and found defects in (a verdict, not an error)."""

BATCH_FAILED = 123
"""``c2e batch``'s exit code when one or more files failed (each is in the batch report with its reason)."""

EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "internal error (a bug in c2e; please report it with the input file)",
    2: "usage error (bad command line)",
    InputNotFoundError.exit_code: "input file not found or unreadable",
    UnsupportedFormatError.exit_code: "input format not supported (not a document c2e reads)",
    CorruptInputError.exit_code: "input file is damaged or truncated",
    EncryptedInputError.exit_code: "input file is password-protected or encrypted",
    LimitExceededError.exit_code: "input exceeds a safety limit (size, entries, compression ratio, slides)",
    OutputError.exit_code: "output could not be written",
    MissingDependencyError.exit_code: "a library or tool needed for this format is not installed",
    EmptyInputError.exit_code: "input holds no content to convert",
    PACKAGE_NOT_VALID: "package is not valid (c2e validate found problems)",
    TranslationError.exit_code: "translation file refused (not XLIFF, another course, broken inline codes, DTD)",
    BATCH_FAILED: "c2e batch: one or more files failed (each is in batch-report.json with its reason)",
}


class OptionError(C2EError):
    """An option names something that does not exist (an unknown output format)."""

    exit_code = 2
    code = "usage.bad-option"


class Fault:
    """One wording per fault in an input file, whoever detects it: the pipeline refusing a file no extractor
    claims, or an extractor finding the fault while reading. Each returns the error to raise."""

    EMPTY = "is an empty (0-byte) file"
    ENCRYPTED = "is an encrypted (password-protected)"
    DAMAGED_PACKAGE = "but its zip structure is damaged or it is not a"
    UNRECOGNISED = "not a document c2e recognises"

    @staticmethod
    def empty(path: str | Path) -> EmptyInputError:
        """A 0-byte file: exit 10."""
        return EmptyInputError(Fault.EMPTY, path)

    @staticmethod
    def encrypted(path: str | Path, what: str, remedy: str) -> EncryptedInputError:
        """A password-protected file (``what``: ``Office file``, ``PDF``): exit 6."""
        return EncryptedInputError(f"{Fault.ENCRYPTED} {what}; {remedy}", path)

    @staticmethod
    def damaged_package(path: str | Path, format_name: str, detail: str = "") -> CorruptInputError:
        """A zip named like an Office file that cannot be read, or lacks the parts of ``format_name``: exit 5."""
        detail = detail.removeprefix("is damaged: ")
        suffix = Path(path).suffix
        tail = f" ({detail})" if detail else ""
        return CorruptInputError(f"is named {suffix} {Fault.DAMAGED_PACKAGE} {format_name} package{tail}", path)

    @staticmethod
    def foreign(path: str | Path, what: str, expected: str) -> UnsupportedFormatError:
        """A file that is something else (``what``, from ``Probe.describe``) than ``expected``: exit 4."""
        return UnsupportedFormatError(f"is {what}; it is not {expected}", path)
