"""The terminal report (rich): grouped by file, each finding with its source
line and a marker under the span, then a summary line.

Colour is off when the stream is not a terminal or NO_COLOR is set.
"""
from __future__ import annotations

import os

from rich.console import Console
from rich.markup import escape
from rich.text import Text

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_CONTEXT = 30
_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def _console(stream, options) -> Console:
    color = options.get("color")
    if color is None:
        color = stream.isatty() and "NO_COLOR" not in os.environ
    return Console(file=stream, force_terminal=bool(color), no_color=not color,
                   highlight=False, soft_wrap=True, emoji=False)


def render(results, stream, options) -> None:
    console = _console(stream, options)
    sources = options.get("sources", {})
    totals = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        if options.get("summary_only"):
            for f in result.findings:
                totals[f.severity.label] += 1
            continue
        if not result.findings:
            continue
        console.print(Text(result.path, style="bold underline"))
        lines = sources.get(result.path)
        for f in result.findings:
            totals[f.severity.label] += 1
            sev = f.severity.label
            head = Text("  ")
            head.append(f.location.describe(), style="dim")
            head.append("  ")
            head.append(f"{_LABEL[sev]} {f.rule_id}", style=_STYLE[sev])
            head.append(f"  {f.message}")
            console.print(head)
            snippet = _snippet(lines, f)
            if snippet:
                console.print(snippet)
        console.print()
    checked = len(results)
    unreadable = sum(1 for r in results if r.error)
    summary = (f"检查了 {checked} 个文件：{totals['error']} 个错误，{totals['warning']} 个警告，"
               f"{totals['info']} 个提示")
    if unreadable:
        summary += f"；{unreadable} 个文件无法读取"
    style = "bold red" if totals["error"] else ("yellow" if totals["warning"] else "bold green")
    console.print(Text(summary if any(totals.values()) or unreadable else
                       f"检查了 {checked} 个文件，没有发现问题", style=style))


def _snippet(lines, finding):
    """The source line with ^ markers under the flagged span (text sources)."""
    loc = finding.location
    if lines is None or loc.line is None or loc.line > len(lines):
        return None
    line = lines[loc.line - 1].replace("\t", " ")
    start = (loc.column or 1) - 1
    end = loc.end_column - 1 if loc.end_line == loc.line and loc.end_column else start + 1
    end = max(end, start + 1)
    # Long paragraphs: show a window around the span, not the whole line.
    left = max(0, start - _CONTEXT)
    right = min(len(line), end + _CONTEXT)
    prefix = "…" if left else ""
    line = prefix + line[left:right] + ("…" if right < len(line) else "")
    start, end = start - left + len(prefix), end - left + len(prefix)
    width = _display_width
    pad = width(line[:start])
    marker = "^" * max(1, width(line[start:end]))
    text = Text(f"    {loc.line:>4} | ", style="dim")
    text.append(line[:start])
    text.append(line[start:end], style=_STYLE[finding.severity.label])
    text.append(line[end:])
    mark = Text("         | " + " " * pad, style="dim")
    mark.append(marker, style=_STYLE[finding.severity.label])
    out = Text()
    out.append_text(text)
    out.append("\n")
    out.append_text(mark)
    return out


def _display_width(s: str) -> int:
    from rich.cells import cell_len

    return cell_len(s)


__all__ = ["render", "escape"]
