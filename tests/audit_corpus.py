"""A folder of generated submissions for batch-audit tests and benchmarks.

Mixed formats (.txt and .md variants of the two seed reports with defects
added, .html and .docx when those readers and tests/makefiles.py exist) and
broken files (empty, binary, truncated), in nested folders, with a symlink
loop that a folder walk must not follow.  Deterministic for a given seed.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))

# Defects a variant may carry: (description, function text -> text).
_MUTATIONS = [
    ("冇 garble", lambda t: t.replace("有效", "冇效", 1)),
    ("placeholder", lambda t: t.replace("我县", "XX县", 1)),
    ("date placeholder", lambda t: t + "\nX年X月X日\n"),
    ("debris", lambda t: t.replace("（二）", "[bookmark: _GoBack]（二）", 1)),
    ("己经", lambda t: t.replace("已经", "己经", 1) if "已经" in t else t + "\n该申请己经办结。\n"),
    ("no heading 五", lambda t: t.replace("五、存在的主要问题及改进情况", "存在的主要问题及改进情况", 1)),
]


@dataclass
class Corpus:
    folder: Path
    files: list[Path] = field(default_factory=list)  # every supported file written
    broken: list[Path] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)


def _readers() -> set[str]:
    from gklint.engine import Linter

    return set(Linter().readers)


def make_corpus(folder: Path, n: int = 500, *, seed: int = 7, docx: int = 10,
                html: int = 40, broken: int = 20) -> Corpus:
    """``n`` submissions in ``folder``: ``broken`` broken ones, up to ``docx``
    .docx and ``html`` .html files when readers for them exist, .txt/.md else."""
    rng = random.Random(seed)
    readers = _readers()
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    corpus = Corpus(folder)
    makers = _makers(readers)
    docx = docx if "docx" in makers else 0
    html = html if "html" in makers else 0
    for i in range(n):
        sub = folder / f"region{i % 7}" / f"county{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        if i < broken:
            path = _broken(sub, i, readers)
            corpus.broken.append(path)
        else:
            kind = "docx" if i < broken + docx else "html" if i < broken + docx + html else \
                rng.choice(["txt", "txt", "md"])
            text = seeds[-1] if kind == "docx" else _variant(rng, seeds[i % len(seeds)])
            path = sub / f"report_{i:04d}.{kind}"
            if kind in makers:
                makers[kind](str(path), text)
            else:
                path.write_text(text, encoding="utf-8" if i % 5 else "gb18030")
        corpus.files.append(path)
        ext = path.suffix.lstrip(".")
        corpus.formats[ext] = corpus.formats.get(ext, 0) + 1
    _add_noise(folder)
    return corpus


def _makers(readers: set[str]) -> dict:
    makers = {}
    try:
        import makefiles  # tests/makefiles.py, when the format readers' generators exist
    except ImportError:
        return makers
    if ".docx" in readers and hasattr(makefiles, "seed_to_docx"):
        makers["docx"] = _cached_docx(makefiles.seed_to_docx)
    if ".html" in readers and hasattr(makefiles, "seed_to_html"):
        makers["html"] = lambda path, text: makefiles.seed_to_html(path, text)
    return makers


def _cached_docx(seed_to_docx):
    """Building a .docx takes seconds; submissions of the same text share one."""
    cache: dict[str, bytes] = {}

    def make(path: str, text: str) -> None:
        if text not in cache:
            seed_to_docx(path, text)
            cache[text] = Path(path).read_bytes()
        Path(path).write_bytes(cache[text])
    return make


def _variant(rng: random.Random, text: str) -> str:
    for _, mutate in rng.sample(_MUTATIONS, rng.randint(0, 3)):
        text = mutate(text)
    return text


def _broken(folder: Path, i: int, readers: set[str]) -> Path:
    kinds = ["empty", "binary", "blank"]
    if ".docx" in readers:
        kinds.append("docx")
    if ".pdf" in readers:
        kinds.append("pdf")
    kind = kinds[i % len(kinds)]
    if kind == "empty":
        path = folder / f"broken_{i:04d}.txt"
        path.write_bytes(b"")
    elif kind == "binary":
        path = folder / f"broken_{i:04d}.txt"
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "blank":
        path = folder / f"broken_{i:04d}.md"
        path.write_text(" \n\t\n", encoding="utf-8")
    elif kind == "docx":
        path = folder / f"broken_{i:04d}.docx"
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a truncated zip
    else:
        path = folder / f"broken_{i:04d}.pdf"
        path.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\n")  # no xref, no pages
    return path


def _add_noise(folder: Path) -> None:
    """A hidden file an audit must skip, a file it must list as unsupported
    (notes.json), and a symlink loop it must not follow."""
    (folder / "region0" / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "region0" / ".hidden.txt").write_text("隐藏文件", encoding="utf-8")
    loop = folder / "region1" / "loop"
    if not loop.exists():
        try:
            os.symlink("..", loop)
        except OSError:  # no symlinks on this file system
            pass
