"""The ``c2e`` command: a thin click layer over ``converter.api``; it decides how messages are shown."""

from __future__ import annotations

import json
import sys
import tomllib
import traceback
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__, api
from .errors import EXIT_CODES, C2EError
from .options import ConvertOptions, Limits
from .result import Level, Message

EXIT_CODE_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items())


def _echo_messages(messages: tuple[Message, ...], verbose: bool) -> None:
    for message in messages:
        if verbose or message.level is not Level.INFO:
            click.echo(message.describe(), err=True)


def _run(action: Callable[[], Any], debug: bool) -> Any:
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
            traceback.print_exc()
        click.echo(f"c2e: internal error: {type(error).__name__}: {error} (a bug in c2e; "
                   "please report it with the input file; --debug shows the traceback)", err=True)
        sys.exit(1)


def _parse_limits(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> Limits:
    """Turn ``--limit name=value`` pairs (after the config file's [limits]) into ``Limits``."""
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
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise click.BadParameter(f"{path}: {error}") from error
    ctx.obj = {"limits": config.get("limits", {})}
    ctx.default_map = {name: {k.replace("-", "_"): v for k, v in table.items()}
                       for name, table in config.items() if name != "limits" and isinstance(table, dict)}


input_argument = click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
debug_option = click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
limit_option = click.option(
    "--limit", "limits", multiple=True, callback=_parse_limits, metavar="NAME=VALUE",
    help="Tighten or loosen a safety limit, e.g. --limit max_units=500 (repeatable; names: "
         + ", ".join(Limits.model_fields) + ").")


@click.group(epilog=EXIT_CODE_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="c2e")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False, exists=True), callback=_load_config,
              is_eager=True, expose_value=False,
              help="TOML file with [convert], [inspect] and [limits] tables (default: ./c2e.toml if present).")
def main() -> None:
    """Convert classroom training material (PowerPoint decks, Word documents, PDFs) into eLearning packages."""


@main.command(epilog=EXIT_CODE_HELP)
@input_argument
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Folder the package is written to (created if missing).")
@click.option("-f", "--format", "format_name", default="scorm12", show_default=True,
              help="Output standard; `c2e formats` lists them.")
@click.option("--title", help="Course title shown to learners (default: the deck's title).")
@click.option("--include-hidden", is_flag=True, help="Keep hidden slides as screens.")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational messages.")
@limit_option
@debug_option
def convert(input_file: Path, out_dir: Path, format_name: str, title: str | None, include_hidden: bool,
            verbose: bool, limits: Limits, debug: bool) -> None:
    """Convert INPUT into a package under OUTPUT, named after the input and the standard.

    Beside the package it writes NAME.report.json and NAME.report.html: per slide or page, what was
    kept, approximated or lost.
    """
    options = ConvertOptions(format=format_name, title=title, include_hidden=include_hidden, limits=limits)
    result = _run(lambda: api.convert(input_file, out_dir, options), debug)
    _echo_messages(result.messages, verbose)
    course = result.value.course
    warnings = len(result.warnings)
    click.echo(f"wrote {result.value.package} ({len(course.screens())} screens in {len(course.modules)} "
               f"modules, {warnings} warning{'s' if warnings != 1 else ''}); report: {result.value.report_html}")


@main.command(epilog=EXIT_CODE_HELP)
@input_argument
@click.option("--course", "as_course", is_flag=True, help="Show the chunked course instead of the source model.")
@click.option("--include-hidden", is_flag=True, help="With --course: keep hidden slides as screens.")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational messages.")
@limit_option
@debug_option
def inspect(input_file: Path, as_course: bool, include_hidden: bool, verbose: bool, limits: Limits,
            debug: bool) -> None:
    """Print what c2e reads from INPUT as JSON (the versioned source model, or the course with --course)."""
    options = ConvertOptions(include_hidden=include_hidden, limits=limits)
    read = api.build if as_course else api.extract
    result = _run(lambda: read(input_file, options), debug)
    _echo_messages(result.messages, verbose)
    data = result.value.model_dump(mode="json")
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@main.command()
def formats() -> None:
    """List the output formats this installation can write."""
    for name, description in api.formats().items():
        click.echo(f"{name:10} {description}")


if __name__ == "__main__":
    main()
