"""Text recall: how much of an independent reference text an extraction kept, as a multiset of words.

Words are runs of letters and digits; CJK, kana and Hangul count one character per word, since those
scripts put no spaces between words. Build references per paragraph (runs joined) so a word split
across two runs still counts as one word.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from converter.model import SourceDocument

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_TEXT_KEYS = {"text", "title", "alt", "caption", "name", "chart_type"}


def words(text: str) -> Counter[str]:
    """Return the multiset of words in ``text`` (case folded)."""
    return Counter(_WORD.findall(text.casefold()))


def recall(reference: str, extracted: str) -> float:
    """Return the share of the reference's words (with multiplicity) found in the extraction; 1.0 if none."""
    wanted = words(reference)
    total = sum(wanted.values())
    if total == 0:
        return 1.0
    found = words(extracted)
    return sum(min(count, found[word]) for word, count in wanted.items()) / total


def _joined(spans: list[dict[str, Any]]) -> str:
    return "".join(span.get("text", "") for span in spans)


def _strings(value: Any, key: str | None = None):
    """Yield the text strings of a model's JSON form; the spans of one paragraph are joined as one string."""
    if key == "spans" and isinstance(value, list):
        yield _joined(value)
    elif key == "paragraphs" and isinstance(value, list):
        yield from (_joined(line) for line in value if isinstance(line, list))
    elif isinstance(value, dict):
        for child_key, child in value.items():
            if child_key == "attrs" and isinstance(child, dict):
                yield from (v for v in child.values() if isinstance(v, str))
            else:
                yield from _strings(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child, key)
    elif isinstance(value, str) and key in _TEXT_KEYS:
        yield value
    elif key == "categories" and isinstance(value, str):
        yield value


def model_text(doc: SourceDocument, *, notes: bool | None = None) -> str:
    """Return every text string of the document's units: body and notes, or only one layer when asked."""
    parts = []
    for unit in doc.units:
        data = unit.model_dump(mode="json")
        if notes is not True:
            parts += list(_strings({k: v for k, v in data.items() if k != "notes"}))
        if notes is not False:
            parts += list(_strings(data["notes"]))
    return "\n".join(parts)
