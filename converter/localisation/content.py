"""A translatable string as XLIFF sees it: text with inline codes standing for the source's formatted runs.

A run of spans becomes ``Content``: plain runs are text, each formatted run (bold, italic, underline, code, a
link) is a ``Code`` whose ``id`` numbers it among the formatted runs. Rebuilding takes every code's formatting
(and a link's address) from the *source* spans by that id, so a translator can move, but never invent or alter,
formatting: a target whose codes are not exactly the source's is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Span


@dataclass(frozen=True)
class Code:
    """A formatted run: ``id`` is its number among the unit's codes, ``text`` its (translated) words and
    ``fmt`` a short name of its formatting (``b``, ``i+u``, ``code``, ``link``) for writers and translators."""

    id: str
    text: str
    fmt: str = ""


Piece = str | Code
Content = tuple[Piece, ...]


class CodeMismatch(ValueError):
    """A target's inline codes are not the source's (one missing, one added, one used twice)."""


def span_format(span: Span) -> str:
    """Return the short name of a span's formatting, ``""`` for a plain run."""
    if span.href is not None:
        return "link"
    flags = [name for name, on in (("b", span.bold), ("i", span.italic), ("u", span.underline),
                                   ("code", span.code)) if on]
    return "+".join(flags)


def from_spans(spans: tuple[Span, ...]) -> Content:
    """Return the content of a run of spans: plain text merged, each formatted span a numbered code."""
    pieces: list[Piece] = []
    number = 0
    for span in spans:
        fmt = span_format(span)
        if fmt:
            number += 1
            pieces.append(Code(str(number), span.text, fmt))
        elif pieces and isinstance(pieces[-1], str):
            pieces[-1] += span.text
        elif span.text:
            pieces.append(span.text)
    return tuple(pieces)


def normalised(content: Content) -> Content:
    """Return ``content`` with adjacent text merged and empty text dropped (how XML reads it back)."""
    pieces: list[Piece] = []
    for piece in content:
        if isinstance(piece, str):
            if not piece:
                continue
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += piece
                continue
        pieces.append(piece)
    return tuple(pieces)


def plain_text(content: Content) -> str:
    """Return the words of ``content`` without its codes."""
    return "".join(piece if isinstance(piece, str) else piece.text for piece in content)


def same_words(a: Content, b: Content) -> bool:
    """Return whether two contents hold the same words and codes: formatting names aside, and white space
    compared as single spaces (a translation tool may collapse it: XML lets it unless told to preserve)."""
    def key(content: Content) -> tuple[object, ...]:
        return tuple(" ".join(p.split()) if isinstance(p, str) else (p.id, " ".join(p.text.split()))
                     for p in normalised(content))
    return key(a) == key(b)


def check_codes(source: Content, target: Content) -> None:
    """Raise ``CodeMismatch`` unless ``target`` uses each of ``source``'s codes exactly once and no other."""
    wanted = sorted(p.id for p in source if isinstance(p, Code))
    found = sorted(p.id for p in target if isinstance(p, Code))
    if wanted == found:
        return
    missing = sorted(set(wanted) - set(found))
    extra = sorted(set(found) - set(wanted))
    twice = sorted({i for i in found if found.count(i) > 1})
    parts = [f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(extra)}" if extra else "",
             f"repeated {', '.join(twice)}" if twice else ""]
    raise CodeMismatch("inline codes do not match the source's (" + "; ".join(p for p in parts if p) + ")")


def to_spans(target: Content, source_spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Return spans for ``target``: text as plain runs, each code with its source span's formatting.

    Raises ``CodeMismatch`` when the codes are not the source's."""
    formatted = [span for span in source_spans if span_format(span)]
    check_codes(from_spans(source_spans), target)
    spans: list[Span] = []
    for piece in normalised(target):
        if isinstance(piece, str):
            spans.append(Span(text=piece))
        elif piece.text:
            spans.append(formatted[int(piece.id) - 1].model_copy(update={"text": piece.text}))
    return tuple(spans)
