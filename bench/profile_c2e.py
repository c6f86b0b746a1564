"""Where c2e spends its time: one ``c2e`` command under cProfile, summarised by function and by package.

Runs the command in this process (the format libraries' lazy imports included; converter.cli's own import is not:
``python -X importtime -c "import converter.cli"`` shows that), then prints the functions
with the largest own time and cumulative time, each as a share of the whole run, and the own time summed per
top-level package (extractors, packagers, converter, pptx, lxml, pdfplumber, pydantic, ...).

Usage: python bench/profile_c2e.py [--top N] [--save FILE.prof] -- convert FILE -o OUTDIR
       python bench/profile_c2e.py -- inspect FILE
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
from collections import defaultdict


def package_of(filename: str) -> str:
    """The top-level package a profiled function's file belongs to ('~' for built-ins)."""
    if filename.startswith("~") or filename.startswith("<"):
        return "(built-in)"
    parts = filename.replace(os.sep, "/").split("/")
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    for root in ("converter", "extractors", "packagers"):
        if root in parts:
            return root
    return "(stdlib)" if "/lib/python" in filename else parts[-1]


def profile(argv: list[str]) -> pstats.Stats:
    """Run ``c2e ARGV`` under cProfile, its stdout discarded, and return the statistics."""
    from converter.cli import main

    profiler = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        profiler.enable()
        try:
            main.main(args=argv, prog_name="c2e", standalone_mode=False)
        finally:
            profiler.disable()
    return pstats.Stats(profiler)


def report(stats: pstats.Stats, top: int) -> str:
    total = stats.total_tt
    rows = stats.stats  # {(file, line, name): (calls, primitive calls, own time, cumulative, callers)}
    lines = [f"total {total:.2f} s (profiled; cProfile slows Python code, so read shares, not seconds)"]
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, _) in rows.items():
        by_package[package_of(filename)] += own
    lines.append("own time by package:")
    for name, own in sorted(by_package.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {own / total:6.1%}  {name}")
    for title, index in (("own time", 2), ("cumulative time", 3)):
        lines.append(f"top functions by {title}:")
        ranked = sorted(rows.items(), key=lambda item: -item[1][index])[:top]
        for (filename, line, name), figures in ranked:
            where = f"{package_of(filename)}:{os.path.basename(filename)}:{line}" if line else filename
            lines.append(f"  {figures[index] / total:6.1%}  {figures[0]:>8} calls  {name}  ({where})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--save", help="also write the raw profile (for snakeviz, pstats)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the c2e command line, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    stats = profile(command)
    if args.save:
        stats.dump_stats(args.save)
    print(report(stats, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
