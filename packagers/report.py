"""The report writer: ``<name>.report.json`` for tools and ``<name>.report.html`` for people, beside a package."""

from __future__ import annotations

from pathlib import Path

from converter.atomic import write_atomic
from converter.model.location import Location
from converter.model.report import Report
from converter.result import Level

from ._html import environment


class ReportWriter:
    """Writes the conversion report atomically, in two forms with the same content."""

    name = "report"

    def write(self, report: Report, out_dir: Path, stem: str) -> tuple[Path, Path]:
        """Write ``<stem>.report.json`` and ``<stem>.report.html`` into ``out_dir``; return both paths."""
        json_bytes = (report.model_dump_json(indent=2) + "\n").encode("utf-8")
        html_bytes = render_report(report).encode("utf-8")
        json_path = write_atomic(out_dir / f"{stem}.report.json", lambda handle: handle.write(json_bytes))
        html_path = write_atomic(out_dir / f"{stem}.report.html", lambda handle: handle.write(html_bytes))
        return json_path, html_path


def render_report(report: Report) -> str:
    """Return the report as a self-contained, accessible HTML page (every string escaped)."""
    template = environment().get_template("report.html.j2")
    return template.render(report=report, levels=Level, place=Places(report).describe)


class Places:
    """Names a message's location for a person, with the unit's own kind: ``deck.pptx, slide 4, shape 'x'``."""

    def __init__(self, report: Report) -> None:
        self.kinds = {(part.source.name, unit.index): unit.kind for part in report.sources for unit in part.units}

    def describe(self, where: Location | None) -> str:
        """Return the file, the slide, page or section, and the shape of ``where`` (empty when none)."""
        if where is None:
            return ""
        return where.describe(self.kinds.get((where.file, where.unit or 0), "unit"))
