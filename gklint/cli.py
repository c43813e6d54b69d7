"""Command line: ``gklint check``, ``gklint rules``, ``gklint explain``.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or
configuration error.  argparse keeps start-up fast (pre-commit runs us on
every commit); formatters and readers import their libraries only when used.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, Optional

from . import __version__
from .config import Config, ConfigError, find_config, from_mapping
from .packs import PackError
from .formatters.excerpts import SourceLines as _SourceLines  # moved; the old name is kept

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def iter_files(paths: list[str], supported) -> Iterator[str]:
    """Files named on the command line, and the files found below folders:
    every file, supported or not, so that each is accounted for (an
    unsupported one is listed with GK913 by the engine).  ``supported`` is
    kept for callers that pass it.

    Symlinked folders are not followed (no loops); order is sorted and stable.
    """
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    if not name.startswith((".", "~$")):  # hidden files, Office lock files
                        yield full
        else:
            yield path


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="configuration file (.gklint.yaml or pyproject.toml)")
    p.add_argument("--select", action="append", default=None, metavar="ID",
                   help="only these rule ids or prefixes (GK2, GK301); repeatable or comma-separated")
    p.add_argument("--ignore", action="append", default=None, metavar="ID",
                   help="skip these rule ids or prefixes")
    p.add_argument("--pack", action="append", default=[], metavar="PATH",
                   help="an extra YAML rule pack (file or folder)")
    p.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                   help="load a Python plugin module")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="read files that symlinks below the checked folders lead out of them to "
                   "(default: refuse them, GK921)")


def _add_baseline(p: argparse.ArgumentParser) -> None:
    p.add_argument("--baseline", metavar="FILE",
                   help="hide findings recorded in this baseline file (report only new ones)")
    p.add_argument("--write-baseline", action="store_true",
                   help="record the current findings in the --baseline file")


def _add_audit(sub) -> None:
    audit = sub.add_parser("audit", help="check a folder of submissions in parallel, with a summary")
    audit.add_argument("folders", nargs="+", metavar="FOLDER")
    audit.add_argument("--jobs", "-j", type=int, default=0,
                       help="worker processes (default: the number of cores)")
    audit.add_argument("--timeout", type=float, default=0,
                       help="seconds per file before it is abandoned (default: file-timeout, 60)")
    audit.add_argument("--executor", default="process", choices=["process", "serial", "dask"],
                       help="process (default: isolated workers), serial (in-process, no time "
                       "limit) or dask (a Dask cluster; pip install 'gklint[dask]')")
    audit.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --executor dask: the scheduler (tcp://host:8786); "
                       "default: a local cluster of --jobs workers")
    audit.add_argument("--rows", type=int, default=40, metavar="N",
                       help="submissions listed in the terminal summary, those needing the most "
                       "attention first (default 40; 0: all)")
    audit.add_argument("--csv", metavar="FILE", help="write a CSV summary, one row per submission")
    audit.add_argument("--html", metavar="FILE", help="write a self-contained HTML dashboard")
    audit.add_argument("--format", "-f", default="terminal",
                       help="terminal summary table (default), or json, sarif, github, csv, html")
    audit.add_argument("--output", "-o", help="write the --format report to this file")
    audit.add_argument("--fail-on", choices=["error", "warning", "info"],
                       help="lowest severity that makes the exit code 1 (default warning)")
    audit.add_argument("--progress", dest="progress", action="store_true", default=None,
                       help="show the progress bar (default: when stderr is a terminal)")
    audit.add_argument("--no-progress", dest="progress", action="store_false")
    _add_baseline(audit)
    _add_common(audit)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gklint", description="政府信息公开工作年度报告检查工具")
    parser.add_argument("--version", action="version", version=f"gklint {__version__}")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="check report files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", "-f", default="terminal",
                       help="terminal (default), json, sarif, github")
    check.add_argument("--output", "-o", help="write the report to this file")
    check.add_argument("--fail-on", choices=["error", "warning", "info"],
                       help="lowest severity that makes the exit code 1 (default warning)")
    check.add_argument("--color", dest="color", action="store_true", default=None)
    check.add_argument("--no-color", dest="color", action="store_false")
    check.add_argument("--fix", action="store_true",
                       help="apply safe fixes (冇→有, debris removal) to .txt/.md files, atomically")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff; writes nothing unless --fix is given too")
    _add_baseline(check)
    _add_common(check)
    _add_audit(sub)
    rules = sub.add_parser("rules", help="list the rules")
    _add_common(rules)
    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule_id")
    _add_common(explain)
    return parser


def _split(values: Optional[list[str]]) -> list[str]:
    return [v.strip().upper() for item in values or [] for v in item.split(",") if v.strip()]


def load_config(args) -> Config:
    if args.config:
        if args.config.endswith(".toml"):
            from .config import _load_toml
            data = _load_toml(args.config)
            config = from_mapping(data or {}, args.config)
        else:
            from .config import _load_yaml
            config = _load_yaml(args.config)
    else:
        config = find_config(".")
    if args.select is not None:
        config.select = _split(args.select)
    if args.ignore is not None:
        config.ignore = config.ignore + _split(args.ignore)
    config.packs = [*config.packs, *args.pack]
    config.plugins = [*config.plugins, *args.plugin]
    if getattr(args, "fail_on", None):
        config.fail_on = args.fail_on
    config.follow_symlinks = bool(getattr(args, "follow_symlinks", False))
    named = getattr(args, "paths", None) or getattr(args, "folders", None) or []
    config.roots = confinement_roots(named)
    return config


def confinement_roots(paths: list[str]) -> list[str]:
    """Where the files being checked may really be: below the folders named
    on the command line, or the very files named (a symlink named on the
    command line was asked for)."""
    return [os.path.realpath(p) for p in paths]


def main(argv: Optional[list[str]] = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (gklint check … | head): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Optional[list[str]]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    if args.command == "audit":
        from .audit import start_workers_early

        start_workers_early(args.executor)
    try:
        config = load_config(args)
        from .engine import Linter

        linter = Linter(config)
    except (ConfigError, PackError) as exc:
        print(f"gklint: 配置错误 / configuration error: {exc}", file=sys.stderr)
        return 2
    for error in linter.plugin_errors:
        print(f"gklint: 插件错误 / plugin error: {error}", file=sys.stderr)
    if args.command == "rules":
        return cmd_rules(linter)
    if args.command == "explain":
        return cmd_explain(linter, args.rule_id)
    if args.command == "audit":
        from .audit import cmd_audit

        return cmd_audit(linter, args)
    return cmd_check(linter, args)


def cmd_check(linter, args) -> int:
    from .formatters import FORMATTERS

    formatters = dict(FORMATTERS)
    for group in linter._call(linter.pm.hook.gklint_formatters, shape=dict):
        formatters.update({k: v for k, v in group.items() if callable(v)})
    formatter = formatters.get(args.format)
    if formatter is None:
        print(f"gklint: unknown format {args.format!r} (known: {', '.join(sorted(formatters))})",
              file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not os.path.exists(p) and not os.path.islink(p)]
    if missing:
        print(f"gklint: 路径不存在 / no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = list(iter_files(args.paths, linter.supported))
    if args.fix or args.diff:
        from . import fixes

        results, fixable = fixes.run(linter, files, write_files=args.fix, show_diff=args.diff,
                                     out=sys.stdout, err=sys.stderr, root=os.getcwd())
        if not args.fix:  # --diff alone: the diff is the output
            return 1 if fixable else 0
    else:
        results = check_files(linter, files)
    linter.check_batch(results)  # cross-file rules (GK520 across years)
    if args.baseline or args.write_baseline:
        from . import baseline

        try:
            baseline.apply(results, args.baseline, write_mode=args.write_baseline,
                           root=os.getcwd(), err=sys.stderr)
        except baseline.BaselineError as exc:
            print(f"gklint: {exc}", file=sys.stderr)
            return 2
    options = {"rules": linter.rules, "version": __version__, "color": args.color,
               "plugin_errors": linter.plugin_errors, "root": os.getcwd(),
               "sources": _SourceLines()}
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as stream:
            formatter(results, stream, options)
        os.replace(tmp, args.output)
        if args.format != "terminal":
            formatters["terminal"](results, sys.stdout, {**options, "summary_only": True})
    else:
        formatter(results, sys.stdout, options)
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


def check_files(linter, files: list[str]) -> list:
    """Check files one by one in this process, each under the per-file time
    and memory limits (``file-timeout``, ``file-memory-mb``; gklint.limits):
    a file past them becomes its own finding and the next file is checked."""
    from .limits import FileTimeout, set_memory_ceiling, time_limit

    config = linter.config
    set_memory_ceiling(config.file_memory_mb)
    results = []
    for path in files:
        try:
            with time_limit(config.file_timeout):
                results.append(linter.check_file(path))
        except FileTimeout:
            from .audit import failure
            from .summary import TIMEOUT

            results.append(failure(path, "GK991", f"检查超过 {config.file_timeout:g} 秒仍未完成，"
                                   "已中止；其他文件照常检查", TIMEOUT, config))
    return results


def cmd_rules(linter) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"gklint {__version__} rules", show_lines=False)
    for col in ("id", "name", "severity", "summary", "source"):
        table.add_column(col, overflow="fold")
    for rule in sorted(linter.all_rules.values(), key=lambda r: r.id):
        selected = linter.config.selected(rule.id)
        source = os.path.basename(rule.source) if rule.source else ""
        table.add_row(rule.id, rule.name, rule.severity.label,
                      rule.summary + ("" if selected else " (disabled)"), source)
    Console(soft_wrap=False).print(table)
    return 0


def cmd_explain(linter, rule_id: str) -> int:
    rule = linter.all_rules.get(rule_id.upper())
    if rule is None:
        print(f"gklint: no rule {rule_id!r}; `gklint rules` lists them", file=sys.stderr)
        return 2
    print(f"{rule.id} {rule.name} ({rule.severity.label})")
    print(rule.summary)
    print()
    print(rule.doc or "(no documentation)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
