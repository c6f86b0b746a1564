"""The layer rules of DESIGN.md, enforced: who may import whom."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

KERNEL = {"converter.model", "converter.result", "converter.errors", "converter.options", "converter.probe",
          "converter.plugin"}


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


def test_extractors_do_not_import_each_other():
    """``extractors/<fmt>.py`` and ``extractors/<fmt>_*.py`` import only their own format's modules and the shared
    underscore modules (``extractors._*``); the shared modules import no format's module."""
    def owner(module: str) -> str:  # "extractors.docx_graphics.read_x" -> "docx"; "extractors._ooxml" -> "_"
        name = module.split(".")[1]
        return "_" if name.startswith("_") else name.split("_")[0]

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
