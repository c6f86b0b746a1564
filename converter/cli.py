"""The ``c2e`` command: a thin click layer over ``converter.api``; it decides how messages are shown."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__, api
from .errors import EXIT_CODES, C2EError
from .options import ConvertOptions
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


input_argument = click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
debug_option = click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")


@click.group(epilog=EXIT_CODE_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="c2e")
def main() -> None:
    """Convert classroom training material (PowerPoint decks) into eLearning packages an LMS can track."""


@main.command(epilog=EXIT_CODE_HELP)
@input_argument
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Folder the package is written to (created if missing).")
@click.option("-f", "--format", "format_name", default="scorm12", show_default=True,
              help="Output standard; `c2e formats` lists them.")
@click.option("--title", help="Course title shown to learners (default: the deck's title).")
@click.option("--include-hidden", is_flag=True, help="Keep hidden slides as screens.")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational messages.")
@debug_option
def convert(input_file: Path, out_dir: Path, format_name: str, title: str | None, include_hidden: bool,
            verbose: bool, debug: bool) -> None:
    """Convert INPUT into a package under OUTPUT, named after the input and the standard."""
    options = ConvertOptions(format=format_name, title=title, include_hidden=include_hidden)
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
@debug_option
def inspect(input_file: Path, as_course: bool, include_hidden: bool, verbose: bool, debug: bool) -> None:
    """Print what c2e reads from INPUT as JSON (the versioned source model, or the course with --course)."""
    options = ConvertOptions(include_hidden=include_hidden)
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
