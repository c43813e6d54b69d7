"""The layer contracts in pyproject.toml ([tool.importlinter]) hold: readers
know only the document model, analysis never imports rules or the engine,
rules never import the CLI, batch runs or formatters, and formatters never
import the CLI or batch runs (imports in functions and under TYPE_CHECKING
count), and no module imports itself back through others (a cycle),
counting those imports too."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT


def test_import_contracts_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    assert exe.is_file(), "import-linter is a test dependency: pip install -e '.[test]'"
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", proc.stdout)
    assert kept and int(kept.group(1)) >= 4 and kept.group(2) == "0", proc.stdout


def _module_names() -> dict[str, tuple[Path, list[str]]]:
    """Every module of the package: dotted name -> (file, its package's parts)."""
    modules = {}
    for path in (ROOT / "gklint").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        package = parts[:-1]
        if parts[-1] == "__init__":
            parts = package
        modules[".".join(parts)] = (path, package)
    return modules


def _imports(path: Path, package: list[str], modules) -> set[str]:
    """The gklint modules a file imports anywhere: at the top, inside
    functions, under TYPE_CHECKING (ast.walk sees every statement)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[:len(package) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(t for t in targets if t in modules)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
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
            if len(component) > 1 or v in graph[v]:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_counting_function_level_and_type_checking_imports():
    modules = _module_names()
    graph = {name: _imports(path, package, modules) - {name}
             for name, (path, package) in modules.items()}
    cycles = list(_cycles(graph))
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in cycles)


def test_the_cycle_finder_sees_imports_inside_functions_and_type_checking(tmp_path):
    # A cycle closed only by an import inside a function and one under
    # TYPE_CHECKING, as the rule machinery's was (rule -> config -> packs -> rule).
    pkg = tmp_path / "gklint"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .b import x\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                              "    from gklint import a\nx = 1\n")
    modules = {"gklint": (pkg / "__init__.py", ["gklint"]),
               "gklint.a": (pkg / "a.py", ["gklint"]), "gklint.b": (pkg / "b.py", ["gklint"])}
    graph = {n: _imports(p, k, modules) - {n} for n, (p, k) in modules.items()}
    assert {"gklint.a", "gklint.b"} in _cycles(graph)


def test_namedtuple_fields_are_read_by_name_or_pinned():
    """Hot code reads NamedTuple fields with itemgetter and builds them with
    tuple.__new__ (C speed): the index must come from the field's name, and
    a module building one by position pins its fields (model.pin_fields)."""
    positional, unpinned = [], []
    model = (ROOT / "gklint" / "model.py").read_text(encoding="utf-8")
    pinned_in_model = set(re.findall(r"pin_fields\((\w+),", model))
    for path in (ROOT / "gklint").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "itemgetter" \
                    and any(isinstance(a, ast.Constant) and isinstance(a.value, int)
                            for a in node.args):
                positional.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        built = set(re.findall(r"new\(([A-Z]\w*), \(", source))  # tuple.__new__ as `new`
        built |= set(re.findall(r"tuple\.__new__\(([A-Z]\w*),", source))
        pinned = set(re.findall(r"pin_fields\((\w+),", source)) | pinned_in_model
        unpinned += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(built - pinned)]
    assert not positional, f"itemgetter by index (use model.field_getter): {positional}"
    assert not unpinned, f"NamedTuples built by position without pin_fields: {unpinned}"


def test_pin_fields_fails_at_import_when_a_field_moves():
    from typing import NamedTuple

    from gklint.model import field_getter, pin_fields

    class Moved(NamedTuple):
        start: int
        added: int
        end: int

    with pytest.raises(TypeError, match="start.*added.*end"):
        pin_fields(Moved, "start", "end")
    assert field_getter(Moved, "end")(Moved(1, 2, 3)) == 3
