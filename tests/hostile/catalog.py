"""The hostile test set: every case by name, how to build it and what a conversion of it may end in.

Names are fixed when the module is imported (pytest-xdist needs the same test ids in every worker); files
are built later, into a folder, by ``build``. Formats join the set when their extractor is registered:
the DOCX extractor adds DOCX cases, the PDF extractor PDF damage cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import ooxml, pptx_decks
from .ooxml import Flavor
from .payloads import Env

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DECK = REPO / "samples" / "pharma-sales-onboarding.pptx"
CORPUS = REPO.parent / "shared" / "corpus" / "real"
SUCCESS = frozenset({0})
DOCUMENTED = frozenset({0, *range(3, 11)})
"""Exit 0 or one of the documented input/output error codes 3-10; 1 (a bug) and 2 (usage) are never fine."""
DAMAGED = frozenset({4, 5, 10})


@dataclass(frozen=True)
class Case:
    """One hostile file: ``build(folder, env)`` writes it; ``expect`` holds the exit codes that are correct.

    ``tags``: ``payload`` (markup and URL payloads that must arrive as escaped text), ``xxe`` (the secret must
    not leak), ``traversal`` (no file may appear outside the output folder), ``assets`` (no active content in
    the package). ``limits`` are ``Limits`` fields for this conversion; ``message`` must be in the error text.
    ``absent_payloads`` names payloads a payload document cannot carry (a PDF standard font has no U+202E);
    ``reads_links`` is False for formats whose extractor does not read links yet, ``alt_text`` for payload
    documents without pictures.
    """

    name: str
    fmt: str
    build: Callable[[Path, Env], Path]
    expect: frozenset[int]
    tags: frozenset[str] = frozenset()
    limits: dict[str, int | float] = field(default_factory=dict)
    message: str | None = None
    absent_payloads: frozenset[str] = frozenset()
    reads_links: bool = True
    alt_text: bool = True


def extractor_exists(fmt: str) -> bool:
    """Return True when the default registry has an extractor called ``fmt`` (its cases then join the set).

    A module in ``extractors/`` that is not registered yet is never reached by ``converter.convert``.
    """
    from converter.registry import default_registry

    return any(extractor.name == fmt for extractor in default_registry().extractors)


def _flavored(flavor: Flavor, make: Callable[[Flavor, Path, Env], Path]) -> Callable[[Path, Env], Path]:
    return partial(make, flavor)


def ooxml_cases(flavor: Flavor) -> list[Case]:
    """The cases every OOXML format shares: entities, zip bombs, odd entries."""
    fmt, o = flavor.fmt, ooxml
    specs = [
        ("xxe", o.make_xxe, SUCCESS, {"xxe"}),
        ("xxe-utf16", o.make_xxe_utf16, frozenset({0, 5}), {"xxe"}),
        ("xxe-utf32", o.make_xxe_utf32, frozenset({0, 5}), {"xxe"}),
        ("xinclude", o.make_xinclude, SUCCESS, {"xxe"}),
        ("billion-laughs", o.make_billion_laughs, SUCCESS, set()),
        ("billion-laughs-utf32", o.make_billion_laughs_utf32, frozenset({0, 5}), set()),
        ("quadratic-blowup", o.make_quadratic_blowup, SUCCESS, set()),
        ("bomb-padding", o.make_bomb_padding, frozenset({7}), {"bomb"}),
        ("bomb-lying-size", o.make_bomb_lying_size, frozenset({0, 5, 7}), {"bomb"}),
        ("bomb-declared-huge", o.make_bomb_declared_huge, frozenset({7}), {"bomb"}),
        ("bomb-overlapping", o.make_bomb_overlapping, frozenset({5, 7}), {"bomb"}),
        ("many-entries", o.make_many_entries, frozenset({7}), {"bomb"}),
        ("nested-zip", o.make_nested_zip, SUCCESS, set()),
        ("traversal-entries", o.make_traversal_entries, SUCCESS, {"traversal"}),
        ("symlink-entry", o.make_symlink_entry, SUCCESS, {"traversal"}),
        ("duplicate-entries", o.make_duplicate_entries, SUCCESS, set()),
        ("encrypted-flag", o.make_encrypted_flag, frozenset({6}), set()),
        ("polyglot-html", o.make_polyglot, frozenset({0, 4, 5}), set()),
    ]
    return [Case(f"{fmt}-{name}", fmt, _flavored(flavor, make), expect, frozenset(tags))
            for name, make, expect, tags in specs]


def pptx_cases() -> list[Case]:
    d = pptx_decks
    return [
        Case("pptx-payloads", "pptx", d.make_payload_deck, SUCCESS, frozenset({"payload"})),
        Case("pptx-escaping-relationships", "pptx", d.make_escaping_relationships, frozenset({0, 5}),
             frozenset({"xxe", "traversal"})),
        Case("pptx-active-content-assets", "pptx", d.make_active_content_assets, SUCCESS, frozenset({"assets"})),
        Case("pptx-many-slides", "pptx", d.make_many_slides, SUCCESS),
        Case("pptx-many-slides-over-limit", "pptx", d.make_many_slides, frozenset({7}), limits={"max_units": 50},
             message="has 60 slides; the limit is 50"),
        Case("pptx-many-shapes-over-limit", "pptx", d.make_many_shapes, frozenset({7}),
             limits={"max_shapes_per_unit": 300}, message="the limit is 300"),
        Case("pptx-deep-groups", "pptx", d.make_deep_groups, frozenset({0, 5})),
        Case("pptx-no-slides", "pptx", d.make_no_slides, frozenset({10})),
        Case("pptx-dangling-slides", "pptx", d.make_dangling_slide_list, frozenset({5, 10})),
        *ooxml_cases(d.PPTX),
        *damage_cases("pptx", SAMPLE_DECK),
    ]


def docx_cases() -> list[Case]:
    from . import docx_docs

    return [
        Case("docx-payloads", "docx", docx_docs.make_payload_docx, SUCCESS, frozenset({"payload"})),
        *ooxml_cases(docx_docs.DOCX),
        *damage_cases("docx", _smallest(CORPUS / "docx", "*.docx")),
    ]


def pdf_cases() -> list[Case]:
    from . import pdf_docs

    return [
        Case("pdf-payloads", "pdf", pdf_docs.make_payload_pdf, SUCCESS, frozenset({"payload"}),
             absent_payloads=pdf_docs.UNRENDERABLE, reads_links=False, alt_text=False),
        *damage_cases("pdf", _smallest(CORPUS / "pdf", "*.pdf"), tolerant=True),
    ]


TRUNCATIONS = (1, 2, 4, 30, 100, 1000, 4096, 0.25, 0.5, 0.75, -22, -1)
"""Where the damage cases cut a seed file: byte offsets, fractions of its size, or bytes before its end."""
BIT_FLIPS = ((1, 1), (2, 3), (3, 8), (4, 16), (5, 64), (6, 256))
"""(random seed, number of flipped bits) of the bit-flip damage cases."""


def damage_cases(fmt: str, seed: Path | None, tolerant: bool = False) -> list[Case]:
    """A real file of ``fmt`` truncated at several offsets and with seeded random bit flips.

    ``tolerant``: the format's reader may recover a truncated file (PDF readers rebuild a lost xref table), so a
    package is a correct outcome too; a zip without its central directory is damaged, full stop.
    """
    if seed is None:
        return []
    cases, cut_expect = [], DOCUMENTED if tolerant else DAMAGED
    for cut in TRUNCATIONS:
        label = f"{int(cut * 100)}pct" if isinstance(cut, float) else str(cut)
        cases.append(Case(f"{fmt}-truncated-{label}", fmt, partial(_truncated, seed, cut), cut_expect,
                          frozenset({"damage"})))
    for seed_value, flips in BIT_FLIPS:
        build = partial(_bitflipped, seed, seed_value, flips)
        cases.append(Case(f"{fmt}-bitflip-{seed_value}x{flips}", fmt, build, DOCUMENTED, frozenset({"damage"})))
    return cases


def _truncated(seed: Path, cut: int | float, folder: Path, env: Env) -> Path:
    offset = int(seed.stat().st_size * cut) if isinstance(cut, float) else cut
    return ooxml.make_truncated(seed, folder, offset)


def _bitflipped(seed: Path, seed_value: int, flips: int, folder: Path, env: Env) -> Path:
    return ooxml.make_bitflipped(seed, folder, seed_value, flips)


def _smallest(folder: Path, pattern: str) -> Path | None:
    files = sorted(folder.glob(pattern), key=lambda p: (p.stat().st_size, p.name))
    return files[0] if files else None


def catalog() -> list[Case]:
    """Every hostile case for the formats whose extractors exist, in a stable order."""
    cases = pptx_cases()
    if extractor_exists("docx"):
        cases += docx_cases()
    if extractor_exists("pdf"):
        cases += pdf_cases()
    return cases


def by_name() -> dict[str, Case]:
    return {case.name: case for case in catalog()}
