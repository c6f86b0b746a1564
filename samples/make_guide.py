"""Regenerate the sample facilitator guide used by tests and demos.

Writes ``facilitator-guide.docx``: the trainer's guide to the same fictional "Cardiolex Sales Onboarding"
day as ``pharma-sales-onboarding.pptx`` (all products, people and data are invented). It exercises a
Title, Heading 1 per part of the day and Heading 2 sub-parts, Say:/Do:/Ask: cues, two-level bulleted
and numbered lists, timing tables, an activity box, a picture with alt text, hyperlinks, a footnote, a
header and a footer. Output is deterministic: two runs yield byte-identical files.

Usage: python samples/make_guide.py [OUTDIR]   (default: this script's folder)
"""
import io
import sys
from pathlib import Path

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import FIXED_DATETIME, PORTAL, diagram_png, save_deterministic  # noqa: E402

GUIDE_NAME = "facilitator-guide.docx"
TITLE = "Cardiolex Sales Onboarding: Facilitator Guide"
CUE_WORDS = ("Say:", "Do:", "Ask:", "Note:", "Tip:", "Activity:", "Debrief:")
FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote>{notes}</w:footnotes>'
)
FOOTNOTE_XML = ('<w:footnote w:id="{id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')


# ---------------------------------------------------------------- text helpers
def cue(doc, text):
    """Add a facilitator cue paragraph: the cue word in bold, then the instruction."""
    word = next(w for w in CUE_WORDS if text.startswith(w))
    para = doc.add_paragraph()
    para.add_run(word).bold = True
    para.add_run(text[len(word):])
    return para


def bullets(doc, items, numbered=False):
    """Add a list from strings (level 1) and (2, text) tuples, using the template's list styles."""
    base = "List Number" if numbered else "List Bullet"
    for item in items:
        level, text = item if isinstance(item, tuple) else (1, item)
        doc.add_paragraph(text, style=base if level == 1 else f"{base} {level}")


def add_hyperlink(paragraph, text, url):
    """Append a clickable link run (python-docx has no API for it): an external relationship and w:hyperlink."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
                          f'<w:t xml:space="preserve">{text}</w:t></w:r>'))
    paragraph._p.append(link)


def add_footnote(paragraph, note_id):
    """Cite footnote ``note_id`` at the end of ``paragraph``; its text is written by ``write_footnotes``."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vertAlign w:val="superscript"/></w:rPr>'))
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(note_id))
    run._r.append(reference)


def write_footnotes(doc, notes):
    """Add the footnotes part holding ``notes`` ({id: text}) and relate it to the document."""
    body = "".join(FOOTNOTE_XML.format(id=i, text=text) for i, text in notes.items())
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                FOOTNOTES_XML.format(notes=body).encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def table(doc, rows, header=True):
    """Add a grid table from rows of strings; the first row repeats as a header row."""
    grid = doc.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    if header:
        tr_pr = grid.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
        for cell in grid.rows[0].cells:
            cell.paragraphs[0].runs[0].bold = True
    return grid


def activity_box(doc, title, lines):
    """Add a single-cell shaded table: the activity card trainers look for on the page."""
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.cell(0, 0)
    cell.paragraphs[0].add_run(title).bold = True
    for line in lines:
        cell.add_paragraph(line)
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="FFF2CC"/>'))
    return box


def picture(doc, kind, alt, width=5.0):
    """Add a diagram from the deck's generator, with alt text on the drawing."""
    shape = doc.add_picture(io.BytesIO(diagram_png(kind)), width=Inches(width))
    shape._inline.docPr.set("descr", alt)
    return shape


# ---------------------------------------------------------------- the guide
def build_front(doc):
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph("This guide walks a trainer through the one-day Cardiolex onboarding workshop, part by "
                      "part, in step with the slide deck. Cardiolex and every figure in it are fictional.")


def build_welcome(doc):
    doc.add_heading("Welcome", level=1)
    doc.add_heading("Before learners arrive", level=2)
    bullets(doc, ["Set the room in table groups of four", (2, "One flipchart per table, plus a parking lot"),
                  "Test the projector and the portal login", (2, "Keep a spare login sheet at the front")])
    doc.add_heading("Opening the day", level=2)
    table(doc, [["Time", "Activity", "Materials"],
                ["10 min", "Welcome and housekeeping", "Slides 1-2"],
                ["20 min", "Agenda, objectives and introductions", "Name cards, slide 3"],
                ["5 min", "Ways of working", "Parking lot flipchart"]])
    cue(doc, "Say: SAY-MARKER: welcome the group, thank them for travelling, and promise a practical day "
             "that ends with a first call they could make tomorrow.")
    cue(doc, "Do: Point to the parking lot and the break times, then start the introductions round.")
    cue(doc, "Ask: Which topic on the agenda feels least familiar to you today?")


def build_disease_area(doc):
    doc.add_heading("The Disease Area", level=1)
    doc.add_heading("Hypertension at a glance", level=2)
    cue(doc, "Say: High blood pressure rarely hurts, which is exactly why so many people leave it untreated.")
    bullets(doc, ["Blood pressure that stays raised, usually with no symptoms",
                  (2, "Clinic threshold 140/90 mmHg; home readings 135/85 mmHg"),
                  "A leading cause of stroke, heart attack and kidney disease",
                  (2, "Small falls in systolic pressure cut the risk measurably")])
    picture(doc, "raas", "The renin-angiotensin cascade as four coloured boxes joined by arrows, with the "
                         "last step struck through where receptor blockers act.")
    doc.add_heading("The patient journey", level=2)
    cue(doc, "Activity: In table groups, map a patient's path from a first raised reading to stable control.")
    cue(doc, "Debrief: Ask two groups to present where patients dropped out of care, and why.")


def build_product(doc):
    doc.add_heading("Our Product", level=1)
    doc.add_heading("Introducing Cardiolex", level=2)
    bullets(doc, ["Open with the core message", (2, "Once daily, for adults with hypertension"),
                  "Explain the mechanism with the lock-and-key picture", (2, "The hormone is the key"),
                  "Close with the approved safety information"], numbered=True)
    doc.add_heading("Dosing at a glance", level=2)
    intro = doc.add_paragraph("Walk the dosing table row by row; doses go up, never start high.")
    add_footnote(intro, 1)
    table(doc, [["Patient group", "Starting dose", "Watch for"],
                ["Adults under 75", "5 mg once daily", "Dizziness at start"],
                ["Adults 75 and over", "2.5 mg once daily", "Falls risk"]])
    cue(doc, "Tip: Keep the renal leaflet within reach; the kidney row draws the most questions.")


def build_compliance(doc):
    doc.add_heading("Compliance", level=1)
    doc.add_heading("Promotional rules", level=2)
    bullets(doc, ["Promote only within the approved indication", (2, "Refer off-label questions to medical "
                  "information"), "Use approved materials, unedited"])
    para = doc.add_paragraph("Learners can read the full ")
    add_hyperlink(para, "code of practice", "https://example.org/code-of-practice")
    para.add_run(" before the afternoon.")
    doc.add_heading("Reporting adverse events", level=2)
    cue(doc, "Note: Say the 24-hour reporting rule twice; it is a personal duty that cannot be delegated.")


def build_wrap_up(doc):
    doc.add_heading("Practice and Wrap-up", level=1)
    doc.add_heading("Role-play a first call", level=2)
    activity_box(doc, "Activity: Objection handling in pairs",
                 ["One learner plays a sceptical cardiologist, the other the representative.",
                  "Swap roles after each objection card; the observer notes one strength and one gap."])
    table(doc, [["Time", "Activity", "Materials"],
                ["25 min", "Three role-play rounds", "Objection cards, observation form"],
                ["10 min", "Debrief in plenary", "Flipchart"]])
    doc.add_heading("Closing", level=2)
    cue(doc, "Say: Thank the group for their energy and ask them to complete the survey before leaving.")
    para = doc.add_paragraph("Survey link for the closing slide: ")
    add_hyperlink(para, "course survey", f"{PORTAL}/survey")


def add_header_footer(doc):
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Cardiolex Sales Onboarding | Facilitator Guide"
    section.footer.paragraphs[0].text = "Fictional course material for training use only"


def fix_core_properties(doc):
    props = doc.core_properties
    props.title = TITLE
    props.author = props.last_modified_by = "Northwind Learning Team"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATETIME


def write_guide(outdir):
    """Build the facilitator guide in *outdir* and return its path."""
    doc = Document()
    for build in (build_front, build_welcome, build_disease_area, build_product, build_compliance, build_wrap_up):
        build(doc)
    write_footnotes(doc, {1: "Fictional product: training use only, not prescribing information."})
    add_header_footer(doc)
    fix_core_properties(doc)
    Path(outdir).mkdir(parents=True, exist_ok=True)
    path = Path(outdir) / GUIDE_NAME
    save_deterministic(doc, path)
    return path


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    outdir = Path(argv[0]) if argv else Path(__file__).resolve().parent
    print(write_guide(outdir))


if __name__ == "__main__":
    main()
