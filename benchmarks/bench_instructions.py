"""Machine instructions per report, counted by valgrind (callgrind).

    python benchmarks/bench_instructions.py [--reports 100] [--root PATH]

Wall-clock timings on a shared VM swing by a factor of two within minutes,
which hides a 10 % change.  An instruction count does not move: run this on
two checkouts (``--root``) to compare them.  It checks ``--reports``
generated reports (benchmarks/corpus.py) after 20 warm-up reports, once with
and once without the measured ones, and prints the difference per report, so
start-up and imports cancel out.  Needs valgrind; a run takes about a minute
per 100 reports.
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


def instructions(root: Path, n: int, cache: str) -> int:
    code = _CHILD.format(root=str(root), bench=str(HERE), n=n)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--root", type=Path, default=HERE.parent,
                        help="the gklint checkout to measure (default: this one)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    with tempfile.TemporaryDirectory(prefix="gklint-ir-") as cache:
        instructions(args.root, 0, cache)  # fill the pack and regex caches first
        base = instructions(args.root, 0, cache)
        full = instructions(args.root, args.reports, cache)
    print(f"{args.root}: {(full - base) / args.reports / 1e6:.2f} M instructions per report "
          f"({args.reports} generated reports)")


if __name__ == "__main__":
    main()
