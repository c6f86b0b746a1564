"""What every extractor does alike: turn any failure on damaged input into our errors, and describe the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from converter.errors import C2EError, CorruptInputError, Fault, LimitExceededError
from converter.model import SourceDocument, SourceInfo
from converter.options import ConvertOptions, Limits
from converter.probe import Probe, file_sha256
from converter.result import Messages, Result

Reader = Callable[[Probe, Limits, Messages], SourceDocument]


def extract_guarded(probe: Probe, options: ConvertOptions, read: Reader) -> Result[SourceDocument]:
    """Return ``read(probe, limits, messages)`` with its messages; any failure on damaged input becomes ours.

    A 0-byte file is refused before ``read`` runs, in the words the pipeline uses (``Fault.empty``). Our
    errors pass through. Third-party readers raise many kinds of exception on hostile files (KeyError,
    ValueError, IndexError, RecursionError...); the user gets one clear line naming the file instead.
    """
    path = probe.path
    if probe.size == 0:
        raise Fault.empty(path)
    messages = Messages()
    try:
        return Result.of(read(probe, options.limits, messages), messages)
    except C2EError:
        raise
    except RecursionError as error:
        raise CorruptInputError("is damaged: its structure nests too deeply to read", path) from error
    except MemoryError as error:
        raise LimitExceededError("needs more memory to read than is available", path) from error
    except Exception as error:  # noqa: BLE001 - any other failure on damaged input is reported as damage
        raise CorruptInputError(f"is damaged: reading it failed ({type(error).__name__}: {error})", path) from error


def source_info(path: Path, format_name: str, identity: str | None = None) -> SourceInfo:
    """Return the file's name, the extractor's format name, its sha256 and size, and the document's own
    ``identity`` (from its properties, never from the file name)."""
    return SourceInfo(name=path.name, format=format_name, sha256=file_sha256(path), size=path.stat().st_size,
                      identity=identity)
