"""A self-contained HTML dashboard of a batch of reports.

One file with the data, CSS and JavaScript inline (dashboard.html, .css, .js
next to this module): no network, opens from a USB stick.  A sortable table
of submissions, each report's findings with the source excerpt (text and
HTML sources) or the table cell (docx, pdf), filters by rule family
(GK1…GK9) and severity.  Report text is inserted with textContent only, so a
submission containing markup cannot script the page.
"""
from __future__ import annotations

import json
import os

from ..summary import STATUS_LABEL, status

FAMILIES = {"GK1": "结构", "GK2": "表格", "GK3": "错字与残留", "GK4": "占位符",
            "GK5": "一致性", "GK6": "读取问题", "GK7": "其他", "GK8": "插件", "GK9": "无法读取/内部错误"}
_EXCERPT_CONTEXT = 40
_HERE = os.path.dirname(os.path.abspath(__file__))


def _asset(name: str) -> str:
    with open(os.path.join(_HERE, name), encoding="utf-8") as fh:
        return fh.read()


def excerpt(lines, loc) -> dict | None:
    """A window of the source line around the finding, with the marked part."""
    if lines is None or loc.line is None or loc.line > len(lines):
        return None
    line = lines[loc.line - 1].replace("\t", " ")
    start = min(len(line), (loc.column or 1) - 1)
    end = loc.end_column - 1 if loc.end_line == loc.line and loc.end_column else start + 1
    end = min(len(line), max(end, start))
    left, right = max(0, start - _EXCERPT_CONTEXT), min(len(line), end + _EXCERPT_CONTEXT)
    prefix = "…" if left else ""
    text = prefix + line[left:right] + ("…" if right < len(line) else "")
    return {"text": text, "start": start - left + len(prefix), "end": end - left + len(prefix)}


def _finding(f, lines) -> dict:
    loc = f.location
    cell = " / ".join(x for x in (loc.table, loc.row, loc.column_label) if x) or None
    # The report's own text: the engine's excerpt (.docx, .pdf, and .html,
    # whose source lines are markup), else the source line.  Never the
    # snippet, which for a table cell is the form's internal keys (r7/natural).
    quoted = {"text": f.excerpt, "start": 0, "end": 0} if f.excerpt else excerpt(lines, loc)
    return {
        "rule": f.rule_id, "severity": f.severity.label, "message": f.message,
        "where": loc.describe(), "line": loc.line,
        "excerpt": quoted, "cell": cell, "value": "",
    }


def _display_paths(paths: list[str]) -> dict[str, str]:
    """Paths as given, unless some climb out of the current folder (../):
    then each is shown relative to the folder all of them share."""
    if not any(p.replace(os.sep, "/").startswith("../") for p in paths):
        return {p: p for p in paths}
    absolute = [os.path.abspath(p) for p in paths]
    base = os.path.commonpath([os.path.dirname(a) for a in absolute])
    return {p: os.path.relpath(a, base).replace(os.sep, "/") for p, a in zip(paths, absolute)}


def build_data(results, options) -> dict:
    sources = options.get("sources")
    if sources is None:
        from .excerpts import SourceLines

        sources = SourceLines()
    submissions = []
    shown = _display_paths([r.path for r in results]) if results else {}
    for result in results:
        lines = sources.get(result.path) if result.findings and not result.error else None
        st = status(result)
        submissions.append({
            "path": shown[result.path], "status": st, "status_label": STATUS_LABEL.get(st, st),
            "format": result.format or "", "year": result.meta.get("year"),
            "form_version": result.meta.get("form_version"),
            "findings": [_finding(f, lines) for f in result.findings],
        })
    rules = {r.id: {"name": r.name, "summary": r.summary, "severity": r.severity.label}
             for r in options.get("rules", [])}
    return {
        "title": options.get("title") or "政府信息公开工作年度报告检查结果",
        "version": options.get("version", ""),
        # Output is a function of the input: the time only when the caller gives it.
        "generated": options.get("generated", ""),
        "interrupted": bool(options.get("interrupted")),
        "checked": sum(1 for s in submissions if s["status"] != "not checked"),
        "families": FAMILIES, "rules": rules, "submissions": submissions,
    }


def _script_json(data: dict) -> str:
    """JSON safe inside <script>: no "</script>", "<!--" or "&" can appear raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(results, stream, options) -> None:
    import html

    data = build_data(results, options)
    page = _asset("dashboard.html")
    # Replace the data last so report text can never be read as a placeholder.
    page = page.replace("__TITLE__", html.escape(data["title"]))
    page = page.replace("__CSS__", _asset("dashboard.css")).replace("__JS__", _asset("dashboard.js"))
    head, tail = page.split("__DATA__", 1)
    stream.write(head + _script_json(data) + tail)
