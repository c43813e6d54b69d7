"""The summary table at the end of an audit, one row per submission."""
from __future__ import annotations

import os

from ..summary import CRASHED, NOT_CHECKED, TIMEOUT, UNREADABLE, UNSUPPORTED
from .run import Batch


def _display(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def summary_table(batch: Batch, rules: dict, stream, root: str = ".", limit: int = 40) -> None:
    """Per submission: format, year, format version, errors, warnings, top problems.

    Paths are shown relative to ``root`` (the audited folder).  Past ``limit``
    submissions (0: no limit) the table lists the ``limit`` that need the most
    attention (unreadable and unfinished first, then by errors and warnings)
    and says how many more the CSV and HTML outputs hold: a 10 000-row table
    helps nobody in a terminal, and took rich longer than the audit itself."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..safetext import without_controls
    from ..summary import STATUS_LABEL, overall_top, row

    results = batch.everything()
    rows = [row(result) for result in results]
    hidden = 0
    if limit and len(rows) > limit:
        urgency = {UNREADABLE: 0, UNSUPPORTED: 0, TIMEOUT: 0, CRASHED: 0, NOT_CHECKED: 1}
        ranked = sorted(range(len(rows)), key=lambda i: (
            urgency.get(rows[i]["status"], 2), -rows[i]["errors"], -rows[i]["warnings"], i))
        keep = sorted(ranked[:limit])  # shown in the batch's own order
        hidden = len(rows) - limit
        rows = [rows[i] for i in keep]
    console = Console(file=stream, soft_wrap=False, highlight=False,
                      width=None if stream.isatty() else 160)
    table = Table(title="年度报告检查汇总", show_lines=False)
    for name, justify in (("文件", "left"), ("状态", "left"), ("格式", "left"), ("年度", "right"),
                          ("格式版本", "left"), ("错误", "right"), ("警告", "right"),
                          ("主要问题", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for r in rows:
        # Cells are Text, not markup: a file named x[/]y.txt or carrying
        # ESC sequences must print as it is named, not crash or restyle.
        table.add_row(*(Text(without_controls(str(cell))) for cell in (
            _display(r["path"], root), STATUS_LABEL.get(r["status"], r["status"]), r["format"],
            r["year"] or "—", r["form_version"] or "—", r["errors"], r["warnings"],
            r["top_rules"])))
    console.print(table)
    if hidden:
        console.print(f"另有 {hidden} 份报告未在此列出（只列出最需处理的 {limit} 份）；"
                      "完整列表请用 --csv 或 --html 输出，或 --rows 0 全部列出")
    done = batch.done()
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in done:
        for k, v in r.counts().items():
            counts[k] += v
    failed = sum(1 for r in done if r.error)
    line = (f"共 {len(batch.paths)} 个文件：已检查 {len(done)} 个（其中无法读取或超时 {failed} 个），"
            f"{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示")
    if batch.interrupted:
        line = f"已中断：{len(batch.paths) - len(done)} 个文件未检查。" + line
    console.print(Text(line))
    for rule_id, n, files in overall_top(done):
        rule = rules.get(rule_id)
        console.print(Text(f"  {rule_id} {rule.summary if rule else ''}：{n} 处，{files} 份报告"))
