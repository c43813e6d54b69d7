"""Machine instructions per report, counted by valgrind (callgrind).

    python benchmarks/bench_instructions.py [--reports 100] [--root PATH]
    python benchmarks/bench_instructions.py --format pdf [--reports 10] [--root PATH]

Wall-clock timings on a shared VM swing by a factor of two within minutes,
which hides a 10 % change.  An instruction count does not move: run this on
two checkouts (``--root``) to compare them.  It checks ``--reports``
generated reports (benchmarks/corpus.py) after 20 warm-up reports, once with
and once without the measured ones, and prints the difference per report, so
start-up and imports cancel out.  Needs valgrind; a run takes about a minute
per 100 reports.

``--format pdf|docx|html`` measures files instead: the two seeds written in
that format (tests/makefiles.py, by this checkout), each checked ``--reports``
times through ``Linter.check_file``, against the same count of their .txt
texts; it prints instructions per file for both, so the difference is the
reader's cost.  The files are made once by this checkout and handed to the
measured one, so two checkouts read the same bytes.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = """
import sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from corpus import reports
from gklint.engine import Linter
linter = Linter()
docs = [(name, text.encode()) for name, text in reports({n} + 20)]
for name, data in docs:
    linter.check_bytes(name, data)
"""

_FILES_CHILD = """
import sys
sys.path.insert(0, {root!r})
from gklint.engine import Linter
linter = Linter()
paths = {paths!r}
for path in paths[:{warm}]:
    linter.check_file(path)
for _ in range({n}):
    for path in paths[{warm}:]:
        linter.check_file(path)
"""


def instructions(root: Path, n: int, cache: str, code: str = "") -> int:
    code = code or _CHILD.format(root=str(root), bench=str(HERE), n=n)
    env = dict(os.environ, GKLINT_CACHE_DIR=cache)
    # valgrind runs the real interpreter (a venv's python is a symlink it
    # resolves), which does not know the venv: hand it the venv's packages.
    site_dirs = [p for p in sys.path if p.endswith("site-packages")]
    env["PYTHONPATH"] = os.pathsep.join([*site_dirs, *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         os.path.realpath(sys.executable), "-c", code],
        capture_output=True, text=True, env=env)
    found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if proc.returncode or not found:
        raise SystemExit(f"valgrind run failed:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def make_files(folder: Path, fmt: str) -> list[str]:
    """The seeds as ``fmt`` files and as text, in ``folder``: [fmt files, txt files]."""
    sys.path[:0] = [str(HERE.parent / "tests")]
    import makefiles

    writers = {"pdf": makefiles.seed_to_pdf, "docx": makefiles.seed_to_docx,
               "html": makefiles.seed_to_html}
    made, texts = [], []
    for seed in sorted((HERE.parent / "fixtures" / "seeds").glob("*.txt")):
        path = folder / f"{seed.stem}.{fmt}"
        writers[fmt](str(path), seed.read_text(encoding="utf-8"))
        made.append(str(path))
        texts.append(str(seed))
    return made + texts


def per_file(root: Path, files: list[str], n: int, cache: str) -> float:
    """Instructions per check_file of ``files`` (after one warm-up of each)."""
    def run(count: int) -> int:
        code = _FILES_CHILD.format(root=str(root), paths=files + files, warm=len(files), n=count)
        return instructions(root, count, cache, code)

    run(0)  # fill the caches
    return (run(n) - run(0)) / (n * len(files))


def bench_files(root: Path, fmt: str, n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="gklint-ir-") as tmp:
        files = make_files(Path(tmp), fmt)
        half = len(files) // 2
        made = per_file(root, files[:half], n, tmp)
        text = per_file(root, files[half:], n, tmp)
    print(f"{root}: {made / 1e6:.2f} M instructions per .{fmt} file, "
          f"{text / 1e6:.2f} M per .txt of the same seed; reading .{fmt} costs "
          f"{(made - text) / 1e6:.2f} M more ({n} rounds of {half} seeds)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--root", type=Path, default=HERE.parent,
                        help="the gklint checkout to measure (default: this one)")
    parser.add_argument("--format", choices=["generated", "pdf", "docx", "html"],
                        default="generated",
                        help="generated .txt reports (default), or the seeds in a file format")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    if args.format != "generated":
        bench_files(args.root, args.format, args.reports)
        return
    with tempfile.TemporaryDirectory(prefix="gklint-ir-") as cache:
        instructions(args.root, 0, cache)  # fill the pack and regex caches first
        base = instructions(args.root, 0, cache)
        full = instructions(args.root, args.reports, cache)
    print(f"{args.root}: {(full - base) / args.reports / 1e6:.2f} M instructions per report "
          f"({args.reports} generated reports)")


if __name__ == "__main__":
    main()
