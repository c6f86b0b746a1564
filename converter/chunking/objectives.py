"""Learning objectives: read from objectives and agenda slides or headings, mapped to the modules that cover
them; derived from a module's headings and key terms where it gets none.

Read: a unit titled "Objectives", "Learning objectives", "Learning outcomes", "Goals", "Agenda", "What you will
learn" or "By the end of this session ..." gives one objective per list item (per paragraph when it has no
list); a body line "By the end of this session you will (be able to):" gives the items of the list after it.
The unit stays a screen (of the introduction).

Mapped: an objective goes to the modules whose words cover its key words best (a module's title counts three
times, its screen titles and headings twice, its text once; the objectives screens themselves are not
counted); an agenda item so lands on the module whose title it matches. An objective no module covers stays a
course objective without a module.

Derived (``derived=True``, for an author to review): 1-3 measurable statements per module without objectives,
from its title and its screens' titles, the verb chosen by what the content is: numbered steps -> "Carry out
the steps of", a table -> "Compare", definitions -> "Define", else "Describe" (the module) and "Explain" (its
screens); the module's key terms (bold phrases) complete the first. Deterministic. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..model import (
    Block,
    Heading,
    ListBlock,
    Module,
    Objective,
    Paragraph,
    Screen,
    Span,
    Table,
    Unit,
    block_text,
    spans_text,
)
from ..model.identity import ID_DIGITS
from ..model.ids import short_hash

OBJECTIVES_TITLE = re.compile(
    r"\b(?:learning\s+)?(?:objectives?|outcomes?|goals?|aims)\b|\bagenda\b|\bwhat\s+you\s+will\s+learn\b"
    r"|\bby\s+the\s+end\s+of\s+(?:this|the)\b|\blernziele?\b|\bobjetivos?\b|\bobjectifs?\b", re.I)
BY_THE_END = re.compile(r"^\W*(?:by|at)\s+the\s+end\s+of\s+(?:this|the|today)\b.*\byou\s+(?:will|should|can)\b",
                        re.I)
_STOP = frozenset("""a an the and or of to in on for with by at from as is are be been was were will can you your
we our us this that these those it its into about how what why when who which than then there their they them
not no yes all any each more most other some such only own same so too very just also do does did have has had
able learn understand know session course module today day part use using""".split())
MIN_SCORE = 0.34
"""An objective maps to a module only when the module covers at least this share of its key words (weighted)."""
MAX_MODULES = 3
GENERIC_TITLE = re.compile(r"^(?:slide|page|part|section)\s+\d+$|^part starting at\b|^[\W\d_]*$|^(?:questions?|q\s*&\s*a|"
                           r"thank\s+you|thanks|summary|agenda|objectives?|contents?|introduction|welcome)\W*$", re.I)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_DEFINITION = re.compile(r"^\s*[^\W\d_][\w\s()/-]{0,40}?\s*(?::\s|[\u2013\u2014]|\s-\s|\s+(?:is|are|means)\s+(?:a|an|the)\b)")
LABELS = re.compile(r"^(?:notes?|examples?(?:\s+include)?|tips?|how|why|what|when|where|who|warning|caution|"
                    r"important|source|see|e\.?g|i\.?e|step\s+\d+|\d+)$", re.I)
"""Words before a colon that label a line rather than name a term ("Note: ...", "Example: ...")."""
_STEPS_TITLE = re.compile(r"\b(?:steps?|how\s+to|procedures?|process)\b", re.I)


def is_objectives_unit(unit: Unit) -> bool:
    """Return whether ``unit`` lists the session's objectives or agenda (by its title or a "By the end" line)."""
    if unit.title and OBJECTIVES_TITLE.search(unit.title):
        return True
    return any(BY_THE_END.match(line) for block in unit.blocks for line in block_text(block).splitlines())


def read_objectives(units: Iterable[Unit], scope: str) -> list[Objective]:
    """Return the objectives the ``units`` list, in source order, each with its location."""
    found: list[Objective] = []
    for unit in units:
        if is_objectives_unit(unit):
            found.extend(_unit_objectives(unit, scope))
    return found


def _unit_objectives(unit: Unit, scope: str) -> list[Objective]:
    titled = bool(unit.title and OBJECTIVES_TITLE.search(unit.title))
    lists = [block for block in unit.blocks if isinstance(block, ListBlock)]
    if not titled:  # only the list after a "By the end ... you will" line
        lists = _lists_after_by_the_end(unit.blocks)
    entries: list[tuple[str, str, Block]] = [(spans_text(item.spans), item.id or f"{block.id}-{rank}", block)
                                             for block in lists for rank, item in enumerate(block.items)]
    if titled and not lists:
        entries = [(block_text(block), block.id, block) for block in unit.blocks if isinstance(block, Paragraph)]
    objectives = []
    for text, key, block in entries:
        cleaned = clean_objective(text)
        if len(cleaned.split()) >= 2:
            objectives.append(Objective(id="obj-" + short_hash("obj", scope, key, cleaned, length=ID_DIGITS),
                                        text=cleaned, where=block.where or unit.where))
    return objectives


def _lists_after_by_the_end(blocks: Sequence[Block]) -> list[ListBlock]:
    lists = []
    for rank, block in enumerate(blocks):
        if not isinstance(block, ListBlock) and BY_THE_END.match(block_text(block)):
            following = blocks[rank + 1] if rank + 1 < len(blocks) else None
            if isinstance(following, ListBlock):
                lists.append(following)
    return lists


def clean_objective(text: str) -> str:
    """Return an objective's text without a checkbox, bullet or trailing punctuation, whitespace folded."""
    text = re.sub(r"^[\W_]+", "", " ".join(text.split()), flags=re.U)
    return re.sub(r"[\s;:,.]+$", "", text)


def key_words(text: str) -> set[str]:
    """Return the content words of ``text``, folded and roughly stemmed (stop words and numbers left out)."""
    return {_stem(word) for word in _WORD.findall(text.casefold()) if len(word) > 2 and word not in _STOP}


@lru_cache(maxsize=1 << 16)  # a course repeats its words; bounded for a long-lived service
def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _module_weights(module: Module, skipped: set[tuple[str, int]]) -> dict[str, int]:
    """Return each key word of a module with its weight: 3 in its title, 2 in a screen title or heading, 1 in
    its text (the screens of ``skipped`` units, the objectives screens, are not counted)."""
    weights: dict[str, int] = {}

    def add(text: str, weight: int) -> None:
        for word in key_words(text):
            weights[word] = max(weights.get(word, 0), weight)

    add(module.title, 3)
    for screen in module.screens:
        if any((ref.file, ref.index) in skipped for ref in screen.units):
            continue
        add(screen.title, 2)
        for block in (*screen.blocks, *screen.notes):
            add(block_text(block), 2 if isinstance(block, Heading) else 1)
    return weights


def modules_by_word(weights: Sequence[dict[str, int]]) -> dict[str, list[tuple[int, int]]]:
    """Return each key word with the modules (their ranks) that hold it and its weight there: an objective is
    then scored against the modules sharing its words, not against every module."""
    index: dict[str, list[tuple[int, int]]] = {}
    for rank, module in enumerate(weights):
        for word, weight in module.items():
            index.setdefault(word, []).append((rank, weight))
    return index


def coverage(words: set[str], index: dict[str, list[tuple[int, int]]]) -> dict[int, float]:
    """Return how well each module sharing a word with an objective (its ``key_words``) covers it, 0 to 1, by
    module rank: the weights of its words in the module over twice their number."""
    totals: dict[int, int] = {}
    for word in words:
        for rank, weight in index.get(word, ()):
            totals[rank] = totals.get(rank, 0) + weight
    return {rank: min(1.0, total / (2 * len(words))) for rank, total in totals.items()}


def align_objectives(modules: Sequence[Module], read: Sequence[Objective]) -> tuple[list[Module], list[Objective]]:
    """Return the modules with their objective ids, and the course's objectives (the read ones in source order,
    then the derived ones in module order)."""
    skipped = {(o.where.file, o.where.unit) for o in read if o.where and o.where.unit is not None}
    index = modules_by_word([_module_weights(module, skipped) for module in modules])
    mapped: dict[int, list[str]] = {rank: [] for rank in range(len(modules))}
    for objective in read:
        for rank in best_modules(objective.text, index):
            mapped[rank].append(objective.id)
    derived: list[Objective] = []
    result = []
    for rank, module in enumerate(modules):
        ids = mapped[rank]
        if not ids:
            made = derive_objectives(module)
            derived.extend(made)
            ids = [objective.id for objective in made]
        result.append(module.model_copy(update={"objectives": tuple(ids)}))
    return result, [*read, *derived]


def best_modules(text: str, index: dict[str, list[tuple[int, int]]]) -> list[int]:
    """Return the ranks of the modules that cover an objective: the best, and any close to it (at most three)."""
    scores = coverage(key_words(text), index)
    best = max(scores.values(), default=0.0)
    if best < MIN_SCORE:
        return []
    ranked = sorted((rank for rank, score in scores.items() if score >= 0.8 * best), key=lambda r: (-scores[r], r))
    return sorted(ranked[:MAX_MODULES])


# ---------------------------------------------------------------- derived objectives
def derive_objectives(module: Module) -> list[Objective]:
    """Return 1-3 measurable objectives for a module: one for the module as a whole (one per section it merges),
    then one per key screen (the wordiest titled screens), each verb chosen by the content."""
    parts = module.title.split("; ")
    statements = [_module_statement(module)] if len(parts) == 1 else [f"Describe {_subject(p)}" for p in parts[:3]]
    for screen in _key_screens(module):
        if len(statements) == 3:
            break
        statement = _screen_statement(screen)
        if statement not in statements:
            statements.append(statement)
    if not statements:
        statements = [_module_statement(module)]
    where = module.screens[0].where if module.screens else None
    return [Objective(id="obj-" + short_hash("derived", module.id, text, length=ID_DIGITS), text=text,
                      derived=True, where=where) for text in statements]


def _module_statement(module: Module) -> str:
    """Return the module-wide objective: the verb its content calls for, its title, its key terms."""
    blocks = [block for screen in module.screens for block in screen.blocks]
    verb = _verb(blocks, module.title, "Describe")
    subject = _subject(module.title) if not GENERIC_TITLE.match(module.title) else next(
        (text for text in map(screen_subject, module.screens) if text), "")
    if verb == "Define":
        return f"Define {_and(defined_terms(blocks)[:3])}"
    named = f"{module.title} {subject}".casefold()
    terms = [term for term in key_terms(blocks) if term.casefold() not in named][:2]
    tail = f", including {_and(terms)}" if terms and verb == "Describe" else ""
    return f"{verb} {subject or _subject(module.title)}{tail}"


def _key_screens(module: Module) -> list[Screen]:
    """Return the module's screens worth an objective: the two wordiest (in source order) among those about
    something other than the module's title."""
    seen = {module.title.casefold()}
    chosen = []
    for screen in module.screens:
        title = screen_subject(screen)
        if not title or title.casefold() in seen or len(key_words(title)) == 0:
            continue
        seen.add(title.casefold())
        chosen.append(screen)
    words = {screen.id: sum(len(block_text(b).split()) for b in screen.blocks) for screen in chosen}
    wordiest = {screen.id for screen in sorted(chosen, key=lambda screen: -words[screen.id])[:2]}
    return [screen for screen in chosen if screen.id in wordiest]


def _screen_statement(screen: Screen) -> str:
    """Return a screen's objective: the verb its content calls for (default "Explain") and what it is about."""
    verb = _verb(screen.blocks, screen.title, "Explain")
    if verb == "Define":
        return f"Define {_and(defined_terms(screen.blocks)[:3])}"
    return f"{verb} {screen_subject(screen)}"


def screen_subject(screen: Screen) -> str:
    """Return what a screen is about: its title, else (a generic "Slide 4") its first line, cut to ten words."""
    if not GENERIC_TITLE.match(screen.title.strip()):
        return _subject(screen.title)
    lines = [line for line in _lines(screen.blocks) if len(key_words(line)) >= 1]
    return _subject(" ".join(lines[0].split()[:10])) if lines else ""


def _verb(blocks: Sequence[Block], title: str, default: str) -> str:
    """Return the verb the content calls for: "Carry out the steps of" for numbered steps, "Compare" for a
    table, "Define" for definitions, else ``default``."""
    if any(isinstance(b, ListBlock) and b.ordered and len(b.items) >= 3 for b in blocks) or (
            _STEPS_TITLE.search(title) and any(isinstance(b, ListBlock) for b in blocks)):
        return "Carry out the steps of"
    if any(isinstance(b, Table) and len(b.rows) >= 3 for b in blocks):
        return "Compare"
    if len(defined_terms(blocks)) >= 2:
        return "Define"
    return default


def defined_terms(blocks: Sequence[Block]) -> list[str]:
    """Return the terms defined in ``blocks`` ("Term: what it is", "Term - ...", "Term is a ..."), in order."""
    terms: list[str] = []
    for line in _lines(blocks):
        match = _DEFINITION.match(line)
        if match:
            term = re.split(r"\s*(?:[:\u2013\u2014]|\s-\s|\s+(?:is|are|means)\s)", line, maxsplit=1)[0].strip()
            if 1 <= len(term.split()) <= 4 and term not in terms and not LABELS.match(term):
                terms.append(term)
    return terms


def key_terms(blocks: Sequence[Block]) -> list[str]:
    """Return the module's key terms: its bold phrases of one to four words, each once, in order."""
    terms: list[str] = []
    for spans in _spans(blocks):
        for span in spans:
            text = " ".join(span.text.split()).strip(" :;,.")
            if span.bold and 1 <= len(text.split()) <= 4 and re.search(r"[^\W\d_]{3}", text) and text not in terms:
                terms.append(text)
    return terms


def _lines(blocks: Sequence[Block]) -> list[str]:
    return [spans_text(spans) for spans in _spans(blocks)]


def _spans(blocks: Sequence[Block]) -> list[tuple[Span, ...]]:
    found: list[tuple[Span, ...]] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            found.append(block.spans)
        elif isinstance(block, ListBlock):
            found.extend(item.spans for item in block.items)
    return found


def _subject(title: str) -> str:
    return re.sub(r"[\s?!.:;,]+$", "", " ".join(title.split()))


def _and(terms: Sequence[str]) -> str:
    return terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]

