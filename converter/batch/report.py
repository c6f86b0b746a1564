"""The batch report: ``batch-report.json`` and ``batch-report.html`` with one entry per input (status, outputs,
time, warnings, a link to its conversion report, or why it failed), the totals of what needs a look across the
library (so a team sees which decks need a person), and the one summary line the CLI prints.

Entries are sorted by output folder, so two runs over the same inputs list them in the same order; times and
the ``skipped`` flag are the only things that differ between an interrupted-and-resumed batch and one run
through.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..options import ConvertOptions
from .outcome import Outcome

REPORT_JSON = "batch-report.json"
REPORT_HTML = "batch-report.html"
REPORT_VERSION = "1.0"


def summary(outcomes: Sequence[Outcome]) -> str:
    """Return the one line a batch ends with: ``12 files: 10 converted (3 unchanged), 2 failed; 41 things need a
    look``."""
    converted = [o for o in outcomes if o.converted]
    skipped = sum(1 for o in converted if o.skipped)
    failed = len(outcomes) - len(converted)
    looks = sum(sum(o.losses.values()) for o in converted)
    unchanged = f" ({skipped} unchanged)" if skipped else ""
    return (f"{len(outcomes)} file{'s' if len(outcomes) != 1 else ''}: {len(converted)} converted{unchanged}, "
            f"{failed} failed; {looks} thing{'s' if looks != 1 else ''} need{'s' if looks == 1 else ''} a look")


def report_data(outcomes: Sequence[Outcome], ignored: Sequence[str], options: ConvertOptions) -> dict[str, Any]:
    """Return the batch report as JSON data: version, options, totals, every job sorted by key, then the files
    walked past (not a format c2e reads, by name)."""
    ordered = sorted(outcomes, key=lambda o: o.key)
    losses: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for outcome in ordered:
        losses.update(outcome.losses)
        if not outcome.converted:
            failures[outcome.code or "unknown"] += 1
    return {
        "report_version": REPORT_VERSION,
        "tool": f"c2e {__version__}",
        "summary": summary(ordered),
        "options": options.model_dump(mode="json", exclude_defaults=True),
        "totals": {
            "files": len(ordered),
            "converted": sum(1 for o in ordered if o.converted),
            "failed": sum(1 for o in ordered if not o.converted),
            "unchanged": sum(1 for o in ordered if o.skipped),
            "ignored": len(ignored),
            "seconds": round(sum(o.seconds for o in ordered), 3),
            "warnings": sum(o.warnings for o in ordered),
            "needs_look": dict(sorted(losses.items(), key=lambda item: (-item[1], item[0]))),
            "failures": dict(sorted(failures.items(), key=lambda item: (-item[1], item[0]))),
        },
        "files": [outcome.model_dump(mode="json") for outcome in ordered],
        "ignored": sorted(ignored),
    }


def write_batch_report(outcomes: Sequence[Outcome], ignored: Sequence[str],
                       options: ConvertOptions) -> dict[str, bytes]:
    """Return the two report files, name -> bytes (the caller writes them atomically)."""
    data = report_data(outcomes, ignored, options)
    environment = Environment(loader=PackageLoader("converter.batch", "templates"),
                              autoescape=select_autoescape(default=True, default_for_string=True))
    html = environment.get_template("batch-report.html.j2").render(report=data)
    return {REPORT_JSON: (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
            REPORT_HTML: html.encode("utf-8")}
