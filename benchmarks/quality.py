"""Recall and precision of gklint on real published reports.

    python benchmarks/quality.py                  # fixtures/real
    python benchmarks/quality.py FOLDER --json    # any folder with a TRUTH.yaml

FOLDER holds reports and a ``TRUTH.yaml`` (schema: the header of
fixtures/real/TRUTH.yaml).  gklint runs once, as a subprocess
(``python -m gklint check FOLDER -f json -o FILE``, so the scorer keeps
working whatever the package looks like inside), and its findings are
matched to the truth of each report the truth file names.  Other files in
the folder (SOURCES.md, reports without an entry) are not scored.

What is counted
---------------
* Only findings of severity ``error`` and ``warning``; ``info`` is free.
* A finding that matches a ``defects`` entry is a true positive (TP); a
  defect no finding matches is a miss (FN); a finding that matches nothing
  is a false positive (FP).
* A finding that matches an ``unscored`` entry is neither TP nor FP; it
  costs nothing and earns nothing.  Any number of findings may match one
  unscored entry (e.g. the five blank cells of one row).  An unscored entry
  with a ``rule`` takes findings of that rule only (it names one true
  finding, not a family's licence to be wrong there).
* When an entry has ``reading`` notes (parts a correct reader cannot read),
  findings of the reading families (GK6xx, GK9xx) on that file are neither
  TP nor FP.  On a file without ``reading`` notes they are FPs: the file is
  readable, so saying it is not is wrong.

How a finding matches an entry
------------------------------
* Family: the finding's rule must be in the entry's family (``GK2`` for
  GK2xx).  The entry's ``rule``, when given, is a preference, not a
  requirement: rules are renumbered and split as gklint grows, and a
  finding of the right family at the right place found the defect.  When
  several findings could match one defect, one of the entry's rule wins.
* Place (``where``), one of three forms:
    - ``line N``: the finding's line range covers line N.
    - a cell, ``表X ROW / COLUMN``: the finding's ``location.table`` is 表X
      (a 表二 block name after it counts as part of the row) and its ``row``
      and ``column_label`` each contain, or are contained in, ROW and COLUMN
      (spaces and bracket widths ignored).  An empty or
      ``*`` ROW or COLUMN matches any.  A cell finding without structured
      labels is matched as a phrase (below) on the table name and labels.
    - otherwise a phrase: it matches when, spaces and bracket widths
      ignored, it occurs in the finding's message, its location fields, or
      its excerpt if it has one, or when an occurrence of it in the report's
      raw text (.txt, .md, .html: markup, spaces and bracket widths ignored)
      overlaps what the finding points at (its line and column range; its
      whole lines when it has no column).
  An entry without ``where`` matches any finding of its family in the file.
* One defect, one finding: each defect takes at most one finding and each
  finding goes to at most one defect.  Defects are served in file order,
  rule-exact findings first, then the first finding of the family; a second
  finding on an already-found defect is a false positive (a cascade), unless
  it matches an ``unscored`` entry.

Figures
-------
Recall = TP / (TP + FN) and precision = TP / (TP + FP), overall and split by
family (GK1..GK6, GK9; the family of a TP is its defect's), by table form
(2019 / 2021) and by file format.  With no defects recall is 1.0; with no
scored findings precision is 1.0.  The last line of the text report is
exactly ``recall=R precision=P files=N``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "fixtures" / "real"
FAMILIES = ("GK1", "GK2", "GK3", "GK4", "GK5", "GK6", "GK9")
READING_FAMILIES = ("GK6", "GK9")
SCORED_SEVERITIES = ("error", "warning")
_SPACE = re.compile(r"\s+")
_WIDTH = str.maketrans("()（）,，:：", "()()，，：：")
_LINE = re.compile(r"^line\s+(\d+)$", re.IGNORECASE)
_CELL = re.compile(r"^(表[一二三四1-4])\s*(.*?)\s*/\s*(.*)$")


def norm(text: str) -> str:
    """Text for comparison: no spaces, one width of brackets and commas."""
    return _SPACE.sub("", str(text)).translate(_WIDTH)


def family(rule: str) -> str:
    return rule[:3]


# --- truth -----------------------------------------------------------------

@dataclass
class Entry:
    """One truth item of a report: a defect or an unscored finding."""

    family: str
    rule: str = ""
    where: str = ""
    note: str = ""


@dataclass
class Report:
    name: str
    form: str
    format: str
    defects: list[Entry] = field(default_factory=list)
    unscored: list[Entry] = field(default_factory=list)
    reading: list[str] = field(default_factory=list)


def _entry(raw: dict) -> Entry:
    rule = str(raw.get("rule") or "")
    fam = str(raw.get("family") or family(rule))
    return Entry(fam, rule, str(raw.get("where") or ""), str(raw.get("note") or ""))


def load_truth(folder: Path) -> list[Report]:
    data = YAML(typ="safe").load((folder / "TRUTH.yaml").read_text(encoding="utf-8")) or {}
    reports = []
    for name, raw in data.items():
        reports.append(Report(
            name=str(name),
            form=str(raw.get("form", "")),
            format=str(raw.get("format", Path(str(name)).suffix.lstrip("."))),
            defects=[_entry(d) for d in raw.get("defects") or []],
            unscored=[_entry(d) for d in raw.get("unscored") or []],
            reading=[str(r) for r in raw.get("reading") or []],
        ))
    return reports


# --- gklint ----------------------------------------------------------------

def run_gklint(folder: Path, gklint: list[str]) -> dict[str, list[dict]]:
    """Findings by file name relative to ``folder`` (gklint runs once)."""
    with tempfile.TemporaryDirectory(prefix="gklint-quality-") as tmp:
        out = Path(tmp) / "findings.json"
        proc = subprocess.run([*gklint, "check", str(folder), "-f", "json", "-o", str(out)],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1) or not out.exists():
            raise SystemExit(f"gklint failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    by_file: dict[str, list[dict]] = defaultdict(list)
    base = folder.resolve()
    for item in data.get("files", []):
        path = Path(item["path"])
        path = path if path.is_absolute() else Path.cwd() / path
        try:
            rel = path.resolve().relative_to(base).as_posix()
        except ValueError:
            rel = path.name
        by_file[rel].extend(item.get("findings", []))
    return by_file


# --- matching --------------------------------------------------------------

class Source:
    """A report's raw text, to find where a phrase sits relative to a finding.

    Only text formats (.txt, .md, .html) are read; a finding's ``line`` and
    ``column`` index this raw text (for a web page, its HTML source).
    """

    TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")

    def __init__(self, path: Path):
        self.text = ""
        if path.suffix.lower() in self.TEXT_SUFFIXES and path.exists():
            self.text = path.read_text(encoding="utf-8", errors="replace")
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        self._norm, self._map = _normalized_with_map(self.text)

    def span(self, loc: dict) -> tuple[int, int] | None:
        """Offsets [start, end) of what the finding points at, or None."""
        line = loc.get("line")
        if not self.text or not isinstance(line, int) or not 1 <= line <= len(self.line_starts):
            return None
        end_line = loc.get("end_line") if isinstance(loc.get("end_line"), int) else line
        end_line = min(max(end_line, line), len(self.line_starts))
        col, end_col = loc.get("column"), loc.get("end_column")
        if not isinstance(col, int):
            nxt = self.line_starts[end_line] if end_line < len(self.line_starts) else len(self.text)
            return self.line_starts[line - 1], nxt
        start = self.line_starts[line - 1] + col - 1
        end = self.line_starts[end_line - 1] + (end_col if isinstance(end_col, int) else col) - 1
        return start, max(end, start + 1)

    def phrase_overlaps(self, phrase: str, loc: dict) -> bool:
        """Does an occurrence of ``phrase`` overlap the finding's span?"""
        span = self.span(loc)
        if span is None or not phrase:
            return False
        at = self._norm.find(phrase)
        while at >= 0:
            start, end = self._map[at], self._map[at + len(phrase) - 1] + 1
            if start < span[1] and end > span[0]:
                return True
            at = self._norm.find(phrase, at + 1)
        return False


_TAG = re.compile(r"<[^>]*>|&nbsp;|&#160;")


def _normalized_with_map(raw: str) -> tuple[str, list[int]]:
    """``norm(raw)`` without markup, and the raw offset of each character."""
    out, where, i = [], [], 0
    for m in _TAG.finditer(raw + "<>"):
        for j in range(i, m.start()):
            ch = raw[j]
            if not ch.isspace():
                out.append(ch.translate(_WIDTH))
                where.append(j)
        i = m.end()
    return "".join(out), where


def _finding_text(finding: dict) -> str:
    loc = finding.get("location") or {}
    parts = [finding.get("message", ""), finding.get("excerpt", "")]
    parts += [str(v) for k, v in loc.items() if isinstance(v, str)]
    return norm(" ".join(p for p in parts if p))


def _contains_either(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return not b or b == "*" or (bool(a) and (b in a or a in b))


def place_matches(entry: Entry, finding: dict, source: Source) -> bool:
    where = entry.where.strip()
    if not where:
        return True
    loc = finding.get("location") or {}
    line = _LINE.match(where)
    if line:
        n = int(line.group(1))
        start = loc.get("line")
        end = loc.get("end_line") or start
        return isinstance(start, int) and start <= n <= end
    cell = _CELL.match(where)
    if cell and loc.get("table"):
        # gklint names a 表二 block in the table ("表二 第二十条第（五）项"):
        # the block counts as part of the row label.
        table, row, col = cell.groups()
        found = norm(loc["table"])
        return (found.startswith(norm(table))
                and _contains_either(found[len(norm(table)):] + norm(loc.get("row", "")), row)
                and _contains_either(loc.get("column_label", ""), col))
    if cell:
        table, row, col = cell.groups()
        text = _finding_text(finding)
        return all(norm(p) in text for p in (table, row, col) if p.strip() not in ("", "*"))
    phrase = norm(where)
    return phrase in _finding_text(finding) or source.phrase_overlaps(phrase, loc)


def matches(entry: Entry, finding: dict, source: Source) -> bool:
    return family(finding["rule"]) == entry.family and place_matches(entry, finding, source)


@dataclass
class Score:
    """Outcome of one report."""

    report: Report
    tp: list[tuple[Entry, dict]] = field(default_factory=list)
    fn: list[Entry] = field(default_factory=list)
    fp: list[dict] = field(default_factory=list)
    neutral: list[dict] = field(default_factory=list)


def score_report(report: Report, findings: list[dict], source: Source) -> Score:
    score = Score(report)
    free = [f for f in findings if f.get("severity") in SCORED_SEVERITIES]
    taken: set[int] = set()
    for entry in report.defects:
        candidates = [i for i, f in enumerate(free) if i not in taken and matches(entry, f, source)]
        exact = [i for i in candidates if entry.rule and free[i]["rule"] == entry.rule]
        pick = (exact or candidates or [None])[0]
        if pick is None:
            score.fn.append(entry)
        else:
            taken.add(pick)
            score.tp.append((entry, free[pick]))
    for i, f in enumerate(free):
        if i in taken:
            continue
        if any(matches(u, f, source) and (not u.rule or u.rule == f["rule"])
               for u in report.unscored) or (
                report.reading and family(f["rule"]) in READING_FAMILIES):
            score.neutral.append(f)
        else:
            score.fp.append(f)
    return score


# --- figures ---------------------------------------------------------------

@dataclass
class Tally:
    tp: int = 0
    fn: int = 0
    fp: int = 0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fn": self.fn, "fp": self.fp,
                "recall": round(self.recall, 3), "precision": round(self.precision, 3)}


def tally(scores: list[Score]) -> dict:
    overall, fams = Tally(), {f: Tally() for f in FAMILIES}
    forms: dict[str, Tally] = defaultdict(Tally)
    formats: dict[str, Tally] = defaultdict(Tally)
    for s in scores:
        groups = (forms[s.report.form or "?"], formats[s.report.format or "?"])
        for entry, _ in s.tp:
            for t in (overall, fams.setdefault(entry.family, Tally()), *groups):
                t.tp += 1
        for entry in s.fn:
            for t in (overall, fams.setdefault(entry.family, Tally()), *groups):
                t.fn += 1
        for f in s.fp:
            for t in (overall, fams.setdefault(family(f["rule"]), Tally()), *groups):
                t.fp += 1
    return {"overall": overall, "families": fams, "forms": dict(forms), "formats": dict(formats)}


def _loc_text(finding: dict) -> str:
    loc = finding.get("location") or {}
    if loc.get("table"):
        return f"{loc['table']} {loc.get('row', '')} / {loc.get('column_label', '')}"
    if loc.get("line"):
        return f"line {loc['line']}"
    return "-"


def evaluate(folder: Path, gklint: list[str]) -> tuple[list[Score], dict]:
    reports = load_truth(folder)
    findings = run_gklint(folder, gklint)
    scores = [score_report(r, findings.get(r.name, []), Source(folder / r.name)) for r in reports]
    return scores, tally(scores)


def as_json(scores: list[Score], figures: dict) -> dict:
    return {
        "overall": figures["overall"].as_dict(),
        "families": {k: v.as_dict() for k, v in figures["families"].items()},
        "forms": {k: v.as_dict() for k, v in figures["forms"].items()},
        "formats": {k: v.as_dict() for k, v in figures["formats"].items()},
        "files": len(scores),
        "misses": [{"file": s.report.name, "family": e.family, "rule": e.rule,
                    "where": e.where, "note": e.note} for s in scores for e in s.fn],
        "false_positives": [{"file": s.report.name, "rule": f["rule"], "location": _loc_text(f),
                             "message": f.get("message", "")} for s in scores for f in s.fp],
    }


def _table(title: str, rows: dict[str, Tally], every: bool = False) -> list[str]:
    """A figures table; a row with nothing to count shows '-' (or is left out)."""
    out = [f"{title:<8} {'TP':>4} {'FN':>4} {'FP':>4} {'recall':>7} {'precision':>9}"]
    for key, t in sorted(rows.items()):
        if t.tp or t.fn or t.fp:
            out.append(f"{key:<8} {t.tp:>4} {t.fn:>4} {t.fp:>4} {t.recall:>7.3f} {t.precision:>9.3f}")
        elif every:
            out.append(f"{key:<8} {0:>4} {0:>4} {0:>4} {'-':>7} {'-':>9}")
    return out + [""]


def as_text(scores: list[Score], figures: dict) -> str:
    out = _table("family", figures["families"], every=True) + _table("form", figures["forms"])
    out += _table("format", figures["formats"])
    out.append("misses:")
    out += [f"  {s.report.name}  {e.rule or e.family}  {e.where or '-'}  ({e.note})"
            for s in scores for e in s.fn] or ["  none"]
    out.append("false positives:")
    out += [f"  {s.report.name}  {f['rule']}  {_loc_text(f)}  {f.get('message', '')}"
            for s in scores for f in s.fp] or ["  none"]
    o = figures["overall"]
    out.append(f"recall={o.recall:.3f} precision={o.precision:.3f} files={len(scores)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER),
                        help="folder with reports and a TRUTH.yaml (default: fixtures/real)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--gklint", default=f"{sys.executable} -m gklint",
                        help="command that runs gklint (default: this Python's -m gklint)")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not (folder / "TRUTH.yaml").exists():
        parser.error(f"{folder} has no TRUTH.yaml")
    scores, figures = evaluate(folder, args.gklint.split())
    print(json.dumps(as_json(scores, figures), ensure_ascii=False, indent=1) if args.json
          else as_text(scores, figures))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
