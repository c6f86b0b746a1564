"""LMS presets: each one sets what its platform needs (and says why), fills only what the user left unset, and
the report's completion pre-flight says which learner actions complete each package and warns when one never
can."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

import converter
from converter.errors import OptionError
from converter.model import Choice, Module, Question
from converter.options import ConvertOptions
from converter.presets import PRESETS, SUSPEND_12, Setting, apply_preset, micro_packages, preset, wanted_formats
from converter.report import preflight, suspend_needed

from conftest import run_c2e
from course_factory import make_course, span

KNOWN = ["moodle", "moodle-app", "canvas", "docebo", "talentlms", "successfactors", "cornerstone", "workday",
         "generic"]


def _learner_packages(packages: dict[str, Path]) -> list[str]:
    """Return the names of the learner packages (SCORM, xAPI, cmi5, web) among a conversion's outputs."""
    return [name for name in packages if name in ("scorm12", "scorm2004", "xapi", "cmi5", "web")]


def _codes(checks) -> list[str]:
    return [message.code for check in checks for message in check.messages]


def _course_json(tmp_path: Path, **kwargs) -> Path:
    path = tmp_path / "course.json"
    path.write_text(make_course(**kwargs).model_dump_json(), encoding="utf-8")
    return path


def _many_screens(count: int):
    """A course of ``count`` screens (copies of one screen with distinct ids)."""
    course = make_course(1, 1)
    screen = course.modules[0].screens[0]
    screens = tuple(screen.model_copy(update={"id": f"scr-{n:05d}"}) for n in range(count))
    return course.model_copy(update={"modules": (course.modules[0].model_copy(update={"screens": screens}),)})


# --- the presets as data ----------------------------------------------------------------------------------------

def test_every_lms_the_issue_names_has_a_preset_with_a_reason_for_every_setting():
    assert sorted(PRESETS) == sorted(KNOWN)
    for item in PRESETS.values():
        settings = item.settings()
        assert set(settings) == {"formats", "question_bank", "completion", "score_required", "single_sco",
                                 "suspend_budget", "exit", "max_file_name"}
        assert all(isinstance(s, Setting) and len(s.reason) > 20 for s in settings.values()), item.name
        assert set(item.formats.value) <= set(converter.formats()), "a preset names a format c2e cannot write"
        assert item.question_bank.value in ("gift", "moodle-xml", "qti")


def test_a_preset_is_frozen_data():
    with pytest.raises(ValueError):
        PRESETS["moodle"].formats = PRESETS["talentlms"].formats  # type: ignore[misc]


def test_an_unknown_preset_is_an_option_error_naming_the_known_ones():
    with pytest.raises(OptionError) as error:
        preset("blackboard")
    assert error.value.exit_code == 2
    assert all(name in str(error.value) for name in KNOWN)


# --- a preset fills only what the user left unset ---------------------------------------------------------------

def test_a_preset_gives_the_journey_its_package_and_question_bank_when_no_format_is_named():
    journey = ("facilitator-guide", "journey")
    assert wanted_formats(ConvertOptions(lms="talentlms")) == ("scorm2004", *journey, "qti")
    assert wanted_formats(ConvertOptions(lms="workday")) == ("scorm2004", *journey, "qti")
    assert wanted_formats(ConvertOptions(lms="moodle")) == ("scorm12", *journey, "moodle-xml")
    assert wanted_formats(ConvertOptions()) == ("scorm12", *journey, "qti"), "no preset: the generic one's"
    assert wanted_formats(ConvertOptions(stages="pre-learning")) == ("scorm12", "journey", "qti"), "no live stage"
    assert micro_packages(ConvertOptions()) and not micro_packages(ConvertOptions(formats="scorm12"))
    assert micro_packages(ConvertOptions(formats="scorm12", micro_packages=True))
    assert not micro_packages(ConvertOptions(micro_packages=False))


def test_an_explicit_format_overrides_the_presets_formats(tmp_path):
    assert wanted_formats(ConvertOptions(lms="talentlms", format="scorm12,web")) == ("scorm12", "web")
    result = converter.package(make_course(), tmp_path, lms="talentlms", formats="scorm12")
    assert list(result.value.packages) == ["scorm12"]
    assert "preflight.format-outside-preset" in [m.code for m in result.messages]


def test_keyword_options_in_the_api_keep_unset_fields_unset(tmp_path):
    """``converter.package(..., lms=...)`` rebuilds the options from keywords: the defaults must not turn into
    explicit formats that would shadow the preset's."""
    result = converter.package(make_course(), tmp_path, ConvertOptions(name="x"), lms="talentlms")
    assert list(result.value.packages)[0] == "scorm2004" and "scorm12" not in result.value.packages


def test_an_unknown_preset_in_the_api_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(OptionError):
        converter.package(make_course(), tmp_path / "out", lms="nope", formats="scorm12")
    assert not (tmp_path / "out").exists()


# --- each preset proves the setting it exists for ---------------------------------------------------------------

def _manifest(package: Path) -> etree._Element:
    with zipfile.ZipFile(package) as zf:
        return etree.fromstring(zf.read("imsmanifest.xml"))


def test_moodle_app_gives_a_scorm12_package_with_one_sco(tmp_path):
    result = converter.package(make_course(), tmp_path, lms="moodle-app")
    assert _learner_packages(result.value.packages) == ["scorm12"]
    root = _manifest(result.value.package)
    assert root.findtext("{*}metadata/{*}schemaversion") == "1.2"
    resources = root.findall("{*}resources/{*}resource")
    assert len(resources) == 1 and resources[0].get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
    assert len(root.findall(".//{*}item")) == 1
    assert _codes(preflight(make_course(), {"scorm12": result.value.package}, "moodle-app")) == []


@pytest.mark.parametrize("name", ["moodle", "canvas", "docebo", "cornerstone", "generic"])
def test_scorm12_presets_write_scorm12_that_completes_on_screens_without_warnings(name, tmp_path):
    item = PRESETS[name]
    assert (item.formats.value, item.completion.value, item.score_required.value) == (("scorm12",), "screens", False)
    result = converter.package(make_course(), tmp_path, lms=name)
    assert _learner_packages(result.value.packages) == ["scorm12"]
    assert [m for m in result.messages if m.code.startswith("preflight.")] == []


def test_talentlms_writes_scorm2004_4th_edition(tmp_path):
    result = converter.package(make_course(), tmp_path, lms="talentlms")
    assert _learner_packages(result.value.packages) == ["scorm2004"]
    assert _manifest(result.value.package).findtext("{*}metadata/{*}schemaversion") == "2004 4th Edition"


def test_workday_has_a_course_without_questions_report_100_percent_on_completion(tmp_path):
    course = make_course()
    assert not course.questions and PRESETS["workday"].score_required.value
    assert apply_preset(ConvertOptions(lms="workday")).completion_score is True
    assert apply_preset(ConvertOptions(lms="moodle")).completion_score is False
    result = converter.package(course, tmp_path, lms="workday")
    assert [m.code for m in result.messages if m.code.startswith("preflight.")] == []
    (check,) = preflight(course, {"scorm2004": result.value.packages["scorm2004"]}, "workday", completion_score=True)
    assert "100%" in check.success and check.messages == ()
    with zipfile.ZipFile(result.value.package) as zf:
        page = html.document_fromstring(zf.read("index.html"))
    assert [m.get("content") for m in page.cssselect('meta[name="c2e-completion-score"]')] == ["100"]


def test_no_fixed_score_when_the_course_has_questions_or_the_preset_needs_none(tmp_path):
    with zipfile.ZipFile(converter.package(make_course(), tmp_path / "m", lms="moodle").value.package) as zf:
        assert b"c2e-completion-score" not in zf.read("index.html")
    question = Question(id="q-1", kind="true-false", prompt=(span("Dose first?"),),
                        choices=(Choice(id="t", spans=(span("True"),), correct=True), Choice(id="f", spans=(span("False"),))))
    quiz = make_course().model_copy(update={"questions": (question,)})
    with zipfile.ZipFile(converter.package(quiz, tmp_path / "w", lms="workday").value.package) as zf:
        assert b"c2e-completion-score" not in zf.read("index.html"), "the checks score it, not a fixed 100%"


def test_a_preset_requiring_a_score_warns_when_the_completion_score_is_turned_off(tmp_path):
    course = make_course()
    result = converter.package(course, tmp_path, lms="workday", completion_score=False)
    (warning,) = [m for m in result.messages if m.code == "preflight.no-score"]
    assert "no knowledge checks" in warning.text and warning.where.file == result.value.package.name


def test_a_preset_completing_on_a_passing_score_never_completes_a_course_without_checks():
    strict = PRESETS["generic"].model_copy(update={"completion": Setting[str](value="score", reason="a quiz LMS")})
    checks = preflight(make_course(), {"scorm2004": Path("c-scorm2004.zip")}, strict)
    assert "preflight.never-completes" in _codes(checks)


def test_successfactors_warns_about_a_file_name_over_its_limit():
    limit = PRESETS["successfactors"].max_file_name.value
    long_name = Path("x" * (limit - 8) + "-scorm12.zip")
    assert _codes(preflight(make_course(), {"scorm12": long_name}, "successfactors")) == ["preflight.name-too-long"]
    assert _codes(preflight(make_course(), {"scorm12": Path("short-scorm12.zip")}, "successfactors")) == []


def test_a_spec_sized_suspend_budget_warns_when_a_2004_package_needs_more():
    """Cornerstone keeps SCORM 1.2's 4,096 characters; a 2004 package of 1,400 screens writes more than that."""
    course = _many_screens(1400)
    assert suspend_needed(1400) > SUSPEND_12 == PRESETS["cornerstone"].suspend_budget.value
    checks = preflight(course, {"scorm2004": Path("c-scorm2004.zip")}, "cornerstone")
    assert "preflight.suspend-over-budget" in _codes(checks)
    assert "preflight.suspend-over-budget" not in _codes(preflight(course, {"scorm2004": Path("c.zip")}, "talentlms"))


def test_a_scorm12_package_over_its_budget_is_told_it_is_compacted_not_lost():
    checks = preflight(_many_screens(1400), {"scorm12": Path("c-scorm12.zip")}, "moodle")
    assert [(m.level.value, m.code) for c in checks for m in c.messages] == [("info", "preflight.suspend-compacted")]


# --- the pre-flight itself --------------------------------------------------------------------------------------

def test_a_course_with_zero_screens_never_completes():
    course = make_course()
    empty = course.model_copy(update={"modules": (Module(id="mod-empty", title="Empty", screens=()),)})
    for name in ("scorm12", "scorm2004"):
        assert _codes(preflight(empty, {name: Path(f"c-{name}.zip")}, None)) == ["preflight.never-completes"]


def test_a_web_site_cannot_complete_in_an_lms():
    (check,) = preflight(make_course(), {"web": Path("c-web")}, "moodle")
    assert "local storage" in check.completion
    assert [m.code for m in check.messages] == ["preflight.not-tracked"]


def test_a_format_the_preflight_does_not_know_is_said_so():
    (check,) = preflight(make_course(), {"vendor-lms": Path("c-vendor-lms.zip")}, None)
    assert [(m.level.value, m.code) for m in check.messages] == [("info", "preflight.undescribed")]


def test_the_preflight_is_in_both_report_forms_and_names_the_learner_actions(sample_deck, tmp_path):
    conversion = converter.convert(sample_deck, tmp_path, lms="workday", formats="scorm12,scorm2004").value
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    assert report["lms"] == "workday"
    by_format = {check["format"]: check for check in report["preflight"]}
    assert list(by_format) == ["scorm12", "scorm2004"]
    assert "cmi.core.lesson_status" in by_format["scorm12"]["completion"]
    assert "cmi.completion_status" in by_format["scorm2004"]["completion"]
    for check in by_format.values():
        assert "opened every screen" in check["completion"] and check["success"].startswith("once every knowledge check")
        assert check["screens"] == 21  # 24 visible slides: two live activities, one quiz slide shown as a check (of 3 checks: 2 generated)
        assert "preflight.no-score" not in [m["code"] for m in check["messages"]]  # its quiz slide is a scored check
    assert not any(m["code"].startswith("preflight.") for m in report["messages"])  # listed with their package

    page = html.fromstring(conversion.report_html.read_bytes()).text_content()
    assert "Completion pre-flight" in page and "workday" in page
    assert "opened every screen" in page and "once every knowledge check" in page and "cmi.completion_status" in page


def test_a_report_without_a_preset_still_states_what_completes_each_package(sample_deck, tmp_path):
    conversion = converter.convert(sample_deck, tmp_path).value
    report = json.loads(conversion.report_json.read_text(encoding="utf-8"))
    ((check),) = report["preflight"]
    assert report["lms"] is None and check["format"] == "scorm12" and check["messages"] == []
    assert check["suspend_needed"] == suspend_needed(21, 3) and check["suspend_budget"] == SUSPEND_12


# --- the command line -------------------------------------------------------------------------------------------

def test_lms_on_the_command_line_picks_the_presets_format(sample_deck, tmp_path):
    run = run_c2e("convert", str(sample_deck), "-o", str(tmp_path), "--lms", "talentlms", timeout=300)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.glob("*-scorm*.zip")) == ["pharma-sales-onboarding-scorm2004.zip"]


def test_an_explicit_format_on_the_command_line_wins_over_the_preset(tmp_path):
    course = _course_json(tmp_path)
    run = run_c2e("build", str(course), "-o", str(tmp_path / "out"), "--lms", "talentlms", "--format", "scorm12")
    assert run.returncode == 0, run.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["factory-deck-scorm12.zip"]
    assert "preflight.format-outside-preset" in run.stderr


def test_build_with_a_score_preset_warns_on_stderr(tmp_path):
    run = run_c2e("build", str(_course_json(tmp_path)), "-o", str(tmp_path / "out"), "--lms", "workday",
                  "--no-completion-score")
    assert run.returncode == 0, run.stderr
    assert "warning preflight.no-score" in run.stderr
    assert (tmp_path / "out" / "factory-deck-scorm2004.zip").is_file()


def test_an_unknown_preset_is_a_usage_error_listing_the_known_ones(tmp_path):
    run = run_c2e("build", str(_course_json(tmp_path)), "-o", str(tmp_path / "out"), "--lms", "blackboard")
    assert run.returncode == 2
    assert "unknown LMS preset 'blackboard'" in run.stderr and all(name in run.stderr for name in KNOWN)
    assert not (tmp_path / "out").exists()


def test_the_help_of_convert_and_build_names_every_preset():
    for command in ("convert", "build"):
        text = " ".join(run_c2e(command, "--help").stdout.split())
        assert all(name in text for name in KNOWN) and "--lms PRESET" in text


def test_presets_are_listed_with_their_reasons():
    listed = run_c2e("presets")
    assert listed.returncode == 0
    for item in PRESETS.values():
        assert f"{item.name}: {item.title}" in listed.stdout
        assert item.formats.reason in listed.stdout and item.score_required.reason in listed.stdout
    via_convert = run_c2e("convert", "--lms", "list")
    assert via_convert.returncode == 0 and via_convert.stdout == listed.stdout


def test_a_convert_table_in_the_config_file_sets_the_preset(sample_deck, tmp_path):
    (tmp_path / "c2e.toml").write_text('[convert]\nlms = "talentlms"\n')
    run = run_c2e("convert", str(sample_deck), "-o", "out", cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*-scorm*.zip")) == ["pharma-sales-onboarding-scorm2004.zip"]


def test_a_config_file_sets_the_preset_of_each_command(tmp_path):
    course = _course_json(tmp_path)
    (tmp_path / "c2e.toml").write_text('[convert]\nlms = "talentlms"\n[build]\nlms = "moodle-app"\n')
    run = run_c2e("build", str(course), "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*-scorm*.zip")) == ["factory-deck-scorm12.zip"]
    explicit = run_c2e("build", str(course), "-o", "out2", "--lms", "talentlms", cwd=tmp_path)
    assert explicit.returncode == 0, explicit.stderr
    assert sorted(p.name for p in (tmp_path / "out2").glob("*-scorm*.zip")) == ["factory-deck-scorm2004.zip"]


def test_the_xapi_package_is_described_by_the_preflight():
    (check,) = preflight(make_course(), {"xapi": Path("c-xapi.zip")}, None)
    assert "'completed' statement" in check.completion and check.success.startswith("once every knowledge check")
    assert "preflight.undescribed" not in [m.code for m in check.messages]
