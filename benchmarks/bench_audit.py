"""Throughput of ``gklint audit``: files per second with 1 and 2 worker jobs.

Generates a batch of submissions (tests/audit_corpus.py: .txt/.md variants of
the seeds, some .html/.docx when those readers exist, broken files), then
audits it with the in-process executor (no isolation, for reference) and
with the worker-process executor at 1 and 2 jobs.  Each figure is the best
of ``--repeat`` runs; the load average is printed because other processes on
the machine skew the numbers.

    python benchmarks/bench_audit.py [--files 500] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from audit_corpus import make_corpus  # noqa: E402

from gklint.batch.local import SerialExecutor  # noqa: E402
from gklint.batch.process import ProcessExecutor  # noqa: E402
from gklint.batch.run import run  # noqa: E402
from gklint.batch.files import iter_files  # noqa: E402
from gklint.config import Config  # noqa: E402
from gklint.engine import Linter  # noqa: E402


def measure(paths: list[str], factory, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        batch = run(paths, factory())
        elapsed = time.perf_counter() - started
        assert len(batch.done()) == len(paths), "every file must come back"
        best = min(best, elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "submissions", args.files)
        paths = list(iter_files([str(corpus.folder)], Linter().supported))
        size = sum(os.path.getsize(p) for p in paths)
        print(f"{len(paths)} files ({size / 1e6:.1f} MB): "
              + ", ".join(f"{n} .{ext}" for ext, n in sorted(corpus.formats.items())))
        print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
        config = Config()
        runs = [("in-process (serial executor)", lambda: SerialExecutor(config)),
                ("worker processes, --jobs 1", lambda: ProcessExecutor(config, jobs=1)),
                ("worker processes, --jobs 2", lambda: ProcessExecutor(config, jobs=2))]
        for label, factory in runs:
            seconds = measure(paths, factory, args.repeat)
            print(f"{label:32s} {seconds:6.2f} s  {len(paths) / seconds:7.1f} files/s")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
