"""Rule documentation for people: ``gklint explain``, SARIF help and the
generated reference docs/rules.md (``python -m gklint.ruledocs``; a test keeps
it current).

Rule docs are written in four parts (What it finds, Why it matters, Example,
Fix); the part titles are shown in Chinese first for report authors and
inspectors, with the English after.
"""
from __future__ import annotations

import re
import sys

_TITLES = {
    "What it finds": "它查什么 / What it finds",
    "Why it matters": "为什么重要 / Why it matters",
    "Example": "示例 / Example",
    "Fix": "修改方法 / Fix",
}
_TITLE_LINE = re.compile(r"^(What it finds|Why it matters|Example|Fix):[ \t]*$", re.MULTILINE)
_SEVERITY = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def doc_text(rule) -> str:
    """The rule's documentation with bilingual part titles."""
    return _TITLE_LINE.sub(lambda m: _TITLES[m.group(1)] + "：", rule.doc or "")


# A line break a docstring's wrapping put between two Chinese characters: a
# Markdown renderer shows it as a stray space, so docs/rules.md joins them.
_SOFT_BREAK = re.compile(r"(?<=[^\x00-\x7f])(?<!：)\n(?=[^\x00-\x7f\n])")
_EXAMPLE_PART = re.compile(r"(^示例 / Example：\n.*?)(?=^\S.*：$|\Z)", re.MULTILINE | re.DOTALL)


def _joined(doc: str) -> str:
    """``doc`` with soft breaks between Chinese characters removed, except in
    the Example part, whose lines may be the report's own lines."""
    pieces, pos = [], 0
    for m in _EXAMPLE_PART.finditer(doc):
        pieces += [_SOFT_BREAK.sub("", doc[pos:m.start()]), m.group(1)]
        pos = m.end()
    pieces.append(_SOFT_BREAK.sub("", doc[pos:]))
    return "".join(pieces)


def anchor(rule_id: str) -> str:
    return rule_id.lower()


def reference(rules) -> str:
    """docs/rules.md: every rule, in id order, with its documentation."""
    out = ["# gklint 规则说明 / rule reference", "",
           "本文件由 `python -m gklint.ruledocs > docs/rules.md` 从规则文档生成，请勿手改。",
           "Generated from the rule docs by `python -m gklint.ruledocs > docs/rules.md`; "
           "do not edit by hand.", "",
           "| 编号 id | 名称 name | 级别 severity | 说明 summary |", "|---|---|---|---|"]
    ordered = sorted(rules, key=lambda r: r.id)
    for r in ordered:
        out.append(f"| [{r.id}](#{anchor(r.id)}) | {r.name} | {_SEVERITY[r.severity.label]} | "
                   f"{r.summary} |")
    for r in ordered:
        out += ["", f'<a id="{anchor(r.id)}"></a>', "", f"## {r.id} {r.name}", "",
                f"{_SEVERITY[r.severity.label]}。{r.summary}", "", _joined(doc_text(r).strip())
                or "（没有说明 / no documentation）"]
    return "\n".join(out) + "\n"


def main() -> int:
    from .engine import Linter

    sys.stdout.write(reference(Linter().all_rules.values()))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
