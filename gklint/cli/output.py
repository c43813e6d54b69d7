"""The one output path of ``check`` and ``audit``: the formatter registry,
baselines, the options every formatter gets, the report files written
atomically, and the exit code."""
from __future__ import annotations

import os
import sys
from typing import Callable, Optional

from .. import __version__
from ..formatters import FormatOptions, registry
from ..outputs import OutputError, preflight, write_atomic

__all__ = ["OutputError", "preflight", "formatter_registry", "pick_formatter", "apply_baseline",
           "format_options", "write_report", "exit_code", "nothing_readable"]


def formatter_registry(linter) -> dict[str, Callable]:
    """Every formatter by name: the plugins', then gklint's own (the first of a name wins)."""
    return registry(linter._call(linter.pm.hook.gklint_formatters, shape=dict))


def pick_formatter(known: dict[str, Callable], name: str) -> Optional[Callable]:
    """The formatter ``name``, or None after saying which ones there are."""
    if name not in known:
        print(f"gklint: unknown format {name!r} (known: {', '.join(sorted(known))})",
              file=sys.stderr)
        return None
    return known[name]


def apply_baseline(results, args, root: str) -> bool:
    """--baseline / --write-baseline on ``results``; False (after one line on
    stderr) when the baseline cannot be read or written."""
    if not (args.baseline or args.write_baseline):
        return True
    from .. import baseline

    try:
        baseline.apply(results, args.baseline, write_mode=args.write_baseline,
                       root=root, err=sys.stderr)
    except (baseline.BaselineError, OutputError) as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return False
    return True


def format_options(linter, sources, color: Optional[bool], **more) -> FormatOptions:
    """What every formatter is given, plus the command's own keys."""
    return FormatOptions(rules=linter.rules, version=__version__, root=os.getcwd(),
                         plugin_errors=linter.plugin_errors, sources=sources, color=color,
                         **more)


def write_report(path: str, render: Callable, results, opts: FormatOptions,
                 newline: Optional[str] = None) -> None:
    """``render(results, stream, opts)`` into ``path``, atomically (OutputError when it fails)."""
    write_atomic(path, lambda stream: render(results, stream, opts), newline)


def exit_code(linter, results) -> int:
    """1 when a finding reaches --fail-on or nothing could be read, else 0."""
    threshold = linter.config.fail_severity()
    failed = any(f.severity >= threshold for r in results for f in r.findings)
    return 1 if failed or nothing_readable(results) else 0


def nothing_readable(results) -> bool:
    """Files were given but not one could be read (unsupported, damaged, …):
    say so, and the run fails whatever --fail-on says (exit code 1)."""
    if not results or not all(r.error for r in results):
        return False
    print(f"gklint: {len(results)} 个文件中没有一个能够读取（格式不支持或文件损坏），没有检查任何报告",
          file=sys.stderr)
    return True


