"""The terminal report: grouped by file, each finding with its source line
and a marker under the span, then a summary line.

Colour is off when the stream is not a terminal or NO_COLOR is set.  Lines
are built as styled pieces; in colour rich renders them, and without colour
they are written as they are, so a pre-commit hook or a CI log (never a
terminal) does not pay for importing rich.console on every run.
"""
from __future__ import annotations

import os

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_CONTEXT = 30
_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}

Line = list  # of (text, style or None) pieces

# Control characters from a report never reach the terminal as they are: an
# ESC sequence in a submitted file must not be able to recolour, move the
# cursor in or retitle the inspector's terminal.  Each shows as one U+FFFD.
_CONTROLS = str.maketrans({c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]})


def _safe(text: str) -> str:
    return text.translate(_CONTROLS)


class _Plain:
    def __init__(self, stream) -> None:
        self.stream = stream

    def print(self, line: Line = ()) -> None:
        self.stream.write("".join(_safe(text) for text, _style in line) + "\n")


class _Rich:
    def __init__(self, stream) -> None:
        from rich.console import Console

        self.console = Console(file=stream, force_terminal=True, highlight=False,
                               soft_wrap=True, emoji=False)

    def print(self, line: Line = ()) -> None:
        from rich.text import Text

        text = Text()
        for piece, style in line:
            text.append(_safe(piece), style=style)
        self.console.print(text)


def _printer(stream, options):
    color = options.get("color")
    if color is None:
        color = stream.isatty() and "NO_COLOR" not in os.environ
    return _Rich(stream) if color else _Plain(stream)


def render(results, stream, options) -> None:
    out = _printer(stream, options)
    sources = options.get("sources", {})
    totals = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        if options.get("summary_only"):
            for f in result.findings:
                totals[f.severity.label] += 1
            continue
        if not result.findings:
            continue
        out.print([(result.path, "bold underline")])
        lines = sources.get(result.path)
        for f in result.findings:
            totals[f.severity.label] += 1
            sev = f.severity.label
            out.print([("  ", None), (f.location.describe(), "dim"), ("  ", None),
                       (f"{_LABEL[sev]} {f.rule_id}", _STYLE[sev]), (f"  {f.message}", None)])
            for line in _snippet(lines, f) or _excerpt(f):
                out.print(line)
        out.print()
    if options.get("quiet"):  # --quiet: the findings only
        return
    checked = len(results)
    unreadable = sum(1 for r in results if r.error)
    summary = (f"检查了 {checked} 个文件：{totals['error']} 个错误，{totals['warning']} 个警告，"
               f"{totals['info']} 个提示")
    if unreadable:
        summary += f"；{unreadable} 个文件无法读取"
    style = "bold red" if totals["error"] else ("yellow" if totals["warning"] else "bold green")
    out.print([(summary if any(totals.values()) or unreadable else
                f"检查了 {checked} 个文件，没有发现问题", style)])


def _excerpt(finding) -> list[Line]:
    """A .docx or .pdf finding's text (there is no source line to show)."""
    if not finding.excerpt:
        return []
    return [[("         | ", "dim"), (finding.excerpt, None)]]


def _snippet(lines, finding) -> list[Line]:
    """The source line with ^ markers under the flagged span (text sources)."""
    loc = finding.location
    if lines is None or loc.line is None or loc.line > len(lines):
        return []
    line = _safe(lines[loc.line - 1].replace("\t", " "))
    start = (loc.column or 1) - 1
    end = loc.end_column - 1 if loc.end_line == loc.line and loc.end_column else start + 1
    end = max(end, start + 1)
    # Long paragraphs: show a window around the span, not the whole line.
    left = max(0, start - _CONTEXT)
    right = min(len(line), end + _CONTEXT)
    prefix = "…" if left else ""
    line = prefix + line[left:right] + ("…" if right < len(line) else "")
    start, end = start - left + len(prefix), end - left + len(prefix)
    from rich.cells import cell_len  # light: the width table only

    pad = cell_len(line[:start])
    marker = "^" * max(1, cell_len(line[start:end]))
    style = _STYLE[finding.severity.label]
    return [[(f"    {loc.line:>4} | ", "dim"), (line[:start], None), (line[start:end], style),
             (line[end:], None)],
            [("         | " + " " * pad, "dim"), (marker, style)]]


__all__ = ["render"]
