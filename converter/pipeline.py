"""The pipeline: resolve the inputs, probe and extract each source once, chunk them into one course, and write
every requested package from that one course. Each stage's messages are carried to the end."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .atomic import built_folder
from .errors import (
    C2EError,
    EmptyInputError,
    Fault,
    LimitExceededError,
    OptionError,
    OutputError,
    UnsupportedFormatError,
)
from .model import Course, SourceDocument, assign_ids
from .model.report import Preflight
from .options import ConvertOptions
from .plugin import Bridge, Packager, Target, launches, missing_requirement
from .presets import apply_preset, journey_defaulted, journey_formats, micro_packages
from .probe import Probe, file_sha256
from .registry import Registry
from .report import build_report, preflight
from .result import Message, Messages, Result
from .sources import CourseSpec, PathArg, resolve


@dataclass(frozen=True)
class Conversion:
    """What one conversion produced: one course, a package per format (name -> path), and the report files
    (None when the course was packaged from its JSON, where there is no reading to report on)."""

    course: Course
    packages: dict[str, Path]
    report_json: Path | None = None
    report_html: Path | None = None
    sources: tuple[Path, ...] = field(default=())
    localised: tuple[Conversion, ...] = field(default=())
    """One conversion per translation (``options.translations``), each in its target language."""

    @property
    def package(self) -> Path:
        """Return the first package written (the only one when a single format was asked for)."""
        return next(iter(self.packages.values()))


def extract(path: Path, options: ConvertOptions, registry: Registry) -> Result[SourceDocument]:
    """Read ``path`` with the extractor that claims its signature, ids on every block; raises a ``C2EError``
    for bad input."""
    read = _read(path, options, registry)
    return read.then(assign_ids(read.value))


def _read(path: Path, options: ConvertOptions, registry: Registry) -> Result[SourceDocument]:
    """Read ``path`` without ids: a course's chunker gives them, scoped by the course's sources."""
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


def sniff(path: Path, registry: Registry) -> tuple[str, tuple[str, ...]]:
    """Return the name and file extensions of the extractor (else the bridge) that claims ``path`` by its
    content, never by its name; raises the ``C2EError`` that explains a refusal (empty, encrypted, another
    format)."""
    probe = Probe.read(path)
    extractor = registry.find_extractor(probe)
    if extractor is not None:
        return extractor.name, tuple(extractor.extensions)
    bridge = registry.find_bridge(probe)
    if bridge is None:
        raise refusal(probe, registry)
    return bridge.name, tuple(bridge.extensions)


def refusal(probe: Probe, registry: Registry) -> C2EError:
    """Return the error that explains why no extractor claimed the file (in ``Fault``'s words, the same an
    extractor uses when it finds the fault)."""
    what = probe.describe()
    if probe.size == 0:
        return Fault.empty(probe.path)
    if probe.cfb_kind and "encrypted" in probe.cfb_kind:
        return Fault.encrypted(probe.path, "Office file", "remove the password in PowerPoint and convert again")
    if probe.cfb_kind and "legacy" in probe.cfb_kind:
        return UnsupportedFormatError(f"is {what}; open it in PowerPoint or LibreOffice and save it as .pptx",
                                      probe.path)
    owner = registry.extension_owner(probe.path.suffix)
    if owner is not None and probe.is_zip:
        return Fault.damaged_package(probe.path, owner.name)
    readable = ", ".join(registry.input_extensions)
    return UnsupportedFormatError(f"is {what}; c2e reads {readable}", probe.path)


def course_spec(inputs: PathArg | Sequence[PathArg], registry: Registry) -> CourseSpec:
    """Return the sources ``inputs`` name (files, folders, course.toml files), for this registry's formats."""
    return resolve(inputs, registry.input_extensions + registry.bridge_extensions)


def _with_settings(options: ConvertOptions, spec: CourseSpec) -> ConvertOptions:
    """Return ``options`` with a course.toml's settings filling the fields the caller left unset."""
    unset = {name: value for name, value in spec.settings.items() if getattr(options, name) is None}
    return options.model_copy(update=unset) if unset else options


def read_sources(spec: CourseSpec, options: ConvertOptions, registry: Registry) -> list[Result[SourceDocument]]:
    """Extract every source of the course once, each carrying the role the course gives it (ids come later,
    from the chunker, which scopes them by the course's sources)."""
    read = []
    for source in spec.sources:
        result = _read(source.path, options, registry)
        if source.role is not None:
            info = result.value.source.model_copy(update={"role": source.role})
            result = result.then(result.value.model_copy(update={"source": info}))
        read.append(result)
    return read


def _course(docs: list[Result[SourceDocument]], options: ConvertOptions, where: Path) -> Result[Course]:
    from .chunking import build_course  # the chunker, only where a course is built (not for `c2e inspect`)

    try:
        course = build_course([doc.value for doc in docs], options)
    except ValueError as error:
        raise OptionError(str(error)) from error
    if not course.value.screens():
        raise EmptyInputError("has no slides or pages a learner would see", where)
    return course


def build(inputs: PathArg | Sequence[PathArg], options: ConvertOptions, registry: Registry) -> Result[Course]:
    """Extract the sources ``inputs`` name and chunk them into one course; raises ``EmptyInputError`` when no
    screen remains."""
    spec = course_spec(inputs, registry)
    options = _with_settings(options, spec)
    docs = read_sources(spec, options, registry)
    course = _course(docs, options, spec.sources[0].path)
    return Result(course.value, _messages(docs) + course.messages)


def _messages(results: Sequence[Result[SourceDocument]]) -> tuple[Message, ...]:
    return tuple(message for result in results for message in result.messages)


def convert(inputs: PathArg | Sequence[PathArg], out_dir: Path, options: ConvertOptions,
            registry: Registry) -> Result[Conversion]:
    """Convert the sources ``inputs`` name into one course, write a package per requested format under
    ``out_dir`` (created if needed) and the report beside them.

    Every file is written atomically; a failure never leaves a half-written package behind.
    """
    spec = course_spec(inputs, registry)
    options = apply_preset(_with_settings(options, spec))
    packagers = _packagers(options, registry)
    docs = read_sources(spec, options, registry)
    course = _course(docs, options, spec.sources[0].path)
    translated = localise(course.value, options)  # every translation is checked before anything is written
    sources = tuple(source.path for source in spec.sources)
    first = _written(docs, course, out_dir, packagers, options, registry, sources)
    return _with_translations(first, translated, lambda version: _written(  # each language's report holds all
        docs, course.then(version.value, version.messages), out_dir, packagers, _interface_follows_course(options),
        registry, sources))


def _with_translations(first: Result[Conversion], translated: list[Result[Course]],
                       write: Callable[[Result[Course]], Result[Conversion]]) -> Result[Conversion]:
    """Return ``first`` with the conversion ``write`` makes of each translated course as its ``localised``; the
    messages of all of them, each listed once."""
    messages = list(first.messages)
    seen = set(messages)
    localised = []
    for version in translated:
        done = write(version)
        localised.append(done.value)
        messages += [message for message in done.messages if message not in seen]
        seen.update(done.messages)
    return Result(replace(first.value, localised=tuple(localised)), tuple(messages))


def _written(docs: list[Result[SourceDocument]], course: Result[Course], out_dir: Path,
             packagers: Result[tuple[Packager, ...]], options: ConvertOptions, registry: Registry,
             sources: tuple[Path, ...]) -> Result[Conversion]:
    """Write ``course``'s packages and its report, which holds the reading's and the course's messages."""
    written = write_packages(course.value, out_dir, packagers.value, options)
    checks = preflight(course.value, _launched(written.value, packagers.value), options.lms,
                       single_sco=_single_sco(options), completion_score=options.completion_score)
    messages = _messages(docs) + course.messages + packagers.messages + written.messages + _checked(checks)
    report = build_report([doc.value for doc in docs], course.value, messages, packages=written.value,
                          preflight=checks, lms=options.lms)
    report_json, report_html = registry.reporter.write(report, out_dir, course.value.name)
    return Result(Conversion(course.value, written.value, report_json, report_html, sources), messages)


def localise(course: Course, options: ConvertOptions) -> list[Result[Course]]:
    """Return ``course`` translated by each of ``options.translations`` (XLIFF files), each with the messages
    naming what fell back to the source; raises ``TranslationError`` for a file it refuses and
    ``OptionError`` for two files of one language."""
    if not options.translations:
        return []
    from .localisation import apply_translation, course_catalog, read_xliff  # lxml only when translating

    results: dict[str, Result[Course]] = {}
    for path in options.translations:
        catalog = course_catalog(read_xliff(path, options.limits.max_part_bytes), course, path)
        result = apply_translation(course, catalog, path)
        language = result.value.language or ""
        if language in results:
            raise OptionError(f"two translations into {language}: {path} and another --translation")
        results[language] = result
    return list(results.values())


def _interface_follows_course(options: ConvertOptions) -> ConvertOptions:
    """Return ``options`` with the player's interface language following the (translated) course's."""
    return options.model_copy(update={"player": options.player.model_copy(update={"language": None})})


def package(course: Course, out_dir: Path, options: ConvertOptions, registry: Registry) -> Result[Conversion]:
    """Write a package per requested format for a course already built (e.g. loaded from its JSON), and again
    per translation (``options.translations``, all checked before anything is written, as ``convert`` does);
    the completion pre-flight's and the translations' messages come with it (there is no report without a
    reading)."""
    options = apply_preset(options)
    packagers = _packagers(options, registry)
    translated = localise(course, options)
    first = _packaged(Result.of(course), out_dir, packagers, options)
    return _with_translations(first, translated, lambda version: _packaged(
        version, out_dir, packagers, _interface_follows_course(options)))


def _packaged(course: Result[Course], out_dir: Path, packagers: Result[tuple[Packager, ...]],
              options: ConvertOptions) -> Result[Conversion]:
    """Write ``course``'s packages; return them with the course's, packagers' and pre-flight's messages."""
    written = write_packages(course.value, out_dir, packagers.value, options)
    checks = _checked(preflight(course.value, _launched(written.value, packagers.value), options.lms,
                                single_sco=_single_sco(options), completion_score=options.completion_score))
    return Result(Conversion(course.value, written.value),
                  course.messages + written.messages + packagers.messages + checks)


def _packagers(options: ConvertOptions, registry: Registry) -> Result[tuple[Packager, ...]]:
    """Return the packagers ``options`` asks for (the formats named, else the whole journey), with a warning per
    format ``all`` had to leave out and a note per journey output whose library is not installed."""
    messages = Messages()
    if not journey_defaulted(options):
        for name, why in registry.left_out(options.formats).items():
            messages.warn("format.left-out", f"--format all leaves out {name}: it {why}")
        return Result.of(registry.packagers_for(options.formats), messages)
    chosen: list[Packager] = []
    for packager in registry.packagers_for(journey_formats(options)):
        missing = missing_requirement(packager)
        if missing is None:
            chosen.append(packager)
        else:
            messages.info("journey.left-out", f"the journey leaves out its {packager.name}: it {missing}")
    return Result.of(tuple(chosen), messages)


def _launched(packages: dict[str, Path], packagers: Sequence[Packager]) -> dict[str, Path]:
    """Return the packages a learner launches (the completion pre-flight's business), not guides, banks, data."""
    names = {packager.name for packager in packagers if launches(packager)}
    return {name: path for name, path in packages.items() if name in names}


def _single_sco(options: ConvertOptions) -> bool:
    """Return whether the packages hold one SCO/AU (the course) rather than one per module or micro-item."""
    return options.sco == "course" and not options.micro_scos


def _checked(checks: Sequence[Preflight]) -> tuple[Message, ...]:
    """Return the pre-flight's messages, package by package."""
    return tuple(message for check in checks for message in check.messages)


def write_packages(course: Course, out_dir: Path, packagers: Sequence[Packager],
                   options: ConvertOptions) -> Result[dict[str, Path]]:
    """Write ``course`` with each packager to ``out_dir/NAME-FORMAT[.zip]``; return format name -> path."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder ({error.strerror or error})", out_dir) from error
    packages: dict[str, Path] = {}
    messages: list[Message] = []
    for packager in packagers:
        target = Target.for_packager(packager, out_dir, course.name, options.target)
        written = packager.package(course, target, options)
        if written.value is not None:  # None: nothing to write (a question bank without questions), not a fault
            packages[packager.name] = written.value
        messages.extend(written.messages)
    if micro_packages(options) and course.micro_items:
        micro = _write_micro_packages(course, out_dir, packagers, options)
        if micro.value is not None:
            packages[MICRO_OUTPUT] = micro.value
        messages.extend(micro.messages)
    return Result(packages, tuple(dict.fromkeys(messages)))  # one warning per fault, not one per format


MICRO_OUTPUT = "micro"
"""The name of the micro-item packages among a conversion's outputs: the folder ``NAME-micro/``."""


def _write_micro_packages(course: Course, out_dir: Path, packagers: Sequence[Packager],
                          options: ConvertOptions) -> Result[Path | None]:
    """Write each micro-item's course (``chunking.micro``) with every learner packager among ``packagers`` into
    ``out_dir/NAME-micro/`` (``NAME-micro-01-scorm12.zip``, ...), built aside and moved into place whole; return
    the folder, or None with a note when no learner package (SCORM, xAPI, cmi5, web) was asked for."""
    launchable = [packager for packager in packagers if launches(packager)]
    messages = Messages()
    if not launchable:
        messages.info("micro.no-package", "the micro-items were not packaged on their own: none of the formats "
                                          "asked for is a learner package (SCORM, xAPI, cmi5, web)")
        return Result.of(None, messages)
    from .chunking.micro import micro_courses

    final = out_dir / f"{course.name}-{MICRO_OUTPUT}"
    with built_folder(final) as built:
        for micro in micro_courses(course):
            for packager in launchable:
                target = Target.for_packager(packager, built, micro.name, options.target)
                messages.extend(packager.package(micro, target, options).messages)
    return Result.of(final, messages)
