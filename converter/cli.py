"""The ``c2e`` command: a thin click layer over ``converter.api``; it decides how messages are shown.

Start-up matters (``c2e --help`` should answer at once): the API, the model and pydantic are imported only
when a command runs, and the ``--limit`` help lists the limit names only when a command's help is shown.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import partial, wraps
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import BATCH_FAILED, EXIT_CODES, PACKAGE_NOT_VALID, C2EError

if TYPE_CHECKING:
    from .localisation import Tally
    from .options import ConvertOptions, Limits
    from .result import Message

T = TypeVar("T")

EXIT_CODE_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items())


def _api() -> ModuleType:
    """Return ``converter.api``, imported on first use."""
    from . import api

    return api


def _echo_messages(messages: tuple[Message, ...], verbose: bool) -> None:
    for message in messages:
        if verbose or message.level.value != "info":
            click.echo(message.describe(), err=True)


def _run(action: Callable[[], T], debug: bool) -> T:
    """Run ``action``; turn our errors and any bug into one clear line on stderr and the documented exit code."""
    try:
        return action()
    except C2EError as error:
        click.echo(f"c2e: error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("c2e: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug in c2e: say so plainly; the traceback only on request
        if debug:
            import traceback

            traceback.print_exc()
        click.echo(f"c2e: internal error: {type(error).__name__}: {error} (a bug in c2e; "
                   "please report it with the input file; --debug shows the traceback)", err=True)
        sys.exit(1)


def _parse_limits(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> Limits:
    """Turn ``--limit name=value`` pairs (after the config file's [limits]) into ``Limits``."""
    from .options import Limits
    settings: dict[str, Any] = dict((ctx.find_root().obj or {}).get("limits", {}))
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or name.strip() not in Limits.model_fields:
            raise click.BadParameter(f"{value!r}: use NAME=VALUE with NAME one of {', '.join(Limits.model_fields)}")
        settings[name.strip()] = number.strip()
    try:
        return Limits(**settings)
    except ValueError as error:
        raise click.BadParameter(str(error).splitlines()[0] + f" ({settings})") from error


def _load_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """Read a TOML config: ``[convert]``/``[inspect]`` tables feed option defaults, ``[limits]`` the limits."""
    path = value or (Path("c2e.toml") if Path("c2e.toml").is_file() else None)
    if path is None:
        return
    import tomllib

    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise click.BadParameter(f"{path}: {error}") from error
    ctx.obj = {"limits": config.get("limits", {}), "player": _player_config(config, path.parent)}
    ctx.default_map = {name: {CONFIG_NAMES.get(k, k.replace("-", "_")): v for k, v in table.items()}
                       for name, table in config.items()
                       if name not in ("limits", "course", "player", "theme") and isinstance(table, dict)}
    course = {CONFIG_NAMES.get(k, k): str(v) for k, v in config.get("course", {}).items() if k in ("id", "title", "name")}
    for command in ("convert", "inspect"):  # [course] id/title/name: the course's own settings
        ctx.default_map[command] = {**course, **ctx.default_map.get(command, {})}
    building = ctx.default_map["convert"]  # the xliff commands build the course exactly as convert does
    ctx.default_map["xliff"] = {command: dict(building) for command in ("export", "update", "pseudo")}


def _player_config(config: dict[str, Any], base: Path) -> dict[str, Any]:
    """Return the player settings of a config: ``[player]`` (language) and ``[theme]`` (primary, font, logo;
    a relative logo path is read from the config file's folder)."""
    player = {**config.get("player", {}), **config.get("theme", {})}
    if isinstance(player.get("logo"), str):
        player["logo"] = base / player["logo"]
    return player


def _parse_player(ctx: click.Context, param: click.Parameter, value: str | None) -> dict[str, Any]:
    """Return the player settings: the config file's ``[player]``/``[theme]``, then ``--player-language``."""
    from .options import PlayerOptions
    settings: dict[str, Any] = dict((ctx.find_root().obj or {}).get("player", {}))
    if value:
        settings["language"] = value
    try:
        PlayerOptions(**settings)
    except ValueError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in getattr(error, "errors", list)())
        raise click.BadParameter(f"player or theme settings: {problems or error}") from error
    return settings


player_option = click.option("--player-language", "player", metavar="TAG", callback=_parse_player,
                             help="Language of the player's own words (Next, Menu, ...), e.g. de or pt-BR "
                                  "[default: the course's language; c2e.toml: [player] language].")
translation_option = click.option(
    "--translation", "translations", multiple=True, type=click.Path(path_type=Path), metavar="FILE.xlf",
    help="A translated XLIFF file (from `c2e xliff export`): also write every output in its target language, "
         "named NAME-TAG-FORMAT (repeatable).")


CONFIG_NAMES = {"format": "format_name", "id": "course_id", "course-id": "course_id"}
"""c2e.toml keys whose option has another parameter name."""


inputs_argument = click.argument("inputs", metavar="SOURCES...", nargs=-1, required=True,
                                 type=click.Path(path_type=Path))
debug_option = click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Also show informational messages.")
class _LimitOption(click.Option):
    """``--limit``: its help names every limit, read from ``Limits`` only when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from .options import Limits

        self.help = ("Tighten or loosen a safety limit, e.g. --limit max_units=500 (repeatable; names: "
                     + ", ".join(Limits.model_fields) + ").")
        return super().get_help_record(ctx)


limit_option = click.option("--limit", "limits", multiple=True, callback=_parse_limits, metavar="NAME=VALUE",
                            cls=_LimitOption)
output_option = click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
                             show_default=True, help="Folder the outputs are written to (created if missing).")
format_option = click.option("-f", "--format", "format_name",
                             help="Outputs, comma-separated (scorm12,web), or all; `c2e formats` lists them. "
                                  "Each is written from the same extraction. [default: the whole journey: the "
                                  "--lms preset's package (else scorm12), the facilitator guide, journey.json and "
                                  ".ics, the question bank and the micro-item packages]")


def _list_presets() -> None:
    for preset in _api().presets().values():
        click.echo(preset.describe() + "\n")


def _check_lms(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate ``--lms`` against the presets; ``--lms list`` prints them and exits."""
    if value is None:
        return None
    known = _api().presets()
    name = value.strip().lower()
    if name == "list":
        _list_presets()
        ctx.exit(0)
    if name not in known:
        raise click.BadParameter(f"unknown LMS preset {value!r}; known: {', '.join(known)} (`c2e presets` says why "
                                 "each sets what it sets)")
    return name


class _LmsOption(click.Option):
    """``--lms``: its help names every preset, read from the presets only when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = ("The LMS the packages are for (" + ", ".join(_api().presets()) + "): sets the formats you did "
                     "not set and what the report's completion pre-flight checks; `--lms list` or `c2e presets` "
                     "shows each preset's settings and reasons.")
        return super().get_help_record(ctx)


lms_option = click.option("--lms", metavar="PRESET", callback=_check_lms, is_eager=True, cls=_LmsOption)
check_attempts_option = click.option("--check-attempts", type=click.IntRange(1, 7), default=None,
                                     help="Tries a learner has at each knowledge check before the player shows the "
                                          "answer (default 2).")
target_option = click.option("--target", type=click.Choice(["zip", "folder"]),
                             help="Write packages as zips or folders (default: each standard's own; web: folder).")
reading_options = [
    click.option("--include-hidden", is_flag=True, default=None, help="Keep hidden slides as screens."),
    click.option("--slide-images", type=click.Choice(["auto", "always", "never"]),
                 help="A picture of the slide beside its text: auto (default) for slides whose drawings, connectors "
                      "or layout carry meaning, always, or never. Needs LibreOffice; without it the report names "
                      "the slides."),
    click.option("--ocr", type=click.Choice(["auto", "always", "never"]),
                 help="Read pages without a text layer (scans) with Tesseract: auto (default), always, never."),
    click.option("--ocr-lang", metavar="LANGS",
                 help="Tesseract languages such as eng+heb (default: the document's language, else eng)."),
    click.option("--generated-questions", type=click.IntRange(0, 10), metavar="N",
                 help="Knowledge checks written from the text of each module whose source has none (default 2; "
                      "0: none). Needs the [questions] extra."),
]
READING_FIELDS = ("include_hidden", "slide_images", "ocr", "ocr_lang", "generated_questions")


def _reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that say how sources are read; the command receives them as one ``reading`` dict."""
    @wraps(command)
    def with_reading(**kwargs: Any) -> Any:
        kwargs["reading"] = {name: kwargs.pop(name) for name in READING_FIELDS}
        return command(**kwargs)

    for option in reversed(reading_options):
        with_reading = option(with_reading)
    return with_reading
journey_options = [
    click.option("--module-minutes", type=float, metavar="MIN",
                 help="Target length of a pre-learning module in learner minutes [default: 10]."),
    click.option("--module-min", type=float, metavar="MIN",
                 help="A module shorter than this joins a neighbour [default: half the target]."),
    click.option("--module-max", type=float, metavar="MIN",
                 help="A module longer than this is split between slides or sections [default: 1.5 x target]."),
    click.option("--reading-wpm", type=int, metavar="WPM", help="Reading speed for on-screen words [default: 200]."),
    click.option("--speaking-wpm", type=int, metavar="WPM",
                 help="Speaking speed for the notes (transcript) and narration [default: 130]."),
    click.option("--question-minutes", type=float, metavar="MIN",
                 help="Learner minutes per knowledge check [default: 1]."),
    click.option("--micro-days", type=click.UNPROCESSED, metavar="DAYS",
                 help="Days after the live session the micro-items are spread over, e.g. 1,3,7,14,30 (the "
                      "default); 'none' for no micro-items."),
    click.option("--session-date", type=click.UNPROCESSED, metavar="YYYY-MM-DD",
                 help="Date of the live session, for journey.ics [default: the SOURCE_DATE_EPOCH date]."),
    click.option("--live-activities/--no-live-activities", default=None,
                 help="Activity slides go to the live-session plan (default), or stay screens."),
    click.option("--job-aids/--no-job-aids", default=None,
                 help="Checklists, procedures and reference tables become printable job aids (default), or stay."),
    click.option("--stages", type=click.UNPROCESSED, metavar="STAGES",
                 help="Journey stages to build, comma-separated: pre-learning (always), live, reinforcement, "
                      "performance-support [default: all]."),
]
JOURNEY_FIELDS = {"module_minutes": "module_minutes", "module_min": "module_min", "module_max": "module_max",
                  "reading_wpm": "reading_wpm", "speaking_wpm": "words_per_minute",
                  "question_minutes": "minutes_per_question", "micro_days": "micro_offsets",
                  "session_date": "session_date", "live_activities": "live_activities", "job_aids": "job_aids",
                  "stages": "stages"}
"""CLI parameter (and c2e.toml key, with dashes) -> ``ConvertOptions`` field, for the journey options."""


def _journey_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that shape the blended journey; the command receives them as one ``journey`` dict of
    ``ConvertOptions`` fields."""
    @wraps(command)
    def with_journey(**kwargs: Any) -> Any:
        kwargs["journey"] = {field: kwargs.pop(name) for name, field in JOURNEY_FIELDS.items()}
        return command(**kwargs)

    for option in reversed(journey_options):
        with_journey = option(with_journey)
    return with_journey


packaging_options = [
    click.option("--sco", type=click.Choice(["course", "module"]),
                 help="Launchable units in SCORM, cmi5 and xAPI packages: one SCO/AU for the course (default) or "
                      "one per module, each showing only its module's screens."),
    click.option("--micro-scos/--no-micro-scos", default=None,
                 help="Also package each micro-item as its own small SCO/AU (not counted in course completion)."),
    click.option("--micro-packages/--no-micro-packages", default=None,
                 help="Also write each micro-item as a package of its own in NAME-micro/, in every learner "
                      "standard asked for, for the LMS to release on its day [default: with the whole journey, "
                      "that is when no --format is given]."),
    click.option("--forward-only/--free-order", default=None,
                 help="SCORM 2004 with several SCOs: take them in order, no LMS menu choice, no going back."),
    click.option("--completion-score/--no-completion-score", default=None,
                 help="A course without knowledge checks reports 100% as the learner completes it, for LMSs that "
                      "record no completion without a score (on with --lms workday)."),
]
PACKAGING_FIELDS = ("sco", "micro_scos", "micro_packages", "forward_only", "completion_score")


def _packaging_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that say how packages cut the course into SCOs/AUs; the command receives them as one
    ``packaging`` dict."""
    @wraps(command)
    def with_packaging(**kwargs: Any) -> Any:
        kwargs["packaging"] = {name: kwargs.pop(name) for name in PACKAGING_FIELDS}
        return command(**kwargs)

    for option in reversed(packaging_options):
        with_packaging = option(with_packaging)
    return with_packaging


course_options = [
    click.option("--title", help="Course title shown to learners (default: the primary source's title)."),
    click.option("--course-id", help="Course id the LMS keys progress on (default: from the primary source's "
                                     "document properties, else its file name)."),
    click.option("--name", help="Stem of the output file names (default: the first input's name)."),
]


@click.group(epilog=EXIT_CODE_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="c2e")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False, exists=True), callback=_load_config,
              is_eager=True, expose_value=False,
              help="TOML file with [course] (id, title, name), [convert], [inspect], [player] (language), "
                   "[theme] (primary, font, logo) and [limits] tables "
                   "(default: ./c2e.toml if present).")
def main() -> None:
    """Convert classroom training material (PowerPoint decks, Word documents, PDFs) into eLearning packages."""


def _course_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(course_options):
        command = option(command)
    return command


def _look(messages: tuple[Message, ...], report_html: Path) -> str:
    """Return ``7 things need a look (see deck.report.html)``: the report's summary count, leading the line."""
    from .report import summary_line

    count = summary_line(messages).split(":", 1)[0]
    return f"{count} (see {report_html})"


def _summary(conversion: Any, warnings: int) -> str:
    course = conversion.course
    written = ", ".join(str(path) for path in conversion.packages.values()) or "no package"
    return (f"wrote {written} ({len(course.screens())} screens in {len(course.modules)} modules, {warnings} "
            f"warning{'s' if warnings != 1 else ''})")


@main.command(epilog=EXIT_CODE_HELP)
@inputs_argument
@output_option
@format_option
@lms_option
@target_option
@check_attempts_option
@_packaging_options
@_course_options
@_reading_options
@_journey_options
@verbose_option
@player_option
@translation_option
@limit_option
@debug_option
def convert(inputs: tuple[Path, ...], out_dir: Path, format_name: str | None, lms: str | None, target: str | None,
            check_attempts: int | None, packaging: dict[str, Any], title: str | None, course_id: str | None,
            name: str | None, reading: dict[str, Any], journey: dict[str, Any], verbose: bool,
            player: dict[str, Any], translations: tuple[Path, ...], limits: Limits, debug: bool) -> None:
    """Convert SOURCES (files, folders or a course.toml: one course) into packages under OUTPUT.

    Each package is named NAME-FORMAT.zip; beside them NAME.report.json and NAME.report.html say, per slide,
    page or section of every source, what was kept, approximated or lost. Each --translation adds the same
    outputs in its language (NAME-de-FORMAT.zip, NAME-de.report.html), checked before anything is written.
    """
    options = _options(format=format_name, lms=lms, target=target, title=title, course_id=course_id, name=name,
                       check_attempts=check_attempts, limits=limits, player=player, translations=translations,
                       **reading, **journey, **packaging)
    result = _run(lambda: _api().convert(list(inputs), out_dir, options), debug)
    _echo_messages(result.messages, verbose)
    click.echo(f"{_look(result.messages, result.value.report_html)}; {_summary(result.value, len(result.warnings))}")
    _echo_localised(result)


def _echo_localised(result: Any) -> None:
    """Echo one line per translated set of outputs: what was written, how many strings fell back."""
    for localised in result.value.localised:
        language = localised.course.language
        fell_back = len(localised_messages(result.messages, language))
        see = f" (see {localised.report_html})" if localised.report_html else ""
        click.echo(f"{language}: {_summary(localised, len(result.warnings))}; {fell_back} strings in the source "
                   f"language{see}")


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("inputs", metavar="INPUTS...", nargs=-1, required=True)
@output_option
@format_option
@lms_option
@target_option
@_reading_options
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), help="Worker processes [default: every core].")
@click.option("--time-limit", type=click.FloatRange(min=1), default=600.0, show_default=True, metavar="SECONDS",
              help="Stop a file that takes longer, report it and go on.")
@click.option("--memory-limit", type=click.IntRange(min=64), default=4096, show_default=True, metavar="MIB",
              help="Stop a file whose worker uses more memory, report it and go on.")
@click.option("--force", is_flag=True, help="Convert every file again, even those the ledger has done unchanged.")
@click.option("--cluster", metavar="tcp://HOST:8786", help="Run the files on this Dask scheduler (the [dask] extra).")
@click.option("--ledger", metavar="FOLDER", help="Where the ledger lives when OUTPUT is a URL [default: "
                                                  "./.c2e-ledgers/].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar: only a line per failed file, then the summary (for logs).")
@limit_option
@debug_option
def batch(inputs: tuple[str, ...], out_dir: Path, format_name: str | None, lms: str | None, target: str | None,
          reading: dict[str, Any], workers: int | None, time_limit: float, memory_limit: int, force: bool,
          cluster: str | None, ledger: str | None, quiet: bool, limits: Limits, debug: bool) -> None:
    """Convert many INPUTS (files, folders walked recursively, glob patterns, list files of one input per line,
    course.toml files grouping sources into one course, or fsspec URLs), each into its own folder under OUTPUT.

    Files run in parallel worker processes, each stopped by a time and memory limit; a ledger in OUTPUT makes a
    re-run skip what is done and unchanged and redo what failed or changed. OUTPUT/batch-report.json and
    batch-report.html list every input with its status, outputs, warnings and a link to its loss report.
    Exits 123 when any file failed.
    """
    options = _options(format=format_name, lms=lms, target=target, limits=limits, **reading)
    settings = {"workers": workers, "time_limit": time_limit, "memory_limit": memory_limit, "resume": not force,
                "cluster": cluster, "ledger": ledger}
    from .batch_view import BatchView

    view = BatchView(quiet)
    outcomes = _run(lambda: view.follow(_api().convert_many(list(inputs), str(out_dir), options, **settings,
                                                            on_start=view.started, on_plan=view.planned)), debug)
    click.echo(view.summary(outcomes))
    if any(not outcome.converted for outcome in outcomes):
        sys.exit(BATCH_FAILED)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("course_json", metavar="COURSE.json", type=click.Path(path_type=Path))
@output_option
@format_option
@lms_option
@target_option
@check_attempts_option
@_packaging_options
@player_option
@translation_option
@limit_option
@debug_option
def build(course_json: Path, out_dir: Path, format_name: str | None, lms: str | None, target: str | None,
          check_attempts: int | None, packaging: dict[str, Any], player: dict[str, Any],
          translations: tuple[Path, ...], limits: Limits, debug: bool) -> None:
    """Write packages from a course JSON (from `c2e inspect --course`, perhaps edited).

    The same course gives byte-identical packages to those `c2e convert` wrote from the sources. Each
    --translation adds the same packages in its language (NAME-de-FORMAT.zip), checked before anything is
    written, as `c2e convert` does.
    """
    options = _options(format=format_name, lms=lms, target=target, check_attempts=check_attempts, player=player,
                       limits=limits, translations=translations, **packaging)
    result = _run(lambda: _api().package(course_json, out_dir, options), debug)
    _echo_messages(result.messages, False)
    click.echo(_summary(result.value, len(result.warnings)))
    _echo_localised(result)


@main.command(epilog=EXIT_CODE_HELP)
@inputs_argument
@click.option("--course", "as_course", is_flag=True, help="Show the course (all sources) instead of the source model.")
@_course_options
@_reading_options
@_journey_options
@verbose_option
@limit_option
@debug_option
def inspect(inputs: tuple[Path, ...], as_course: bool, title: str | None, course_id: str | None, name: str | None,
            reading: dict[str, Any], journey: dict[str, Any], verbose: bool, limits: Limits, debug: bool) -> None:
    """Print what c2e reads from SOURCES as JSON: the versioned source model of each file (a list when there are
    several), or with --course the course they make, pictures included: `c2e build` takes it back."""
    options = _options(title=title, course_id=course_id, name=name, limits=limits, **reading, **journey)
    if as_course:
        course = _run(lambda: _api().build(list(inputs), options), debug)
        _echo_messages(course.messages, verbose)
        click.echo(course.value.model_dump_json(indent=2))
        return
    results = [_run(partial(_api().extract, path, options), debug) for path in inputs]
    for result in results:
        _echo_messages(result.messages, verbose)
    docs = [result.value.model_dump_json(indent=2) for result in results]  # pydantic's encoder: fast, UTF-8
    click.echo(docs[0] if len(docs) == 1 else "[\n" + ",\n".join(docs) + "\n]")


@main.command()
@click.argument("which", type=click.Choice(["course", "source"]), default="course")
def schema(which: str) -> None:
    """Print the JSON Schema of the course model (or the source model), for vendors' tools."""
    click.echo(json.dumps(_api().schema(which), indent=2))


def _options(**fields: Any) -> ConvertOptions:
    """Return the options for these CLI values; a value the model refuses is a usage error (exit 2)."""
    from .options import ConvertOptions
    try:
        return ConvertOptions(**{k: v for k, v in fields.items() if v is not None})
    except ValueError as error:
        raise click.UsageError(str(error).splitlines()[-1] if str(error) else "bad option") from error


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("package", metavar="PACKAGE", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON (standard, valid, problems).")
@limit_option
@debug_option
def validate(package: Path, as_json: bool, limits: Limits, debug: bool) -> None:
    """Validate PACKAGE (a zip or a folder, made by c2e or any other tool): SCORM 1.2, SCORM 2004 3rd/4th
    edition, cmi5 or xAPI, told from its descriptor.

    Manifests are checked against the official schemas with two engines (lxml, xmlschema) and for what XSD
    cannot see: references, unique ids, scormType, files present and listed, safe paths. Prints one line per
    problem, then the verdict; exits 0 when the package is valid and 11 when it is not.
    """
    verdict = _run(lambda: _api().validate(package, _options(limits=limits)), debug).value
    if as_json:
        click.echo(json.dumps(verdict.as_json(), indent=2, ensure_ascii=False))
    else:
        for problem in verdict.problems:
            click.echo(f"{package}: {problem.describe()}")
        click.echo(verdict.summary())
    if not verdict.valid:
        sys.exit(PACKAGE_NOT_VALID)


def localised_messages(messages: tuple[Message, ...], language: str | None) -> list[Message]:
    """Return the messages of strings that fell back to the source in the ``language`` outputs."""
    return [m for m in messages if m.code in ("xliff.untranslated", "xliff.source-changed")
            and m.text.startswith(f"{language}: ")]


@main.group(epilog=EXIT_CODE_HELP)
def xliff() -> None:
    """Translate a course: export its strings as XLIFF, update a translation to a revised course, count words,
    pseudo-translate. `c2e convert --translation FILE.xlf` builds the translated outputs."""


def _xliff_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add what builds the course (it must be built as `c2e convert` builds it, so the unit ids match)."""
    for option in (debug_option, limit_option, verbose_option):
        command = option(command)
    return _course_options(_reading_options(_journey_options(command)))


version_option = click.option("--xliff-version", "version", type=click.Choice(["2.1", "1.2"]), default=None,
                              help="XLIFF 2.1 (default) or 1.2 for older translation tools.")


def _tally_line(tally: Tally, output: Path | None = None) -> str:
    return (f"wrote {output}: " if output else "") + tally.line()


@xliff.command("export", epilog=EXIT_CODE_HELP)
@inputs_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The XLIFF file to write.")
@version_option
@click.option("--target-language", metavar="TAG", help="The language it is to be translated into, e.g. de.")
@_xliff_options
def xliff_export(inputs: tuple[Path, ...], output: Path, version: str | None, target_language: str | None,
                 title: str | None, course_id: str | None, name: str | None, reading: dict[str, Any],
                 journey: dict[str, Any], verbose: bool, limits: Limits, debug: bool) -> None:
    """Write every string of the course built from SOURCES (titles, text with its formatting as inline codes,
    transcripts, alt text, tables, charts, questions and feedback, objectives, micro-items, job aids, the live
    session's cues) to an XLIFF file for translators; unit ids are the course's stable ids."""
    options = _options(title=title, course_id=course_id, name=name, limits=limits, **reading, **journey)
    result = _run(lambda: _api().xliff_export(list(inputs), output, options, version=version or "2.1",
                                              target_language=target_language), debug)
    _echo_messages(result.messages, verbose)
    click.echo(_tally_line(result.value, output))


@xliff.command("pseudo", epilog=EXIT_CODE_HELP)
@inputs_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The XLIFF file to write.")
@version_option
@_xliff_options
def xliff_pseudo(inputs: tuple[Path, ...], output: Path, version: str | None, title: str | None,
                 course_id: str | None, name: str | None, reading: dict[str, Any], journey: dict[str, Any],
                 verbose: bool, limits: Limits, debug: bool) -> None:
    """Write the course's strings pseudo-translated (qps-ploc: accented, about 40% longer, in brackets); convert
    with `--translation` to find truncation and text that cannot be translated before paying for translation."""
    options = _options(title=title, course_id=course_id, name=name, limits=limits, **reading, **journey)
    result = _run(lambda: _api().xliff_pseudo(list(inputs), output, options, version=version or "2.1"), debug)
    _echo_messages(result.messages, verbose)
    click.echo(_tally_line(result.value, output))


@xliff.command("update", epilog=EXIT_CODE_HELP)
@click.argument("previous", metavar="OLD.xlf", type=click.Path(path_type=Path))
@inputs_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The XLIFF file to write.")
@version_option
@_xliff_options
def xliff_update(previous: Path, inputs: tuple[Path, ...], output: Path, version: str | None, title: str | None,
                 course_id: str | None, name: str | None, reading: dict[str, Any], journey: dict[str, Any],
                 verbose: bool, limits: Limits, debug: bool) -> None:
    """Export the revised course built from SOURCES with OLD.xlf's translations carried over: unchanged units
    keep their translation and state, changed ones are marked for review (the old translation offered), new
    ones are empty. Prints the words to translate."""
    options = _options(title=title, course_id=course_id, name=name, limits=limits, **reading, **journey)
    result = _run(lambda: _api().xliff_update(previous, list(inputs), output, options, version=version), debug)
    _echo_messages(result.messages, verbose)
    click.echo(_tally_line(result.value, output))


@xliff.command("stats", epilog=EXIT_CODE_HELP)
@click.argument("files", metavar="FILE.xlf...", nargs=-1, required=True, type=click.Path(path_type=Path))
@limit_option
@debug_option
def xliff_stats(files: tuple[Path, ...], limits: Limits, debug: bool) -> None:
    """Print the words new, changed and unchanged of each file (per course in it): what vendors quote from."""
    for path in files:
        for tally in _run(partial(_api().xliff_stats, path, _options(limits=limits)), debug):
            click.echo(f"{path}: {tally.line()}")


@main.command(epilog=EXIT_CODE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="C2E_TOKEN", metavar="TOKEN",
              help="API token clients send (Authorization: Bearer TOKEN) [env: C2E_TOKEN; required off loopback].")
@click.option("--data", type=click.Path(path_type=Path, file_okay=False), default=Path("c2e-data"),
              show_default=True, help="Folder of the job store and the jobs' files (kept across restarts).")
@click.option("--cluster", metavar="tcp://HOST:8786",
              help="Convert on this Dask scheduler (its workers must read the --data folder).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Jobs converted at once.")
@click.option("--max-upload-mb", type=click.IntRange(min=1), default=100, show_default=True,
              help="Largest request (all files of one job together), MiB.")
@click.option("--max-files", type=click.IntRange(min=1), default=20, show_default=True, help="Files in one job.")
@click.option("--max-queued", type=click.IntRange(min=1), default=100, show_default=True,
              help="Jobs waiting or converting at once; more are refused (429) until some end.")
@click.option("--keep-hours", type=click.FloatRange(min=0, min_open=True), default=168.0, show_default=True,
              help="Delete a job and its files this long after it ended.")
@click.option("--time-limit", type=click.FloatRange(min=1), default=600.0, show_default=True, metavar="SECONDS",
              help="Stop a job that takes longer (it fails with batch.time-limit).")
@click.option("--memory-limit", type=click.IntRange(min=64), default=4096, show_default=True, metavar="MIB",
              help="Stop a job whose worker uses more memory.")
@limit_option
@debug_option
def serve(host: str, port: int, token: str | None, data: Path, cluster: str | None, workers: int,
          max_upload_mb: int, max_files: int, max_queued: int, keep_hours: float, time_limit: float, memory_limit: int, limits: Limits,
          debug: bool) -> None:
    """Run the conversion service: an HTTP API (OpenAPI at /openapi.json) and a web page at / where training
    teams drop decks and handouts, watch the conversion, read the loss report, preview and download.

    Needs the [serve] extra (FastAPI, uvicorn). Jobs and outputs live in --data and survive a restart; jobs
    left unfinished are run again at start.
    """
    from .service import ServiceSettings
    from .service import serve as run_service

    settings = ServiceSettings(host=host, port=port, token=token or None, data=data, cluster=cluster,
                               workers=workers, max_upload_bytes=max_upload_mb * 2**20, max_files=max_files,
                               max_queued=max_queued, keep_hours=keep_hours,
                               time_limit=time_limit, memory_limit=memory_limit, limits=limits)
    _run(lambda: run_service(settings.check()), debug)


@main.command()
def presets() -> None:
    """List the LMS presets (--lms), each setting with the reason the platform needs it."""
    _list_presets()


@main.command()
def formats() -> None:
    """List the output formats this installation can write."""
    for name, description in _api().formats().items():
        click.echo(f"{name:10} {description}")


if __name__ == "__main__":
    main()
