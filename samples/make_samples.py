"""Regenerate the sample course material used by tests and demos.

Writes ``pharma-sales-onboarding.pptx``, an instructor-led deck for the fictional
"Cardiolex Sales Onboarding" course (all products, people and data are invented). It
exercises sections, multi-level bullets with bold/italic/hyperlink runs, a table,
pictures with alt text, a group shape, an activity, a quiz, a hidden slide and notes.
Output is deterministic: two runs yield byte-identical files.

Usage: python samples/make_samples.py [OUTDIR]   (default: this script's folder)
"""
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.util import Inches, Pt

DECK_NAME = "pharma-sales-onboarding.pptx"
FIXED_DATETIME = datetime.datetime(2024, 1, 1, 9, 0, 0)
ZIP_DATE_TIME = (2024, 1, 1, 0, 0, 0)
P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
P14 = f"{{{P14_NS}}}"
SECTION_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
PORTAL = "https://example.org/cardiolex-onboarding"
INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[(.+?)\]\((https://[^)]+)\)")


# ---------------------------------------------------------------- text helpers
def add_runs(paragraph, text):
    """Add runs to *paragraph*; supports **bold**, *italic* and [label](https://url)."""
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            paragraph.add_run().text = text[pos:m.start()]
        run = paragraph.add_run()
        bold, italic, label, url = m.groups()
        run.text = bold or italic or label
        run.font.bold, run.font.italic = (True if bold else None), (True if italic else None)
        if url:
            run.hyperlink.address = url
        pos = m.end()
    if pos < len(text):
        paragraph.add_run().text = text[pos:]


def fill_text_frame(text_frame, items):
    """Fill a text frame from strings or (level, text) tuples."""
    text_frame.clear()
    for i, item in enumerate(items):
        level, text = item if isinstance(item, tuple) else (0, item)
        para = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        para.level = level
        add_runs(para, text)


def new_slide(prs, layout_name, title, notes=None):
    """Add a slide using the named layout, set its title and (optional) speaker notes."""
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name(layout_name))
    slide.shapes.title.text = title
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    return slide


# ---------------------------------------------------------------- images
def diagram_png(kind):
    """Return deterministic PNG bytes for a simple coloured diagram (no text)."""
    img = Image.new("RGB", (480, 300), "white")
    draw = ImageDraw.Draw(img)
    if kind == "raas":  # four-step cascade, last step blocked
        colours = ["#4C78A8", "#72B7B2", "#F58518", "#E45756"]
        for i, colour in enumerate(colours):
            x = 20 + i * 118
            draw.rounded_rectangle([x, 110, x + 90, 190], 12, fill=colour)
            if i < 3:
                draw.polygon([(x + 94, 140), (x + 112, 150), (x + 94, 160)], fill="#333333")
        draw.line([(370, 90), (430, 210)], fill="#222222", width=8)
    elif kind == "moa":  # receptor with a blocking molecule
        draw.rectangle([60, 200, 420, 240], fill="#9ECAE9")
        draw.rectangle([210, 120, 270, 200], fill="#4C78A8")
        draw.ellipse([215, 60, 265, 110], fill="#E45756")
        draw.ellipse([330, 40, 370, 80], fill="#BAB0AC")
    else:  # compliance decision flow: diamond then two outcomes
        draw.polygon([(240, 20), (320, 90), (240, 160), (160, 90)], fill="#F2CF5B")
        draw.rectangle([40, 210, 200, 270], fill="#54A24B")
        draw.rectangle([280, 210, 440, 270], fill="#E45756")
        for x0, x1 in ((200, 120), (280, 360)):
            draw.line([(x0, 130), (x1, 210)], fill="#333333", width=4)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


# ---------------------------------------------------------------- slide kinds
def add_title_slide(prs, title, subtitle, notes, layout_name="Title Slide"):
    slide = new_slide(prs, layout_name, title, notes)
    slide.placeholders[1].text = subtitle
    return slide


def add_section_header(prs, title, blurb, notes=None):
    return add_title_slide(prs, title, blurb, notes, layout_name="Section Header")


def add_bullets_slide(prs, title, bullets, notes, hidden=False):
    slide = new_slide(prs, "Title and Content", title, notes)
    fill_text_frame(slide.placeholders[1].text_frame, bullets)
    if hidden:
        slide._element.set("show", "0")
    return slide


def add_caption(slide, top, text):
    box = slide.shapes.add_textbox(Inches(0.5), top, Inches(9), Inches(0.5))
    fill_text_frame(box.text_frame, [text])


def add_picture_slide(prs, title, kind, alt_text, caption, notes):
    slide = new_slide(prs, "Title Only", title, notes)
    pic = slide.shapes.add_picture(io.BytesIO(diagram_png(kind)), Inches(1.5), Inches(1.6),
                                   width=Inches(7))
    pic._element.nvPicPr.cNvPr.set("descr", alt_text)
    add_caption(slide, Inches(6.1), caption)
    return slide


def add_table_slide(prs, title, rows, footnote, notes):
    slide = new_slide(prs, "Title Only", title, notes)
    table = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.5), Inches(1.7),
                                   Inches(9), Inches(3.6)).table
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
            table.cell(r, c).text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    add_caption(slide, Inches(5.6), footnote)
    return slide


def add_group_slide(prs, title, boxes, notes):
    """Text boxes inside one group shape, left to right, to test reading order."""
    slide = new_slide(prs, "Title Only", title, notes)
    group = slide.shapes.add_group_shape()
    for i, lines in enumerate(boxes):
        box = group.shapes.add_textbox(Inches(0.4 + i * 3.1), Inches(2), Inches(2.9), Inches(3))
        box.text_frame.word_wrap = True
        fill_text_frame(box.text_frame, lines)
    return slide


def add_activity_slide(prs, title, prompts, timing, notes):
    return add_bullets_slide(prs, title, prompts + [f"**Timing:** {timing}"], notes)


def add_quiz_slide(prs, question, options, answer, rationale):
    bullets = [f"**{question}**"] + [(1, f"{k}. {v}") for k, v in zip("ABCD", options, strict=False)]
    notes = f"Correct answer: {answer}. {rationale}"
    return add_bullets_slide(prs, "Knowledge check", bullets, notes)


# ---------------------------------------------------------------- package level
def add_sections(prs, sections):
    """Write p14:sectionLst into presentation.xml; *sections*: [(name, guid, slides)]."""
    pres = prs.part._element
    ext_lst = pres.find(P_NS + "extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(pres, P_NS + "extLst")  # last child, as the schema wants
    ext = etree.SubElement(ext_lst, P_NS + "ext", uri=SECTION_EXT_URI)
    section_lst = etree.SubElement(ext, P14 + "sectionLst", nsmap={"p14": P14_NS})
    for name, guid, slides in sections:
        section = etree.SubElement(section_lst, P14 + "section", name=name, id=guid)
        id_lst = etree.SubElement(section, P14 + "sldIdLst")
        for slide in slides:
            etree.SubElement(id_lst, P14 + "sldId", id=str(slide.slide_id))


def fix_core_properties(prs):
    props = prs.core_properties
    props.title = "Cardiolex Sales Onboarding"
    props.author = "Northwind Learning Team"
    props.last_modified_by = "Northwind Learning Team"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATETIME


def save_deterministic(prs, path):
    """Save *prs*, then rewrite the zip with fixed timestamps in the original entry order."""
    raw, out = io.BytesIO(), io.BytesIO()
    prs.save(raw)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    Path(path).write_bytes(out.getvalue())


# ---------------------------------------------------------------- the deck
def build_welcome(prs):
    return [
        add_title_slide(
            prs, "Cardiolex Sales Onboarding", "Instructor-led workshop, Day 1 | Fictional",
            "Say: Welcome everyone, and thank you for making the trip in. Today builds what you "
            "need before your first customer call. Start on time even if a few are late."),
        add_section_header(prs, "Welcome", "Why we are here and how the day will run",
                           "Settle the room. Ask people to put laptops in sleep mode until the "
                           "afternoon practice block."),
        add_bullets_slide(prs, "Today's agenda and objectives", [
            "Morning: **disease area** and **product knowledge**",
            (1, "Hypertension basics and the patients we serve"),
            (1, "How Cardiolex works and how it is dosed"),
            "Afternoon: *compliance* and practice",
            (1, "Promotional rules and adverse event reporting"),
            (1, "Role-play a first call with a cardiologist"),
            (2, "Peer feedback using the call observation form"),
            "By 17:00 you will be able to describe Cardiolex accurately and within the rules",
        ], "Say: Here is the shape of the day; read the last bullet aloud as our promise. Ask: "
           "Which topic feels least familiar to you? Allow about 3 minutes."),
        add_bullets_slide(prs, "How we work together", [
            "Ask questions at any time; there is a *parking lot* flipchart for later topics",
            "Phones on silent, breaks at 10:30, 12:30 and 15:00",
            f"All pre-reading lives on the [course portal]({PORTAL})",
            (1, "Your login is your employee ID"),
            (1, "Download the **call planner** template before the afternoon"),
        ], "Point out the parking lot and the break times. If someone cannot reach the portal, "
           "pair them with a neighbour rather than troubleshooting now. Under 2 minutes."),
    ]


def build_disease_area(prs):
    return [
        add_section_header(prs, "The Disease Area", "Hypertension and the people who live with it",
                           "Transition: before any product talk, we need to understand the "
                           "condition and the patients. This block takes about 50 minutes."),
        add_bullets_slide(prs, "Hypertension at a glance", [
            "Persistently raised blood pressure, often **without symptoms**",
            (1, "Defined in clinic as 140/90 mmHg or above"),
            (2, "Home readings use a lower threshold of 135/85 mmHg"),
            (1, "Sometimes called the *silent* risk factor"),
            "Major driver of stroke, heart attack and kidney disease",
            (1, "Every 10 mmHg fall in systolic pressure lowers cardiovascular risk"),
            "Many patients need **two or more** medicines to reach target",
        ], "Say: Most people with high blood pressure feel completely well, which is why it is "
           "dangerous. Ask: Why might someone stop a tablet for a condition they cannot feel?"),
        add_picture_slide(
            prs, "The renin-angiotensin system", "raas",
            "Diagram of the renin-angiotensin system: four coloured boxes linked by arrows for "
            "renin, angiotensin I, angiotensin II and the receptor, with a bold line striking "
            "through the final step where blockers act.",
            "Each step in the cascade raises blood pressure; the last step is where we act.",
            "Walk the cascade from left to right, one box at a time. Go no deeper; the medical "
            "team covers the biochemistry in week three."),
        add_group_slide(prs, "Who are our patients?", [
            ["**Newly diagnosed**", "Often in their fifties", "Worried about side effects"],
            ["**Uncontrolled on one medicine**", "Still above target", "Open to a change"],
            ["**Complex patients**", "Diabetes or kidney disease", "Seen by specialists"],
        ], "These three profiles come up in almost every call. Read them left to right, then ask "
           "which profile the group expects to meet most often in their territory."),
        add_activity_slide(prs, "Discussion: The patient journey", [
            "In table groups, map the journey from first raised reading to stable control",
            (1, "Where do patients drop out of care?"),
            (1, "Who influences the decision to start or change treatment?"),
            "Capture your map on the flipchart provided",
        ], "10 minutes in groups, 5 minutes feedback",
            "NOTE-MARKER: ask learners to share a patient story from friends or family, without "
            "names. Ask: Where did that person get stuck? Give a two-minute warning before "
            "feedback and pick two groups to present."),
    ]


def build_product(prs):
    return [
        add_section_header(prs, "Our Product", "What Cardiolex is, how it works, how it is used",
                           "Everything in this block comes from the approved product information. "
                           "Park questions that go beyond it for the medical team."),
        add_bullets_slide(prs, "Introducing Cardiolex", [
            "Once-daily angiotensin receptor blocker for adults with hypertension",
            "Cardiolex reduces systolic pressure in clinical studies versus placebo",
            (1, "Effect seen **within two weeks**, maximal at four to six weeks"),
            (1, "Can be combined with a diuretic such as *Hydrovane*"),
            "Film-coated tablets: 5 mg and 10 mg",
        ], "Say: This is our core message and you will hear it many times today. Ask: What would "
           "a busy GP want to hear first? Allow 4 minutes."),
        add_picture_slide(
            prs, "How Cardiolex works", "moa",
            "Illustration of a cell membrane with a blue receptor; a red Cardiolex molecule sits "
            "in the receptor while a grey hormone molecule is kept out.",
            "Cardiolex occupies the receptor so the hormone cannot bind.",
            "Use the lock-and-key picture: the hormone is the key and Cardiolex is gum in the "
            "keyhole. Learners remember analogies far better than pathway names."),
        add_table_slide(prs, "Dosing at a glance", [
            ["Patient group", "Starting dose", "Usual maintenance", "Watch for"],
            ["Adults under 75", "5 mg once daily", "10 mg once daily", "Dizziness at start"],
            ["Adults 75 and over", "2.5 mg once daily", "5 mg once daily", "Falls risk"],
            ["Moderate kidney impairment", "2.5 mg once daily", "5 mg maximum", "Potassium"],
            ["Severe liver impairment", "Not recommended", "Not recommended", "Refer"],
        ], "Fictional product: training use only, not prescribing information.",
            "Go row by row: doses go up, never start high. Ask: Which row will your customers ask "
            "about most? Expect the kidney row and have the renal leaflet ready."),
        add_bullets_slide(prs, "What the evidence shows", [
            "**CLX-301:** 12-week placebo-controlled study in 1,200 adults",
            (1, "Mean systolic fall of 14 mmHg versus 5 mmHg on placebo"),
            "**CLX-305:** 52-week open-label safety extension",
            (1, "Most common side effects: dizziness and headache"),
            (2, "Usually mild and in the first two weeks"),
            "Always present data *with* the approved safety information",
        ], "Say: These two studies back every conversation about evidence. Keep numbers exact; "
           "rounding up is a compliance issue. Allow 5 minutes."),
        add_bullets_slide(prs, "Backup: detailed trial data", [
            "CLX-301 subgroups: age, sex, baseline systolic band",
            (1, "Effect consistent across all prespecified subgroups"),
            "CLX-305 discontinuations due to adverse events: 3.1%",
            "Use only if a learner asks; do not present proactively",
        ], "Hidden backup slide. Show it only if someone asks about subgroups, then return "
           "straight to the main flow.", hidden=True),
    ]


def build_compliance(prs):
    return [
        add_section_header(prs, "Compliance", "Promoting responsibly and reporting safely",
                           "Change of tone: this block is non-negotiable. Invite the compliance "
                           "partner to introduce themselves if present."),
        add_bullets_slide(prs, "Promotional rules you must know", [
            "Promote **only** within the approved indication",
            (1, "No off-label discussion, even when asked directly"),
            (2, "Offer a medical information request instead"),
            "Use approved materials only; never edit or annotate them",
            "Read the full [code of practice](https://example.org/code-of-practice)",
        ], "Say: If you remember one thing from this block, make it the first bullet. Ask: What "
           "would you say if asked about use in children? Model the referral answer first."),
        add_bullets_slide(prs, "Reporting adverse events", [
            "Any suspected side effect you hear about must be reported",
            (1, "Within **24 hours**, even if you are unsure it is related"),
            (1, "Report from any source: doctor, pharmacist, patient, social media"),
            "Use the safety reporting form on the *Safety* tab of the portal",
        ], "Stress that reporting is a personal obligation that cannot be delegated. State the "
           "24-hour rule twice. Allow 3 minutes for questions."),
        add_picture_slide(
            prs, "Is this conversation on-label?", "flow",
            "Decision flow: a yellow diamond question splits into a green box for on-label "
            "topics you may discuss and a red box for off-label topics you must refer.",
            "When in doubt, refer to medical information.",
            "Work two examples out loud: dosing in adults, then use in pregnancy. Ask the room "
            "which box each belongs in."),
        add_quiz_slide(
            prs, "A pharmacist says a patient felt faint on starting Cardiolex. What do you do?",
            ["Nothing, dizziness is a known side effect",
             "Report it as an adverse event within 24 hours",
             "Advise the pharmacist to halve the dose", "Wait to see if it happens again"],
            "B", "Every suspected adverse event is reported within 24 hours, even known ones. "
                 "Option C would be giving medical advice."),
    ]


def build_wrap_up(prs):
    return [
        add_section_header(prs, "Practice and Wrap-up", "Putting it all together",
                           "Energy dips after lunch. Get people on their feet for the role-play."),
        add_activity_slide(prs, "Activity: Role-play a first call", [
            "Work in threes: representative, cardiologist, observer",
            (1, "Open with a question about the doctor's uncontrolled patients"),
            (1, "Introduce Cardiolex using the core message"),
            (1, "Handle one objection from the objection cards"),
            "Observer completes the call observation form",
        ], "3 rounds of 8 minutes, rotating roles, then 10 minutes debrief",
            "Hand out the objection cards face down and time each round strictly. In the "
            "debrief, Ask: What did the observer notice that the representative missed?"),
        add_bullets_slide(prs, "Handling common objections", [
            "\"My patients are fine on what they take\"",
            (1, "Ask how many are actually at target"),
            "\"Another tablet means more side effects\"",
            (1, "Share the CLX-305 safety data, *balanced* and complete"),
            "\"I have no time for this\"",
            (1, "Offer a two-minute summary and a follow-up visit"),
        ], "Link each objection back to what people just experienced in the role-play. This "
           "slide is a summary, not new content."),
        add_bullets_slide(prs, "Next steps", [
            "Complete the **online assessment** within five working days",
            "Shadow two field visits with your manager",
            f"Share feedback on today via the [course survey]({PORTAL}/survey)",
        ], "Say: Thank you for your energy today. Ask people to complete the survey before "
           "leaving the room, and close exactly on time."),
        add_bullets_slide(prs, "Checklist: Before your first call", [
            "\u2610 Reread the approved product information for Cardiolex",
            "\u2610 Note which patient profile the doctor sees most often",
            "\u2610 Rehearse the core message and one opening question",
            "\u2610 Pack approved materials only, with the safety reporting form",
            "\u2610 Plan the follow-up visit before you leave the practice",
        ], "Say: Print this checklist and keep it with your call planner. Tick each item the evening "
           "before a call, and bring it to your first field visit with your manager."),
    ]


SECTIONS = [  # (section name, fixed GUID, builder); order is slide order
    ("Welcome", "{3F2A1C64-7B1E-4D0A-9C11-0A1B2C3D4E01}", build_welcome),
    ("The Disease Area", "{3F2A1C64-7B1E-4D0A-9C11-0A1B2C3D4E02}", build_disease_area),
    ("Our Product", "{3F2A1C64-7B1E-4D0A-9C11-0A1B2C3D4E03}", build_product),
    ("Compliance", "{3F2A1C64-7B1E-4D0A-9C11-0A1B2C3D4E04}", build_compliance),
    ("Practice and Wrap-up", "{3F2A1C64-7B1E-4D0A-9C11-0A1B2C3D4E05}", build_wrap_up),
]


def write_deck(outdir):
    """Build the ILT sample deck in *outdir* and return its path."""
    prs = Presentation()
    add_sections(prs, [(name, guid, build(prs)) for name, guid, build in SECTIONS])
    fix_core_properties(prs)
    save_deterministic(prs, Path(outdir) / DECK_NAME)
    return Path(outdir) / DECK_NAME


def main(argv=None):
    """Write the whole sample course: the deck, the facilitator guide and the PDF handout."""
    from make_guide import write_guide  # they build on this module's helpers
    from make_handout import write_handout

    argv = sys.argv[1:] if argv is None else argv
    outdir = Path(argv[0]) if argv else Path(__file__).resolve().parent
    outdir.mkdir(parents=True, exist_ok=True)
    for write in (write_deck, write_guide, write_handout):
        print(write(outdir))


if __name__ == "__main__":
    main()
