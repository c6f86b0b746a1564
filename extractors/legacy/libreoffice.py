"""The LibreOffice bridge: legacy and OpenDocument files (.ppt, .doc, .odp, .odt, .rtf) become .pptx/.docx.

LibreOffice runs headless in a private profile inside the bridge's work folder, under a time limit, and
is never required: without it these formats get a clear error with an install hint.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from converter.errors import CorruptInputError, Fault, MissingDependencyError
from converter.options import ConvertOptions
from converter.probe import Probe
from converter.result import Messages, Result

from .._office.soffice import INSTALL_HINT, PLAIN_NAME, SOFFICE_ENV, SofficeError, convert_files, find_soffice

__all__ = ["SOFFICE_ENV", "LibreOfficeBridge", "find_soffice", "target_format"]

_CFB_TARGETS = {"PowerPoint": "pptx", "Word": "docx"}
_ODF_TARGETS = {"presentation": "pptx", "text": "docx"}


def target_format(probe: Probe) -> str | None:
    """Return the OOXML extension a file should become (``pptx`` or ``docx``), or None if not ours."""
    kind = probe.cfb_kind or ""
    if "legacy" in kind:
        return next((ext for word, ext in _CFB_TARGETS.items() if word in kind), None)
    if probe.opendocument_kind:
        return _ODF_TARGETS.get(probe.opendocument_kind)
    return "docx" if probe.is_rtf else None


class LibreOfficeBridge:
    """Converts legacy Office and OpenDocument files with LibreOffice headless, for the OOXML extractors."""

    name = "libreoffice"
    extensions = (".ppt", ".pps", ".pot", ".doc", ".dot", ".odp", ".otp", ".odt", ".ott", ".rtf")

    def sniff(self, probe: Probe) -> bool:
        return target_format(probe) is not None

    def bridge(self, path: Path, workdir: Path, options: ConvertOptions) -> Result[Path]:
        """Convert ``path`` into ``workdir`` and return the new file; raises our errors when it cannot."""
        probe = Probe.read(path)
        target = target_format(probe)
        soffice = find_soffice()
        if soffice is None:
            raise MissingDependencyError(f"is {probe.describe()}, which needs LibreOffice to read; {INSTALL_HINT}",
                                         path)
        if target is None:  # the registry bridges only what sniff() claims; called directly on anything else
            raise CorruptInputError(f"is {probe.describe()}, which the LibreOffice bridge does not convert", path)
        source = _staged_copy(path, workdir)
        _run_soffice(soffice, source, target, workdir, path)
        converted = workdir / "out" / f"{source.stem}.{target}"
        if not converted.is_file():
            raise _failure(probe, path)
        messages = Messages()
        messages.info("legacy.converted", f"converted from {probe.describe()} with LibreOffice; layout may differ")
        return Result.of(converted, messages)


def _staged_copy(path: Path, workdir: Path) -> Path:
    """Copy the input under a plain ASCII name (its own when already plain), so odd names never reach soffice."""
    stem = path.stem if PLAIN_NAME.fullmatch(path.stem) else "source"
    suffix = path.suffix.lower() if PLAIN_NAME.fullmatch(path.suffix.lstrip(".")) else ""
    staged = workdir / "in" / f"{stem}{suffix}"
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, staged)
    return staged


def _run_soffice(soffice: str, source: Path, target: str, workdir: Path, path: Path) -> None:
    """Convert ``source`` to ``target`` into ``workdir/out``; raises our errors when LibreOffice fails."""
    try:
        convert_files(soffice, [source], target, workdir)
    except SofficeError as error:
        if not error.started:
            raise MissingDependencyError(f"{error.problem}; {INSTALL_HINT}", path) from error
        raise CorruptInputError(f"{error.problem} converting it", path) from error


def _failure(probe: Probe, path: Path) -> Exception:
    if probe.is_cfb and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in path.read_bytes()[:8 * 1024 * 1024]:
        return Fault.encrypted(path, "file", "remove the password and convert again")
    return CorruptInputError(f"is {probe.describe()} that LibreOffice could not convert "
                             "(damaged, or protected with a password)", path)
