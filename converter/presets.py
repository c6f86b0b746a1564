"""LMS presets: what each platform needs from a package, as data, each setting with the reason it exists.

A preset (``--lms moodle-app``, ``lms = "moodle-app"`` in c2e.toml) fills only the options the user left unset
(an explicit ``--format`` wins) and states what the completion pre-flight of the report checks every package
against: the completion rule, whether a score must be reported, one SCO, the suspend-data budget, exit
behaviour and file name limits. ``TRACKING`` says what each of c2e's packagers does today, from its runtime
adapter and manifest; the pre-flight compares the two. Kernel module: stdlib, pydantic and the kernel only.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from .errors import OptionError
from .options import ConvertOptions

T = TypeVar("T")

CompletionRule = Literal["screens", "score", "screens-and-score"]
"""What must happen for the LMS to count the course as done: every screen seen, a passing score, or both."""
ExitRule = Literal["suspend-until-complete", "normal"]
"""``suspend-until-complete``: the package sets exit to suspend until it is completed, so a closed window
resumes where the learner was; ``normal``: every session ends the attempt."""

SUSPEND_12 = 4096
"""SCORM 1.2 ``cmi.suspend_data``: at most 4,096 characters (the spec's SPM)."""
SUSPEND_2004 = 64000
"""SCORM 2004 4th edition ``cmi.suspend_data``: at most 64,000 characters."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Setting(_Frozen, Generic[T]):
    """One value a preset sets, and why the platform needs it."""

    value: T
    reason: str


class Preset(_Frozen):
    """What one LMS needs; every setting carries its reason (shown by ``c2e presets``)."""

    name: str
    title: str
    formats: Setting[tuple[str, ...]]
    question_bank: Setting[str]
    completion: Setting[CompletionRule]
    score_required: Setting[bool]
    single_sco: Setting[bool]
    suspend_budget: Setting[int]
    exit: Setting[ExitRule]
    max_file_name: Setting[int]

    def settings(self) -> dict[str, Setting[object]]:
        """Return every setting by field name, in declaration order."""
        return {name: getattr(self, name) for name in type(self).model_fields if name not in ("name", "title")}

    def describe(self) -> str:
        """Return the preset as lines a person reads: its name and title, then each setting and its reason."""
        lines = [f"{self.name}: {self.title}"]
        for name, setting in self.settings().items():
            value = ",".join(setting.value) if isinstance(setting.value, tuple) else setting.value
            lines.append(f"  {name.replace('_', '-')} = {value}: {setting.reason}")
        return "\n".join(lines)


class Tracking(_Frozen):
    """What one packager's package does in the LMS today (read from its runtime adapter and manifest)."""

    standard: str
    completion: str
    """The learner actions that set completion, in words."""
    success: str
    """The learner actions that set success (passed/failed), in words."""
    completes_on_screens: bool
    reports_score: bool
    """The package sends a score: its knowledge checks' (when the course has some) ..."""
    scores_on_completion: bool = False
    """... or a fixed 100% as it completes a course without checks (``completion_score``)."""
    reports_to_lms: bool
    single_sco: bool
    suspend_budget: int
    exit: str


_SEEN = "the learner has opened every screen of the course (in any order, over any number of sessions)"
_SCORE = ("once every knowledge check of the course is final (answered right, or out of tries): passed when the "
          "share answered right reaches the mastery score (0.8), else failed, with the score and one interaction "
          "per try; a course without questions sends no score and no passed/failed")

TRACKING: dict[str, Tracking] = {
    "scorm12": Tracking(
        standard="SCORM 1.2", completes_on_screens=True, reports_score=True, reports_to_lms=True, single_sco=True,
        completion=f"cmi.core.lesson_status becomes 'incomplete' on the first launch and 'completed' once {_SEEN}",
        success=_SCORE + " (cmi.core.lesson_status passed/failed, which 'completed' then no longer replaces)",
        suspend_budget=SUSPEND_12,
        exit="cmi.core.exit 'suspend' until completed (resume where the learner left), then ''"),
    "scorm2004": Tracking(
        standard="SCORM 2004 4th edition", completes_on_screens=True, reports_score=True, reports_to_lms=True,
        single_sco=True,
        completion=f"cmi.completion_status becomes 'incomplete' on the first launch and 'completed' once {_SEEN}",
        success=(_SCORE + " (cmi.success_status and cmi.score.scaled; the manifest's primary objective is "
                 "satisfied by a scaled score of 0.8)"),
        suspend_budget=SUSPEND_2004,
        exit="cmi.exit 'suspend' until completed (resume where the learner left), then 'normal'"),
    "web": Tracking(
        standard="offline web site", completes_on_screens=True, reports_score=False, reports_to_lms=False,
        single_sco=True, completion=f"kept in the browser's local storage only, once {_SEEN}; no LMS is told",
        success="never: no LMS is told anything", suspend_budget=0,
        exit="none: progress stays in local storage"),
    "xapi": Tracking(
        standard="xAPI (tincan.xml)", completes_on_screens=True, reports_score=True, reports_to_lms=True,
        single_sco=True,
        completion=f"a 'completed' statement is sent to the LRS once {_SEEN}; 'experienced' one per screen",
        success=_SCORE + " ('passed'/'failed' and 'answered' statements)", suspend_budget=0,
        exit="a 'terminated' statement with the session's duration; resume state in the State API "
             "('c2e.resume')"),
    "cmi5": Tracking(
        standard="cmi5 (cmi5.xml, one AU)", completes_on_screens=True, reports_score=True, reports_to_lms=True,
        single_sco=True,
        completion=(f"a cmi5 'completed' statement (moveOn Completed) is sent once {_SEEN}; none in Browse or "
                    "Review launch mode"),
        success=_SCORE + "; cmi5.xml sets a masteryScore of 0.8 when the course holds questions, and the LMS's "
                         "LMS.LaunchData masteryScore wins",
        suspend_budget=0,
        exit="a cmi5 'terminated' statement with the session's duration; resume state in the State API "
             "('c2e.resume')"),
}


def _s(value: T, reason: str) -> Setting[T]:
    return Setting[T](value=value, reason=reason)


_RESUME = "learners close the window mid-course; exit=suspend until completion is what makes the LMS resume"
_SPEC_12 = "SCORM 1.2 allows 4,096 characters of suspend_data, and this LMS keeps no more than the spec says"
_NAME = "upload forms and storage paths have trouble with long file names; c2e names are ASCII without spaces"


_QTI = ("qti", "IMS QTI 2.1 is the standard exchange format for question banks, which most LMSs and item banks "
               "import (Moodle users get Moodle XML)")
_MOODLE_XML = ("moodle-xml", "Moodle's question bank imports Moodle XML with every question type, its feedback "
                             "and its category")


def _preset(name: str, title: str, *, formats: tuple[tuple[str, ...], str], completion: tuple[CompletionRule, str],
            score: tuple[bool, str], single: tuple[bool, str] = (True, "one SCO is what this LMS tracks best: "
                                                                      "one registration, one status"),
            suspend: tuple[int, str] = (SUSPEND_12, _SPEC_12), exit_rule: tuple[ExitRule, str] =
            ("suspend-until-complete", _RESUME), max_name: tuple[int, str] = (100, _NAME),
            bank: tuple[str, str] = _QTI) -> Preset:
    return Preset(name=name, title=title, formats=_s(*formats), question_bank=_s(*bank), completion=_s(*completion),
                  score_required=_s(*score), single_sco=_s(*single), suspend_budget=_s(*suspend),
                  exit=_s(*exit_rule), max_file_name=_s(*max_name))


_NO_QUIZ_NEEDED = "the platform marks the activity done on the package's completed status; no grade is needed"

PRESETS: dict[str, Preset] = {preset.name: preset for preset in (
    _preset("generic", "any SCORM 1.2 LMS", formats=(("scorm12",), "SCORM 1.2 is the one standard every LMS "
                                                                   "imports and tracks"),
            completion=("screens", "the safest rule: completed once every screen was seen"),
            score=(False, _NO_QUIZ_NEEDED)),
    _preset("moodle", "Moodle (web)", formats=(("scorm12",), "Moodle's SCORM activity fully supports SCORM 1.2; "
                                                            "its SCORM 2004 support is partial (sequencing)"),
            completion=("screens", "Moodle's activity completion can require the status 'completed'"),
            score=(False, "a Moodle grade needs a score only when the teacher sets a grading method on it"),
            bank=_MOODLE_XML),
    _preset("moodle-app", "Moodle app (offline, mobile)",
            formats=(("scorm12",), "the Moodle app downloads and plays SCORM 1.2 packages offline; it does not "
                                   "play SCORM 2004"),
            completion=("screens", "offline attempts sync their status later; completion on screens needs no "
                                   "network at the moment the learner finishes"),
            score=(False, _NO_QUIZ_NEEDED),
            single=(True, "the app plays one SCO at a time; a single SCO keeps navigation inside the player"),
            bank=_MOODLE_XML),
    _preset("canvas", "Canvas LMS", formats=(("scorm12",), "Canvas's SCORM tool imports SCORM 1.2 and 2004; 1.2 "
                                                          "is the one its gradebook sync handles most simply"),
            completion=("screens", "an ungraded Canvas SCORM assignment counts as done on the completed status"),
            score=(False, "only a graded SCORM assignment needs a score")),
    _preset("docebo", "Docebo", formats=(("scorm12",), "Docebo imports SCORM 1.2, 2004, xAPI and AICC; 1.2 "
                                                      "needs no sequencing set-up"),
            completion=("screens", "Docebo marks a training material done on completed or passed"),
            score=(False, _NO_QUIZ_NEEDED)),
    _preset("talentlms", "TalentLMS", formats=(("scorm2004",), "TalentLMS imports SCORM and cmi5; SCORM 2004 "
                                                               "reports completion and success separately (add "
                                                               "--format cmi5 for its cmi5 import)"),
            completion=("screens", "a TalentLMS SCORM unit completes on the completed status"),
            score=(False, _NO_QUIZ_NEEDED), suspend=(SUSPEND_2004, "SCORM 2004 allows 64,000 characters of "
                                                                   "suspend_data")),
    _preset("successfactors", "SAP SuccessFactors Learning",
            formats=(("scorm12",), "SuccessFactors Learning imports AICC, SCORM 1.2 and SCORM 2004; "
                                   "1.2 needs none of its 2004 sequencing settings"),
            completion=("screens", "a SuccessFactors online item records completion from the content's status"),
            score=(False, _NO_QUIZ_NEEDED),
            max_name=(64, "SuccessFactors serves content from case-sensitive Unix servers "
                          "and deployment guides ask for short names without special characters")),
    _preset("cornerstone", "Cornerstone OnDemand",
            formats=(("scorm12",), "Cornerstone imports AICC, SCORM 1.2 and 2004; 1.2 needs no sequencing "
                                   "settings"),
            completion=("screens", "Cornerstone completes online courses on completed or passed"),
            score=(False, _NO_QUIZ_NEEDED),
            suspend=(SUSPEND_12, "keep within SCORM 1.2's 4,096 characters whatever the standard: some LMSs cut "
                                 "suspend data there even for SCORM 2004, and a course moved between standards "
                                 "then still resumes")),
    _preset("workday", "Workday Learning",
            formats=(("scorm2004",), "Workday Learning imports SCORM 1.2 and 2004 content; teams report 2004 "
                                     "as the format it is set up for"),
            completion=("screens", "Workday marks the lesson complete from the content's status"),
            score=(True, "Workday's SCORM import is reported to expect the content to send a score (a test, or a "
                         "fixed score) before it records a completion"),
            suspend=(SUSPEND_2004, "SCORM 2004 allows 64,000 characters of suspend_data")),
)}


def preset(name: str) -> Preset:
    """Return the preset called ``name``; raises ``OptionError`` (exit 2) naming the known ones."""
    try:
        return PRESETS[name.strip().lower()]
    except KeyError:
        raise OptionError(f"unknown LMS preset {name!r}; known: {', '.join(PRESETS)}") from None


def journey_defaulted(options: ConvertOptions) -> bool:
    """Return whether the caller named no output, so a conversion writes the whole journey."""
    return "formats" not in options.model_fields_set


def journey_formats(options: ConvertOptions) -> tuple[str, ...]:
    """Return the outputs of the whole journey for ``options``: the preset's learner package (generic: SCORM
    1.2), the facilitator guide when the live session is built, ``journey.json``/``.ics``, and the preset's
    question bank. The micro-item packages come with them (``micro_packages``); job aids are in every package."""
    chosen = preset(options.lms or "generic")
    guide = ("facilitator-guide",) if options.builds("live") else ()
    return (*chosen.formats.value, *guide, "journey", chosen.question_bank.value)


def wanted_formats(options: ConvertOptions) -> tuple[str, ...]:
    """Return the outputs ``options`` asks for: the formats the caller named, else the whole journey."""
    return journey_formats(options) if journey_defaulted(options) else options.formats


def micro_packages(options: ConvertOptions) -> bool:
    """Return whether each micro-item is also written as a package of its own: as the caller said, else with
    the whole journey (no formats named) and not otherwise."""
    return options.micro_packages if options.micro_packages is not None else journey_defaulted(options)


def apply_preset(options: ConvertOptions) -> ConvertOptions:
    """Return ``options`` with ``completion_score`` on when the preset needs a score and the caller did not say
    (an explicit value wins); the preset's formats come in through ``wanted_formats``."""
    if options.lms is None:
        return options
    chosen = preset(options.lms)  # an unknown name is refused before anything is read
    update: dict[str, object] = {}
    if "completion_score" not in options.model_fields_set and chosen.score_required.value:
        update["completion_score"] = True
    return options.model_copy(update=update) if update else options
