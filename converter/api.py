"""The typed Python API beneath the CLI and the service: ``extract``, ``build``, ``convert``, ``convert_many``,
``package``, ``load_course``, ``formats``, ``presets``, ``schema``, ``sniff``, ``validate``, and for translation
``xliff_export``, ``xliff_update``, ``xliff_stats``, ``xliff_pseudo`` (``convert(..., translations=[...])`` applies
XLIFF files).

Every function takes its inputs and either a ``ConvertOptions`` or keyword overrides of its fields, returns a
``Result`` whose messages say what was kept, approximated or lost, and raises only ``converter.errors`` classes
for bad input. ``sources`` may be one path or several (files, folders, ``course.toml`` files): together they
make one course. No function prints, logs or keeps global state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import pipeline
from .errors import (
    CorruptInputError,
    InputNotFoundError,
    LimitExceededError,
    OptionError,
    UnsupportedFormatError,
)
from .model import Course, SchemaVersionError, SourceDocument, json_schema
from .model import load_course as parse_course
from .options import ConvertOptions
from .plugin import missing_requirement
from .presets import PRESETS, Preset
from .registry import Registry, default_registry
from .result import Result
from .sources import PathArg

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from .batch import Job, Outcome
    from .localisation import Catalog, Tally
    from .validation import Validation

Sources = PathArg | Sequence[PathArg]


def _options(options: ConvertOptions | None, overrides: dict[str, Any]) -> ConvertOptions:
    """Return ``options`` (or the defaults) with ``overrides`` applied and validated."""
    base = options or ConvertOptions()
    if not overrides:
        return base
    return ConvertOptions.model_validate({**base.model_dump(exclude_unset=True), **overrides})  # unset stays unset


def extract(path: PathArg, options: ConvertOptions | None = None, *, registry: Registry | None = None,
            **overrides: Any) -> Result[SourceDocument]:
    """Read one file into the source model (units, blocks with ids, notes layer, assets, provenance)."""
    return pipeline.extract(Path(path), _options(options, overrides), registry or default_registry())


def build(sources: Sources, options: ConvertOptions | None = None, *, registry: Registry | None = None,
          **overrides: Any) -> Result[Course]:
    """Read the sources and chunk them into one course, without writing anything."""
    return pipeline.build(sources, _options(options, overrides), registry or default_registry())


def convert(sources: Sources, out_dir: PathArg, options: ConvertOptions | None = None, *,
            registry: Registry | None = None, **overrides: Any) -> Result[pipeline.Conversion]:
    """Convert the sources into one course and write a package per format under ``out_dir``, with the report.

    e.g. ``convert(["deck.pptx", "handout.docx"], "out", formats="scorm12,web")``.
    """
    return pipeline.convert(sources, Path(out_dir), _options(options, overrides), registry or default_registry())


def convert_many(inputs: Sources, out_dir: PathArg, options: ConvertOptions | None = None, *,
                 workers: int | None = None, time_limit: float = 600.0, memory_limit: int = 4096,
                 resume: bool = True, cluster: str | None = None, executor: Executor | None = None,
                 ledger: PathArg | None = None, on_start: Callable[[Job], None] | None = None,
                 on_plan: Callable[[list[Job]], None] | None = None, **overrides: Any) -> Iterator[Outcome]:
    """Convert every file, folder (walked), glob, list file or course.toml ``inputs`` name, each into its own
    folder under ``out_dir``; yield one ``Outcome`` per job as it ends (converted or failed, never raised).

    Jobs run in ``workers`` local processes (default: every core), each file stopped after ``time_limit``
    seconds or ``memory_limit`` MiB; or on ``executor`` (a ``concurrent.futures`` pool of your own); or on the
    Dask scheduler at ``cluster``. The ledger in ``out_dir`` makes a re-run skip what is done and unchanged
    (``resume=False`` redoes all). Once the last outcome is yielded, ``batch-report.json`` and
    ``batch-report.html`` are written. ``inputs`` and ``out_dir`` may be fsspec URLs (``s3://...``); then the
    ledger lives in ``ledger`` (a local folder). Workers use the installed extractors and packagers.
    """
    from .batch import BatchSettings
    from .batch import convert_many as run_batch

    names = [str(inputs)] if isinstance(inputs, (str, PathLike)) else [str(i) for i in inputs]
    settings = BatchSettings(workers=workers, time_limit=time_limit, memory_limit=memory_limit, resume=resume,
                             cluster=cluster, ledger=str(ledger) if ledger is not None else None)
    return run_batch(names, str(out_dir), _options(options, overrides), settings, executor=executor,
                     on_start=on_start, on_plan=on_plan)


def package(course: Course | PathArg, out_dir: PathArg, options: ConvertOptions | None = None, *,
            registry: Registry | None = None, **overrides: Any) -> Result[pipeline.Conversion]:
    """Write a package per format for a built course, or for a course JSON file (``c2e inspect --course``), and
    again per translation (``translations=["course.de.xlf"]``, each checked before anything is written).

    The same course gives the byte-identical packages ``convert`` gives.
    """
    options = _options(options, overrides)
    loaded = course if isinstance(course, Course) else load_course(course, options)
    return pipeline.package(loaded, Path(out_dir), options, registry or default_registry())


def load_course(path: PathArg, options: ConvertOptions | None = None) -> Course:
    """Read a course JSON file; raises ``UnsupportedFormatError`` for another model version and
    ``CorruptInputError`` when it is not a course JSON."""
    path = Path(path)
    limit = (options or ConvertOptions()).limits.max_input_bytes
    try:
        if path.stat().st_size > limit:
            raise LimitExceededError(f"is over the limit of {limit:,} bytes", path, "max_input_bytes")
        text = path.read_bytes()
    except OSError as error:
        raise InputNotFoundError(f"cannot be read ({error.strerror or error})", path) from error
    try:
        return parse_course(text)
    except SchemaVersionError as error:
        raise UnsupportedFormatError(str(error), path) from error
    except (ValidationError, ValueError) as error:
        first = str(error).splitlines()
        detail = " ".join(first[:3]) if first else type(error).__name__
        raise CorruptInputError(f"is not a valid c2e course JSON ({detail})", path) from error


def sniff(path: PathArg, *, registry: Registry | None = None) -> tuple[str, tuple[str, ...]]:
    """Return which reader claims the file by its content (its signature, not its name): the extractor's or
    bridge's name and the file extensions it reads (``("pptx", (".pptx", ".ppsx", ...))``). Raises
    ``EmptyInputError``, ``EncryptedInputError``, ``CorruptInputError`` or ``UnsupportedFormatError`` (with the
    words ``convert`` would use) when nothing claims it."""
    return pipeline.sniff(Path(path), registry or default_registry())


def formats(registry: Registry | None = None) -> dict[str, str]:
    """Return the output formats, name to description; one whose optional library is missing says what it needs."""
    return {p.name: p.description + (f" [not installed: {why}]" if (why := missing_requirement(p)) else "")
            for p in (registry or default_registry()).packagers}


def presets() -> dict[str, Preset]:
    """Return the LMS presets (``lms=`` / ``--lms``) by name; each setting carries the reason it exists."""
    return dict(PRESETS)


def schema(which: str = "course") -> dict[str, Any]:
    """Return the JSON Schema of the ``course`` or ``source`` model (model version in its ``$id``)."""
    return json_schema(which)


def validate(package: PathArg, options: ConvertOptions | None = None, **overrides: Any) -> Result[Validation]:
    """Validate a SCORM 1.2/2004, cmi5 or xAPI package (a zip or a folder, from c2e or any other tool).

    The value says which standard the package follows, whether it is valid, and each problem (code, message,
    where). A package that cannot be read safely (missing, not a zip, damaged, over a ``Limits`` cap) raises the
    usual ``converter.errors`` class instead.
    """
    from .validation import validate_package  # lxml schemas and xmlschema load only when a package is validated

    return Result(validate_package(Path(package), _options(options, overrides).limits))


def xliff_export(sources: Sources, output: PathArg, options: ConvertOptions | None = None, *,
                 version: str = "2.1", target_language: str | None = None, registry: Registry | None = None,
                 **overrides: Any) -> Result[Tally]:
    """Build the course and write every string a learner, facilitator or LMS sees to the XLIFF file
    ``output`` (``version`` 2.1 or 1.2), for translation into ``target_language``; return its word count."""
    from .localisation import export

    course = build(sources, options, registry=registry, **overrides)
    return course.then(_write_xliff(export(course.value, _language(target_language)), Path(output), version))


def xliff_pseudo(sources: Sources, output: PathArg, options: ConvertOptions | None = None, *,
                 version: str = "2.1", registry: Registry | None = None, **overrides: Any) -> Result[Tally]:
    """Like ``xliff_export``, every unit pseudo-translated into ``qps-ploc`` (accented, about 40% longer, in
    brackets): convert with it to see truncation and untranslatable text before paying for translation."""
    from .localisation import pseudo

    course = build(sources, options, registry=registry, **overrides)
    return course.then(_write_xliff(pseudo(course.value), Path(output), version))


def xliff_update(previous: PathArg, sources: Sources, output: PathArg, options: ConvertOptions | None = None, *,
                 version: str | None = None, registry: Registry | None = None, **overrides: Any) -> Result[Tally]:
    """Export the revised course to ``output`` with ``previous``'s translations carried over: unchanged units
    keep theirs (and their state), changed ones are marked for review with the old translation offered, new
    ones are empty. ``version``: the previous file's unless given. Returns the word count per kind."""
    from .localisation import course_catalog, read_xliff, update

    course = build(sources, options, registry=registry, **overrides)
    limit = _options(options, overrides).limits.max_part_bytes
    old = course_catalog(read_xliff(Path(previous), limit), course.value, Path(previous))
    catalog, counts = update(old, course.value)
    _write_xliff(catalog, Path(output), version or ("1.2" if old.version == "1.2" else "2.1"))
    return course.then(counts)


def xliff_stats(path: PathArg, options: ConvertOptions | None = None) -> list[Tally]:
    """Return the units and words new, changed and unchanged of each ``<file>`` of an XLIFF document."""
    from .localisation import read_xliff, tally

    return [tally(catalog) for catalog in read_xliff(Path(path), (options or ConvertOptions()).limits.max_part_bytes)]


def _language(tag: str | None) -> str | None:
    from .model.ids import language_tag

    if tag is not None and language_tag(tag) is None:
        raise OptionError(f"target language {tag!r} is not a BCP 47 tag such as de or pt-BR")
    return tag


def _write_xliff(catalog: Catalog, output: Path, version: str) -> Tally:
    from .atomic import write_bytes
    from .localisation import VERSIONS, tally, write_xliff

    if version not in VERSIONS:
        raise OptionError(f"XLIFF version {version!r}: c2e writes {' or '.join(VERSIONS)}")
    write_bytes(output, write_xliff(catalog, version))
    return tally(catalog)
