"""Program code in Office text, shared by the PPTX and DOCX readers: which fonts are monospace, which lines are a
shell or interpreter session, and how a run of code paragraphs becomes one ``Code`` block's text.

The evidence is deliberately narrow, so that ordinary bullets never turn into code: a paragraph is code when all
its text is in a monospace font, or when it starts with a prompt (``$ ls``, ``>>> x = 1``, ``C:\\> dir``). Indentation
alone is never evidence (nested bullets are indented too); it is kept once a paragraph is known to be code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MONOSPACE_FONTS = frozenset({
    "consolas", "courier", "courier new", "courier std", "courier prime", "menlo", "monaco", "lucida console",
    "lucida sans typewriter", "andale mono", "source code pro", "dejavu sans mono", "bitstream vera sans mono",
    "liberation mono", "fira code", "fira mono", "inconsolata", "roboto mono", "ubuntu mono", "noto sans mono",
    "jetbrains mono", "cascadia code", "cascadia mono", "sf mono", "ibm plex mono", "pt mono", "droid sans mono",
    "anonymous pro", "hack", "ocr a extended", "letter gothic", "prestige elite", "nimbus mono", "nimbus mono l",
    "nimbus mono ps", "freemono", "cousine", "overpass mono", "space mono", "victor mono", "monospace",
})
"""Font families whose every character has the same width: text set in them is code, a command or a path."""
_WORD = re.compile(r"[^\W\d_]+[,.;:!?»)\"']?|[«(\"'][^\W\d_]+|\d{1,4}[,.]?|[-–—]")
"""A word of prose: letters with at most a punctuation mark, a year or a dash."""
_COMMENT_MARKS = ("#", "//", "--", "/*", "*", ";", "%", "!")
_MONO_WORDS = re.compile(r"\b(mono|monospace(d)?|code|console|typewriter|courier)\b")
INDENT = "    "
"""What one outline level (or one 0.5 inch of left margin) of a code paragraph becomes: four spaces."""
MARGIN_STEP_EMU = 457200
"""0.5 inch in EMU: PowerPoint's and Word's default step between outline levels."""
_PROMPTS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^(>>>|\.\.\.)( |$)"), "python"),
    (re.compile(r"^[$%] +[A-Za-z_./~\-]"), "shell"),
    (re.compile(r"^[\w.@-]+@[\w.-]+(:[^$#\s]*)?[$#] +\S"), "shell"),
    (re.compile(r"^PS [A-Za-z]:\\[^>]*> *\S"), "powershell"),
    (re.compile(r"^[A-Za-z]:\\[^>]*> *\S"), None),
)
"""Prompts that start a line of a terminal or interpreter session, with the language they make evident."""


def is_monospace(typeface: str | None) -> bool:
    """Return True when ``typeface`` names a monospace font (by family name, case and spacing ignored)."""
    name = " ".join((typeface or "").lower().split())
    if not name or name.startswith("+"):  # "+mn-lt": a theme font, resolved by the caller if at all
        return False
    return name in MONOSPACE_FONTS or bool(_MONO_WORDS.search(name))


def prompt_language(line: str) -> tuple[bool, str | None]:
    """Return (whether ``line`` starts with a shell or interpreter prompt, the language that prompt shows)."""
    for pattern, language in _PROMPTS:
        if pattern.match(line):
            return True, language
    return False, None


def is_prompt_line(line: str) -> bool:
    """Return True when ``line`` starts with a prompt such as ``$ ``, ``>>> `` or ``C:\\>``."""
    return prompt_language(line)[0]


def code_language(lines: Sequence[str]) -> str | None:
    """Return the language a code block's prompts make evident (``python`` for ``>>>``, ``shell`` for ``$``),
    or None when its lines show no prompt or prompts of different kinds."""
    found = {prompt_language(line.lstrip()) for line in lines if line.strip()}
    languages = {language for seen, language in found if seen}
    return languages.pop() if len(languages) == 1 else None


def looks_like_prose(text: str) -> bool:
    """Return True when monospace text reads as sentences, not code: a line of more than 120 characters that is
    at least 15 words, nearly all of them plain words (a typewriter-style paragraph, not a program); a comment line
    (``#``, ``//``, ``--``, ``/*``, ``*``, ``;``, ``%``, ``!``, ``rem``) is code however long it is."""
    for line in text.split("\n"):
        words = line.split()
        if words and (words[0].startswith(_COMMENT_MARKS) or words[0].lower() == "rem"):
            continue
        if len(line) > 120 and len(words) >= 15:
            plain = sum(1 for word in words if _WORD.fullmatch(word))
            if plain >= 0.8 * len(words):
                return True
    return False


def indent(margin: int, base: int) -> str:
    """Return the leading spaces a code paragraph's left ``margin`` (EMU) adds over the block's least indented
    paragraph's ``base``: four spaces per 0.5 inch (one outline level), rounded."""
    return INDENT * max(round((margin - base) / MARGIN_STEP_EMU), 0)


def code_text(lines: Sequence[str]) -> str:
    """Return a code block's text: its lines joined by newlines, blank lines at both ends and spaces at line ends
    removed, every other character (leading spaces, tabs, blank lines inside) exactly as given."""
    kept = [line.rstrip() for line in "\n".join(lines).split("\n")]
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)
