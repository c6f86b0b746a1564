"""The conversion report: first what a person must look at (every thing not shown as itself, and every warning,
grouped by what the learner gets instead); then per source and unit, counts of what was extracted and every
message located there; per package, the completion pre-flight (what sets completion and success, checked
against the LMS preset)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .model import SCHEMA_VERSION, Course, SourceDocument, SourceInfo, Unit, block_text
from .model.location import Location
from .model.report import JourneyReport, LookGroup, ModuleReport, Preflight, Report, SourceReport, UnitReport
from .presets import TRACKING, Preset, Tracking, preset
from .result import Level, Message, Messages


class Noted(NamedTuple):
    """How the summary line counts the messages of one code; ``loss``: the code reports something not shown as
    itself, so each of its messages says what the learner gets ``instead``; ``minor``: listed in the needs-a-look
    list (last) but not counted in its headline (a loss judged harmless, such as decoration left out)."""

    one: str
    many: str
    loss: bool = True
    minor: bool = False


NOTED: dict[str, Noted] = {
    # PowerPoint
    "pptx.unsupported-shape": Noted("shape not read", "shapes not read"),
    "pptx.ole-object-skipped": Noted("embedded object", "embedded objects"),
    "pptx.smartart-flattened": Noted("SmartArt diagram", "SmartArt diagrams"),
    "pptx.smartart-missing": Noted("SmartArt diagram without its data", "SmartArt diagrams without their data"),
    "pptx.chart-as-table": Noted("chart", "charts"),
    "pptx.chart-missing": Noted("chart without its data", "charts without their data"),
    "pptx.chart-empty": Noted("empty chart", "empty charts"),
    "pptx.equation-as-text": Noted("equation", "equations"),
    "pptx.equation-not-shown": Noted("equation not shown", "equations not shown"),
    "pptx.equation-as-picture": Noted("equation shown as a picture", "equations shown as pictures"),
    "pptx.metafile-not-shown": Noted("WMF/EMF picture not shown", "WMF/EMF pictures not shown"),
    "pptx.link-dropped": Noted("link dropped", "links dropped"),
    "pptx.external-image-skipped": Noted("linked picture", "linked pictures"),
    "pptx.image-missing": Noted("missing picture", "missing pictures"),
    "pptx.media-skipped": Noted("CD audio track", "CD audio tracks"),
    "pptx.external-media-skipped": Noted("linked clip", "linked clips"),
    "pptx.media-missing": Noted("missing clip", "missing clips"),
    "pptx.media-format-unplayable": Noted("clip browsers cannot play", "clips browsers cannot play"),
    "pptx.part-dropped": Noted("damaged part", "damaged parts"),
    "pptx.slide-missing": Noted("missing slide", "missing slides"),
    "pptx.drawing-as-picture": Noted("slide with drawings", "slides with drawings"),
    "pptx.drawing-not-shown": Noted("slide that lost drawings", "slides that lost drawings"),
    "pptx.drawing-left-out": Noted("slide with decorative drawings", "slides with decorative drawings", minor=True),
    "pptx.symbol-unmapped": Noted("symbol without a Unicode equivalent", "symbols without a Unicode equivalent"),
    "pptx.missing-alt-text": Noted("picture without alt text", "pictures without alt text", loss=False),
    # Word
    "docx.nested-table-flattened": Noted("nested table", "nested tables"),
    "docx.object-preview": Noted("embedded object", "embedded objects"),
    "docx.linked-image": Noted("linked picture", "linked pictures"),
    "docx.image-missing": Noted("missing picture", "missing pictures"),
    "docx.altchunk-skipped": Noted("imported chunk", "imported chunks"),
    "docx.chart-missing": Noted("chart without its data", "charts without their data"),
    "docx.chart-as-table": Noted("chart", "charts"),
    "docx.smartart-missing": Noted("SmartArt diagram without its data", "SmartArt diagrams without their data"),
    "docx.smartart-as-list": Noted("SmartArt diagram", "SmartArt diagrams"),
    "docx.link-dropped": Noted("link dropped", "links dropped"),
    "docx.font-symbol": Noted("symbol-font character", "symbol-font characters"),
    "docx.comments-ignored": Noted("set of review comments", "sets of review comments"),
    "docx.missing-alt-text": Noted("picture without alt text", "pictures without alt text", loss=False),
    "docx.headings-misused": Noted("document with misused headings", "documents with misused headings", loss=False),
    # PDF
    "pdf.page-unreadable": Noted("unreadable page", "unreadable pages"),
    "pdf.page-text-truncated": Noted("page with too much text", "pages with too much text"),
    "pdf.tables-skipped": Noted("page not searched for tables", "pages not searched for tables"),
    "pdf.image-too-large": Noted("picture over the size limit", "pictures over the size limit"),
    "pdf.image-unreadable": Noted("unreadable picture", "unreadable pictures"),
    "pdf.too-many-images": Noted("page with too many pictures", "pages with too many pictures"),
    "pdf.tiny-images-skipped": Noted("set of tiny pictures", "sets of tiny pictures"),
    "pdf.needs-ocr": Noted("page without a text layer", "pages without a text layer"),
    "pdf.figure-as-picture": Noted("figure", "figures"),
    "pdf.running-header-removed": Noted("running header or footer", "running headers or footers"),
    "pdf.page-numbers-removed": Noted("set of page numbers", "sets of page numbers"),
    "pdf.scanned-page": Noted("scanned page", "scanned pages"),
    "pdf.ocr-low-confidence": Noted("page read by OCR with low confidence", "pages read by OCR with low confidence",
                                    loss=False),
    "pdf.missing-alt-text": Noted("document with pictures without alt text",
                                  "documents with pictures without alt text", loss=False),
    # the course and its packages
    "chunk.hidden-unit-skipped": Noted("hidden slide or section", "hidden slides or sections"),
    "questions.read": Noted("quiz slide", "quiz slides", minor=True),  # (shown as a knowledge check)
    "package.link-dropped": Noted("link dropped", "links dropped"),
    "package.asset-missing": Noted("missing picture or clip", "missing pictures or clips"),
    "package.asset-empty": Noted("empty picture or clip", "empty pictures or clips"),
    "package.asset-unsafe": Noted("file a browser would run", "files a browser would run"),
}
"""Every message code the summary line names in words. A code with ``loss`` reports something not shown as
itself: tests check that each of its messages says what was done ``instead``."""
LOSS_CODES = frozenset(code for code, noted in NOTED.items() if noted.loss)
_RANK = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}

COUNTED_KINDS = ("heading", "paragraph", "list", "table", "image", "chart", "media", "quote", "code", "cue")


def count_unit(unit: Unit) -> dict[str, int]:
    """Return what a unit holds: blocks by kind, list items, words of the body and of the notes."""
    counts = Counter({kind: 0 for kind in COUNTED_KINDS})
    counts.update(block.kind for block in unit.blocks)
    counts["list_items"] = sum(len(block.items) for block in unit.blocks if block.kind == "list")
    counts["images_without_alt"] = sum(1 for b in unit.blocks if b.kind == "image" and not b.alt and not b.decorative)
    counts["words"] = sum(len(block_text(block).split()) for block in unit.blocks) + len((unit.title or "").split())
    counts["notes_words"] = sum(len(block_text(block).split()) for block in unit.notes)
    return dict(counts)


def _placed(course: Course | None) -> set[tuple[str, int]]:
    """Return (file, unit index) of every unit the course shows on a screen, as a knowledge check or in the live
    plan."""
    if course is None:
        return set()
    refs = [ref for screen in course.screens() for ref in screen.units]
    refs += [ref for activity in course.live.activities for ref in activity.units]
    refs += [ref for question in course.questions for ref in question.units]  # quiz slides shown as checks
    return {(ref.file, ref.index) for ref in refs}


def build_report(sources: Sequence[SourceDocument], course: Course | None, messages: Sequence[Message], *,
                 packages: dict[str, Path], preflight: Sequence[Preflight] = (), lms: str | None = None) -> Report:
    """Return the report of one conversion; messages without a unit are listed at course level (the
    pre-flight's own messages are listed with their package instead)."""
    checked = {message for check in preflight for message in check.messages}
    placed = _placed(course)
    known = {(doc.source.name, unit.index) for doc in sources for unit in doc.units}
    by_unit: dict[tuple[str, int], list[Message]] = {}
    loose = []
    for message in messages:
        key = (message.where.file, message.where.unit) if message.where and message.where.unit else None
        if key in known:
            by_unit.setdefault(key, []).append(message)
        elif message not in checked:  # not tied to a unit, or to one of a file a bridge converted first: listed for the course
            loose.append(message)
    infos = {info.name: info for info in course.sources} if course else {}
    reports = tuple(_source_report(doc, infos.get(doc.source.name, doc.source), placed, by_unit) for doc in sources)
    totals: Counter[str] = Counter()
    for unit in (unit for report in reports for unit in report.units):
        totals.update(unit.counts)
    totals["sources"] = len(reports)
    totals["units"] = sum(len(report.units) for report in reports)
    totals["screens"] = len(course.screens()) if course else 0
    totals["warnings"] = sum(1 for m in messages if m.level is Level.WARNING)
    totals["errors"] = sum(1 for m in messages if m.level is Level.ERROR)
    look = needs_look(messages)
    totals["needs_look"] = sum(1 for group in look for message in group.messages if not minor(message))
    return Report(schema_version=SCHEMA_VERSION, tool=f"c2e {__version__}", course_id=course.id if course else "",
                  title=course.title if course else "", sources=reports,
                  packages={name: path.name for name, path in packages.items()},
                  totals=dict(sorted(totals.items())), lms=lms, preflight=tuple(preflight), messages=tuple(loose),
                  summary=summary_line(messages), needs_look=look,
                  journey=journey_report(course) if course else None)


def journey_report(course: Course) -> JourneyReport:
    """Return the journey part of the report: the sizing line and rates, and per module its minutes and fit,
    its objectives and its delivery mode."""
    texts = {o.id: o.text + (" (derived)" if o.derived else "") for o in course.objectives}
    return JourneyReport(sizing=course.sizing(), timing=course.timing, modules=tuple(
        ModuleReport(id=m.id, title=m.title, minutes=m.minutes, fit=course.module_fit(m),
                     objectives=tuple(texts[i] for i in m.objectives if i in texts), delivery=m.delivery)
        for m in course.modules))


def must_look(message: Message) -> bool:
    """Return whether a person must look at what ``message`` reports: something not shown as itself, or a
    warning or error."""
    return message.instead is not None or message.level is not Level.INFO


def minor(message: Message) -> bool:
    """Return whether ``message`` is of a ``minor`` code: listed for a look, not counted in the headline."""
    noted = NOTED.get(message.code)
    return noted is not None and noted.minor


def needs_look(messages: Iterable[Message]) -> tuple[LookGroup, ...]:
    """Return the messages a person must look at, grouped by what was done instead: the things not shown as
    themselves first (groups holding an error or a warning before the rest, then the biggest), then the
    warnings about things shown as themselves, then the groups of ``minor`` messages only."""
    groups: dict[str | None, list[Message]] = {}
    for message in dict.fromkeys(m for m in messages if must_look(m)):
        groups.setdefault(message.instead, []).append(message)

    def order(instead: str | None) -> tuple[bool, bool, int, int, str]:
        group = groups[instead]
        return (all(minor(m) for m in group), instead is None, min(_RANK[m.level] for m in group), -len(group),
                instead or "")

    return tuple(LookGroup(instead=instead, messages=tuple(groups[instead])) for instead in sorted(groups, key=order))


def summary_line(messages: Iterable[Message]) -> str:
    """Return one line leading with how many things need a look, then what they are: ``7 things need a look: 3
    shapes not read (left out), 2 charts (data table); 2 pictures without alt text``; ``minor`` messages are
    not counted, only named at the end (``; also listed, not counted, 2 slides with decorative drawings (left
    out (decoration))``)."""
    looked = list(dict.fromkeys(m for m in messages if must_look(m)))
    head = _summary_counted([m for m in looked if not minor(m)])
    minors = [m for m in looked if minor(m)]
    if not minors:
        return head
    also = _summary_counted(minors).split(": ", 1)[1]
    return f"{head}; also listed, not counted, {also}"


def _summary_counted(messages: list[Message]) -> str:
    """Return ``N things need a look: ...`` for distinct messages that need a look (see ``summary_line``)."""
    counts: Counter[tuple[str | None, str]] = Counter()
    rank: dict[tuple[str | None, str], int] = {}
    for message in messages:
        key = (message.instead, message.code)
        counts[key] += 1
        rank[key] = min(rank.get(key, 2), _RANK[message.level])
    total = sum(counts.values())
    if not total:
        return "nothing needs a look"
    ordered = sorted(counts, key=lambda key: (rank[key], -counts[key], key[1], key[0] or ""))
    lost = [_counted(counts[key], key[1], key[0]) for key in ordered if key[0] is not None]
    shown = [_counted(counts[key], key[1], None) for key in ordered if key[0] is None]
    what = "; ".join(part for part in (", ".join(lost), ", ".join(shown)) if part)
    return f"{total} thing{'s need' if total != 1 else ' needs'} a look: {what}"


def _counted(count: int, code: str, instead: str | None) -> str:
    """Return ``3 shapes not read (left out)``: the count, the code's words (or the code) and the outcome."""
    noted = NOTED.get(code)
    words = (noted.one if count == 1 else noted.many) if noted else code
    return f"{count} {words}" + (f" ({instead})" if instead else "")


def _source_report(doc: SourceDocument, info: SourceInfo, placed: set[tuple[str, int]],
                   by_unit: dict[tuple[str, int], list[Message]]) -> SourceReport:
    name = doc.source.name
    units = tuple(
        UnitReport(index=unit.index, kind=unit.kind, title=unit.title, hidden=unit.hidden,
                   in_course=(name, unit.index) in placed, counts=count_unit(unit),
                   messages=tuple(by_unit.get((name, unit.index), ())))
        for unit in doc.units
    )
    return SourceReport(source=info, units=units)


def suspend_needed(screens: int, checks: int = 0) -> int:
    """Return the characters of suspend data the player writes once ``screens`` screens are seen ("c2." and
    three characters per screen; see ``packagers/player/player.js``), and, with ``checks`` knowledge checks, once
    they are answered too ("c4.+", three per screen, "." and five per answered choice check; a typed answer
    adds its length)."""
    if checks:
        return 5 + 3 * screens + 5 * checks
    return 3 + 3 * screens if screens else 0


def preflight(course: Course, packages: dict[str, Path], lms: str | Preset | None,
              single_sco: bool = True, completion_score: bool = False) -> tuple[Preflight, ...]:
    """Return, per package written, which learner actions set completion and success, with a warning (code
    ``preflight.*``) for each way it could never complete or never report what the ``lms`` preset (a name or a
    ``Preset``) requires; ``single_sco`` False: the packages hold one SCO/AU per module or micro-item;
    ``completion_score``: the packages report 100% on completion when the course has no questions."""
    chosen = preset(lms) if isinstance(lms, str) else lms
    return tuple(_check(course, name, path.name, chosen, (single_sco, completion_score))
                 for name, path in packages.items())


_FIXED_SCORE = ("a score of 100% is reported as the learner completes (the course has no knowledge checks to "
                "score; set by completion_score); no passed/failed")


def _as_built(tracking: Tracking | None, course: Course, layout: tuple[bool, bool]) -> Tracking | None:
    """Return what a package does once the options changed it: several SCOs, or a score on completion."""
    single_sco, completion_score = layout
    if tracking is None or not tracking.reports_to_lms:
        return tracking
    update: dict[str, object] = {} if single_sco else {"single_sco": False}
    if completion_score and not course.questions:
        update.update(reports_score=True, scores_on_completion=True, success=_FIXED_SCORE)
    return tracking.model_copy(update=update) if update else tracking


def _check(course: Course, name: str, file: str, chosen: Preset | None,
           layout: tuple[bool, bool] = (True, False)) -> Preflight:
    screens = len(course.screens())
    needed = suspend_needed(screens, sum(len(module.questions) for module in course.modules))
    tracking = _as_built(TRACKING.get(name), course, layout)
    found = Messages()
    where = Location(file=file)
    if tracking is None:
        found.info("preflight.undescribed", f"c2e does not describe how a {name} package reports completion yet; "
                                            "check it in the LMS", where)
        return Preflight(format=name, file=file, standard=name, completion="not described", success="not described",
                         screens=screens, suspend_needed=needed, suspend_budget=0, messages=tuple(found.items))
    if screens == 0:
        found.warn("preflight.never-completes", "the course has no screens, so 'every screen seen' can never "
                                                "happen: the package never completes", where)
    if tracking.suspend_budget and needed > tracking.suspend_budget:
        found.info("preflight.suspend-compacted", f"remembering {screens} screens needs {needed:,} characters, over "
                                                  f"the {tracking.suspend_budget:,} {tracking.standard} keeps: the "
                                                  "player stores a compact bitset instead (resume is kept)", where)
    if chosen is not None:
        _against_preset(course, name, tracking, chosen, needed, file, found)
    return Preflight(format=name, file=file, standard=tracking.standard, completion=tracking.completion,
                     success=tracking.success, exit=tracking.exit, screens=screens, suspend_needed=needed,
                     suspend_budget=tracking.suspend_budget, messages=tuple(found.items))


def _against_preset(course: Course, name: str, tracking: Tracking, chosen: Preset, needed: int, file: str,
                    found: Messages) -> None:
    """Add a warning for each requirement of ``chosen`` this package cannot meet."""
    where = Location(file=file)
    lms = f"the {chosen.name} preset for {chosen.title}"
    if not tracking.reports_to_lms:
        found.warn("preflight.not-tracked", f"{lms} tracks learners in the LMS, and a {name} package tells no LMS "
                                            "anything: it can never complete there", where)
        return
    if name not in chosen.formats.value:
        found.warn("preflight.format-outside-preset", f"{lms} expects {', '.join(chosen.formats.value)} "
                                                      f"({chosen.formats.reason}); this package is {name}", where)
    checks = sum(len(module.questions) for module in course.modules)
    scored = tracking.reports_score and (checks > 0 or tracking.scores_on_completion)
    questions = "the course has no knowledge checks the player shows" if tracking.reports_score else (
        f"the course has {len(course.questions)} question(s), and a {name} package reports no score")
    if chosen.completion.value != "screens" and not scored:
        found.warn("preflight.never-completes", f"{lms} completes on a passing score "
                                                f"({chosen.completion.value}), and this package never reports one: "
                                                f"{questions}; it can never complete", where)
    if chosen.score_required.value and not scored:
        found.warn("preflight.no-score", f"{lms} needs a score, and this package never reports "
                                         f"one: {questions}. Why the preset asks: {chosen.score_required.reason}", where)
    if chosen.single_sco.value and not tracking.single_sco:
        found.warn("preflight.not-single-sco", f"{lms} needs one SCO ({chosen.single_sco.reason})", where)
    budget = chosen.suspend_budget.value
    if budget < tracking.suspend_budget and needed > budget:
        found.warn("preflight.suspend-over-budget", f"{needed:,} characters of suspend data are needed to remember "
                                                    f"{len(course.screens())} screens and {lms} keeps {budget:,} "
                                                    f"({chosen.suspend_budget.reason}): progress may be cut", where)
    if len(file) > chosen.max_file_name.value:
        found.warn("preflight.name-too-long", f"the file name has {len(file)} characters, over the "
                                              f"{chosen.max_file_name.value} {lms} allows "
                                              f"({chosen.max_file_name.reason}); shorten it with --name", where)
