"""Reader throughput and memory: .docx files/s, PDF and OFD pages/s, .doc
files/s through LibreOffice, peak memory on a 100-page PDF.  Not a test: run ``python benchmarks/bench_readers.py``.

Files are generated from the seeds with tests/makefiles.py.  Timings are
single-threaded (one core), best of several runs.  Peak memory is measured
in a fresh process, so that generating the files does not count: the
resident set (which includes pdfium's C allocations) above a baseline
process that only imported the libraries, and Python's own heap peak
(tracemalloc).  With pdfplumber installed the same PDF is also read with it,
for the comparison that chose pypdfium2.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from makefiles import parse_seed, seed_to_docx, seed_to_html, seed_to_pdf  # noqa: E402

from gklint.readers import ReadOptions  # noqa: E402

SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def bench_docx(folder: Path, rounds: int) -> None:
    from gklint.engine import Linter
    from gklint.readers.docx import read_docx

    files = []
    for seed in SEEDS:
        path = folder / f"{seed.stem}.docx"
        seed_to_docx(str(path), seed.read_text(encoding="utf-8"))
        files.append(path.read_bytes())
    read_docx("warm.docx", files[0], ReadOptions())
    n = rounds * len(files)
    seconds = best_of(3, lambda: [read_docx("x.docx", data, ReadOptions())
                                  for _ in range(rounds) for data in files])
    print(f"docx  read:            {n / seconds:8.1f} files/s  ({seconds / n * 1000:.1f} ms each)")
    linter = Linter()
    paths = [str(folder / f"{seed.stem}.docx") for seed in SEEDS]
    linter.check_file(paths[0])
    n = max(1, rounds // 4) * len(paths)
    seconds = best_of(3, lambda: [linter.check_file(p) for _ in range(n // len(paths))
                                  for p in paths])
    print(f"docx  read + all rules:{n / seconds:8.1f} files/s  ({seconds / n * 1000:.1f} ms each)")


def bench_html(folder: Path, rounds: int) -> None:
    from gklint.readers.html import read_html

    files = []
    for seed in SEEDS:
        path = folder / f"{seed.stem}.html"
        seed_to_html(str(path), seed.read_text(encoding="utf-8"))
        files.append(path.read_bytes())
    read_html("warm.html", files[0], ReadOptions())
    n = rounds * len(files)
    seconds = best_of(3, lambda: [read_html("x.html", data, ReadOptions())
                                  for _ in range(rounds) for data in files])
    print(f"html  read:            {n / seconds:8.1f} pages/s  ({seconds / n * 1000:.1f} ms each)")


def make_long_pdf(path: Path, pages: int) -> int:
    """A text PDF of at least ``pages`` pages: the seed report repeated."""
    import pypdfium2 as pdfium

    seed = SEEDS[0].read_text(encoding="utf-8")
    per_copy = 3.0
    copies = 1
    while True:
        seed_to_pdf(str(path), seed, copies=copies, split_table=None)
        count = len(pdfium.PdfDocument(str(path)))
        if count >= pages:
            return count
        per_copy = count / copies
        copies = max(copies + 1, int(pages / per_copy) + 1)


def bench_pdf(path: Path, count: int) -> None:
    from gklint.readers.pdf import read_pdf

    data = path.read_bytes()
    read_pdf("warm.pdf", data, ReadOptions())
    seconds = best_of(3, lambda: read_pdf("x.pdf", data, ReadOptions()))
    print(f"pdf   read (pypdfium2):{count / seconds:8.1f} pages/s  ({count} pages in "
          f"{seconds:.2f} s, one core)")
    try:
        import pdfplumber
    except ImportError:
        print("pdf   pdfplumber not installed: no comparison")
        return

    def plumber():
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.find_tables()

    seconds = best_of(1, plumber)
    print(f"pdf   pdfplumber words + find_tables: {count / seconds:8.1f} pages/s")


def compare_tables(folder: Path) -> None:
    """Cell texts of the seed tables: ours and pdfplumber's against the model."""
    from gklint.readers.pdf import read_pdf

    def compact(rows):
        return [["".join((c or "").split()) for c in row] for row in rows]

    for seed in SEEDS:
        path = folder / f"{seed.stem}.pdf"
        report = seed_to_pdf(str(path), seed.read_text(encoding="utf-8"))
        want = [compact(g.expected_rows()) for g in report.grids()]
        doc = read_pdf(str(path), path.read_bytes(), ReadOptions())
        ours = [compact([[c.text for c in row] for row in t.rows]) for t in doc.raw_tables()]
        line = f"tables {seed.name[:3]}: pypdfium2 reader {sum(a == b for a, b in zip(ours, want))}" \
               f"/{len(want)} exact"
        try:
            import pdfplumber

            with pdfplumber.open(str(path)) as pdf:
                found = [compact(t.extract()) for page in pdf.pages for t in page.find_tables()]
            line += f"; pdfplumber finds {len(found)} table pieces, " \
                    f"{sum(t in want for t in found)} equal to a whole table"
        except ImportError:
            pass
        print(line)


# VmHWM (Linux) is the resident high-water mark of this process image;
# ru_maxrss would carry over the parent's peak across fork and exec.
PEAK_SCRIPT = r"""
import resource, sys, tracemalloc
sys.path.insert(0, {root!r})
from gklint.readers import ReadOptions
from gklint.readers.pdf import read_pdf
import pypdfium2

def high_water_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

data = open({path!r}, "rb").read()
base = high_water_kb()
tracemalloc.start()
doc = read_pdf("x.pdf", data, ReadOptions())
heap = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
peak = high_water_kb()
print(base, peak, heap, len(doc.text))
"""


def bench_peak(path: Path, count: int) -> None:
    script = PEAK_SCRIPT.format(root=str(ROOT), path=str(path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    base_kb, peak_kb, heap, chars = map(int, out)
    print(f"pdf   peak memory, {count} pages: {peak_kb / 1024:.1f} MB resident in all, "
          f"{(peak_kb - base_kb) / 1024:.1f} MB above the process with the libraries loaded and "
          f"the file in memory ({base_kb / 1024:.1f} MB); Python heap peak "
          f"{heap / 1024 / 1024:.1f} MB; {chars} characters read")


def bench_ofd(pdf_path: Path, folder: Path) -> None:
    """The long PDF re-laid as an OFD (tests/makeofd.py), read by the OFD reader."""
    from makeofd import pdf_to_ofd

    from gklint.readers.ofd import read_ofd

    path = folder / "long.ofd"
    count = pdf_to_ofd(str(pdf_path), str(path))
    data = path.read_bytes()
    read_ofd("warm.ofd", data, ReadOptions())
    seconds = best_of(3, lambda: read_ofd("x.ofd", data, ReadOptions()))
    print(f"ofd   read:            {count / seconds:8.1f} pages/s  ({count} pages in "
          f"{seconds:.2f} s, one core)")


def bench_office(folder: Path, files: int = 4) -> None:
    """.doc files through LibreOffice: the first (which builds the process's
    profile) and the next ones (profile reused), wall time and CPU time of
    the soffice processes (the wall time on a loaded machine says little)."""
    import resource
    import shutil

    from gklint.readers.office import find_soffice, read_office

    soffice = find_soffice()
    if soffice is None:
        print("doc   LibreOffice not installed: no figure")
        return
    docx = folder / "report.docx"
    seed_to_docx(str(docx), SEEDS[0].read_text(encoding="utf-8"))
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True)
    data = (folder / "report.doc").read_bytes()
    shutil.rmtree(folder / "lo", ignore_errors=True)

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    for label, n in (("first file (new profile)", 1), ("next files (profile kept)", files)):
        c0, t0 = cpu(), time.perf_counter()
        for _ in range(n):
            read_office("x.doc", data, ReadOptions())
        wall, used = (time.perf_counter() - t0) / n, (cpu() - c0) / n
        print(f"doc   {label}: {1 / wall:5.2f} files/s wall, {used:.2f} s CPU per file "
              f"({1 / used:.2f} files/s per busy core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of the long PDF")
    parser.add_argument("--rounds", type=int, default=50, help="reads of each small file")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assert parse_seed(SEEDS[0].read_text(encoding="utf-8")).grids()
        bench_docx(folder, args.rounds)
        bench_html(folder, args.rounds)
        path = folder / "long.pdf"
        count = make_long_pdf(path, args.pages)
        bench_pdf(path, count)
        bench_ofd(path, folder)
        bench_office(folder)
        bench_peak(path, count)
        compare_tables(folder)


if __name__ == "__main__":
    main()
