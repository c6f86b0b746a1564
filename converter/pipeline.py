"""The pipeline: probe, extract, chunk, package. Each stage's messages are carried to the end."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .chunking import build_course
from .errors import (
    C2EError,
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    LimitExceededError,
    OutputError,
    UnsupportedFormatError,
)
from .model import Course, SourceDocument, slugify
from .options import ConvertOptions
from .plugin import Bridge
from .probe import Probe, file_sha256
from .registry import Registry
from .report import build_report
from .result import Result


@dataclass(frozen=True)
class Conversion:
    """What one conversion produced: the package written, the course it holds, and the report files."""

    source: Path
    package: Path
    course: Course
    report_json: Path
    report_html: Path


def extract(path: Path, options: ConvertOptions, registry: Registry) -> Result[SourceDocument]:
    """Read ``path`` with the extractor that claims its signature; raises a ``C2EError`` for bad input."""
    probe = Probe.read(path)
    if probe.size > options.limits.max_input_bytes:
        raise LimitExceededError(
            f"is {probe.size:,} bytes, over the limit of {options.limits.max_input_bytes:,}", path, "max_input_bytes"
        )
    extractor = registry.find_extractor(probe)
    if extractor is not None:
        return extractor.extract(probe, options)
    bridge = registry.find_bridge(probe)
    if bridge is None:
        raise refusal(probe, registry)
    return _extract_bridged(bridge, probe, options, registry)


def _extract_bridged(bridge: Bridge, probe: Probe, options: ConvertOptions, registry: Registry) -> Result[SourceDocument]:
    """Convert through ``bridge`` in a private folder, extract the result, and name the original as the source."""
    with tempfile.TemporaryDirectory(prefix="c2e-bridge-") as workdir:
        converted = bridge.bridge(probe.path, Path(workdir), options)
        try:
            inner = Probe.read(converted.value)
            extractor = registry.find_extractor(inner)
            if extractor is None:
                raise refusal(inner, registry)
            extracted = extractor.extract(inner, options)
        except C2EError as error:  # name the user's file, not the temporary one
            raise type(error)(f"{error.problem} (after conversion by {bridge.name})", probe.path) from error
    document = extracted.value
    source = document.source.model_copy(update={"name": probe.path.name, "format": f"{document.source.format}"
                                                  f"+{bridge.name}", "sha256": file_sha256(probe.path),
                                                  "size": probe.size})
    return converted.then(document.model_copy(update={"source": source}), extracted.messages)


def refusal(probe: Probe, registry: Registry) -> C2EError:
    """Return the error that explains why no extractor claimed the file."""
    what = probe.describe()
    if probe.size == 0:
        return EmptyInputError("is an empty (0-byte) file", probe.path)
    if probe.cfb_kind and "encrypted" in probe.cfb_kind:
        return EncryptedInputError(f"is {what}; remove the password in PowerPoint and convert again", probe.path)
    if probe.cfb_kind and "legacy" in probe.cfb_kind:
        return UnsupportedFormatError(f"is {what}; open it in PowerPoint or LibreOffice and save it as .pptx",
                                      probe.path)
    owner = registry.extension_owner(probe.path.suffix)
    if owner is not None and probe.is_zip:
        return CorruptInputError(f"is named {probe.path.suffix} but its zip structure is damaged or it is "
                                 f"not a {owner.name} package", probe.path)
    readable = ", ".join(registry.input_extensions)
    return UnsupportedFormatError(f"is {what}; c2e reads {readable}", probe.path)


def _read(path: Path, options: ConvertOptions, registry: Registry) -> tuple[Result[SourceDocument], Result[Course]]:
    source = extract(path, options, registry)
    course = build_course(source.value, options)
    if not course.value.screens():
        raise EmptyInputError("has no slides or pages a learner would see", path)
    return source, course


def build(path: Path, options: ConvertOptions, registry: Registry) -> Result[Course]:
    """Extract ``path`` and chunk it into a course; raises ``EmptyInputError`` when no screen remains."""
    source, course = _read(path, options, registry)
    return source.then(course.value, course.messages)


def package_name(path: Path, format_name: str) -> str:
    """Return the package file name: an ASCII slug of the input's stem and the format, e.g. ``deck-scorm12.zip``."""
    stem = slugify(path.stem, max_length=60) or "course"
    return f"{stem}-{format_name}.zip"


def convert(path: Path, out_dir: Path, options: ConvertOptions, registry: Registry) -> Result[Conversion]:
    """Convert ``path`` into one package under ``out_dir`` (created if needed), plus its report.

    Every file is written atomically; a failure never leaves a half-written package behind.
    """
    packager = registry.packager(options.format)
    source, course = _read(path, options, registry)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder ({error.strerror or error})", out_dir) from error
    out_file = out_dir / package_name(path, packager.name)
    written = packager.package(course.value, out_file, options)
    messages = source.messages + course.messages + written.messages
    report = build_report(source.value, course.value, messages, format_name=packager.name, package=out_file.name)
    report_json, report_html = registry.reporter.write(report, out_dir, out_file.stem)
    return Result(Conversion(path, written.value, course.value, report_json, report_html), messages)
