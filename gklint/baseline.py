"""Baselines: record today's findings, report only new ones later.

An inspector who re-audits resubmissions, or a repository that adopts gklint
with old reports in it, records the current findings once
(``--baseline FILE --write-baseline``); later runs with ``--baseline FILE``
drop every finding whose fingerprint is recorded for the same file.

Fingerprints do not use line numbers (see ``Finding.fingerprint``), so a
recorded finding stays recorded when unrelated lines move.  Files are keyed by
their path relative to a root (the current folder for ``check``, the audited
folder for ``audit``), so ``gklint audit round1/`` and ``gklint audit round2/``
match the same submission by its name.  The file is sorted JSON, stable to
commit and diff.
"""
from __future__ import annotations

import json
import os

FORMAT = 1


class BaselineError(Exception):
    pass


def file_key(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes (absolute if outside)."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(root))
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def load(path: str) -> dict[str, set[str]]:
    """``{file key: fingerprints}`` from a baseline file."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: 无法读取基线文件 / cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("gklint_baseline") != FORMAT \
            or not isinstance(data.get("files"), dict):
        raise BaselineError(f"{path}: 不是 gklint 基线文件 / not a gklint baseline (format {FORMAT})")
    return {key: {entry["fingerprint"] for entry in entries if "fingerprint" in entry}
            for key, entries in data["files"].items()}


def write(path: str, results, root: str) -> int:
    """Record every finding of ``results``; returns how many were recorded."""
    files: dict[str, list[dict]] = {}
    for result in results:
        entries = [{"fingerprint": f.fingerprint(), "rule": f.rule_id, "message": f.message}
                   for f in result.findings]
        if entries:
            key = file_key(result.path, root)
            files.setdefault(key, []).extend(entries)
    for entries in files.values():
        entries.sort(key=lambda e: (e["rule"], e["fingerprint"]))
    data = {"gklint_baseline": FORMAT, "files": dict(sorted(files.items()))}
    from .outputs import write_atomic

    def dump(fh) -> None:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    write_atomic(path, dump)  # OutputError: one line and exit 2
    return sum(len(v) for v in files.values())


def filter_results(results, known: dict[str, set[str]], root: str) -> int:
    """Remove recorded findings from ``results`` in place; returns how many."""
    removed = 0
    for result in results:
        prints = known.get(file_key(result.path, root))
        if not prints:
            continue
        kept = [f for f in result.findings if f.fingerprint() not in prints]
        dropped = len(result.findings) - len(kept)
        if dropped:
            result.findings = kept
            result.meta["baselined"] = dropped
            removed += dropped
    return removed


def apply(results, path: str, *, write_mode: bool, root: str, err) -> int:
    """The ``--baseline`` / ``--write-baseline`` step of a run.

    Writes the baseline (and clears the findings, which are now accepted), or
    filters by it.  Returns the number of findings written or dropped.
    """
    if not path:
        raise BaselineError("--write-baseline 需要 --baseline FILE / --write-baseline needs --baseline FILE")
    if write_mode:
        count = write(path, results, root)
        for result in results:
            result.findings = []
        print(f"gklint: 已将 {count} 个问题记录到基线 {path} / wrote {count} findings to the baseline",
              file=err)
        return count
    if not os.path.exists(path):
        raise BaselineError(f"{path}: 基线文件不存在，请先用 --write-baseline 生成 / "
                            "no such baseline; create it with --write-baseline")
    removed = filter_results(results, load(path), root)
    if removed:
        print(f"gklint: 基线中已有的 {removed} 个问题未显示 / {removed} baselined findings hidden",
              file=err)
    return removed
