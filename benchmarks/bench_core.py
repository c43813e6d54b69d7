"""The core engine on N copies of the seeds: reports per second in one
process, single-file wall time of ``gklint check``, and peak memory.

    python benchmarks/bench_core.py [--copies 1000] [--runs 5]

Reports/s is the median of ``--runs`` passes over the copies (one core, no
worker processes: the engine alone, reading included).  The single-file wall
time is the median of 11 ``gklint check`` runs on seed 000, start-up
included.  Peak memory is this process's maximum resident set after all
passes: copies are checked one after another and nothing is kept, so it
should not grow with ``--copies``.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gklint.engine import Linter  # noqa: E402

SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=1000, help="copies of each seed")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    linter = Linter()
    seeds = [(p.name, p.read_bytes()) for p in SEEDS]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rates = []
    findings = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        findings = 0
        for n in range(args.copies):
            for name, data in seeds:
                findings += len(linter.check_bytes(f"{n}_{name}", data).findings)
        elapsed = time.perf_counter() - started
        rates.append(args.copies * len(seeds) / elapsed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-m", "gklint", "check", str(SEEDS[0])]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)  # warm caches
    walls = []
    for _ in range(11):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        walls.append(time.perf_counter() - started)
    total = args.copies * len(seeds)
    print(f"reports/s       {statistics.median(rates):7.0f}  ({total} reports a pass, "
          f"{findings} findings, median of {args.runs} passes, one core)")
    print(f"single file     {statistics.median(walls) * 1000:7.0f} ms  (gklint check on "
          f"{SEEDS[0].name}, start-up included, median of 11)")
    print(f"peak memory     {peak / 1024:7.0f} MB  (resident; {rss_before / 1024:.0f} MB "
          f"before the first report)")


if __name__ == "__main__":
    main()
