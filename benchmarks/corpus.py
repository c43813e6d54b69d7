"""Realistic report corpora for benchmarks, generated from the two seeds.

Each report is a seed with its own body name, year and numbers, in one of
three layouts (seed 000's one-cell-per-line stream, seed 004's tab-separated
rows, or a Markdown version with pipe tables), and about one in four carries
a defect of the kinds real submissions have (a garble, a placeholder, a
dropped heading, debris, a total that no longer adds up).  The numbers of
table 3 vary while keeping the form's identities: k requests of one applicant
kind are added to 一、本年新收, （一）予以公开 and （七）总计, in that
kind's column and in 总计.  Deterministic for a given ``seed``.

    from corpus import write_corpus
    write_corpus(folder, 10_000)            # .txt and .md files
"""
from __future__ import annotations

import os
import random
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {p.name[:3]: p.read_text(encoding="utf-8")
         for p in sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))}

_COUNTIES = ["阎村", "东关", "西城", "南湖", "北岭", "清河", "石桥", "柳林", "白沙", "青山",
             "龙泉", "桃源", "金水", "平安", "长乐", "永宁", "新华", "红旗", "黄岗", "安定"]
_ROWS = ("本年新收政府信息公开申请数量", "(一) 予以公开", "(七) 总计")

_DEFECTS = [
    ("garble", lambda t, r: t.replace("有效", "冇效", 1)),
    ("placeholder", lambda t, r: t.replace("年度报告", "年度报告（XX县）", 1)),
    ("unfilled date", lambda t, r: t + "\nX年X月X日\n"),
    ("debris", lambda t, r: t.replace("（二）", "[bookmark: _GoBack]（二）", 1)),
    ("己经", lambda t, r: t.replace("已经", "己经", 1)),
    ("no heading 五", lambda t, r: t.replace("五、存在的主要问题及改进情况", "存在的主要问题及改进情况", 1)),
    ("broken total", lambda t, r: _bump_row(t, _ROWS[0], 6, r.randint(1, 9))),
]


def reports(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """``n`` (file name, text) pairs."""
    rng = random.Random(seed)
    for i in range(n):
        yield _report(rng, i)


def write_corpus(folder: Path, n: int, seed: int = 1, per_folder: int = 500) -> list[str]:
    """Write ``n`` reports below ``folder`` (``per_folder`` to a sub-folder)."""
    paths = []
    for i, (name, text) in enumerate(reports(n, seed)):
        sub = folder / f"batch{i // per_folder:03d}"
        if i % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        path = sub / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _report(rng: random.Random, i: int) -> tuple[str, str]:
    base = rng.choice(("000", "004", "004"))
    text = SEEDS[base]
    county = rng.choice(_COUNTIES)
    text = text.replace("阎村镇", f"{county}镇").replace("阎村", county)
    if base == "004":
        column = rng.randrange(6)
        k = rng.randint(0, 40)
        for row in _ROWS:
            text = _bump_row(text, row, column, k)
            text = _bump_row(text, row, 6, k)
        text = text.replace("受理依申请公开 0 件", f"受理依申请公开 {k} 件")  # the prose agrees
    ext = "txt"
    if base == "004" and rng.random() < 0.3:
        text, ext = _markdown(text), "md"
    if rng.random() < 0.25:
        _name, defect = rng.choice(_DEFECTS)
        text = defect(text, rng)
    return f"{county}_{i:05d}.{ext}", text


def _bump_row(text: str, label: str, column: int, k: int) -> str:
    """Add ``k`` to value ``column`` (0-6) of the tab row labelled ``label``."""
    if not k:
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if label in line and "\t" in line:
            cells = line.split("\t")
            numeric = [c for c, cell in enumerate(cells) if cell.strip().isdigit()]
            if len(numeric) == 7:
                c = numeric[column]
                cells[c] = str(int(cells[c]) + k)
                lines[n] = "\t".join(cells)
            break
    return "\n".join(lines)


def _markdown(text: str) -> str:
    """Tab rows become Markdown pipe-table rows (a header separator after the
    first row of each table); headings become ``##`` lines."""
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
            continue
        in_table = False
        out.append("## " + line if re.match(r"^[一二三四五六]、", line) else line)
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    written = write_corpus(folder, count)
    print(f"{len(written)} reports in {folder}", file=sys.stderr)
    os.sys.exit(0)
