"""Office Math (OMML) in PPTX text to a linear text form, e.g. ``x=(−b±√(b^2−4ac))/2a``."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import overload

from lxml import etree

from .._office.xml import alternate_content
from .context import NS, qn

M = NS["m"]
_SIMPLE_EXTRA = frozenset(".,'′″")
_ROOTS = {"2": "√", "3": "∛", "4": "∜"}
_OFF = frozenset({"0", "false", "off"})


def alternate_with_math(element: etree._Element) -> list[etree._Element]:
    """Return the children to read for an ``mc:AlternateContent``: the Choice when it holds math (``a14:m``),
    whose Fallback is only a picture of the equation; otherwise what ``alternate_content`` picks."""
    choice = element.find(qn("mc:Choice"))
    if choice is not None and next(choice.iter(qn("a14:m")), None) is not None:
        return list(choice)
    return alternate_content(element)


def math_text(element: etree._Element) -> str:
    """Return the linear text of an ``a14:m``, ``m:oMathPara`` or ``m:oMath`` element ('' when it has none).

    Every ``m:t`` is kept, in document order; fractions, scripts, radicals, delimiters, n-ary operators and
    matrices add the operators of a plain linear notation around their parts.

    Math italic and bold letters (U+1D400 to U+1D7FF, and ℎ) become plain ones: ``𝑥_𝑛`` -> ``x_n``. Math
    nested too deeply for the linear form gives its ``m:t`` text run together.
    """
    try:
        linear = _node(element)
    except RecursionError:
        linear = "".join(t.text or "" for t in element.iter(f"{{{M}}}t"))
    return "".join(_plain_letter(char) for char in linear).strip()


def _plain_letter(char: str) -> str:
    if "\U0001d400" <= char <= "\U0001d7ff" or char == "\u210e":
        return unicodedata.normalize("NFKC", char)
    return char


def _node(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    name = etree.QName(element)
    if name.namespace == M and name.localname.endswith("Pr"):
        return ""
    handler = _HANDLERS.get(name.localname) if name.namespace == M else None
    return handler(element) if handler is not None else _children(element)


def _children(element: etree._Element) -> str:
    return "".join(_node(child) for child in element)


def _part(element: etree._Element, tag: str) -> str:
    child = element.find(f"{{{M}}}{tag}")
    return _children(child) if child is not None else ""


@overload
def _prop(element: etree._Element, tag: str) -> str | None: ...
@overload
def _prop(element: etree._Element, tag: str, default: str) -> str: ...
def _prop(element: etree._Element, tag: str, default: str | None = None) -> str | None:
    """Return the ``m:val`` of a property of ``element`` (in its ``m:<name>Pr``): '' when the property is
    present without a value, ``default`` when it is absent."""
    props = next((child for child in element if isinstance(child.tag, str) and child.tag.endswith("Pr")), None)
    found = props.find(f"{{{M}}}{tag}") if props is not None else None
    return found.get(f"{{{M}}}val", "") if found is not None else default


def _flag(element: etree._Element, tag: str) -> bool:
    value = _prop(element, tag)
    return value is not None and (value == "" or value.lower() not in _OFF)


def group(text: str) -> str:
    """Return ``text`` bracketed when it is more than one simple term: ``2a`` stays, ``b+1`` becomes ``(b+1)``."""
    if len(text) <= 1 or all(char.isalnum() or char in _SIMPLE_EXTRA for char in text):
        return text
    if text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        return text
    return f"({text})"


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _run(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{M}}}t"))


def _math_para(element: etree._Element) -> str:
    return "\n".join(_node(child) for child in element.findall(f"{{{M}}}oMath"))


def _fraction(element: etree._Element) -> str:
    num, den = _part(element, "num"), _part(element, "den")
    if _prop(element, "type") == "noBar":
        return f"({num}¦{den})"
    return f"{group(num)}/{group(den)}"


def _scripts(element: etree._Element) -> str:
    base = group(_part(element, "e"))
    sub, sup = _part(element, "sub"), _part(element, "sup")
    return base + (f"_{group(sub)}" if sub else "") + (f"^{group(sup)}" if sup else "")


def _pre_scripts(element: etree._Element) -> str:
    sub, sup = _part(element, "sub"), _part(element, "sup")
    return (f"_{group(sub)}" if sub else "") + (f"^{group(sup)}" if sup else "") + group(_part(element, "e"))


def _radical(element: etree._Element) -> str:
    degree = "" if _flag(element, "degHide") else _part(element, "deg").strip()
    body = _part(element, "e")
    if degree in ("", *_ROOTS):
        return _ROOTS.get(degree or "2", "√") + group(body)
    return f"√({degree}&{body})"


def _delimiter(element: etree._Element) -> str:
    begin, end = _prop(element, "begChr", "("), _prop(element, "endChr", ")")
    separator = _prop(element, "sepChr", "|")
    return f"{begin}{separator.join(_node(e) for e in element.findall(f'{{{M}}}e'))}{end}"


def _nary(element: etree._Element) -> str:
    operator = _prop(element, "chr", "∫")
    sub = "" if _flag(element, "subHide") else _part(element, "sub")
    sup = "" if _flag(element, "supHide") else _part(element, "sup")
    limits = (f"_{group(sub)}" if sub else "") + (f"^{group(sup)}" if sup else "")
    return f"{operator}{limits} {_part(element, 'e')}"


def _function(element: etree._Element) -> str:
    name, argument = _part(element, "fName"), _part(element, "e")
    joiner = " " if name[-1:].isalnum() and argument[:1].isalnum() else ""
    return f"{name}{joiner}{argument}"


def _limit(operator: str) -> Callable[[etree._Element], str]:
    def read(element: etree._Element) -> str:
        return f"{_part(element, 'e')}{operator}{group(_part(element, 'lim'))}"
    return read


def _accent(element: etree._Element) -> str:
    return _part(element, "e") + (_prop(element, "chr", "\u0302") or "")


def _bar(element: etree._Element) -> str:
    return _part(element, "e") + ("\u0332" if _prop(element, "pos") == "bot" else "\u0305")


def _equation_array(element: etree._Element) -> str:
    return "\n".join(_node(e) for e in element.findall(f"{{{M}}}e"))


def _matrix(element: etree._Element) -> str:
    rows = [" ".join(_node(e) for e in row.findall(f"{{{M}}}e")) for row in element.findall(f"{{{M}}}mr")]
    return f"[{'; '.join(rows)}]"


def _text(element: etree._Element) -> str:
    return element.text or ""


_HANDLERS: dict[str, Callable[[etree._Element], str]] = {
    "r": _run, "t": _text, "oMathPara": _math_para, "f": _fraction, "sSup": _scripts, "sSub": _scripts,
    "sSubSup": _scripts, "sPre": _pre_scripts, "rad": _radical, "d": _delimiter, "nary": _nary,
    "func": _function, "limLow": _limit("_"), "limUpp": _limit("^"), "acc": _accent, "bar": _bar,
    "eqArr": _equation_array, "m": _matrix,
}
