"""GitHub Actions workflow commands: findings as annotations on the pull request.

One line per finding::

    ::error file=reports/a.txt,line=15,col=4,endLine=15,endColumn=4,title=GK301 ocr-mao-you::“冇”疑为…

``error``/``warning``/``notice`` follow the severity.  Property values escape
``%`` ``\\r`` ``\\n`` ``:`` ``,``; the message escapes ``%`` ``\\r`` ``\\n``
(GitHub's rules).  A finding without a line (a docx or pdf table cell, an
unreadable file) still annotates its file, with the place in the message.
Paths are relative to the repository root (the current folder).  GitHub shows
at most 10 errors and 10 warnings per step: use SARIF upload for more.
"""
from __future__ import annotations

import os

from ..safetext import without_controls

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def relative_path(path: str, root: str) -> str:
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(root))
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def command(finding, root: str) -> str:
    loc = finding.location
    props = [("file", relative_path(finding.path, root))]
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        end_line = loc.end_line or loc.line
        # Columns only when the span stays on one line (GitHub ignores them otherwise).
        if end_line == loc.line and loc.column is not None:
            props.append(("col", str(loc.column)))
            # Our end column is exclusive; GitHub's is the last column marked.
            last = max(loc.column, (loc.end_column or loc.column + 1) - 1)
            props += [("endLine", str(end_line)), ("endColumn", str(last))]
        elif end_line != loc.line:
            props.append(("endLine", str(end_line)))
    title = f"{finding.rule_id} {finding.rule_name}".strip()
    props.append(("title", title))
    message = finding.message
    if loc.line is None and (loc.table or loc.page or loc.paragraph):
        message = f"[{loc.describe()}] {message}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    line = f"::{_COMMAND[finding.severity.label]} {head}::{escape_data(message)}"
    return without_controls(line)  # no raw ESC from file names or report text in the log


def render(results, stream, options) -> None:
    root = options.get("root") or os.getcwd()
    counts = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for f in result.findings:
            counts[f.severity.label] += 1
            stream.write(command(f, root) + "\n")
    stream.write(f"gklint: 检查了 {len(results)} 个文件：{counts['error']} 个错误，"
                 f"{counts['warning']} 个警告，{counts['info']} 个提示\n")
