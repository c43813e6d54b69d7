"""One summary row per submission, shared by the audit table, CSV and dashboard."""
from __future__ import annotations

from collections import Counter

# Status of a submission in an audit.
CHECKED, UNREADABLE, TIMEOUT, CRASHED, NOT_CHECKED, UNSUPPORTED = (
    "checked", "unreadable", "timeout", "crashed", "not checked", "unsupported")
STATUS_LABEL = {CHECKED: "已检查", UNREADABLE: "无法读取", TIMEOUT: "超时",
                CRASHED: "检查进程崩溃", NOT_CHECKED: "未检查（已中断）",
                UNSUPPORTED: "不支持的格式"}


def status(result) -> str:
    explicit = result.meta.get("status")
    if explicit:
        return explicit
    return UNREADABLE if result.error else CHECKED


def top_rules(result, n: int = 3) -> list[tuple[str, int]]:
    """The most frequent rule ids of one file, most frequent first."""
    counts = Counter(f.rule_id for f in result.findings)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def top_text(result, n: int = 3) -> str:
    return " ".join(rule if count == 1 else f"{rule}×{count}" for rule, count in top_rules(result, n))


def row(result) -> dict:
    counts = result.counts()
    return {
        "path": result.path,
        "status": status(result),
        "format": result.format or "",
        "year": result.meta.get("year") or "",
        "form_version": result.meta.get("form_version") or "",
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "findings": len(result.findings),
        "top_rules": top_text(result),
        "seconds": round(result.seconds, 3),
    }


def overall_top(results, n: int = 5) -> list[tuple[str, int, int]]:
    """(rule, findings, submissions) for the most frequent rules of a batch."""
    findings, files = Counter(), Counter()
    for result in results:
        ids = [f.rule_id for f in result.findings]
        findings.update(ids)
        files.update(set(ids))
    ranked = sorted(findings.items(), key=lambda kv: (-files[kv[0]], -kv[1], kv[0]))
    return [(rule, count, files[rule]) for rule, count in ranked[:n]]
