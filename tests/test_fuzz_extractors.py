"""Property: whatever mutation a real document suffers, ``converter.extract`` returns a Result or raises a C2EError.

Seeds are small real files per registered extractor (``hostile.mutate.fuzz_targets``: the sample deck and
the smallest documents of the shared corpus); mutations flip and cut bytes, drop, duplicate, rename and swap
zip entries, and rewrite XML parts (text, attributes, deleted, duplicated, moved and deeply nested elements).
Deterministic in CI (``derandomize``); ``C2E_FUZZ_EXAMPLES`` raises the example count for a longer local run,
and ``fuzz/run.py`` fuzzes for a time budget and keeps what it finds.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import converter
from converter.errors import C2EError
from converter.result import Result

from hostile.mutate import ALL_OPS, BYTE_OPS, XML_OPS, ZIP_OPS, fuzz_targets, mutate

TARGETS = fuzz_targets()
EXAMPLES = int(os.environ.get("C2E_FUZZ_EXAMPLES", "60"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
WORDS = st.integers(min_value=0, max_value=2**32 - 1)


def operations(kinds: tuple[str, ...]) -> st.SearchStrategy:
    return st.lists(st.tuples(st.sampled_from(kinds), WORDS, WORDS), min_size=1, max_size=6)


def extract_mutated(seed: Path, ops: list) -> None:
    """Write the mutated seed to a private temporary file and extract it; fail on anything but our errors."""
    data = mutate(seed.read_bytes(), ops)
    with tempfile.TemporaryDirectory(prefix="c2e-fuzz-") as folder:
        path = Path(folder) / f"mutant{seed.suffix}"
        path.write_bytes(data)
        try:
            result = converter.extract(path)
        except C2EError:
            return
        assert isinstance(result, Result)


def test_every_registered_extractor_has_fuzz_seeds():
    assert "pptx" in TARGETS and all(seeds for seeds in TARGETS.values())
    print(f"fuzz targets: { {name: [seed.name for seed in seeds] for name, seeds in TARGETS.items()} }")


@pytest.mark.parametrize("extractor", sorted(TARGETS))
@FUZZ_SETTINGS
@given(data=st.data())
def test_any_mutation_gives_a_result_or_a_typed_error(extractor, data):
    seed = data.draw(st.sampled_from(TARGETS[extractor]), label="seed")
    extract_mutated(seed, data.draw(operations(ALL_OPS), label="ops"))


@pytest.mark.parametrize("extractor", sorted(TARGETS))
@FUZZ_SETTINGS
@given(data=st.data())
def test_structural_mutation_gives_a_result_or_a_typed_error(extractor, data):
    """Zip-entry and XML mutations keep the package readable, so they reach the extractor's own reading code."""
    seed = data.draw(st.sampled_from(TARGETS[extractor]), label="seed")
    kinds = XML_OPS + ZIP_OPS if seed.suffix != ".pdf" else BYTE_OPS
    extract_mutated(seed, data.draw(operations(kinds), label="ops"))
