"""One audit over a folder of every hostile kind (issue 18) plus good reports.

    python benchmarks/bench_hostile.py [--jobs N]

Builds the folder (tests/hostile_corpus.py), runs ``gklint audit`` with CSV,
HTML and JSON outputs, and prints the wall time, whether every file is
accounted for, and the peak resident memory of the largest single process
and of the whole process tree, measured by polling /proc/<pid>/status
(VmHWM) of the audit and all its descendants every 50 ms.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import hostile_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        good, names = hostile_corpus.build(work / "in")
        started = time.monotonic()
        proc, process_kb, tree_kb = hostile_corpus.audit_with_peak(
            ["in", "--jobs", str(args.jobs), "--no-progress", "--csv", "s.csv", "--html", "d.html",
             "-f", "json", "-o", "r.json"], cwd=work)
        took = time.monotonic() - started
        files = json.loads((work / "r.json").read_text(encoding="utf-8"))["files"]
        print(f"files: {len(names)} submitted, {len(files)} in the JSON output")
        print(f"exit code {proc.returncode}; traceback printed: {'Traceback' in proc.stderr}")
        print(f"wall time: {took:.1f} s (jobs {args.jobs})")
        print(f"peak RSS of one process: {process_kb / 1024:.0f} MB; "
              f"of the whole tree at once: {tree_kb / 1024:.0f} MB")
        for entry in sorted(files, key=lambda f: f["path"]):
            rules = sorted({f["rule"] for f in entry["findings"]})
            print(f"  {entry['path']!r:40} {' '.join(rules)[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
