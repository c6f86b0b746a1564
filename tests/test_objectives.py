"""Learning objectives and delivery modes as a spec: objectives are read from objectives and agenda slides and
mapped to the modules that cover them, else derived (and marked so) as measurable statements whose verb fits
the content; each module gets a delivery mode from the learning need its content shows, with the reasons."""

from __future__ import annotations

from converter.chunking import build_course
from converter.chunking.delivery import recommend_delivery
from converter.chunking.objectives import derive_objectives
from converter.model import (
    SCHEMA_VERSION,
    ListBlock,
    ListItem,
    Location,
    Module,
    Paragraph,
    Screen,
    SourceDocument,
    SourceInfo,
    Span,
    Table,
    TableCell,
    TableRow,
    Unit,
)
from converter.options import ConvertOptions


def _list(*texts: str, ordered: bool = False) -> ListBlock:
    return ListBlock(ordered=ordered, items=tuple(ListItem(spans=(Span(text=text),)) for text in texts))


def _text(text: str, bold: str = "") -> Paragraph:
    spans = (Span(text=text),) + ((Span(text=bold, bold=True),) if bold else ())
    return Paragraph(spans=spans)


def _unit(index: int, title: str, *blocks, section: str | None = None) -> Unit:
    padding = _text(" ".join(["context"] * 500))  # 2.5 minutes of reading: sections stay modules of their own
    return Unit(kind="slide", index=index, key=f"slide-{255 + index}", title=title, section=section,
                blocks=(*blocks, padding), where=Location(file="deck.pptx", unit=index))


def _doc(*units: Unit) -> SourceDocument:
    return SourceDocument(schema_version=SCHEMA_VERSION, title="Deck", units=units,
                          source=SourceInfo(name="deck.pptx", format="pptx", sha256="0" * 64, size=1))


def _deck() -> SourceDocument:
    return _doc(
        _unit(1, "Learning objectives", _list("Measure blood pressure correctly", "Report adverse events on time",
                                               "Explain quantum chromodynamics"), section="Welcome"),
        _unit(2, "Why we are here", _text("The day at a glance."), section="Welcome"),
        _unit(3, "Measuring blood pressure", _text("Use the right cuff size."), section="Measuring"),
        _unit(4, "Blood pressure readings", _text("Measure twice, one minute apart."), section="Measuring"),
        _unit(5, "Adverse events", _text("Report every suspected adverse event."), section="Safety"),
        _unit(6, "Reporting on time", _text("Within 24 hours of hearing of it."), section="Safety"),
    )


def _texts(course, module) -> list[str]:
    by_id = {objective.id: objective for objective in course.objectives}
    return [by_id[objective].text for objective in module.objectives]


def test_objectives_read_from_an_objectives_slide_go_to_the_modules_that_cover_them():
    result = build_course(_deck(), ConvertOptions())
    course = result.value
    assert [m.title for m in course.modules] == ["Welcome", "Measuring", "Safety"]
    read = [o for o in course.objectives if not o.derived]
    assert [o.text for o in read] == ["Measure blood pressure correctly", "Report adverse events on time",
                                      "Explain quantum chromodynamics"]
    assert all(o.where is not None and o.where.unit == 1 for o in read)
    assert _texts(course, course.modules[1]) == ["Measure blood pressure correctly"]
    assert _texts(course, course.modules[2]) == ["Report adverse events on time"]
    assert course.screens()[0].title == "Learning objectives"  # the objectives slide stays a screen
    unmapped = [m for m in result.messages if m.code == "journey.objective-unmapped"]
    assert len(unmapped) == 1 and "quantum chromodynamics" in unmapped[0].text
    assert build_course(_deck(), ConvertOptions()).value == course  # deterministic


def test_a_by_the_end_line_gives_the_list_after_it():
    doc = _doc(_unit(1, "Welcome", _text("By the end of this session you will be able to:"),
                     _list("Describe the renin-angiotensin system", "List the three patient profiles")))
    course = build_course(doc, ConvertOptions()).value
    assert [o.text for o in course.objectives if not o.derived] == ["Describe the renin-angiotensin system",
                                                                    "List the three patient profiles"]


def _module(title: str, *screens: tuple[str, tuple]) -> Module:
    return Module(id="mod-1", title=title, screens=tuple(
        Screen(id=f"scr-{n}", title=screen_title, blocks=blocks, where=Location(file="deck.pptx", unit=n))
        for n, (screen_title, blocks) in enumerate(screens, 1)))


def _table() -> Table:
    row = TableRow(cells=(TableCell(paragraphs=((Span(text="x"),),)), TableCell(paragraphs=((Span(text="y"),),))))
    return Table(header_rows=1, rows=(row, row, row))


def test_derived_objectives_choose_their_verb_from_the_content_and_say_they_are_derived():
    module = _module("Working safely",
                     ("Reporting a side effect", (_list("Write it down", "Call safety", "File the form",
                                                        ordered=True),)),
                     ("Doses by age", (_table(),)),
                     ("Key terms", (_list("Hypertension: blood pressure that stays raised",
                                          "Receptor: where a hormone binds"),)))
    objectives = derive_objectives(module)
    assert [o.text for o in objectives] == ["Carry out the steps of Working safely",
                                            "Carry out the steps of Reporting a side effect",
                                            "Define Hypertension and Receptor"]
    assert all(o.derived for o in objectives)
    plain = _module("The disease area", ("Who are our patients", (_text("Mostly in their fifties. ", "Hypertension"),)),
                    ("The cascade", (_text("Each step raises the pressure."),)))
    assert [o.text for o in derive_objectives(plain)] == ["Describe The disease area, including Hypertension",
                                                          "Explain Who are our patients", "Explain The cascade"]
    assert derive_objectives(plain) == derive_objectives(plain)


def test_every_module_without_read_objectives_gets_derived_ones():
    doc = _doc(_unit(1, "Measuring", _text("Use the right cuff."), section="A"),
               _unit(2, "Doses", _table(), section="A"))
    course = build_course(doc, ConvertOptions()).value
    assert course.modules[0].objectives and all(o.derived for o in course.objectives)
    assert "Compare Doses" in _texts(course, course.modules[0])


def test_delivery_follows_the_learning_need_the_content_shows():
    knowledge = _module("Background", ("History", (_text("The product was launched in 2010."),)))
    assert recommend_delivery(knowledge).mode == "elearning"
    assert recommend_delivery(knowledge).need == "knowledge-transfer" and recommend_delivery(knowledge).reasons
    skills = _module("Installing", ("How to install", (_list("Download", "Install", "Configure", ordered=True),)),
                     ("Practice", (_text("Practice the set up in the lab exercise."),)))
    assert (recommend_delivery(skills).need, recommend_delivery(skills).mode) == ("skill-development", "blended")
    assert recommend_delivery(skills, ["exercise"]).mode == "ilt"
    assert any("numbered procedure" in reason for reason in recommend_delivery(skills).reasons)
    cases = _module("Incidents", ("A case", (_text("Scenario: a case of a failed backup. Diagnose the root "
                                                    "cause; what would you do? Decide."),)))
    delivery = recommend_delivery(cases, ["breakout"])
    assert (delivery.need, delivery.mode) == ("complex-problem-solving", "collaborative")
    assert any("breakout" in reason for reason in delivery.reasons)
    behaviour = _module("Calls", ("Objections", (_text("Listen, give feedback, keep the conversation going."),)))
    assert recommend_delivery(behaviour, ["role-play"]).mode == "blended-facilitated"
    policy = _module("Rules", ("Policy", (_text("The policy is mandatory for all staff: compliance is a legal "
                                                  "obligation."),)))
    assert (recommend_delivery(policy).need, recommend_delivery(policy).mode) == ("large-scale-rollout", "elearning")
