"""Speed and scale of gklint (issue 6), each figure the median of several runs.

    python benchmarks/bench_scale.py            # the full suite (a few minutes)
    python benchmarks/bench_scale.py --quick    # smaller corpora, fewer runs

Prints:

* start-up: ``gklint check`` on one seed against bare ``python -c pass``
  (byte-code caching on, as on a user's machine; the pack cache warm);
* text reports per second through ``gklint audit`` at 1 and 2 jobs;
* PDF pages per second (one core, a 100-page report: benchmarks/bench_readers.py
  measures the readers in more detail);
* peak memory of a 10,000-file audit: the resident set of the audit process
  and its workers together, sampled every 20 ms;
* how the time grows from 1,000 to 10,000 files (per-file time ratio).

Not a test: timings depend on the machine and its load (printed first).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]

from corpus import write_corpus  # noqa: E402

SEED = ROOT / "fixtures" / "seeds" / "000_7097c5c10f7e9ea9.txt"
# Byte-code caching as on a user's machine (some sandboxes turn it off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                       cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def startup(runs: int) -> None:
    gklint = [sys.executable, "-m", "gklint", "check", str(SEED)]
    subprocess.run(gklint, stdout=subprocess.DEVNULL, env=ENV, cwd=ROOT)  # warm caches
    bare = median_time([sys.executable, "-c", "pass"], runs)
    check = median_time(gklint, runs)
    print(f"start-up      python -c pass {bare * 1000:6.0f} ms   gklint check (one seed) "
          f"{check * 1000:6.0f} ms   = {check / bare:.2f}x   (median of {runs})")


class PeakRSS:
    """Peak of the summed resident set of a process and its children."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        import psutil

        while self.running:
            try:
                procs = [self.process, *self.process.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            time.sleep(0.02)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


def audit(folder: Path, jobs: int, out: Path) -> tuple[float, int]:
    """Wall time and peak memory (bytes, whole process tree) of one audit."""
    cmd = [sys.executable, "-m", "gklint", "audit", str(folder), "--jobs", str(jobs),
           "--no-progress", "-f", "json", "-o", str(out), "--csv", str(out.with_suffix(".csv"))]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
                            cwd=ROOT)
    try:
        watch = PeakRSS(proc.pid)
    except ImportError:
        watch = None
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    peak = watch.stop() if watch else 0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak


def throughput(tmp: Path, files: int, runs: int) -> None:
    folder = tmp / f"corpus{files}"
    write_corpus(folder, files)
    for jobs in (1, 2):
        times = [audit(folder, jobs, tmp / f"t{jobs}.json")[0] for _ in range(runs)]
        t = statistics.median(times)
        print(f"text reports  {files} files, {jobs} job(s): {t:6.2f} s = {files / t:7.0f} reports/s"
              f"   (median of {runs}, start-up included)")


def scale(tmp: Path, small: int, large: int, runs: int) -> None:
    """Per-file time net of the fixed cost (start-up, worker start, final
    outputs), measured as an audit of a single file.

    The small and large audits alternate (small, large, small, large…) and
    each size takes its median: on a shared machine whose speed drifts over
    minutes, running all small audits first and all large ones after
    measured the drift, not the growth."""
    one = tmp / "corpus1"
    write_corpus(one, 1)
    fixed = statistics.median(audit(one, 2, tmp / "one.json")[0] for _ in range(runs))
    print(f"scale         fixed cost of an audit (1 file, 2 jobs): {fixed:5.2f} s")
    sizes = (small, large)
    for files in sizes:
        folder = tmp / f"corpus{files}"
        if not folder.exists():
            write_corpus(folder, files)
    results: dict[int, list] = {files: [] for files in sizes}
    for _ in range(runs):
        for files in sizes:
            results[files].append(audit(tmp / f"corpus{files}", 2, tmp / f"s{files}.json"))
    per_file = {}
    for files in sizes:
        t = statistics.median(r[0] for r in results[files])
        peak = max(r[1] for r in results[files])
        per_file[files] = (t - fixed) / files
        print(f"scale         {files:6d} files, 2 jobs: {t:6.2f} s, {per_file[files] * 1000:.2f} ms/file"
              f" net, peak memory {peak / 2**20:6.0f} MB (audit process and workers)")
    ratio = per_file[large] / per_file[small]
    verdict = "linear within 20 %" if abs(ratio - 1) <= 0.2 else (
        "better than linear" if ratio < 1 else "WORSE than linear")
    print(f"growth        net per-file time at {large} / at {small} files = {ratio:.2f} ({verdict})")


def pdf_pages(tmp: Path, runs: int) -> None:
    try:
        from makefiles import seed_to_pdf

        from gklint.readers import ReadOptions
        from gklint.readers.pdf import read_pdf
    except ImportError as exc:
        print(f"pdf           skipped: {exc}")
        return
    import pypdfium2

    path = tmp / "long.pdf"
    seed_to_pdf(str(path), SEED.read_text(encoding="utf-8"), copies=17)
    pages = len(pypdfium2.PdfDocument(str(path)))
    data = path.read_bytes()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        read_pdf(str(path), data, ReadOptions())
        times.append(time.perf_counter() - started)
    t = statistics.median(times)
    print(f"pdf           {pages} pages read in {t:5.2f} s = {pages / t:5.0f} pages/s on one core"
          f"   (median of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora, fewer runs")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    small, large = (200, 2000) if args.quick else (1000, 10000)
    print(f"machine       {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, Python {sys.version.split()[0]}")
    startup(21 if not args.quick else 9)
    with tempfile.TemporaryDirectory(prefix="gklint-bench-") as tmp_name:
        tmp = Path(tmp_name)
        throughput(tmp, 2000 if not args.quick else 400, runs)
        pdf_pages(tmp, runs)
        scale(tmp, small, large, 3 if not args.quick else 1)


if __name__ == "__main__":
    main()
