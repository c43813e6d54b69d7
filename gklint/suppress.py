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

_DIRECTIVE = re.compile(
    r"gklint\s*[:：]\s*(disable-next-line|disable-line|disable)\s*[=＝]\s*"
    r"(GK\d{1,3}(?:\s*[,，]\s*GK\d{1,3})*)", re.IGNORECASE)
_NEWLINE = re.compile(rb"\r\n|\r|\n")
# Any directive at all?  (regex's case-insensitive literal search is 7x
# faster than lowering the whole report, which every file paid)
_MARKER = rx.compile("gklint", regex.IGNORECASE)
_HTML_EXTS = (".html", ".htm", ".xhtml")


@dataclass
class Suppressions:
    """Rule ids (or prefixes) disabled for the file and per 1-based line."""

    file_ids: set[str] = field(default_factory=set)
    line_ids: dict[int, set[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.file_ids or self.line_ids)

    def covers(self, rule_id: str, line: int | None) -> bool:
        if _matches(rule_id, self.file_ids):
            return True
        return line is not None and _matches(rule_id, self.line_ids.get(line, ()))


def _matches(rule_id: str, ids) -> bool:
    return any(rule_id.startswith(prefix) for prefix in ids)


def scan_lines(lines: list[str]) -> Suppressions:
    """The directives in ``lines`` (index 0 is line 1)."""
    found = Suppressions()
    for index, line in enumerate(lines):
        if "gklint" not in line.lower():
            continue
        # The next non-blank line is looked for once per line, not once per
        # directive: thousands of directives on one line before a run of
        # blank lines rescanned the blanks for each (minutes on 800 KB).
        next_line = None
        for m in _DIRECTIVE.finditer(line):
            kind = m.group(1).lower()
            ids = {x.strip().upper() for x in re.split(r"[,，]", m.group(2)) if x.strip()}
            if kind == "disable":
                found.file_ids |= ids
                continue
            if kind == "disable-line":
                target = index + 1
            else:
                if next_line is None:
                    next_line = _next_non_blank(lines, index) or 0
                target = next_line or None
            if target is not None:
                found.line_ids.setdefault(target, set()).update(ids)
    return found


def _next_non_blank(lines: list[str], index: int) -> int | None:
    for j in range(index + 1, len(lines)):
        if lines[j].strip():
            return j + 1
    return None


def _source_lines(data: bytes) -> list[str]:
    """Lines of raw markup; directives are ASCII, so any ASCII-compatible
    encoding (UTF-8, GBK, GB18030) reads them the same."""
    return [b.decode("latin-1") for b in _NEWLINE.split(data)]


def apply_inline(doc, data: bytes, result) -> None:
    """Drop the findings of ``result`` that a directive in the file disables.

    The count of dropped findings goes to ``result.meta["suppressed"]``.
    """
    text_dirs = scan_lines(doc.text.split("\n")) if _MARKER.search(doc.text) else Suppressions()
    source_dirs = Suppressions()
    if doc.path.lower().endswith(_HTML_EXTS) and b"gklint" in data.lower():
        source_dirs = scan_lines(_source_lines(data))
    if not text_dirs and not source_dirs:
        return
    kept = []
    for f in result.findings:
        text_line = doc.text_line_col(f.span.start)[0] if f.span is not None else None
        if text_dirs.covers(f.rule_id, text_line) or source_dirs.covers(f.rule_id, f.location.line):
            continue
        kept.append(f)
    dropped = len(result.findings) - len(kept)
    if dropped:
        result.findings = kept
        result.meta["suppressed"] = dropped
