"""A folder of every kind of hostile submission (issue 18) beside good
reports, for the batch test in test_hostile.py and benchmarks/bench_hostile.py.

The small reproducers come from tests/data/hostile; the large ones are built
here (never committed).  ``build(folder)`` returns what each good report must
still give (its rule ids) and the names of every file the audit must list.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "data" / "hostile"
SEEDS = HERE.parent / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_7097c5c10f7e9ea9.txt"
SEED_004 = SEEDS / "004_c58f9d82b20742ce.txt"


def shared_stream_pdf(pages: int, lines: int) -> bytes:
    """A PDF whose ``pages`` pages all draw one content stream of ``lines``
    lines of text (Helvetica, built in): tiny on disk, huge once read."""
    text = b"BT /F1 4 Tf 10 830 Td 5 TL " + b" ".join(
        b"(" + b"%06d 0123456789012345678901234567890123456789" % i + b") '" for i in range(lines)) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def suppress_hang(text: str) -> str:
    lines = text.split("\n")
    directives = "# " + " ".join(["gklint: disable-next-line=GK1"] * 10_000)
    return "\n".join([lines[0], directives, *[""] * 200_000, *lines[1:]])


def html_page(filler: str) -> str:
    seed = SEED_004.read_text(encoding="utf-8").split("\n")
    body = "".join(f"<p>{line}</p>" for line in seed)
    return f"<html><body><div>{body}{filler}</div></body></html>"


def rewrite_docx(src: Path, out: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))


def padded_bomb(out: Path) -> None:
    def change(name, data):
        if name == "word/document.xml":
            return data.replace(b"<w:body>", b"<w:body>" + b" " * (250 * 1024 * 1024), 1)
        return data
    rewrite_docx(HOSTILE / "gridafter_4gb.docx", out, change)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr(zipfile.ZipInfo("word/media/pad.bin"), os.urandom(3 * 1024 * 512),
                   compress_type=zipfile.ZIP_STORED)


def build(folder: Path) -> tuple[dict[str, str], set[str]]:
    """Fill ``folder``; returns (good report name -> seed it copies, every
    name the audit must account for, as shown in its outputs)."""
    folder.mkdir(parents=True, exist_ok=True)
    names: set[str] = set()

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        names.add(name)

    for small in ("surrogate.pdf", "precision_silent_pass.txt", "roman_hang.docx",
                  "gridafter_4gb.docx", "ruling_grid_5gb.pdf"):
        put(small, (HOSTILE / small).read_bytes())
    put("suppress_hang.txt", suppress_hang(SEED_004.read_text(encoding="utf-8")).encode("utf-8"))
    table = "<table>" + "<tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>" * 1000 + "</table>"
    put("html_cells.html", html_page(table * 60).encode("utf-8"))
    put("many_p.html", html_page("<p>x</p>" * 100_000).encode("utf-8"))
    put("shared_stream.pdf", shared_stream_pdf(2000, 400))
    padded_bomb(folder / "padded_bomb.docx")
    names.add("padded_bomb.docx")
    rewrite_docx(HOSTILE / "roman_hang.docx", folder / "letter_hang.docx",
                 lambda n, d: d.replace(b"upperRoman", b"upperLetter") if n == "word/numbering.xml" else d)
    names.add("letter_hang.docx")
    digits = SEED_004.read_text(encoding="utf-8").replace("\t0\t", "\t٣\t", 1)
    put("arabic_digits.txt", digits.encode("utf-8"))
    good = {"good_000.txt": SEED_000, "good_004.txt": SEED_004}
    for name, seed in good.items():
        put(name, seed.read_bytes())
    # good reports under hostile names
    with open(os.path.join(os.fsencode(folder), "报告".encode("gbk") + b".txt"), "wb") as fh:
        fh.write(SEED_004.read_bytes())
    names.add("报告.txt")
    good["报告.txt"] = SEED_004
    (folder / "x[").mkdir()
    (folder / "x[" / "]y.txt").write_bytes(SEED_000.read_bytes())
    names.add("x[/]y.txt")
    good["x[/]y.txt"] = SEED_000
    put("e\x1b]0;t\x07.txt", SEED_004.read_bytes())
    good["e\x1b]0;t\x07.txt"] = SEED_004
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.txt")
        names.add("fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    names |= {"zero.txt", "passwd.txt"}
    return {k: v.name for k, v in good.items()}, names


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _peak_kb(pid: int) -> int:
    """VmHWM: the process's peak resident set so far, in kB."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def audit_with_peak(args: list[str], cwd: Path, timeout: float = 900):
    """Run ``gklint audit ARGS`` and poll /proc every 50 ms for the peak
    resident memory (VmHWM) of it and every process it starts (workers,
    the fork server).  Returns (CompletedProcess-like, peak kB of any one
    process, peak kB of the whole tree at one moment)."""
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "gklint", "audit", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    tree_peak = 0
    deadline = time.monotonic() + timeout
    import threading

    out: dict[str, bytes] = {}
    reader = threading.Thread(target=lambda: out.update(zip(("stdout", "stderr"),
                                                             proc.communicate())))
    reader.start()
    while reader.is_alive() and time.monotonic() < deadline:
        now = 0
        for pid in _tree(proc.pid):
            kb = _peak_kb(pid)
            peaks[pid] = max(peaks.get(pid, 0), kb)
            now += kb
        tree_peak = max(tree_peak, now)
        time.sleep(0.05)
    if reader.is_alive():
        proc.kill()
        reader.join()
    result = subprocess.CompletedProcess(proc.args, proc.returncode,
                                         out.get("stdout", b"").decode("utf-8", "replace"),
                                         out.get("stderr", b"").decode("utf-8", "replace"))
    return result, max(peaks.values(), default=0), tree_peak
