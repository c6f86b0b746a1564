"""A sample c2e plug-in. A ``.lesson`` file starts with the line ``C2E-LESSON``; each ``# Title`` line starts
a slide, other lines are its paragraphs. For the batch's isolation tests a line ``!hang`` makes the reader
hang, ``!crash`` kills its process with SIGSEGV and ``!bloat`` makes it eat memory."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

from converter.atomic import write_bytes
from converter.errors import CorruptInputError
from converter.model import SCHEMA_VERSION, Course, Location, Paragraph, SourceDocument, SourceInfo, Span, Unit
from converter.options import ConvertOptions
from converter.plugin import Target
from converter.probe import Probe
from converter.result import Result

MAGIC = b"C2E-LESSON"


class LessonExtractor:
    name = "lesson"
    extensions = (".lesson",)

    def sniff(self, probe: Probe) -> bool:
        return probe.head.startswith(MAGIC)

    def extract(self, probe: Probe, options: ConvertOptions) -> Result[SourceDocument]:
        data = probe.path.read_bytes()
        lines = data.decode("utf-8").splitlines()[1:]
        _misbehave(lines)
        slides: list[tuple[str, list[str]]] = []
        for line in lines:
            if line.startswith("# "):
                slides.append((line[2:].strip(), []))
            elif line.strip() and slides:
                slides[-1][1].append(line.strip())
        if not slides:
            raise CorruptInputError("is a lesson without a '# Title' line", probe.path)
        name = probe.path.name
        units = tuple(
            Unit(kind="slide", index=i, title=title, where=Location(file=name, unit=i),
                 blocks=tuple(Paragraph(spans=(Span(text=text),)) for text in body))
            for i, (title, body) in enumerate(slides, start=1))
        info = SourceInfo(name=name, format=self.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        return Result(SourceDocument(schema_version=SCHEMA_VERSION, source=info, title=slides[0][0], units=units))


def _misbehave(lines: list[str]) -> None:
    if "!hang" in lines:
        while True:
            time.sleep(1)
    if "!crash" in lines:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "!bloat" in lines:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 2**20))
            time.sleep(0.05)


class OutlinePackager:
    name = "outline"
    description = "the course outline as plain text (a sample plug-in)"
    targets = ("file",)
    extension = ".txt"

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        lines = [course.title]
        for module in course.modules:
            lines.append(f"- {module.title}")
            lines.extend(f"  - {screen.title}" for screen in module.screens)
        return Result(write_bytes(target.path, ("\n".join(lines) + "\n").encode("utf-8")))
