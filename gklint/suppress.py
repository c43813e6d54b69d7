"""Inline suppressions: a comment in the report turns a rule off.

Where the format allows comments (Markdown and HTML ``<!-- … -->``) or as a
marker line in plain text::

    <!-- gklint: disable=GK301 -->               the whole file
    <!-- gklint: disable-next-line=GK210 -->     the next non-blank line
    现行冇效件数 <!-- gklint: disable-line=GK301 -->  this line
    # gklint: disable-next-line=GK210            a marker line in a .txt

Ids may be prefixes (``GK3`` = every GK3xx rule) and are separated by commas;
full-width ``：`` ``，`` ``＝`` are accepted as typed with a Chinese input
method.  Directives are read from the text the rules see (txt, md, a docx or
pdf paragraph) and, for HTML, from the source markup, whose comments never
reach that text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

from . import rx

# ``gklint:`` opens a directive; what follows must be one of the three kinds
# and a list of ids, else the directive is reported (GK940), never guessed at:
# ``GK3O1`` (letter O) once matched as the prefix GK3 and silenced a family.
_OPENING = re.compile(r"gklint\s*[:：]\s*", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"(disable-next-line|disable-line|disable)\s*[=＝]\s*"
    r"([0-9A-Za-z_]+(?:\s*[,，]\s*[0-9A-Za-z_]+)*)", re.IGNORECASE)
_LIST_ENDS = ("-->", "<", ">", "。", "；", ";", "）", ")")
_ID = re.compile(r"GK\d{0,3}")  # a rule id or prefix; GK alone means every rule
_NEWLINE = re.compile(rb"\r\n|\r|\n")
# Any directive at all?  (regex's case-insensitive literal search is 7x
# faster than lowering the whole report, which every file paid)
_MARKER = rx.compile("gklint", regex.IGNORECASE)
_HTML_EXTS = (".html", ".htm", ".xhtml")


@dataclass
class Directive:
    """One directive as written: where it is, what it covers, what it used."""

    line: int  # 1-based line of the directive itself
    column: int  # 1-based column of "gklint"
    kind: str  # disable, disable-line, disable-next-line
    ids: list[str]
    target: int | None  # the line covered; None for the whole file
    used: set[str] = field(default_factory=set)


@dataclass
class Problem:
    """A directive that cannot be applied: malformed, or naming no rule."""

    line: int
    column: int
    text: str
    rule_id: str  # GK940 malformed, GK941 unknown id
    message: str


@dataclass
class Suppressions:
    """Rule ids (or prefixes) disabled for the file and per 1-based line."""

    directives: list[Directive] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.directives)

    @property
    def file_ids(self) -> set[str]:
        return {i for d in self.directives if d.target is None for i in d.ids}

    @property
    def line_ids(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for d in self.directives:
            if d.target is not None:
                out.setdefault(d.target, set()).update(d.ids)
        return out

    def covers(self, rule_id: str, line: int | None) -> bool:
        hit = False
        for d in self.directives:
            if d.target is None or (line is not None and d.target == line):
                for prefix in d.ids:
                    if rule_id.startswith(prefix):
                        d.used.add(prefix)
                        hit = True
        return hit


def scan_lines(lines: list[str], known_ids=None) -> Suppressions:
    """The directives in ``lines`` (index 0 is line 1).

    ``known_ids``: the rule ids that exist; an id or prefix that names none
    of them is reported (GK941) and covers nothing.
    """
    found = Suppressions()
    for index, line in enumerate(lines):
        if "gklint" not in line.lower():
            continue
        # The next non-blank line is looked for once per line, not once per
        # directive: thousands of directives on one line before a run of
        # blank lines rescanned the blanks for each (minutes on 800 KB).
        next_line: list = []
        for opening in _OPENING.finditer(line):
            _scan_one(lines, index, line, opening, found, known_ids, next_line)
    return found


def _scan_one(lines, index, line, opening, found: Suppressions, known_ids, next_line: list) -> None:
    """Read one directive; ``next_line`` memoises the line's next non-blank line."""
    lineno, column = index + 1, opening.start() + 1
    m = _DIRECTIVE.match(line, opening.end())
    if m is None:
        rest = line[opening.start():].split("-->")[0].strip()
        found.problems.append(Problem(lineno, column, rest, "GK940",
                                      f"无法识别的gklint指令“{rest}”，未生效；应写作 "
                                      "gklint: disable=GK301、disable-line=… 或 disable-next-line=…"))
        return
    tokens = [x.strip() for x in re.split(r"[,，]", m.group(2)) if x.strip()]
    rest = line[m.end():]
    if rest and not rest[0].isspace() and not rest.startswith(_LIST_ENDS):
        tokens[-1] += rest.split()[0]  # GK30? or GK3-1: the list runs on in a form we do not read
    ids = []
    for token in tokens:
        upper = token.upper()
        if not _ID.fullmatch(upper):
            found.problems.append(Problem(lineno, column, m.group(0), "GK940",
                                          f"gklint指令中的“{token}”不是规则编号或前缀（如 GK301、GK3），"
                                          "该项未生效"))
        elif known_ids is not None and not any(k.startswith(upper) for k in known_ids):
            found.problems.append(Problem(lineno, column, m.group(0), "GK941",
                                          f"gklint指令中的“{token}”不对应任何规则，该项未生效"
                                          "（gklint rules 列出全部规则）"))
        else:
            ids.append(upper)
    if not ids:
        return
    kind = m.group(1).lower()
    if kind == "disable":
        target = None
    else:
        if kind == "disable-line":
            target = lineno
        else:
            if not next_line:
                next_line.append(_next_non_blank(lines, index))
            target = next_line[0]
        if target is None:
            return
    found.directives.append(Directive(lineno, column, kind, ids, target))


def _next_non_blank(lines: list[str], index: int) -> int | None:
    for j in range(index + 1, len(lines)):
        if lines[j].strip():
            return j + 1
    return None


def _source_lines(data: bytes) -> list[str]:
    """Lines of raw markup; directives are ASCII, so any ASCII-compatible
    encoding (UTF-8, GBK, GB18030) reads them the same."""
    return [b.decode("latin-1") for b in _NEWLINE.split(data)]


def apply_inline(doc, data: bytes, result, known_ids=None, report=None) -> int:
    """Drop the findings of ``result`` that a directive in the file disables.

    The count of dropped findings goes to ``result.meta["suppressed"]``.
    ``known_ids``: every rule id (unknown ones in a directive are GK941);
    ``report``: the enabled rules among GK940-GK942, by id, whose findings
    (malformed, unknown, unused directives) are added to ``result``; returns
    how many were added.
    """
    report = report or {}
    text_dirs = Suppressions()
    if _MARKER.search(doc.text):
        text_dirs = scan_lines(doc.text.split("\n"), known_ids)
    source_dirs = Suppressions()
    if doc.path.lower().endswith(_HTML_EXTS) and b"gklint" in data.lower():
        source_dirs = scan_lines(_source_lines(data), known_ids)
    if text_dirs or source_dirs:
        _drop_covered(doc, result, text_dirs, source_dirs)
    if not report or not (text_dirs.problems or source_dirs.problems or text_dirs or source_dirs):
        return 0
    added = [*_directive_findings(text_dirs, report, result, _TextPlaces(doc)),
             *_directive_findings(source_dirs, report, result, None)]
    result.findings.extend(added)
    return len(added)


def _drop_covered(doc, result, text_dirs: Suppressions, source_dirs: Suppressions) -> None:
    kept = []
    for f in result.findings:
        text_line = doc.text_line_col(f.span.start)[0] if f.span is not None else None
        # Both are asked (no short cut), so each directive learns it was used.
        in_text = text_dirs.covers(f.rule_id, text_line)
        if source_dirs.covers(f.rule_id, f.location.line) or in_text:
            continue
        kept.append(f)
    dropped = len(result.findings) - len(kept)
    if dropped:
        result.findings = kept
        result.meta["suppressed"] = dropped


def _directive_findings(found: Suppressions, report: dict, result, located) -> list:
    """GK940/GK941 for directives that cannot apply, GK942 for ids that
    disabled nothing (ruff's RUF100); located in the text, or in the markup
    for an HTML comment (``located`` None)."""
    out = []
    for p in found.problems:
        if p.rule_id in report:
            out.append(_at(report[p.rule_id], result.path, p.line, p.column, p.message, p.text,
                           located))
    rule = report.get("GK942")
    if rule is not None:
        for d in found.directives:
            for prefix in d.ids:
                if prefix not in d.used:
                    text = f"gklint: {d.kind}={prefix}"
                    out.append(_at(rule, result.path, d.line, d.column,
                                   f"gklint指令“{text}”没有屏蔽任何问题，可以删除", text, located))
    return out


def _at(rule, path: str, line: int, column: int, message: str, snippet: str, located):
    from .findings import Finding
    from .model import Location

    location = Location(line, column) if located is None else located.at(line, column)
    return Finding(rule.id, rule.severity, message, path, location, rule_name=rule.name,
                   snippet=snippet)


class _TextPlaces:
    """Source locations of (line, column) places in the document text."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.starts = [0]
        for line in doc.text.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)

    def at(self, line: int, column: int):
        from .model import Span

        offset = self.starts[line - 1] + column - 1
        return self.doc.locate(Span(offset, offset + 6))
