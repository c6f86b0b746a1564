"""The benchmark: c2e side by side with markitdown and the floor, on generated inputs, as whole processes.

For every input (bench/make_inputs.py) each case runs ``--repeat`` times as a fresh process, after one untimed
warm-up run: c2e extraction alone (``c2e inspect``), c2e's full conversion (``c2e convert --format all``, or the
default format where this c2e does not know ``all`` yet), markitdown's conversion (its CLI), and the floor
(bench/floor.py: every zip part read and every XML part parsed with lxml; for a PDF, pypdfium2's text of every
page). Wall time is ``time.perf_counter`` around spawn and reap; peak memory is the child's ``ru_maxrss`` as the
kernel reports it to ``os.wait4`` when the child is reaped (exact high-water mark, no polling). Start-up is the
whole-process time of ``c2e --help`` and the sum of ``python -X importtime -c "import converter.cli"``.

Prints a table (median seconds, min-max, ratio to the floor and to markitdown, peak RSS), the issue's targets
with pass/fail, the scaling exponents from the 60- to the 600-slide deck, the batch throughput with 1, 2 and
every core (bench/batch_throughput.py), the conversion service under load (bench/serve_load.py: 200 conversions
from 20 concurrent clients on loopback, throughput and latency percentiles, errors counted), and writes
bench/results.json.

Usage: python bench/run.py [--repeat N] [--quick] [--inputs DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import make_inputs  # noqa: E402

import batch_throughput  # noqa: E402  (bench/ is not a package)
import serve_load  # noqa: E402

TOOLS = ("c2e-extract", "c2e-convert", "markitdown", "floor")
USAGE_ERROR = 2  # c2e's exit code for a bad command line, e.g. an unknown --format


# ------------------------------------------------------------------------------------------------- pure figures
@dataclass
class Case:
    """One measured command: its raw timings and peak memory per repeat."""

    input: str
    tool: str
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    returncode: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        return median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_rss_mb) if self.peak_rss_mb else math.nan


def median(values: list[float]) -> float:
    """Median of ``values``; NaN for none (a case that was not run)."""
    return statistics.median(values) if values else math.nan


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``; NaN when either is missing or the denominator is zero."""
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return math.nan
    return numerator / denominator


def scaling_exponent(small_value: float, large_value: float, small_size: float, large_size: float) -> float:
    """The exponent k in value ~ size**k between two sizes: log(large/small value) / log(large/small size).

    1.0 is linear, 2.0 quadratic; below 1 means a fixed cost (start-up, imports) still dominates the small input.
    """
    if min(small_value, large_value) <= 0 or any(math.isnan(v) for v in (small_value, large_value)):
        return math.nan
    return math.log(large_value / small_value) / math.log(large_size / small_size)


def summarise(cases: list[Case]) -> dict[str, dict[str, dict[str, float]]]:
    """Per input and tool: median, min, max seconds, peak RSS, and the ratios to the floor and to markitdown."""
    by_key = {(case.input, case.tool): case for case in cases}
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for case in cases:
        floor = by_key.get((case.input, "floor"))
        peer = by_key.get((case.input, "markitdown"))
        summary.setdefault(case.input, {})[case.tool] = {
            "median_s": case.median,
            "cpu_median_s": median(case.cpu_seconds),
            "min_s": min(case.seconds) if case.seconds else math.nan,
            "max_s": max(case.seconds) if case.seconds else math.nan,
            "peak_rss_mb": case.peak_mb,
            "x_floor": ratio(case.median, floor.median) if floor else math.nan,
            "x_markitdown": ratio(case.median, peer.median) if peer else math.nan,
            "x_floor_cpu": ratio(median(case.cpu_seconds), median(floor.cpu_seconds)) if floor else math.nan,
            "x_markitdown_cpu": ratio(median(case.cpu_seconds), median(peer.cpu_seconds)) if peer else math.nan,
        }
    return summary


@dataclass(frozen=True)
class Target:
    """One of the issue's targets: ``figure`` of ``tool`` on ``input`` compared with ``limit``."""

    label: str
    input: str
    tool: str
    figure: str       # a key of summarise()'s entries
    limit: float      # ratios must be <= limit, memory < limit


TARGETS = (
    Target("60-slide deck: convert within 3x floor", "deck-60", "c2e-convert", "x_floor", 3.0),
    Target("60-slide deck: convert <= 0.3x markitdown", "deck-60", "c2e-convert", "x_markitdown", 0.3),
    Target("600-slide deck: convert within 3x floor", "deck-600", "c2e-convert", "x_floor", 3.0),
    Target("100-page PDF: convert within 10x floor", "handout-100", "c2e-convert", "x_floor", 10.0),
    Target("100-page PDF: convert >= 5x faster than markitdown", "handout-100", "c2e-convert", "x_markitdown", 0.2),
    Target("60-slide deck: extraction within 2x floor", "deck-60", "c2e-extract", "x_floor", 2.0),
    Target("600-slide deck: extraction within 2x floor", "deck-600", "c2e-extract", "x_floor", 2.0),
    Target("40-page DOCX: extraction within 2x floor", "guide-40", "c2e-extract", "x_floor", 2.0),
    Target("600-slide deck: convert peak memory < 150 MB", "deck-600", "c2e-convert", "peak_rss_mb", 150.0),
    Target("100-page PDF: convert peak memory < 200 MB", "handout-100", "c2e-convert", "peak_rss_mb", 200.0),
)
IMPORT_TARGET_S = 0.15


def within(value: float, target: Target) -> bool | None:
    """True when ``value`` meets ``target`` (ratios <= limit, memory < limit); None when it was not measured."""
    if math.isnan(value):
        return None
    return value < target.limit if target.figure == "peak_rss_mb" else value <= target.limit


def check_targets(summary: dict, startup: dict) -> list[dict]:
    """Return each target with the measured figure and ``passed`` (None where its case was not run).

    Time ratios are judged on wall-clock medians (``value``, ``passed``) and also on CPU seconds (``cpu_value``,
    ``cpu_passed``): on a busy machine the wall clock counts other processes' turns, CPU time much less so.
    """
    rows = []
    for target in TARGETS:
        row = summary.get(target.input, {}).get(target.tool, {})
        value = row.get(target.figure, math.nan)
        cpu_value = row.get(target.figure + "_cpu", value if target.figure == "peak_rss_mb" else math.nan)
        rows.append({"target": target.label, "figure": target.figure, "limit": target.limit, "value": value,
                     "passed": within(value, target), "cpu_value": cpu_value,
                     "cpu_passed": within(cpu_value, target)})
    for figure, label in (("import_s", "`c2e --help` imports < 0.15 s"),
                          ("convert_import_s", f"imports of a `--format {ONE_FORMAT}` conversion < 0.15 s")):
        value = startup.get(figure, math.nan)
        passed = None if math.isnan(value) else value < IMPORT_TARGET_S
        rows.append({"target": label, "figure": figure, "limit": IMPORT_TARGET_S, "value": value, "passed": passed,
                     "cpu_value": value, "cpu_passed": passed})
    return rows


def scaling(summary: dict, small: str = "deck-60", large: str = "deck-600",
            sizes: tuple[int, int] = (60, 600)) -> dict[str, dict[str, float]]:
    """Per tool, the exponent of time and of peak memory from the small to the large deck."""
    result = {}
    for tool in TOOLS:
        a, b = summary.get(small, {}).get(tool), summary.get(large, {}).get(tool)
        if a and b:
            result[tool] = {
                "time_exponent": scaling_exponent(a["median_s"], b["median_s"], *sizes),
                "cpu_time_exponent": scaling_exponent(a["cpu_median_s"], b["cpu_median_s"], *sizes),
                "memory_exponent": scaling_exponent(a["peak_rss_mb"], b["peak_rss_mb"], *sizes),
            }
    return result


def importtime_total(stderr: str) -> float:
    """Sum the ``self`` microseconds of ``python -X importtime`` output; return seconds."""
    total = 0
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+)\s+\|", line)
        if match:
            total += int(match.group(1))
    return total / 1e6


# ------------------------------------------------------------------------------------------------- processes
def run_once(argv: list[str], cwd: Path) -> tuple[float, float, float, int, str]:
    """Run ``argv`` with stdout discarded; return (wall s, cpu s, peak RSS MB, exit code, stderr tail)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode, tail


def measure(case: Case, repeat: int, cwd: Path, log) -> Case:
    """Warm up once, then run ``case`` ``repeat`` times, filling its raw figures."""
    for attempt in range(repeat + 1):
        wall, cpu, rss, code, tail = run_once(case.argv, cwd)
        if code != 0:
            case.returncode, case.note = code, f"exit {code}: {tail.strip().splitlines()[-1] if tail.strip() else ''}"
            log(f"  ! {case.tool} on {case.input} failed: {case.note}")
            return case
        if attempt:
            case.seconds.append(wall)
            case.cpu_seconds.append(cpu)
            case.peak_rss_mb.append(rss)
    log(f"  {case.tool:12} {case.input:12} median {case.median:7.3f} s  peak {case.peak_mb:6.1f} MB")
    return case


def tool_command(name: str) -> list[str]:
    """The console script ``name`` beside this interpreter, else ``python -m`` its module."""
    script = Path(sys.executable).parent / name
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", {"c2e": "converter.cli", "markitdown": "markitdown"}[name]]


def convert_format(sample: Path, workdir: Path) -> tuple[list[str], str]:
    """Return the format arguments for ``c2e convert`` (``--format all`` when accepted) and a note for the output."""
    probe = run_once([*tool_command("c2e"), "convert", str(sample), "-o", str(workdir / "probe"), "--format", "all"],
                     workdir)
    if probe[3] == USAGE_ERROR:
        return [], "`--format all` refused by this c2e: the default format only (" + probe[4].strip()[:120] + ")"
    return ["--format", "all"], "--format all"


def commands(path: Path, workdir: Path, format_args: list[str]) -> dict[str, list[str]]:
    c2e = tool_command("c2e")
    return {
        "c2e-extract": [*c2e, "inspect", str(path)],
        "c2e-convert": [*c2e, "convert", str(path), "-o", str(workdir / "out"), *format_args],
        "markitdown": [*tool_command("markitdown"), str(path)],
        "floor": [sys.executable, str(HERE / "floor.py"), str(path)],
    }


ONE_FORMAT = "scorm12"
"""The format of the one-format conversion whose imports are measured."""


def measure_startup(repeat: int, cwd: Path, deck: Path, log) -> dict:
    """Whole-process time of ``c2e --help`` and of ``python -c pass``; the import time of converter.cli, and of
    everything a conversion of ``deck`` to one format imports from start to finish (``-X importtime``)."""
    help_case = measure(Case("startup", "c2e --help", [*tool_command("c2e"), "--help"]), repeat, cwd, log)
    bare = measure(Case("startup", "python -c pass", [sys.executable, "-c", "pass"]), repeat, cwd, log)
    convert = ["-c", "import sys; from converter.cli import main; sys.exit(main())", "convert", str(deck),
               "-o", str(cwd / "one-format"), "--format", ONE_FORMAT]
    imports, convert_imports = [], []
    for _ in range(repeat):
        imports.append(importtime_total(_importtime(["-c", "import converter.cli"], cwd)))
        convert_imports.append(importtime_total(_importtime(convert, cwd)))
    log(f"start-up: converter.cli imports {median(imports):.3f} s, a {ONE_FORMAT} conversion's "
        f"{median(convert_imports):.3f} s")
    return {"help_s": help_case.median, "help_runs_s": help_case.seconds, "help_peak_rss_mb": help_case.peak_mb,
            "python_s": bare.median, "import_s": median(imports), "import_runs_s": imports,
            "convert_import_s": median(convert_imports), "convert_import_runs_s": convert_imports}


def _importtime(args: list[str], cwd: Path) -> str:
    """Run ``python -X importtime ARGS`` and return what it printed to stderr."""
    return subprocess.run([sys.executable, "-X", "importtime", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stderr


# ------------------------------------------------------------------------------------------------- machine
def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {"cpu_count": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "platform": platform.platform(), "date": datetime.datetime.now(datetime.UTC).isoformat()}
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    info["versions"] = package_versions()
    try:
        info["c2e_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                            text=True).stdout.strip()
    except OSError:
        pass
    return info


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("classroom-to-elearning", "markitdown", "python-pptx", "pdfplumber", "pypdfium2", "lxml"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# ------------------------------------------------------------------------------------------------- output
def without_nan(value):
    """``value`` with every NaN float replaced by None, so the JSON is strict."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_nan(item) for item in value]
    return value


def fmt(value: float, spec: str = ".2f", suffix: str = "") -> str:
    return "-" if value is None or math.isnan(value) else f"{value:{spec}}{suffix}"


def print_report(summary: dict, startup: dict, targets: list[dict], scale: dict, notes: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    table = Table(title="c2e side by side (median of whole-process runs)")
    for heading in ("input", "tool", "seconds", "min-max", "x floor", "x markitdown", "CPU s", "x floor (CPU)",
                    "x markitdown (CPU)", "peak RSS MB"):
        table.add_column(heading, justify="left" if heading in ("input", "tool") else "right")
    for name, tools in summary.items():
        for tool, row in tools.items():
            table.add_row(name, tool, fmt(row["median_s"], ".3f"),
                          f"{fmt(row['min_s'], '.2f')}-{fmt(row['max_s'], '.2f')}", fmt(row["x_floor"]),
                          fmt(row["x_markitdown"]), fmt(row["cpu_median_s"], ".3f"), fmt(row["x_floor_cpu"]),
                          fmt(row["x_markitdown_cpu"]), fmt(row["peak_rss_mb"], ".0f"))
        table.add_section()
    console.print(table)
    console.print(f"start-up: `c2e --help` {fmt(startup['help_s'], '.3f')} s whole process "
                  f"(`python -c pass` {fmt(startup['python_s'], '.3f')} s); imports of converter.cli "
                  f"{fmt(startup['import_s'], '.3f')} s, of a whole `--format {ONE_FORMAT}` conversion of the "
                  f"60-slide deck {fmt(startup['convert_import_s'], '.3f')} s (-X importtime, summed)")
    goals = Table(title="the issue's targets")
    for heading in ("target", "limit", "wall", "result", "CPU", "result (CPU)"):
        goals.add_column(heading)
    verdicts = {True: "[green]met[/]", False: "[red]MISSED[/]", None: "not run"}
    for row in targets:
        goals.add_row(row["target"], fmt(row["limit"], "g"), fmt(row["value"], ".3f"), verdicts[row["passed"]],
                      fmt(row["cpu_value"], ".3f"), verdicts[row["cpu_passed"]])
    console.print(goals)
    for tool, row in scale.items():
        console.print(f"scaling 60 -> 600 slides, {tool}: time ~ n^{fmt(row['time_exponent'])} "
                      f"(CPU ~ n^{fmt(row['cpu_time_exponent'])}), peak memory ~ n^{fmt(row['memory_exponent'])}")
    for note in notes:
        console.print(f"note: {note}")


def compile_project(log) -> None:
    """Write the bytecode of c2e's own packages, as ``pip install`` does for an installed c2e, and let every child
    write any it still misses: with PYTHONDONTWRITEBYTECODE set (as on CI machines) an editable install would
    otherwise compile every module from source in every run and time the compiler."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for package in ("converter", "extractors", "packagers"):
        if not compileall.compile_dir(REPO / package, quiet=1):
            log(f"could not compile {package}: the timings include compiling it")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (default 5), after one warm-up")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1 repeat, the small inputs only")
    parser.add_argument("--inputs", type=Path, default=make_inputs.DEFAULT_DIR)
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument("--serve-conversions", type=int, default=200, help="conversions in the service load "
                                                                           "(default 200; 40 with --quick)")
    parser.add_argument("--serve-clients", type=int, default=20, help="concurrent clients (default 20; 8 with "
                                                                      "--quick)")
    parser.add_argument("--batch-files", type=int, default=24, help="decks in the batch throughput library "
                                                                     "(default 24; 8 with --quick)")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    load_before = os.getloadavg()
    compile_project(log)
    log(f"inputs in {args.inputs} ...")
    inputs = make_inputs.build_all(args.inputs, quick=args.quick)
    files = {"deck-60": inputs.deck_small, "deck-600": inputs.deck_large, "guide-40": inputs.guide,
             "handout-100": inputs.handout}
    workdir = Path(tempfile.mkdtemp(prefix="c2e-bench-"))
    try:
        format_args, format_note = convert_format(inputs.deck_small, workdir)
        log(f"c2e convert: {format_note}")
        startup = measure_startup(repeat, workdir, inputs.deck_small, log)
        cases = []
        for name, path in files.items():
            if path is None:
                continue
            for tool, command in commands(path, workdir, format_args).items():
                cases.append(measure(Case(name, tool, command), repeat, workdir, log))
        batch = batch_throughput.measure_batch(tool_command("c2e"), args.inputs, workdir, repeat,
                                               8 if args.quick else args.batch_files, log)
        service = serve_load.measure_service(tool_command("c2e"), 40 if args.quick else args.serve_conversions,
                                             8 if args.quick else args.serve_clients, log=log)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    summary = summarise(cases)
    targets = check_targets(summary, startup)
    scale = scaling(summary)
    notes = [f"c2e convert ran with {format_note}",
             "peak RSS: ru_maxrss of each child from os.wait4 (kernel high-water mark)",
             f"{repeat} timed run(s) per case after one warm-up; seconds are wall-clock medians"]
    notes += [f"{case.tool} on {case.input}: {case.note}" for case in cases if case.returncode]
    load = {"before": load_before, "after": os.getloadavg()}
    if max(load["before"][0], load["after"][0]) > (os.cpu_count() or 1) * 0.75:
        notes.append(f"the machine was busy (1-minute load {load['before'][0]:.1f} before, {load['after'][0]:.1f} "
                     f"after, {os.cpu_count()} cores): wall times are inflated; CPU seconds are steadier")
    print_report(summary, startup, targets, scale, notes)
    batch_throughput.print_batch(batch)
    serve_load.print_service(service)
    results = {"machine": machine(), "load_average": load, "repeat": repeat, "quick": args.quick, "convert_format": format_note,
               "inputs": {name: {"file": path.name, "bytes": path.stat().st_size} for name, path in files.items()
                          if path is not None},
               "startup": startup, "cases": [asdict(case) for case in cases], "summary": summary,
               "targets": targets, "scaling": scale, "batch": batch, "service": service, "notes": notes}
    args.output.write_text(json.dumps(without_nan(results), indent=2, default=str) + "\n")
    log(f"wrote {args.output}")
    return 1 if any(case.returncode for case in cases) or service["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
