"""``gklint rules`` (every rule, where it comes from, whether it is enabled)
and ``gklint explain ID`` (one rule's documentation)."""
from __future__ import annotations

import os
import sys

from .. import __version__

# Severity labels as a Chinese reader says them.
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def cmd_rules(linter, fmt: str = "table") -> int:
    rules = sorted(linter.all_rules.values(), key=lambda r: r.id)
    enabled = {r.id for r in linter.rules}
    if fmt == "json":
        import json

        entries = [{"id": r.id, "name": r.name, "severity": r.severity.label,
                    "summary": r.summary, "enabled": r.id in enabled, "fixable": r.fixable,
                    "source": os.path.basename(r.source) if r.source else "", "doc": r.doc}
                   for r in rules]
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"gklint {__version__} 规则 / rules", show_lines=False)
    for col in ("编号 id", "名称 name", "级别 severity", "说明 summary", "来源 source"):
        table.add_column(col, overflow="fold")
    for rule in rules:
        source = os.path.basename(rule.source) if rule.source else ""
        table.add_row(rule.id, rule.name, rule.severity.label,
                      rule.summary + ("" if rule.id in enabled else "（未启用 / disabled）"), source)
    Console(soft_wrap=False).print(table)
    return 0


def cmd_explain(linter, rule_id: str) -> int:
    rule = linter.all_rules.get(rule_id.upper())
    if rule is None:
        print(f"gklint: 没有规则 {rule_id!r}，gklint rules 列出全部规则 / no rule {rule_id!r}; "
              "`gklint rules` lists them", file=sys.stderr)
        return 2
    from ..ruledocs import doc_text

    label = rule.severity.label
    print(f"{rule.id} {rule.name}（{SEVERITY_ZH[label]} / {label}）")
    print(rule.summary)
    print()
    print(doc_text(rule) or "（没有说明 / no documentation）")
    return 0
