"""tools/mutate.py finds the mutants it promises, each a one-place change
that still parses, and reads the equivalent mutants from a doc table."""
from __future__ import annotations

import ast
import importlib.util
import sys

from helpers import ROOT

SOURCE = '''"""Doc."""
from __future__ import annotations

LIMIT = 6


def total(cells: list[int], skip: bool = False) -> int:
    """Docstring: never mutated."""
    out = 0
    for c in cells:
        if c < 0 or skip:
            continue
        out += c * 2
    return out if not skip else -1


class Rule:
    name = "sum"

    def check(self, value) -> str:
        return f"值为{value}" if value in (1, 2) else "无"
'''


def tool():
    if "gklint_mutate_tool" not in sys.modules:  # dataclasses look their module up there
        spec = importlib.util.spec_from_file_location("gklint_mutate_tool", ROOT / "tools" / "mutate.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["gklint_mutate_tool"]


def test_mutants_of_a_small_module(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(SOURCE, encoding="utf-8")
    mutants = tool().find_mutants(path)
    idents = [m.ident for m in mutants]
    assert idents == [
        "<module>#1 6→7",
        "total#1 False→True", "total#2 0→1", "total#3 Or→And", "total#4 Lt→LtE", "total#5 0→1",
        "total#6 continue→break", "total#7 Add=→Sub=", "total#8 Add=→=", "total#9 Mult→Div",
        "total#10 2→3", "total#11 not→", "total#12 -→", "total#13 1→2",
        "Rule#1 str→XXstrXX", "Rule.check#1 In→NotIn", "Rule.check#2 1→2", "Rule.check#3 2→3",
        "Rule.check#4 str→XXstrXX"]
    source = path.read_bytes()
    for m in mutants:
        mutated = m.apply(source)
        ast.parse(mutated)
        assert mutated != source
    by_id = {m.ident: m for m in mutants}
    assert b"if (c <= 0) or skip:" in by_id["total#4 Lt→LtE"].apply(source)
    assert b"out = c * 2" in by_id["total#8 Add=→="].apply(source)
    # Where each runs: module and class bodies on import, the rest in a function.
    assert [m.function for m in mutants if m.at_import] == [None, None]
    assert by_id["total#6 continue→break"].function == "total"
    assert by_id["Rule.check#1 In→NotIn"].function == "Rule.check"


def test_only_limits_the_mutants_to_named_functions(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(SOURCE, encoding="utf-8")
    mutants = tool().find_mutants(path, ["Rule"])
    assert {m.ident.split("#")[0] for m in mutants} == {"Rule", "Rule.check"}


def test_equivalents_table_is_read(tmp_path, monkeypatch):
    mutate = tool()
    doc = tmp_path / "mutation.md"
    doc.write_text("| module | mutant | why |\n|---|---|---|\n"
                   "| `gklint/a.py` | `f#1 Lt→LtE` | never equal |\n"
                   "not a row | `gklint/b.py` |\n", encoding="utf-8")
    monkeypatch.setattr(mutate, "EQUIVALENT_DOC", doc)
    assert mutate.load_equivalents() == {"gklint/a.py::f#1 Lt→LtE": "never equal"}
