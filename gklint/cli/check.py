"""``gklint check PATH…``: check files and folders in this process."""
from __future__ import annotations

import os
import sys
from typing import Optional

from ..batch.files import iter_files
from ..batch.local import check_files
from ..formatters.excerpts import SourceLines, has_text_lines, split_lines
from .output import (apply_baseline, exit_code, format_options, formatter_registry,
                     pick_formatter, preflight, write_report)
from .rules import SEVERITY_ZH


def cmd_check(linter, args) -> int:
    known = formatter_registry(linter)
    formatter = pick_formatter(known, args.format)
    if formatter is None:
        return 2
    stdin = "-" in args.paths
    if stdin and (len(args.paths) > 1 or args.fix or args.diff):
        print("gklint: - （标准输入）只能单独使用，且不能与 --fix/--diff 同用 / "
              "- (stdin) must be the only path and cannot be fixed", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if p != "-" and not os.path.exists(p) and not os.path.islink(p)]
    if missing:
        print(f"gklint: 路径不存在 / no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = [] if stdin else list(iter_files(args.paths, linter.supported))
    preflight([args.output, args.baseline if args.write_baseline else None], files)
    sources = SourceLines()
    if stdin:
        name = args.stdin_filename or "stdin.txt"
        data = sys.stdin.buffer.read()
        results = [linter.check_bytes(name, data)]
        sources[name] = split_lines(data) if has_text_lines(name) else None
    elif args.fix or args.diff:
        from .. import fixes

        results, fixable = fixes.run(linter, files, write_files=args.fix, show_diff=args.diff,
                                     out=sys.stdout, err=sys.stderr, root=os.getcwd())
        if not args.fix:  # --diff alone: the diff is the output
            return 1 if fixable else 0
    else:
        results = check_files(linter, files)
    linter.check_batch(results)  # cross-file rules (GK520 across years)
    if not apply_baseline(results, args, root=os.getcwd()):
        return 2
    options = format_options(linter, sources, _color(args.color), quiet=args.quiet)
    if args.output:
        write_report(args.output, formatter, results, options)
        if args.format != "terminal" and not args.quiet:
            known["terminal"](results, sys.stdout, {**options, "summary_only": True})
    else:
        formatter(results, sys.stdout, options)
    if args.statistics:  # on stderr when stdout carries a machine format
        print_statistics(results, linter.all_rules,
                         sys.stdout if args.format == "terminal" or args.output else sys.stderr)
    return exit_code(linter, results)


def print_statistics(results, rules: dict, stream) -> None:
    """--statistics: findings counted by rule, most frequent first (ruff's
    ``--statistics``): count, id, severity, summary."""
    import collections

    counts = collections.Counter(f.rule_id for r in results for f in r.findings)
    for rule_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = rules.get(rule_id)
        label = rule.severity.label if rule else ""
        stream.write(f"{n:>6}  {rule_id}  {SEVERITY_ZH.get(label, label)}  "
                     f"{rule.summary if rule else ''}\n")


def _color(flag: Optional[bool]) -> Optional[bool]:
    """--color / --no-color, else FORCE_COLOR (set and not empty or "0"), else
    the terminal formatter decides (a terminal, and no NO_COLOR)."""
    if flag is not None:
        return flag
    force = os.environ.get("FORCE_COLOR", "")
    if force and force != "0":
        return True
    return None
