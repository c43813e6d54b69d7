"""Mutation testing for gklint: does the suite notice a small wrong answer?

    python tools/mutate.py gklint/baseline.py      # one module
    python tools/mutate.py --all                   # every module of the config block
    python tools/mutate.py gklint/fixes.py --rerun # only last run's survivors

Each mutant is one small change to one module (``<`` for ``<=``, ``+`` for
``-``, ``and`` for ``or``, a number plus one, a string changed, ``not``
dropped, ``break`` for ``continue``).  The module's tests (the config block
``[tool.gklint-mutation]`` in pyproject.toml) must fail on it: then the mutant
is *killed*.  A mutant the tests pass on *survived*: either a test is missing
or the change does not change behaviour (an *equivalent* mutant, listed with
the reason in docs/mutation.md and left out of the score).

Why an own tool and not mutmut 3: gklint's CLI tests run ``python -m gklint``
in a temporary folder, and mutmut's trampolines, imported there, look for
their configuration in that folder and fail, so mutmut cannot collect its
statistics.  Here a mutant is a real file: a mirror of the worktree (symlinks)
holds the mutated module, and the tests run with the mirror first on the
import path, in-process and in the programs they start.

Speed on a shared machine: the tests run once unmutated while a line tracer
records which test executes which line of the module; each mutant then runs
only the tests that execute its line (all the module's tests when no test
does so in-process), stopping at the first failure, in a child forked from a
process that already imported pytest.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".mutation"           # results of the last runs (not committed)
EQUIVALENT_DOC = ROOT / "docs" / "mutation.md"
NO_MUTATE = "pragma: no mutate"


# --------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------

def load_config() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return data["tool"]["gklint-mutation"]


def load_equivalents() -> dict[str, str]:
    """``{mutant id: reason}`` from the table in docs/mutation.md.

    Rows of the form ``| `gklint/x.py` | `func#3 Lt→LtE` | reason |``."""
    found: dict[str, str] = {}
    if not EQUIVALENT_DOC.exists():
        return found
    for line in EQUIVALENT_DOC.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`gklint/") and cells[1].startswith("`"):
            found[f"{cells[0].strip('`')}::{cells[1].strip('`')}"] = cells[2]
    return found


# --------------------------------------------------------------------------
# The lines a change touches (--diff)
# --------------------------------------------------------------------------

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def parse_diff(text: str) -> dict[str, list[int]]:
    """``{path: lines}`` from ``git diff --unified=0``: the lines added or
    changed, numbered as in the new file.  A hunk that only deletes lines
    leaves no code to mutate; a deleted file has no new side."""
    found: dict[str, set[int]] = {}
    path = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            name = line[4:].rstrip("\t")
            path = name[2:] if name.startswith("b/") else None  # None: /dev/null
        elif line.startswith("@@") and path is not None:
            hunk = _HUNK.match(line)
            if hunk:
                start = int(hunk[1])
                count = 1 if hunk[2] is None else int(hunk[2])
                found.setdefault(path, set()).update(range(start, start + count))
    return {p: sorted(lines) for p, lines in found.items() if lines}


def changed_lines(base: str, cwd: Path = ROOT) -> dict[str, list[int]] | str:
    """The lines changed since git ``base`` (a commit) in every file of the
    working tree, or why they cannot be known (no git, no such commit)."""
    import subprocess

    def git(*args: str):
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    try:
        commit = git("rev-parse", "--verify", "--quiet", base + "^{commit}")
    except FileNotFoundError:
        return "git is not installed"
    if commit.returncode:
        return (f"{base} is not a commit of this clone (a clone of one commit, or a shallow "
                f"one, has no parent to compare with)")
    # The whole tree, not only the modules: a module moved by the change is
    # then paired with its old path, and only its edited lines count.
    diff = git("diff", "--unified=0", "--no-color", "--no-ext-diff", "-M",
               "--src-prefix=a/", "--dst-prefix=b/", commit.stdout.strip())
    if diff.returncode:
        return f"git diff {base} failed: {diff.stderr.strip()}"
    return parse_diff(diff.stdout)


def on_lines(mutants: list["Mutant"], lines: set[int]) -> list["Mutant"]:
    """The mutants whose code includes one of ``lines``."""
    return [m for m in mutants
            if any(n in lines for n in range(m.line, max(m.line, m.end_line) + 1))]


# --------------------------------------------------------------------------
# Mutants
# --------------------------------------------------------------------------

@dataclass
class Mutant:
    ident: str        # "qualname#n Op→Op", stable while the function keeps its shape
    line: int
    start: int        # byte offsets in the module's source
    end: int
    replacement: str
    function: str | None = None  # the outermost function holding it; None: runs on import
    status: str = ""  # killed / survived / timeout / equivalent
    tests: int = 0    # how many tests ran on it
    end_line: int = 0  # the last line of the changed code (0: same as line)

    @property
    def at_import(self) -> bool:
        return self.function is None

    def apply(self, source: bytes) -> bytes:
        return source[:self.start] + self.replacement.encode("utf-8") + source[self.end:]


_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
          ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult,
          ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr, ast.LShift: ast.RShift,
          ast.RShift: ast.LShift, ast.BitXor: ast.BitOr}
_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
        ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BOOL = {ast.And: ast.Or, ast.Or: ast.And}


def _name(op) -> str:
    return type(op).__name__ if not isinstance(op, type) else op.__name__


class _Finder(ast.NodeVisitor):
    """Walks a module and yields (qualname, node, kind, new node or text)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.scope: list[str] = []
        self.outer: list[str] = []  # qualname of the outermost function around the node
        self.functions = 0  # depth of function bodies around the node
        self.found: list[tuple[str, bool, ast.AST, str, object]] = []

    # scopes -----------------------------------------------------------
    def _scoped(self, node) -> None:
        self.scope.append(node.name)
        function = not isinstance(node, ast.ClassDef)
        if function and not self.functions:
            self.outer.append(".".join(self.scope))
        self.functions += function
        # annotations are never evaluated (from __future__ import annotations)
        for field, value in ast.iter_fields(node):
            if field in ("returns", "decorator_list"):
                continue
            if field == "args":
                self._visit_arguments(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)
        self.scope.pop()
        self.functions -= function
        if function and not self.functions:
            self.outer.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def _visit_arguments(self, args: ast.arguments) -> None:
        for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
            self.visit(default)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a bare string: no behaviour
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        for value in node.values:  # the literal parts cannot be cut out alone
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
            return
        self.generic_visit(node)

    def visit_ImportFrom(self, node) -> None:
        return

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return
        self.generic_visit(node)

    # mutations --------------------------------------------------------
    def _add(self, node, kind, new) -> None:
        if NO_MUTATE in self.lines[node.lineno - 1]:
            return
        self.found.append((".".join(self.scope) or "<module>", self.outer[-1] if self.outer else None,
                           node, kind, new))

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swap = _BINOP.get(type(node.op))
        if swap:
            self._add(node, f"{_name(node.op)}→{_name(swap)}",
                      ast.BinOp(left=node.left, op=swap(), right=node.right))
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        swap = _BINOP.get(type(node.op))
        if swap:
            self._add(node, f"{_name(node.op)}=→{_name(swap)}=",
                      ast.AugAssign(target=node.target, op=swap(), value=node.value))
        self._add(node, f"{_name(node.op)}=→=",
                  ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            swap = _CMP.get(type(op))
            if swap:
                ops = list(node.ops)
                ops[i] = swap()
                self._add(node, f"{_name(op)}→{_name(swap)}",
                          ast.Compare(left=node.left, ops=ops, comparators=node.comparators))
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        swap = _BOOL[type(node.op)]
        self._add(node, f"{_name(node.op)}→{_name(swap)}", ast.BoolOp(op=swap(), values=node.values))
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._add(node, "not→", node.operand)
        elif isinstance(node.op, ast.USub):
            self._add(node, "-→", node.operand)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self._add(node, f"{value}→{not value}", ast.Constant(not value))
        elif isinstance(value, (int, float)):
            self._add(node, f"{value!r}→{value + 1!r}", ast.Constant(value + 1))
        elif isinstance(value, str) and value:
            self._add(node, "str→XXstrXX", ast.Constant("XX" + value + "XX"))

    def visit_Break(self, node) -> None:
        self._add(node, "break→continue", "continue")

    def visit_Continue(self, node) -> None:
        self._add(node, "continue→break", "break")


def module_config(cfg: dict, module: str) -> tuple[list[str], list[str]]:
    """(tests, only): a module maps to its test files, or to a table with
    ``tests`` and ``only`` (the functions and classes to mutate; default all)."""
    entry = cfg["modules"][module]
    if cfg.get("only_override"):
        entry = {"tests": entry["tests"] if isinstance(entry, dict) else entry,
                 "only": cfg["only_override"]}
    if isinstance(entry, dict):
        return list(entry["tests"]), list(entry.get("only", []))
    return list(entry), []


def _wanted(qualname: str, only: list[str]) -> bool:
    return not only or any(qualname == o or qualname.startswith(o + ".") for o in only)


def find_mutants(path: Path, only: list[str] = (), on: set[int] | None = None) -> list[Mutant]:
    """The mutants of a module (of the functions in ``only``; on the lines
    ``on`` only, for --diff: the others are not even parsed)."""
    source = path.read_bytes()
    text = source.decode("utf-8")
    tree = ast.parse(text)
    lines = text.splitlines()
    finder = _Finder(lines)
    finder.visit(tree)
    starts = [0]
    for raw in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(raw))
    counter: dict[str, int] = {}
    mutants = []
    for qualname, function, node, kind, new in finder.found:
        if not _wanted(qualname, only):
            continue
        start = starts[node.lineno - 1] + node.col_offset
        end = starts[node.end_lineno - 1] + node.end_col_offset
        if isinstance(new, str):
            replacement = new
        elif isinstance(node, ast.stmt):
            replacement = ast.unparse(ast.fix_missing_locations(new))
        else:
            replacement = "(" + ast.unparse(new) + ")"
        n = counter[qualname] = counter.get(qualname, 0) + 1
        mutant = Mutant(f"{qualname}#{n} {kind}", node.lineno, start, end, replacement,
                        function=function, end_line=node.end_lineno)
        if on is not None and not on_lines([mutant], on):
            continue  # after numbering it: ids stay those of a whole run
        try:
            ast.parse(mutant.apply(source))
        except SyntaxError:
            continue
        mutants.append(mutant)
    return mutants


# --------------------------------------------------------------------------
# Running the tests
# --------------------------------------------------------------------------

def make_mirror(module: Path) -> Path:
    """A folder that looks like the worktree (symlinks) with ``module`` a real file."""
    mirror = Path(tempfile.mkdtemp(prefix="gklint-mutation-"))
    for entry in ROOT.iterdir():
        if entry.name in ("gklint", "tests", ".git", ".mutation", ".venv"):
            continue
        (mirror / entry.name).symlink_to(entry)
    # The test modules are copied, not linked: tests find the project from
    # Path(__file__).resolve(), and a link would lead them (and the PYTHONPATH
    # they give the programs they start) back to the unmutated worktree.
    (mirror / "tests").mkdir()
    for entry in (ROOT / "tests").iterdir():
        if entry.suffix == ".py":
            shutil.copyfile(entry, mirror / "tests" / entry.name)
        elif entry.name not in ("__pycache__", "artifacts"):
            (mirror / "tests" / entry.name).symlink_to(entry)
    for dirpath, dirnames, filenames in os.walk(ROOT / "gklint"):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        rel = Path(dirpath).relative_to(ROOT)
        (mirror / rel).mkdir(parents=True, exist_ok=True)
        for name in filenames:
            if (rel / name) != module:
                (mirror / rel / name).symlink_to(Path(dirpath) / name)
    shutil.copyfile(ROOT / module, mirror / module)
    return mirror


def enter_mirror(mirror: Path) -> None:
    """Make this process (and the programs it starts) import gklint from the mirror."""
    os.chdir(mirror)
    sys.path.insert(0, str(mirror))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(mirror)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])


def _child(mirror: Path, args: list[str], plugins: list, log: Path, prepare=None) -> None:
    """In a forked child: run pytest against the mirror, exit with its code."""
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        if Path.cwd() != mirror:
            enter_mirror(mirror)
        if prepare is not None:
            prepare()
        import pytest
        code = pytest.main(args, plugins=plugins)
    except BaseException:  # noqa: BLE001 - anything here is the child's end
        import traceback
        traceback.print_exc()
        code = 3
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))


def run_forked(mirror: Path, args: list[str], timeout: float, log: Path, plugins=(),
               prepare=None) -> str:
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)  # the child and the programs it starts: one group to stop
        _child(mirror, args, list(plugins), log, prepare)
    deadline = time.monotonic() + timeout
    try:
        return _wait(pid, deadline)
    except BaseException:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        raise


def _wait(pid: int, deadline: float) -> str:
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return {0: "survived", 1: "killed", 5: "no tests"}.get(code, f"error {code}")
        if time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.05)


class LineTracer:
    """A pytest plugin that records which test executes which line of one file."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.current = None
        self.lines: dict[int, set[str]] = {}
        self.durations: dict[str, float] = {}

    def _trace(self, frame, event, arg):
        if frame.f_code.co_filename != self.filename:
            return None
        return self._local

    def _local(self, frame, event, arg):
        if event == "line" and self.current:
            self.lines.setdefault(frame.f_lineno, set()).add(self.current)
        return self._local

    def pytest_runtest_setup(self, item):
        import threading
        self.current = item.nodeid
        self._start = time.monotonic()
        sys.settrace(self._trace)
        threading.settrace(self._trace)

    def pytest_runtest_teardown(self, item):
        import threading
        sys.settrace(None)
        threading.settrace(None)
        self.durations[item.nodeid] = time.monotonic() - self._start


class OutOfTime(Exception):
    """The time budget of a --diff run ran out."""


def trace_tests(mirror: Path, module: Path, tests: list[str], pytest_args: list[str],
                log: Path, deadline: float | None = None
                ) -> tuple[dict[int, list[str]], dict[str, float], float]:
    """Run the module's tests unmutated in a child; returns line → tests."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    filename = str(mirror / module)

    class Dump(LineTracer):
        def pytest_sessionfinish(self, session):
            out.write_text(json.dumps({"lines": {k: sorted(v) for k, v in self.lines.items()},
                                       "durations": self.durations}))

    start = time.monotonic()
    timeout = 3600 if deadline is None else min(3600, deadline - start)
    if timeout <= 0:
        raise OutOfTime
    outcome = run_forked(mirror, pytest_args + tests, timeout, log, plugins=[Dump(filename)])
    elapsed = time.monotonic() - start
    if outcome == "timeout" and timeout < 3600:
        raise OutOfTime
    if outcome != "survived":
        sys.exit(f"the tests of {module} do not pass unmutated ({outcome}); see {log}")
    data = json.loads(out.read_text())
    out.unlink()
    return ({int(k): v for k, v in data["lines"].items()}, data["durations"], elapsed)


class Warm:
    """gklint and the tests' linter imported once, before the mutants fork.

    A mutant inside a function that did not run while warming up is applied
    by giving the live function the mutated code (every reference to it sees
    the change); any other mutant (module level, or code that ran while the
    linter was built) makes its child forget gklint and import it afresh
    from the mutated file.  Programs the tests start read the file either way.
    """

    def __init__(self, mirror: Path, module: Path) -> None:
        self.mirror = mirror
        self.dotted = ".".join(module.with_suffix("").parts)
        self.filename = str(mirror / module)
        self.lines: set[int] = set()

        def trace(frame, event, arg):
            if frame.f_code.co_filename != self.filename:
                return None
            self.lines.add(frame.f_lineno)
            return local

        def local(frame, event, arg):
            self.lines.add(frame.f_lineno)
            return local

        sys.path.insert(0, str(mirror / "tests"))
        sys.settrace(trace)
        try:
            import importlib

            import helpers  # the tests' shared linter, built once here
            self.module = importlib.import_module(self.dotted)
            helpers.linter()
        finally:
            sys.settrace(None)
            sys.path.remove(str(mirror / "tests"))

    def prepare(self, mutant: Mutant, mutated: bytes):
        """What the child does before pytest: patch one function, or re-import."""
        if mutant.at_import or sys.version_info < (3, 11) or \
                any(line in self.lines for line in range(mutant.line, mutant.line + 5)):
            return self._forget
        return lambda: self._patch(mutant.function, mutated)

    def _forget(self) -> None:
        tests = str(self.mirror / "tests")
        for name, mod in list(sys.modules.items()):
            if name == "gklint" or name.startswith("gklint.") or \
                    (getattr(mod, "__file__", None) or "").startswith(tests):
                del sys.modules[name]

    def _patch(self, qualname: str, mutated: bytes) -> None:
        code = compile(mutated, self.filename, "exec")
        found = {}
        stack = [code]
        while stack:
            for const in stack.pop().co_consts:
                if hasattr(const, "co_qualname"):
                    found.setdefault(const.co_qualname, const)
                    stack.append(const)
        owner, obj = None, self.module
        for part in qualname.split("."):
            owner, obj = obj, (vars(obj).get(part) if isinstance(obj, type) else getattr(obj, part))
        func = obj
        for attr in ("fget", "__func__", "__wrapped__"):
            func = getattr(func, attr, func)
        func.__code__ = found[qualname]
        if hasattr(obj, "cache_clear"):
            obj.cache_clear()


def mutate_module(module: Path, cfg: dict, rerun: bool, equivalents: dict[str, str],
                  changed: list[int] | None = None, deadline: float | None = None) -> dict:
    """Run the mutants of one module; with ``changed`` (line numbers) only
    those on these lines, and with ``deadline`` (time.monotonic()) the ones
    left when it passes are *not run*, not counted."""
    tests, only = module_config(cfg, str(module))
    pytest_args = list(cfg.get("pytest_args", [])) + ["-x", "-q", "-p", "no:cacheprovider"]
    STATE.mkdir(exist_ok=True)
    # A --diff run keeps its own state: it must not replace a whole run's results.
    prefix = "diff_" if changed is not None else ""
    state_file = STATE / (prefix + str(module).replace("/", "_") + ".json")
    log = STATE / "last-test-run.log"
    mutants = find_mutants(ROOT / module, only, None if changed is None else set(changed))
    if changed is not None:
        if not mutants:
            print(f"{module}: no mutant on the changed lines", flush=True)
            return {"module": str(module), "score": 100.0, "counts": {}}
    if rerun and state_file.exists():
        previous = {m["ident"]: m["status"] for m in json.loads(state_file.read_text())["mutants"]}
        keep = {"killed", "equivalent"}  # survivors, errors and mutants not run yet run again
        done = [m for m in mutants if previous.get(m.ident) in keep]
        for m in done:
            m.status = previous[m.ident]
        todo = [m for m in mutants if previous.get(m.ident) not in keep]
    else:
        todo = mutants
    mirror = make_mirror(module)
    target = mirror / module
    source = (ROOT / module).read_bytes()
    try:
        try:
            lines, durations, total = trace_tests(mirror, module, tests, pytest_args, log, deadline)
        except OutOfTime:
            for mutant in todo:
                mutant.status = "not run"
            return summarize(module, mutants, state_file, source)
        enter_mirror(mirror)
        warm = Warm(mirror, module)
        kills: dict[str, int] = {}
        print(f"{module}: {len(mutants)} mutants, {len(todo)} to run; "
              f"unmutated tests {total:.0f}s", flush=True)
        for i, mutant in enumerate(todo, 1):
            key = f"{module}::{mutant.ident}"
            selected = None if mutant.at_import else lines.get(mutant.line)
            if not selected and not mutant.at_import:
                # multi-line statements report their first executed line
                for line in range(mutant.line, mutant.line + 5):
                    selected = lines.get(line)
                    if selected:
                        break
            # Tests that killed mutants before first (a mutant is usually
            # killed by the same few tests), then the quickest.
            run_tests = sorted(selected, key=lambda t: (-kills.get(t, 0), durations.get(t, 0))) \
                if selected else tests
            budget = sum(durations.get(t, 0) for t in selected) if selected else total
            mutated = mutant.apply(source)
            target.write_bytes(mutated)
            for pyc in (target.parent / "__pycache__").glob(target.stem + ".*.pyc"):
                pyc.unlink()
            started = time.monotonic()
            timeout = 3 * budget + 20
            left = deadline - started if deadline is not None else timeout
            if left <= 0:
                mutant.status = "not run"
                continue
            outcome = run_forked(mirror, pytest_args + run_tests, min(timeout, left), log,
                                 prepare=warm.prepare(mutant, mutated))
            if outcome == "timeout":
                # an endless loop is a wrong answer the tests notice; a run the
                # budget cut short is not an answer at all
                outcome = "killed" if left >= timeout else "not run"
            if outcome == "survived" and key in equivalents:
                outcome = "equivalent"
            mutant.status = outcome
            mutant.tests = len(run_tests)
            if outcome == "killed" and selected:
                killer = _first_failure(log)
                if killer:
                    kills[killer] = kills.get(killer, 0) + 1
            print(f"[{i}/{len(todo)}] {outcome:9} {module}:{mutant.line} {mutant.ident}"
                  f" ({len(run_tests)} tests, {time.monotonic() - started:.0f}s)", flush=True)
            save_state(state_file, module, mutants)  # an interrupted run keeps what it learnt
    finally:
        shutil.rmtree(mirror, ignore_errors=True)
    return summarize(module, mutants, state_file, source)


def _first_failure(log: Path):
    """The node id of the test that failed, from pytest's short summary."""
    for line in log.read_text("utf-8", "replace").splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split()[1]
    return None


def save_state(state_file: Path, module: Path, mutants: list[Mutant], score=None, counts=None) -> None:
    state_file.write_text(json.dumps({"module": str(module), "score": score, "counts": counts,
                                      "mutants": [asdict(m) for m in mutants]},
                                     ensure_ascii=False, indent=1))


def summarize(module: Path, mutants: list[Mutant], state_file: Path, source: bytes) -> dict:
    counts: dict[str, int] = {}
    for m in mutants:
        counts[m.status] = counts.get(m.status, 0) + 1
    killed = counts.get("killed", 0)
    relevant = len(mutants) - counts.get("equivalent", 0) - counts.get("not run", 0)
    score = 100.0 * killed / relevant if relevant else 100.0
    text_lines = source.decode("utf-8").splitlines()
    for m in mutants:
        if m.status not in ("killed", "equivalent"):
            print(f"  {m.status:9} {module}:{m.line}  `{m.ident}`   {text_lines[m.line - 1].strip()[:90]}")
    print(f"{module}: score {score:.1f}% ({killed} killed of {relevant} behaviour-changing; "
          f"{counts.get('equivalent', 0)} equivalent; {counts})", flush=True)
    save_state(state_file, module, mutants, score, counts)
    return {"module": str(module), "score": score, "counts": counts}


def report(modules: list[str], equivalents: dict[str, str]) -> int:
    """Scores from the state the last runs left, equivalents as listed now."""
    for module in modules:
        state_file = STATE / (module.replace("/", "_") + ".json")
        if not state_file.exists():
            print(f"{module}: not run")
            continue
        mutants = [Mutant(**m) for m in json.loads(state_file.read_text())["mutants"]]
        for m in mutants:
            if m.status in ("survived", "equivalent"):
                m.status = "equivalent" if f"{module}::{m.ident}" in equivalents else "survived"
        summarize(Path(module), mutants, state_file, (ROOT / module).read_bytes())
    return 0


def in_own_process(func, *args):
    """Run ``func`` in a forked process: each module warms up its own gklint."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            out.write_text(json.dumps(func(*args)))
        except BaseException:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        os._exit(code)
    try:
        _, status = os.waitpid(pid, 0)
    except BaseException:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        raise
    try:
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"mutation run of {args[0]} failed")
        return json.loads(out.read_text())
    finally:
        out.unlink()


def _ready_to_fork() -> None:
    import pytest  # noqa: F401 - imported once here, shared by every forked child

    def stop(signum, frame):  # stop the running child's process group too (run_forked)
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)


def diff_run(base: str, modules: list[str], cfg: dict, budget: float | None,
             list_only: bool = False) -> int:
    """Mutants on the lines changed since ``base`` only; exit 1 when one of
    them survives and is not a listed equivalent.  Mutants the time budget
    leaves are named, and do not fail the run."""
    started = time.monotonic()
    changed = changed_lines(base)
    if isinstance(changed, str):
        print(f"mutation check skipped: {changed}")
        return 0
    modules = [m for m in modules if changed.get(m)]
    if not modules:
        print(f"no line of a module of [tool.gklint-mutation] changed since {base}")
        return 0
    if list_only:
        for m in modules:
            for mutant in find_mutants(ROOT / m, module_config(cfg, m)[1], set(changed[m])):
                print(f"{m}:{mutant.line}\t{mutant.ident}\t{mutant.replacement[:60]!r}")
        return 0
    deadline = started + budget if budget else None
    _ready_to_fork()
    equivalents = load_equivalents()
    totals: dict[str, int] = {}
    for m in modules:
        print(f"{m}: {len(changed[m])} changed lines since {base}", flush=True)
        result = in_own_process(mutate_module, Path(m), cfg, False, equivalents, changed[m],
                                deadline)
        for status, n in result["counts"].items():
            totals[status] = totals.get(status, 0) + n
    print(f"mutants on the lines changed since {base}: {sum(totals.values())} "
          f"({', '.join(f'{n} {s}' for s, n in sorted(totals.items())) or 'none'}) "
          f"in {time.monotonic() - started:.0f}s", flush=True)
    if totals.get("not run"):
        print(f"{totals['not run']} not run: the budget of {budget:.0f}s ran out (listed above "
              f"as 'not run'; they do not fail the check)")
    if totals.get("survived"):
        print(f"FAILED: {totals['survived']} mutants on changed lines survived (listed above): "
              f"write a test that fails on each, or list it with the reason in "
              f"docs/mutation.md, 'Equivalent mutants'")
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules of the config block (default: --all)")
    parser.add_argument("--all", action="store_true", help="every module of the config block")
    parser.add_argument("--rerun", action="store_true",
                        help="run only the mutants the last run did not kill")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--only", action="append", default=[], metavar="QUALNAME",
                        help="mutate only these functions or classes (repeatable; overrides the config)")
    parser.add_argument("--report", action="store_true",
                        help="print the last runs' scores and survivors (with docs/mutation.md's "
                             "equivalents), run nothing")
    parser.add_argument("--changed", metavar="REF",
                        help="only the modules of the config block changed since git REF (e.g. main)")
    parser.add_argument("--diff", nargs="?", const="", metavar="REF",
                        help="only the mutants on lines changed since git REF (default: "
                             "$GKLINT_MUTATION_BASE, else HEAD^1, the first parent); exit 1 when "
                             "one survives that docs/mutation.md does not list as equivalent")
    parser.add_argument("--budget", type=float, metavar="SECONDS",
                        help="with --diff: start no mutant after this many seconds; those left "
                             "are named as not run and do not fail the check")
    parser.add_argument("--min-score", type=float, default=0.0,
                        help="exit 1 when a module scores below this (percent)")
    args = parser.parse_args(argv)
    cfg = load_config()
    cfg["only_override"] = args.only
    modules = args.modules if args.modules and not args.all else list(cfg["modules"])
    if args.changed:
        import subprocess
        diff = subprocess.run(["git", "diff", "--name-only", f"{args.changed}...HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.split()
        modules = [m for m in modules if m in diff]
        if not modules:
            print(f"no module of [tool.gklint-mutation] changed since {args.changed}")
            return 0
    unknown = [m for m in modules if m not in cfg["modules"]]
    if unknown:
        parser.error(f"not in [tool.gklint-mutation.modules] of pyproject.toml: {', '.join(unknown)}")
    if args.diff is not None:
        base = args.diff or os.environ.get("GKLINT_MUTATION_BASE") or "HEAD^1"
        return diff_run(base, modules, cfg, args.budget, list_only=args.list)
    if args.list:
        for module in modules:
            for m in find_mutants(ROOT / module, module_config(cfg, module)[1]):
                print(f"{module}:{m.line}\t{m.ident}\t{m.replacement[:60]!r}")
        return 0
    if args.report:
        return report(modules, load_equivalents())
    _ready_to_fork()
    equivalents = load_equivalents()
    results = [in_own_process(mutate_module, Path(m), cfg, args.rerun, equivalents)
               for m in modules]
    if len(results) > 1:
        for r in results:
            print(f"{r['module']:40} {r['score']:5.1f}%  {r['counts']}")
    return 1 if any(r["score"] < args.min_score for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
