"""Regenerate the sample participant handout used by tests and demos.

Writes ``handout.pdf``, a three-page portrait handout for the fictional "Cardiolex Sales Onboarding" course
(all products, people and data are invented). It exercises a title, headings at two levels, paragraphs with
bold and italic words, a web link, a bulleted list with a nested level, a numbered list, a ruled table, a
two-column page and document bookmarks (outline entries). Planted markers: "HANDOUT-MARKER: key messages"
(a heading) and "10 mg once daily" (in the table). Output is deterministic: two runs yield identical bytes.

Usage: python samples/make_handout.py [OUTDIR]   (default: this script's folder)
"""
import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

rl_config.invariant = 1  # fixed creation date and document id: identical bytes on every run

HANDOUT_NAME = "handout.pdf"
COURSE = "Cardiolex Sales Onboarding"
PORTAL = "https://example.org/cardiolex-onboarding"
MARGIN = 20 * mm
GUTTER = 8 * mm
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=6)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=24, leading=29, spaceAfter=4)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica-Oblique", fontSize=11, leading=14, spaceAfter=14)
HEADING_1 = ParagraphStyle("heading1", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceBefore=10,
                           spaceAfter=6)
HEADING_2 = ParagraphStyle("heading2", fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceBefore=8,
                           spaceAfter=4)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12)
CELL_HEAD = ParagraphStyle("cell-head", parent=CELL, fontName="Helvetica-Bold")
FOOTNOTE = ParagraphStyle("footnote", fontName="Helvetica-Oblique", fontSize=8.5, leading=11, spaceBefore=4)
OUTLINE_LEVELS = {"heading1": 0, "heading2": 1}


class HandoutTemplate(BaseDocTemplate):
    """A4 portrait pages: one full-width frame, or a heading band over two columns; headings become bookmarks."""

    def __init__(self, filename, **kwargs):
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN, title=COURSE + ": participant handout",
                         author="Northwind Learning Team", subject="Fictional training material", **kwargs)
        width, height = A4
        inner = width - 2 * MARGIN
        full = Frame(MARGIN, MARGIN, inner, height - 2 * MARGIN, id="full")
        band = 30 * mm
        heading = Frame(MARGIN, height - MARGIN - band, inner, band, id="band")
        column = (inner - GUTTER) / 2
        left = Frame(MARGIN, MARGIN, column, height - 2 * MARGIN - band, id="left")
        right = Frame(MARGIN + column + GUTTER, MARGIN, column, height - 2 * MARGIN - band, id="right")
        self.addPageTemplates([PageTemplate("plain", [full], onPage=page_footer),
                               PageTemplate("columns", [heading, left, right], onPage=page_footer)])
        self._bookmarks = 0

    def afterFlowable(self, flowable):
        """Add an outline entry (a PDF bookmark) for every heading, nested by heading level."""
        level = OUTLINE_LEVELS.get(getattr(getattr(flowable, "style", None), "name", ""))
        if level is None:
            return
        self._bookmarks += 1
        key = f"heading-{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def page_footer(canvas, doc):
    """Draw the running footer: course name and page number."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(colors.grey)
    canvas.drawString(MARGIN, 10 * mm, f"{COURSE} | participant handout | fictional, training use only")
    canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()


def bullets(items, kind="bullet"):
    """Return a list flowable from strings; a list of strings after an item nests under that item."""
    entries = []
    for item in items:
        if isinstance(item, list):
            entries[-1].append(bullets(item, "sub-bullet"))
        else:
            entries.append([Paragraph(item, BODY)])
    options = {"number": {"bulletType": "1", "bulletFormat": "%s."},
               "bullet": {"bulletType": "bullet", "start": "\u2022"},
               "sub-bullet": {"bulletType": "bullet", "start": "\u2013"}}[kind]
    return ListFlowable([ListItem(flowables, leftIndent=14) for flowables in entries], leftIndent=14,
                        bulletFontName="Helvetica", bulletFontSize=10, **options)


def key_messages_page():
    return [
        Paragraph(COURSE, TITLE),
        Paragraph("Participant handout for Day 1 of the instructor-led workshop", SUBTITLE),
        Paragraph("HANDOUT-MARKER: key messages", HEADING_1),
        Paragraph("Keep this handout beside you during the workshop. It repeats the messages you will practise "
                  "in the role-plays, so that you can <b>prepare for your first customer call</b> without "
                  "searching through the slides.", BODY),
        bullets([
            "Cardiolex is a once-daily treatment for adults with high blood pressure.",
            ["Most patients start on 5 mg and move up only if needed.",
             "The full effect builds over four to six weeks."],
            "Speak only about the approved use, and refer every other question to medical information.",
            "Report any side effect you hear about within <i>24 hours</i>, even a well-known one.",
        ]),
        Paragraph("Before the workshop", HEADING_2),
        Paragraph("Three short tasks make the day far more useful. Allow about forty minutes in total.", BODY),
        bullets([
            f'Read the two-page disease overview on the <a href="{PORTAL}" color="blue">course portal</a>.',
            "Write down one question a cardiologist asked you in a past role.",
            "Bring a colleague's name who can observe your practice call later in the month.",
        ], kind="number"),
        PageBreak(),
    ]


DOSING_ROWS = [
    ["Patient group", "Starting dose", "Usual maintenance", "Watch for"],
    ["Adults under 75", "5 mg once daily", "10 mg once daily", "Dizziness at the start"],
    ["Adults 75 and over", "2.5 mg once daily", "5 mg once daily", "Falls"],
    ["Moderate kidney impairment", "2.5 mg once daily", "5 mg at most", "Potassium levels"],
    ["Severe liver impairment", "Not recommended", "Not recommended", "Refer to a specialist"],
]


def dosing_table():
    """Return the ruled dosing summary table (header row in bold)."""
    rows = [[Paragraph(text, CELL_HEAD if r == 0 else CELL) for text in row] for r, row in enumerate(DOSING_ROWS)]
    table = Table(rows, colWidths=[45 * mm, 38 * mm, 40 * mm, 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.91, 0.96)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def dosing_page():
    return [
        Paragraph("Dosing and safety", HEADING_1),
        Paragraph("Dosing at a glance", HEADING_2),
        Paragraph("The table sums up the approved doses. Doses go up step by step; nobody starts high.", BODY),
        dosing_table(),
        Paragraph("Fictional product: the doses above are for training only and are not prescribing "
                  "information.", FOOTNOTE),
        Spacer(1, 8),
        Paragraph("Reporting adverse events", HEADING_2),
        Paragraph("Any suspected side effect that a doctor, pharmacist, patient or anyone else mentions must be "
                  "reported within 24 hours. Reporting is a personal duty: you cannot hand it to a colleague, "
                  "and you do not need to be sure that Cardiolex caused the event.", BODY),
        Paragraph("Use the safety form on the <b>Safety</b> tab of the course portal. If the form is not "
                  "available, call the safety line and note the time of your call.", BODY),
        NextPageTemplate("columns"),
        PageBreak(),
    ]


LEFT_COLUMN = [
    ("Promoting within the label", HEADING_2),
    ("Promote Cardiolex only for the approved use in adults with high blood pressure. When a doctor asks "
     "about anything else, such as use in children or in pregnancy, offer a medical information request "
     "instead of an answer.", BODY),
    ("Use the approved materials exactly as they are. Never add notes, highlight parts of a leaflet or "
     "combine pages from different materials.", BODY),
    ("Present study results together with the safety information, and quote numbers without rounding them "
     "up.", BODY),
]
RIGHT_COLUMN = [
    ("Handling common objections", HEADING_2),
    ("When a doctor says that patients are fine on their current tablets, ask how many of them actually "
     "reach their target blood pressure.", BODY),
    ("When the worry is side effects, share the long-term safety data in a balanced way, including the most "
     "common effects: dizziness and headache.", BODY),
    ("When there is no time, offer a two-minute summary and ask for a follow-up visit.", BODY),
]


def compliance_page():
    column = [Paragraph(text, style) for text, style in LEFT_COLUMN]
    other = [Paragraph(text, style) for text, style in RIGHT_COLUMN]
    return [
        Paragraph("Compliance essentials", HEADING_1),
        Paragraph("Two habits keep every conversation safe: stay within the label, and answer objections "
                  "with evidence.", BODY),
        FrameBreak(),
        *column,
        FrameBreak(),
        *other,
    ]


def write_handout(outdir):
    """Build the handout PDF in *outdir* and return its path."""
    path = Path(outdir) / HANDOUT_NAME
    doc = HandoutTemplate(str(path))
    doc.build(key_messages_page() + dosing_page() + compliance_page())
    return path


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    outdir = Path(argv[0]) if argv else Path(__file__).resolve().parent
    outdir.mkdir(parents=True, exist_ok=True)
    print(write_handout(outdir))


if __name__ == "__main__":
    main()
