"""No import cycle in the readers, formatters, batch and command-line layers,
counting imports inside functions and under TYPE_CHECKING: every module's
syntax tree is walked, so an import that runs only later (a lazy import in a
function) closes a cycle as surely as one at the top."""
from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "gklint"
# The layers this test guards (issue 12a); tests/test_layers.py covers the rest.
AREA = ("gklint.readers", "gklint.formatters", "gklint.batch", "gklint.cli", "gklint.outputs",
        "gklint.summary", "gklint.baseline", "gklint.fixes")


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Module name -> file, for every .py file of the package."""
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: dict) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its file."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, *(node.module.split(".") if node.module else [])])
            # `from . import x`: x may be a module of the package or a name in it.
            targets = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in graph:
        if v not in index:
            visit(v)
    return out


def graph_of(root: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def _in_area(module: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in AREA)


def test_no_import_cycle_touches_readers_formatters_batch_or_cli():
    found = [c for c in cycles(graph_of()) if any(_in_area(m) for m in c)]
    assert not found, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in found)


def test_the_finder_counts_imports_in_functions_and_under_type_checking(tmp_path):
    pkg = tmp_path / "gklint"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "cli" / "__init__.py").write_text("def main():\n    from ..batch import run\n")
    (pkg / "batch.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from .cli import main\n")
    (pkg / "quiet.py").write_text("import gklint.batch\n")
    assert cycles(graph_of(pkg)) == [{"gklint.cli", "gklint.batch"}]
