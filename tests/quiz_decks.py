"""Decks with knowledge checks, written with python-pptx the way trainers write them, for the question tests.

``SLIDES`` is the quiz deck: content slides, a quiz slide whose correct option is bold, a true/false slide with
the answer in the notes, a multiple-response slide marked "(correct)", a fill-in slide, a content slide with a
"Q:/A:" pair in its notes, a question slide whose answer is nowhere (it must stay a screen), and a question
slide followed by the slide that reveals its answer. A slide is (title, body lines, notes); a body line is text,
or (level, text, bold).
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

Line = str | tuple[int, str, bool]
Slide = tuple[str, list[Line], str]

PROMPT_CHOICE = "Within how many hours must an adverse event be reported?"
PROMPT_TRUE_FALSE = "True or false: Cardiolex is taken twice a day."
PROMPT_MULTI = "Which of these sources can report an adverse event?"
PROMPT_FILL = "Report adverse events within ____ hours of hearing of them."
PROMPT_NOTES = "How many times a day is Cardiolex taken?"
PROMPT_UNKNOWN = "Which colour is the Cardiolex pack?"
PROMPT_REVEAL = "Who may discuss off-label use with a doctor?"
FEEDBACK_TF = "It is taken once daily, with or without food."

SLIDES: list[Slide] = [
    ("Welcome", ["Why this course matters", (1, "Patients first", False)], "Welcome everyone."),
    ("Reporting adverse events", ["Report every suspected adverse event", (1, "Use the safety form", False)],
     "Stress the 24-hour rule."),
    ("Knowledge check", [PROMPT_CHOICE, (1, "A. 12 hours", False), (1, "B. 24 hours", True),
                         (1, "C. 72 hours", False), (1, "D. One week", False)],
     "Every suspected adverse event is reported within 24 hours."),
    ("Check your understanding", [PROMPT_TRUE_FALSE], f"Answer: False. {FEEDBACK_TF}"),
    ("Quiz", [PROMPT_MULTI, (1, "Doctors (correct)", False), (1, "Pharmacists (correct)", False),
              (1, "Nobody outside the company", False)], "Anyone can report."),
    ("Question 4", [PROMPT_FILL], "Answer: 24"),
    ("Dosing", ["10 mg once daily", (1, "With or without food", False)],
     f"Q: {PROMPT_NOTES} A: Once\nRemind the group of the renal dose."),
    ("Question 5", [PROMPT_UNKNOWN, (1, "A. Blue", False), (1, "B. Red", False)], "Ask the room."),
    ("Question 6", [PROMPT_REVEAL, (1, "A. Sales representatives", False), (1, "B. Medical information", False)],
     "Let them think."),
    ("Question 6", [PROMPT_REVEAL, (1, "A. Sales representatives", False), (1, "B. Medical information", True)],
     "Only medical information answers off-label questions."),
    ("Wrap-up", ["Thank you"], "Close the session."),
]


def add_slide(deck, title: str, lines: list[Line], notes: str):
    """Add a title-and-content slide with ``lines`` in its body and ``notes`` (one paragraph per line)."""
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    frame = slide.placeholders[1].text_frame
    for n, line in enumerate(lines):
        level, text, bold = (0, line, False) if isinstance(line, str) else line
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.level = level
        run = paragraph.add_run()
        run.text = text
        run.font.bold = True if bold else None
    notes_frame = slide.notes_slide.notes_text_frame
    for n, text in enumerate(notes.split("\n")):
        paragraph = notes_frame.paragraphs[0] if n == 0 else notes_frame.add_paragraph()
        paragraph.text = text
    return slide


def make_quiz_deck(path: Path, slides: list[Slide] | None = None) -> Path:
    """Write the deck of ``slides`` (default ``SLIDES``) to ``path`` and return it."""
    deck = Presentation()
    for title, lines, notes in slides or SLIDES:
        add_slide(deck, title, lines, notes)
    deck.save(path)
    return path


def insert_slide_first(path: Path, out: Path) -> Path:
    """Save the deck at ``path`` as ``out`` with a new slide in front (the others keep their slide ids)."""
    deck = Presentation(path)
    add_slide(deck, "A new opening", ["Something new"], "New notes.")
    order = deck.slides._sldIdLst
    entry = list(order)[-1]
    order.remove(entry)
    order.insert(0, entry)
    deck.save(out)
    return out


# ---------------------------------------------------------------- a deck without knowledge checks
GLOSSARY_TABLE = [("Term", "What it does"), ("Diuretic", "Helps the kidneys remove salt and water"),
                  ("Vasodilator", "Relaxes the walls of blood vessels"),
                  ("Anticoagulant", "Keeps blood clots from forming in the veins")]


def make_glossary_deck(path: Path) -> Path:
    """Write a deck of three modules (section-header slides) that hold definitions, a term table and key
    sentences but no knowledge check, then a fourth module with a quiz slide; return its path."""
    deck = Presentation()

    def section(title: str) -> None:
        slide = deck.slides.add_slide(deck.slide_layouts[2])
        slide.shapes.title.text = title
        slide.placeholders[1].text = f"About {title.lower()}"

    section("Blood pressure")
    add_slide(deck, "The words we use", [
        "Hypertension is persistently raised blood pressure in the arteries.",
        "Systolic pressure is the peak pressure when the heart contracts.",
        "Sphygmomanometer: the inflatable cuff and gauge that measures blood pressure."], "Say: read them out.")
    add_slide(deck, "Measuring at home", [
        "Home readings should be taken twice daily with a validated sphygmomanometer for one week.",
        "Record every reading in a diary, because isolated readings mislead."], "Allow 3 minutes.")
    section("Medicines")
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Medicines at a glance"
    table = slide.shapes.add_table(len(GLOSSARY_TABLE), 2, 457200, 1600200, 8229600, 2000000).table
    for r, row in enumerate(GLOSSARY_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    section("Lifestyle")
    add_slide(deck, "Changes that help", [
        "Reducing dietary sodium lowers blood pressure within a few weeks for most adults.",
        "Regular aerobic exercise strengthens the heart and improves circulation over several months.",
        "Limiting alcohol and stopping smoking protect the arteries from further damage."], "Ask: who walks daily?")
    section("Check")
    add_slide(deck, "Knowledge check", ["Which reading is hypertension in clinic?", (1, "A. 120/80 mmHg", False),
                                        (1, "B. 150/95 mmHg", True)], "Answer: B")
    deck.save(path)
    return path
