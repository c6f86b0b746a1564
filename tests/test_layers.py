"""The layer rules of DESIGN.md, enforced: who may import whom."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

KERNEL = {"converter.model", "converter.result", "converter.errors", "converter.options", "converter.presets",
          "converter.probe", "converter.plugin", "converter.atomic", "converter.language"}


def _modules(package: str) -> dict[str, Path]:
    root = REPO / package
    found = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _our_imports(name: str, path: Path) -> set[str]:
    """Return the project modules imported by one module, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            imported.add(module)
            imported.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in imported if m.split(".")[0] in {"converter", "extractors", "packagers"}}


def _in(module: str, allowed: set[str]) -> bool:
    return any(module == a or module.startswith(a + ".") for a in allowed)


def _violations(package: str, allowed: set[str]) -> list[str]:
    bad = []
    for name, path in _modules(package).items():
        for imported in _our_imports(name, path):
            if not _in(imported, allowed | {name.split(".")[0]} - {"converter"} | {name}):
                bad.append(f"{name} imports {imported}")
    return sorted(bad)


def test_kernel_imports_only_the_kernel():
    kernel_modules = {n: p for n, p in _modules("converter").items() if _in(n, KERNEL)}
    bad = [f"{n} imports {i}" for n, p in kernel_modules.items() for i in _our_imports(n, p)
           if not _in(i, KERNEL) and i != "converter"]
    assert bad == []


def test_extractors_import_only_the_kernel():
    assert _violations("extractors", KERNEL) == []


def test_packagers_import_only_the_kernel():
    assert _violations("packagers", KERNEL) == []


def test_chunking_imports_only_the_kernel():
    chunking = {n: p for n, p in _modules("converter").items() if n.startswith("converter.chunking")}
    bad = [f"{n} imports {i}" for n, p in chunking.items() for i in _our_imports(n, p)
           if not _in(i, KERNEL | {"converter.chunking"})]
    assert bad == []


def test_only_the_registry_names_extractors_and_packagers():
    named = sorted(
        n for n, p in _modules("converter").items()
        if any(i.split(".")[0] in {"extractors", "packagers"} for i in _our_imports(n, p))
    )
    assert named == ["converter.registry"]


def test_cli_uses_the_api_not_the_pipeline():
    imports = _our_imports("converter.cli", REPO / "converter" / "cli.py")
    assert not any(_in(i, {"converter.pipeline", "converter.registry", "converter.chunking"}) for i in imports)
    assert any(_in(i, {"converter.api"}) for i in imports)


def test_importing_the_model_does_not_load_the_pipeline_or_format_libraries():
    code = ("import sys, converter.model; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'pptx', 'converter', 'extractors', 'packagers', 'click', 'lxml'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    loaded = eval(out.stdout)  # a printed list of module names
    assert "converter.pipeline" not in loaded
    assert not any(m.split(".")[0] in {"pptx", "extractors", "packagers", "click", "lxml"} for m in loaded)


def test_a_conversion_to_one_format_imports_that_packager_alone(sample_deck, tmp_path):
    """The registry loads a built-in packager by name (``BUILTIN_PACKAGERS``), not the whole list, and gives the
    same object the whole list holds."""
    code = ("import sys, converter; from converter.registry import BUILTIN_PACKAGERS; "
            "converter.convert(sys.argv[1], sys.argv[2], format='scorm12', slide_images='never'); "
            "print(sorted({w.split(':')[0] for w in BUILTIN_PACKAGERS.values()} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, str(sample_deck), str(tmp_path)], capture_output=True,
                         text=True, check=True, cwd=REPO)
    assert eval(out.stdout) == ["packagers.scorm12"]  # a printed list of module names
    from converter.registry import BUILTIN_PACKAGERS, default_registry

    registry = default_registry()
    alone = {name: registry.packager(name) for name in BUILTIN_PACKAGERS}
    assert [packager.name for packager in registry.packagers][:len(alone)] == list(alone)
    assert all(alone[packager.name] is packager for packager in registry.packagers[:len(alone)])


def test_packagers_replaced_by_a_vendor_are_the_ones_found_by_name():
    """Loading a built-in by name must not go around a registry whose packagers were replaced (wrapped)."""
    from converter.registry import default_registry

    builtin = default_registry().packager("scorm12")
    wrapped = type("Wrapped", (), {"name": "scorm12", "description": "a vendor's wrapper", "inner": builtin})()
    registry = default_registry().replace(packagers=[wrapped])
    assert registry.packager("scorm12") is wrapped
    assert registry.packagers_for(("scorm12",)) == (wrapped,)


def test_reading_a_source_does_not_import_the_chunker_or_any_packager(sample_deck):
    """``c2e inspect`` and ``converter.extract`` read; the chunker and the packagers are for building and writing."""
    code = ("import sys, converter; converter.extract(sys.argv[1], slide_images='never'); "
            "print(sorted(m for m in sys.modules if m.startswith(('converter.chunking', 'packagers'))))")
    out = subprocess.run([sys.executable, "-c", code, str(sample_deck)], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert eval(out.stdout) == []  # a printed list of module names


def test_extractors_do_not_import_each_other():
    """``extractors/<fmt>/`` imports only its own format's modules and the shared ones (``extractors._office``,
    ``extractors._extract``); the shared modules import no format's module."""
    def owner(module: str) -> str:  # "extractors.docx.graphics.read_x" -> "docx"; "extractors._office.xml" -> "_"
        name = module.split(".")[1]
        return "_" if name.startswith("_") else name

    bad, formats = [], set()
    for name, path in _modules("extractors").items():
        if name == "extractors":
            continue
        fmt = owner(name)
        formats.add(fmt)
        for imported in _our_imports(name, path):
            if imported.startswith("extractors.") and owner(imported) not in {fmt, "_"}:
                bad.append(f"{name} imports {imported}")
    assert {"pptx", "docx", "pdf", "legacy", "_"} <= formats
    assert sorted(bad) == []


def test_each_format_is_a_subpackage_and_office_code_is_shared():
    packages = {name for name, path in _modules("extractors").items() if path.name == "__init__.py"}
    assert {"extractors.pptx", "extractors.docx", "extractors.pdf", "extractors.legacy", "extractors._office"} <= packages
    flat = [name for name in _modules("extractors") if name.count(".") == 1 and name.split(".")[1].startswith(
        ("pptx_", "docx_", "pdf_", "_ooxml", "_chart", "_smartart", "_drawingml"))]
    assert flat == []


def test_the_office_xml_helpers_are_a_leaf():
    """``extractors._office.xml`` (namespaces, ``qn``, the hardened parser) imports only the kernel, so any module
    may depend on it without closing a cycle."""
    imports = _our_imports("extractors._office.xml", REPO / "extractors" / "_office" / "xml.py")
    assert imports and all(_in(i, KERNEL) for i in imports)


def _import_graph(package: str) -> dict[str, set[str]]:
    """Return, for each module of ``package``, the modules of the same package it imports (a name imported from a
    module counts as that module; ``if TYPE_CHECKING`` imports count too)."""
    modules = _modules(package)
    graph = {}
    for name, path in modules.items():
        edges = set()
        for imported in _our_imports(name, path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                edges.add(imported)
        graph[name] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles of ``graph``: each strongly connected component with more than one module (Tarjan),
    and each module that imports itself. A package importing its own submodules (``__init__`` re-exports) is not a
    cycle unless a submodule imports the package back."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("layer", ["converter", "extractors", "packagers"])
def test_no_import_cycles_inside_a_layer(layer):
    assert find_cycles(_import_graph(layer)) == []


def _modules_loaded_by(code: str) -> set[str]:
    """Run ``code`` in a fresh interpreter and return the top modules and our own modules it loaded."""
    probe = code + "\nimport sys\nprint(repr(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    return set(eval(out.stdout.strip().splitlines()[-1]))  # the printed list of module names


def test_help_loads_neither_the_api_nor_pydantic():
    """``c2e --help`` must answer at once: the API, the model and pydantic are loaded only by a command."""
    loaded = _modules_loaded_by("from converter.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert "click" in loaded and "converter.cli" in loaded
    assert not {"converter.api", "converter.model", "pydantic", "lxml", "jinja2"} & loaded


def test_reading_a_file_loads_no_packager_and_no_other_format_reader():
    """``c2e inspect deck.pptx`` reads a deck: it never pays for the player, jinja2, a packager, or the Word and
    PDF readers (every extractor sniffs, only the one that claims the file loads its reading modules)."""
    deck = REPO / "samples" / "pharma-sales-onboarding.pptx"
    loaded = _modules_loaded_by(f"import converter\nconverter.extract({str(deck)!r})")
    assert "extractors.pptx.extractor" in loaded and "converter.model" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"packagers", "jinja2", "pypdfium2", "pdfplumber"}}
    assert not {"extractors.docx.extractor", "extractors.pdf.extractor"} & loaded


def test_the_service_calls_the_api_and_the_batch_runner_not_the_pipeline():
    """``converter/service`` is orchestration over the same Python API the CLI uses: it never reaches past it
    to the pipeline, the registry, the chunker or any extractor or packager."""
    service = {n: p for n, p in _modules("converter").items() if n.startswith("converter.service")}
    assert service
    imported = {i for n, p in service.items() for i in _our_imports(n, p)}
    assert not any(_in(i, {"converter.pipeline", "converter.registry", "converter.chunking", "extractors",
                           "packagers"}) for i in imported)
    assert any(_in(i, {"converter.api"}) for i in imported)
