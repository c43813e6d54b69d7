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


# --diff: the mutants on the lines a change touches ---------------------------

DIFF = """diff --git a/gklint/a.py b/gklint/a.py
index 1111111..2222222 100644
--- a/gklint/a.py
+++ b/gklint/a.py
@@ -3 +3 @@ x = 1
-y = 2
+y = 3
@@ -10,0 +11,2 @@ def f():
+    a = 1
+    b = 2
@@ -20,2 +21,0 @@ def g():
-    gone = 1
-    gone = 2
diff --git a/gklint/new.py b/gklint/new.py
new file mode 100644
--- /dev/null
+++ b/gklint/new.py
@@ -0,0 +1,3 @@
+a = 1
+b = 2
+c = 3
diff --git a/gklint/old.py b/gklint/old.py
deleted file mode 100644
--- a/gklint/old.py
+++ /dev/null
@@ -1,2 +0,0 @@
-a = 1
-b = 2
"""


def test_diff_gives_the_new_side_lines_of_each_file():
    assert tool().parse_diff(DIFF) == {"gklint/a.py": [3, 11, 12], "gklint/new.py": [1, 2, 3]}


def _git(cwd, *args):
    import subprocess
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                   check=True, capture_output=True)


def _repo(tmp_path):
    import shutil
    import pytest
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    (tmp_path / "m.py").write_text(SOURCE, encoding="utf-8")
    _git(tmp_path, "add", "m.py")
    _git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_only_mutants_on_changed_lines_are_chosen(tmp_path):
    mutate = tool()
    repo = _repo(tmp_path)
    # The change: one comparison, and the class's name string.
    text = SOURCE.replace("if c < 0 or skip:", "if c <= 0 or skip:").replace('"sum"', '"total"')
    (repo / "m.py").write_text(text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second")
    changed = mutate.changed_lines("HEAD^1", cwd=repo)
    assert changed == {"m.py": [11, 18]}
    chosen = mutate.on_lines(mutate.find_mutants(repo / "m.py"), set(changed["m.py"]))
    assert [m.ident for m in chosen] == ["total#3 Or→And", "total#4 LtE→Lt", "total#5 0→1",
                                         "Rule#1 str→XXstrXX"]


def test_a_mutant_spanning_lines_is_chosen_by_any_of_them(tmp_path):
    mutate = tool()
    path = tmp_path / "m.py"
    path.write_text("def f(a, b):\n    return (a\n            or b)\n", encoding="utf-8")
    [mutant] = mutate.find_mutants(path)
    assert (mutant.line, mutant.end_line) == (2, 3)
    assert mutate.on_lines([mutant], {3}) == [mutant]
    assert mutate.on_lines([mutant], {1, 4}) == []


def test_a_moved_module_counts_only_its_edited_lines(tmp_path):
    mutate = tool()
    repo = _repo(tmp_path)
    (repo / "pkg").mkdir()
    _git(repo, "mv", "m.py", "pkg/m.py")
    moved = repo / "pkg" / "m.py"
    moved.write_text(moved.read_text("utf-8").replace("LIMIT = 6", "LIMIT = 7"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "move")
    assert mutate.changed_lines("HEAD^1", cwd=repo) == {"pkg/m.py": [4]}


def test_uncommitted_edits_count_and_a_lone_commit_has_no_base(tmp_path):
    mutate = tool()
    repo = _repo(tmp_path)
    reason = mutate.changed_lines("HEAD^1", cwd=repo)
    assert isinstance(reason, str) and "HEAD^1 is not a commit of this clone" in reason
    (repo / "m.py").write_text(SOURCE.replace("out = 0", "out = 1"), encoding="utf-8")
    assert mutate.changed_lines("HEAD", cwd=repo) == {"m.py": [9]}


def test_diff_without_a_base_is_skipped_not_failed(capsys):
    assert tool().main(["--diff", "no-such-ref-anywhere"]) == 0
    assert "mutation check skipped" in capsys.readouterr().out


def test_mutants_the_budget_leaves_are_not_run_and_not_counted(tmp_path, monkeypatch):
    import time
    from pathlib import Path
    mutate = tool()
    monkeypatch.setattr(mutate, "STATE", tmp_path / "state")
    module = "gklint/baseline.py"
    every_line = list(range(1, len((ROOT / module).read_text("utf-8").splitlines()) + 1))
    result = mutate.mutate_module(Path(module), mutate.load_config(), False, {},
                                  changed=every_line, deadline=time.monotonic() - 1)
    total = len(mutate.find_mutants(ROOT / module))
    assert total > 0
    assert result["counts"] == {"not run": total}
    assert result["score"] == 100.0
    state = (tmp_path / "state" / "diff_gklint_baseline.py.json").read_text("utf-8")
    assert '"not run"' in state


def test_mutants_found_on_lines_keep_the_ids_of_a_whole_run(tmp_path):
    mutate = tool()
    path = tmp_path / "m.py"
    path.write_text(SOURCE, encoding="utf-8")
    whole = mutate.find_mutants(path)
    for lines in ({11}, {18, 21}, {1, 2, 3}):
        assert [m.ident for m in mutate.find_mutants(path, on=lines)] == \
            [m.ident for m in mutate.on_lines(whole, lines)]
