"""The journey's options as a user sets them: ``c2e convert`` flags and the same names in c2e.toml [convert]
reach the course (its stated rates, module range, stages, micro-item days, session date), journey.json and the
report; incoherent values are usage errors."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html

from converter.options import ConvertOptions

from conftest import run_c2e

FLAGS = ("--module-minutes", "8", "--module-max", "14", "--reading-wpm", "150", "--speaking-wpm", "120",
         "--question-minutes", "2", "--micro-days", "2,9", "--session-date", "2027-03-01", "--no-job-aids",
         "--stages", "pre-learning,live,reinforcement", "--slide-images", "never")
CONFIG = """[convert]
module-minutes = 8
module-max = 14
reading-wpm = 150
speaking-wpm = 120
question-minutes = 2
micro-days = [2, 9]
session-date = 2027-03-01
job-aids = false
stages = ["pre-learning", "live", "reinforcement"]
slide-images = "never"
"""


def _convert(sample_deck: Path, out: Path, *args: str, cwd: Path | None = None) -> dict:
    run = run_c2e("convert", str(sample_deck), "-o", str(out), "-f", "journey", *args, cwd=cwd, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads((out / "pharma-sales-onboarding-journey" / "journey.json").read_text(encoding="utf-8"))


def _check(journey: dict, out: Path) -> None:
    assert journey["timing"] == {"reading_wpm": 150, "speaking_wpm": 120, "minutes_per_question": 2.0,
                                 "seconds_per_screen": 20.0, "media_minutes": 1.0, "module_minutes": 8.0,
                                 "module_min": 4.0, "module_max": 14.0}
    assert [stage["stage"] for stage in journey["stages"]] == ["pre-learning", "live", "reinforcement"]
    assert journey["job_aids"] == [] and {item["day_offset"] for item in journey["micro_items"]} == {2, 9}
    assert all(m["delivery"]["reasons"] for m in journey["modules"])
    assert "within 4-14 min (target 8)" in journey["sizing"] and "reading 150 words/min" in journey["sizing"]
    report = json.loads((out / "pharma-sales-onboarding.report.json").read_text(encoding="utf-8"))
    assert report["journey"]["sizing"] == journey["sizing"]
    assert [m["delivery"] for m in report["journey"]["modules"]] == [m["delivery"] for m in journey["modules"]]
    page = html.fromstring((out / "pharma-sales-onboarding.report.html").read_bytes())
    assert page.xpath("//p[@class='sizing']")[0].text_content() == journey["sizing"]
    assert len(page.xpath("//table[@class='journey']//tr")) == len(journey["modules"]) + 1


def test_journey_flags_reach_the_course_journey_json_and_the_report(sample_deck, tmp_path):
    out = tmp_path / "out"
    _check(_convert(sample_deck, out, *FLAGS), out)


def test_the_same_names_in_c2e_toml_do_the_same(sample_deck, tmp_path):
    (tmp_path / "c2e.toml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out"
    _check(_convert(sample_deck, out, cwd=tmp_path), out)


def test_incoherent_journey_options_are_usage_errors(sample_deck, tmp_path):
    for args in (("--module-minutes", "10", "--module-min", "12"), ("--stages", "live"), ("--micro-days", "x")):
        run = run_c2e("convert", str(sample_deck), "-o", str(tmp_path), *args)
        assert run.returncode == 2, (args, run.stderr)


def test_stages_switch_their_parts_of_the_journey_off():
    assert ConvertOptions(stages="pre-learning").builds("live") is False
    assert ConvertOptions(stages="live,pre-learning").stages == ("pre-learning", "live")  # the journey's order
    assert ConvertOptions(micro_offsets="none").builds("reinforcement") is False
    assert ConvertOptions(job_aids=False).builds("performance-support") is False
    assert all(ConvertOptions().builds(stage) for stage in ("pre-learning", "live", "reinforcement",
                                                             "performance-support"))
