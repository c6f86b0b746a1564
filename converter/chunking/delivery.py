"""Delivery-mode recommendation per module: which format fits the learning need its content shows.

The alignment of learning need to format: knowledge transfer -> eLearning; skill development -> ILT or blended;
behavioural change -> blended with facilitation; large-scale rollout -> eLearning; complex problem solving ->
ILT or collaborative. The need is read from signals in the module's text and structure (definitions, numbered
procedures, practice and activity words, scenario and case words, behaviour words, policy and rollout words)
and from the classroom activities that sat among its slides (moved to the live session); the strongest need
wins, knowledge transfer when none stands out. The reasons name the signals seen. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import ActivityKind, Block, Delivery, DeliveryMode, LearningNeed, ListBlock, Module, block_text
from .objectives import defined_terms

SIGNALS: dict[LearningNeed, tuple[str, re.Pattern[str]]] = {
    "skill-development": ("practice words", re.compile(
        r"\b(?:practi[cs]e[sd]?|practising|practicing|exercises?|hands[\s-]on|try\s+it|demo(?:nstration)?s?|labs?|"
        r"step\s+\d+|how\s+to|walk[\s-]?through|tutorial|install|configure|set\s+up|run\s+the)\b", re.I)),
    "behavioural-change": ("behaviour words", re.compile(
        r"\b(?:behaviou?rs?|attitudes?|feedback|coach(?:ing)?|conversations?|empathy|mindset|habits?|"
        r"communicat\w*|culture|values|respect|listen(?:ing)?|objections?|motivat\w*|trust)\b", re.I)),
    "complex-problem-solving": ("scenario and case words", re.compile(
        r"\b(?:scenarios?|case\s+stud(?:y|ies)|cases?|troubleshoot\w*|diagnos\w*|root\s+cause|problems?|"
        r"trade[\s-]?offs?|decid\w*|decisions?|judg(?:e?ment)|what\s+would\s+you\s+do|design\w*|analy[sz]\w*)\b",
        re.I)),
    "large-scale-rollout": ("policy and rollout words", re.compile(
        r"\b(?:polic(?:y|ies)|complian\w*|mandatory|regulat\w*|all\s+(?:staff|employees)|every\s+employee|"
        r"code\s+of\s+(?:conduct|practice)|legal(?:ly)?|rollout|roll[\s-]out|obligations?|must\s+report)\b",
        re.I)),
}
"""Per learning need, the words that signal it (besides structure and live activities)."""
LIVE_SIGNALS: dict[ActivityKind, LearningNeed] = {
    "exercise": "skill-development", "role-play": "behavioural-change", "case-study": "complex-problem-solving",
    "discussion": "behavioural-change", "breakout": "complex-problem-solving",
}
"""A classroom activity among a module's slides, and the need it shows."""
MIN_SIGNALS = 3
"""A need other than knowledge transfer wins only with at least this many signals (and more than the others)."""
MODES: dict[LearningNeed, DeliveryMode] = {
    "knowledge-transfer": "elearning", "large-scale-rollout": "elearning", "skill-development": "blended",
    "behavioural-change": "blended-facilitated", "complex-problem-solving": "ilt",
}


def recommend_delivery(module: Module, live: Sequence[ActivityKind] = ()) -> Delivery:
    """Return the delivery mode for ``module``, with the need it serves and the signals seen; ``live``: the
    kinds of the classroom activities that sat among its slides."""
    blocks = [block for screen in module.screens for block in screen.blocks]
    text = "\n".join([module.title, *(screen.title for screen in module.screens), *map(block_text, blocks)])
    scores: Counter[LearningNeed] = Counter()
    reasons: dict[LearningNeed, list[str]] = {}
    for need, (label, pattern) in SIGNALS.items():
        seen = Counter(match.group(0).casefold() for match in pattern.finditer(text))
        if seen:
            scores[need] += sum(seen.values())
            reasons.setdefault(need, []).append(f"{label}: " + ", ".join(_counted(seen)))
    steps = procedures(blocks)
    if steps:
        scores["skill-development"] += 2 * len(steps)
        reasons.setdefault("skill-development", []).append(
            "numbered procedure" + ("s" if len(steps) > 1 else "") + " of " + ", ".join(map(str, steps)) + " steps")
    for kind, count in sorted(Counter(live).items()):
        shown = LIVE_SIGNALS.get(kind)
        if shown:
            scores[shown] += 3 * count
            reasons.setdefault(shown, []).append(f"{count} {kind} activit{'ies' if count > 1 else 'y'} among its "
                                                "slides, moved to the live session")
    need = _strongest(scores)
    return Delivery(mode=_mode(need, live), need=need, reasons=tuple(reasons.get(need) or _knowledge(blocks)))


def procedures(blocks: Sequence[Block]) -> list[int]:
    """Return the step counts of the numbered lists of three or more items among ``blocks``."""
    return [len(b.items) for b in blocks if isinstance(b, ListBlock) and b.ordered and len(b.items) >= 3]


def _strongest(scores: Counter[LearningNeed]) -> LearningNeed:
    """Return the need with the most signals when it has enough and beats the others; else knowledge transfer."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], list(SIGNALS).index(item[0])))
    if not ranked or ranked[0][1] < MIN_SIGNALS or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return "knowledge-transfer"
    return ranked[0][0]


def _mode(need: LearningNeed, live: Sequence[ActivityKind]) -> DeliveryMode:
    """Return the format for ``need``: skill development with a practice activity and complex problem solving
    with group work call for the classroom (ILT, collaborative)."""
    if need == "skill-development" and any(kind in ("exercise", "role-play") for kind in live):
        return "ilt"
    if need == "complex-problem-solving" and any(kind in ("discussion", "breakout", "case-study") for kind in live):
        return "collaborative"
    return MODES[need]


def _knowledge(blocks: Sequence[Block]) -> list[str]:
    """Return why a module is knowledge transfer: its definitions, else that it presents information."""
    terms = defined_terms(blocks)
    if len(terms) >= 2:
        return [f"definitions: {len(terms)} terms defined ({', '.join(terms[:3])}{', ...' if len(terms) > 3 else ''})"]
    return ["information to read and remember: no practice, behaviour, scenario or policy signals stand out"]


def _counted(seen: Counter[str]) -> list[str]:
    """Return ``["case x3", "scenario"]``: the words seen, most frequent first."""
    ordered = sorted(seen.items(), key=lambda item: (-item[1], item[0]))[:5]
    return [f"{word} x{count}" if count > 1 else word for word, count in ordered]
