"""Command line: ``gklint check``, ``gklint rules``, ``gklint explain``.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or
configuration error.  argparse keeps start-up fast (pre-commit runs us on
every commit); formatters and readers import their libraries only when used.
"""
from __future__ import annotations

import argparse
import errno
import math
import os
import sys
from typing import Iterator, Optional

from . import __version__
from .config import Config, ConfigError, find_config, load_file
from .linting.packs import PackError
from .formatters.excerpts import SourceLines as _SourceLines  # moved; the old name is kept
from .formatters.excerpts import has_text_lines as _has_text_lines
from .formatters.excerpts import split_lines as _split_lines

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def iter_files(paths: list[str], supported) -> Iterator[str]:
    """Files named on the command line, and the files found below folders,
    each once (``a.txt ./a.txt``, or a folder and a file in it, name one
    file): every file, supported or not, so that each is accounted for (an
    unsupported one is listed with GK913 by the engine).  ``supported`` is
    kept for callers that pass it.

    Symlinked folders are not followed (no loops); order is sorted and stable.
    """
    seen: set[str] = set()
    for path in _walk(paths, supported):
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            yield path


def _walk(paths: list[str], supported) -> Iterator[str]:
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
    p.add_argument("--config", help="配置文件 / configuration file (.gklint.yaml or pyproject.toml)")
    p.add_argument("--select", action="append", default=None, metavar="ID",
                   help="只检查这些规则编号或前缀（GK2、GK301），可重复或用逗号分隔 / "
                   "only these rule ids or prefixes; repeatable or comma-separated")
    p.add_argument("--extend-select", action="append", default=None, metavar="ID",
                   help="在已选规则之外再加上这些（如 GK942：未使用的屏蔽指令）/ "
                   "add these to the selected rules (GK942: unused suppressions)")
    p.add_argument("--ignore", action="append", default=None, metavar="ID",
                   help="跳过这些规则编号或前缀 / skip these rule ids or prefixes")
    p.add_argument("--pack", action="append", default=[], metavar="PATH",
                   help="额外的YAML规则包（文件或文件夹）/ an extra YAML rule pack (file or folder)")
    p.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                   help="加载Python插件模块 / load a Python plugin module")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="读取符号链接指向被检查文件夹之外的文件（默认拒绝，GK921）/ "
                   "read files that symlinks below the checked folders lead out of them to "
                   "(default: refuse them, GK921)")


def _add_baseline(p: argparse.ArgumentParser) -> None:
    p.add_argument("--baseline", metavar="FILE",
                   help="不显示基线文件中已记录的问题，只报告新问题 / "
                   "hide findings recorded in this baseline file (report only new ones)")
    p.add_argument("--write-baseline", action="store_true",
                   help="把当前的问题记录到 --baseline 文件 / "
                   "record the current findings in the --baseline file")


def _add_outcome(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fail-on", choices=["error", "warning", "info"],
                   help="达到此级别的问题使退出码为1（默认 warning）/ "
                   "lowest severity that makes the exit code 1 (default warning)")
    p.add_argument("--exit-zero", action="store_true",
                   help="有问题也以0退出（用法错误仍为2）/ exit 0 even with findings "
                   "(usage errors still exit 2)")


def _add_reporting(p: argparse.ArgumentParser) -> None:
    p.add_argument("--statistics", action="store_true",
                   help="按规则统计问题数量 / counts of findings by rule")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="只输出问题，不输出汇总行 / print the findings only, no summary lines")


def _seconds(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"应为不小于0的秒数 / must be seconds >= 0, not {text!r}")
    return value


def _add_audit(sub) -> None:
    audit = sub.add_parser("audit", help="并行检查一个文件夹的报告并汇总 / "
                           "check a folder of submissions in parallel, with a summary")
    audit.add_argument("folders", nargs="+", metavar="FOLDER")
    audit.add_argument("--jobs", "-j", type=int, default=0,
                       help="工作进程数（默认为CPU核数）/ worker processes (default: the number of cores)")
    audit.add_argument("--timeout", type=_seconds, default=0,
                       help="每个文件的时限（秒；默认取 file-timeout，60）/ "
                       "seconds per file before it is abandoned (default: file-timeout, 60)")
    audit.add_argument("--executor", default="process", choices=["process", "serial", "dask"],
                       help="process（默认，隔离的工作进程）、serial（本进程，无时限）或 dask（Dask集群）/ "
                       "process (default: isolated workers), serial (in-process, no time "
                       "limit) or dask (a Dask cluster; pip install 'gklint[dask]')")
    audit.add_argument("--scheduler", metavar="ADDRESS",
                       help="与 --executor dask 一起用：调度器地址 / with --executor dask: the "
                       "scheduler (tcp://host:8786); default: a local cluster of --jobs workers")
    audit.add_argument("--rows", type=int, default=40, metavar="N",
                       help="终端汇总表列出的报告数，最需关注的在前（默认40；0为全部）/ "
                       "submissions listed in the terminal summary, those needing the most "
                       "attention first (default 40; 0: all)")
    audit.add_argument("--csv", metavar="FILE", help="写出CSV汇总，每份报告一行 / "
                       "write a CSV summary, one row per submission")
    audit.add_argument("--html", metavar="FILE", help="写出独立的HTML看板 / "
                       "write a self-contained HTML dashboard")
    audit.add_argument("--format", "-f", default="terminal",
                       help="terminal（默认，汇总表）、json、sarif、github、csv、html / "
                       "terminal summary table (default), or json, sarif, github, csv, html")
    audit.add_argument("--output", "-o", help="把 --format 的报告写入此文件 / "
                       "write the --format report to this file")
    _add_outcome(audit)
    audit.add_argument("--progress", dest="progress", action="store_true", default=None,
                       help="显示进度条（默认：stderr 是终端时）/ "
                       "show the progress bar (default: when stderr is a terminal)")
    audit.add_argument("--no-progress", dest="progress", action="store_false")
    _add_baseline(audit)
    _add_common(audit)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gklint", description="政府信息公开工作年度报告检查工具 / a linter for government "
        "information disclosure annual reports",
        epilog="退出码 / exit codes: 0 无问题 none, 1 有问题 findings, 2 用法或配置错误 usage error")
    parser.add_argument("--version", action="version", version=f"gklint {__version__}")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="检查报告文件和文件夹 / check report files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="文件或文件夹；- 表示从标准输入读取 / files or folders; - reads stdin")
    check.add_argument("--stdin-filename", metavar="NAME",
                       help="从标准输入读取时使用的文件名（决定格式）/ "
                       "the name for text read from stdin (its extension picks the reader)")
    check.add_argument("--format", "-f", default="terminal",
                       help="terminal（默认）、json、sarif、github / terminal (default), json, sarif, github")
    check.add_argument("--output", "-o", help="把报告写入此文件 / write the report to this file")
    _add_outcome(check)
    _add_reporting(check)
    check.add_argument("--color", dest="color", action="store_true", default=None,
                       help="彩色输出（也可设 FORCE_COLOR）/ colour output (or set FORCE_COLOR)")
    check.add_argument("--no-color", dest="color", action="store_false",
                       help="不用彩色（也可设 NO_COLOR）/ no colour (or set NO_COLOR)")
    check.add_argument("--fix", action="store_true",
                       help="对 .txt/.md 文件应用安全修正（冇→有、删除残留标记），原子写入 / "
                       "apply safe fixes (冇→有, debris removal) to .txt/.md files, atomically")
    check.add_argument("--diff", action="store_true",
                       help="以统一差异格式显示修正，不写文件（除非同时给 --fix）/ "
                       "print the fixes as a unified diff; writes nothing unless --fix is given too")
    _add_baseline(check)
    _add_common(check)
    _add_audit(sub)
    rules = sub.add_parser("rules", help="列出全部规则 / list the rules")
    rules.add_argument("--format", "-f", default="table", choices=["table", "json"],
                       help="table（默认）或 json / table (default) or json")
    _add_common(rules)
    explain = sub.add_parser("explain", help="显示规则的说明 / show a rule's documentation")
    explain.add_argument("rule_id")
    _add_common(explain)
    completion = sub.add_parser("completion", help="输出shell补全脚本 / print a shell "
                                "completion script (bash, zsh)")
    completion.add_argument("shell", choices=["bash", "zsh"])
    return parser


def _split(values: Optional[list[str]]) -> list[str]:
    return [v.strip().upper() for item in values or [] for v in item.split(",") if v.strip()]


def load_config(args) -> Config:
    if args.config:
        config = load_file(args.config)
    else:
        config = find_config(".")
    if args.select is not None:
        config.select = _split(args.select)
    if args.extend_select is not None:
        config.extend_select = config.extend_select + _split(args.extend_select)
    if args.ignore is not None:
        config.ignore = config.ignore + _split(args.ignore)
    config.packs = [*config.packs, *args.pack]
    config.plugins = [*config.plugins, *args.plugin]
    if getattr(args, "fail_on", None):
        config.fail_on = args.fail_on
    config.follow_symlinks = bool(getattr(args, "follow_symlinks", False))
    named = getattr(args, "paths", None) or getattr(args, "folders", None) or []
    config.roots = confinement_roots(named)
    if hasattr(args, "baseline") and not args.baseline and config.baseline:
        args.baseline = config.baseline  # relative to the configuration file
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
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
            raise
        # stdout on a full disk (gklint check … > /full/disk/out.txt)
        print(f"gklint: 写入输出失败 / cannot write the output: {exc.strerror}", file=sys.stderr)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 2


def _main(argv: Optional[list[str]]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    if args.command == "completion":
        from .completion import script

        sys.stdout.write(script(parser, args.shell))
        return 0
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
    if linter.plugin_errors:
        # A plugin that did not load means its rules would silently not run.
        for error in linter.plugin_errors:
            print(f"gklint: 插件错误 / plugin error: {error}", file=sys.stderr)
        return 2
    if args.command == "rules":
        return cmd_rules(linter, args.format)
    if args.command == "explain":
        return cmd_explain(linter, args.rule_id)
    from .outputs import OutputError

    try:
        if args.command == "audit":
            from .audit import cmd_audit

            return _outcome(cmd_audit(linter, args), args)
        return _outcome(cmd_check(linter, args), args)
    except OutputError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return 2


def _outcome(code: int, args) -> int:
    """--exit-zero: findings do not fail the run; errors (2, 130) still do."""
    return 0 if code == 1 and args.exit_zero else code


def cmd_check(linter, args) -> int:
    from .formatters import FORMATTERS
    from .outputs import preflight

    formatters = dict(FORMATTERS)
    for group in linter._call(linter.pm.hook.gklint_formatters, shape=dict):
        formatters.update({k: v for k, v in group.items() if callable(v)})
    formatter = formatters.get(args.format)
    if formatter is None:
        print(f"gklint: unknown format {args.format!r} (known: {', '.join(sorted(formatters))})",
              file=sys.stderr)
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
    sources = _SourceLines()
    if stdin:
        name = args.stdin_filename or "stdin.txt"
        data = sys.stdin.buffer.read()
        results = [linter.check_bytes(name, data)]
        sources[name] = _split_lines(data) if _has_text_lines(name) else None
    elif args.fix or args.diff:
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
    options = {"rules": linter.rules, "version": __version__, "color": _color(args.color),
               "plugin_errors": linter.plugin_errors, "root": os.getcwd(),
               "sources": sources, "quiet": args.quiet}
    if args.output:
        from .outputs import write_atomic

        write_atomic(args.output, lambda stream: formatter(results, stream, options))
        if args.format != "terminal" and not args.quiet:
            formatters["terminal"](results, sys.stdout, {**options, "summary_only": True})
    else:
        formatter(results, sys.stdout, options)
    if args.statistics:  # on stderr when stdout carries a machine format
        print_statistics(results, linter.all_rules,
                         sys.stdout if args.format == "terminal" or args.output else sys.stderr)
    threshold = linter.config.fail_severity()
    failed = any(f.severity >= threshold for r in results for f in r.findings)
    return 1 if failed or nothing_readable(results) else 0


def print_statistics(results, rules: dict, stream) -> None:
    """--statistics: findings counted by rule, most frequent first (ruff's
    ``--statistics``): count, id, severity, summary."""
    import collections

    counts = collections.Counter(f.rule_id for r in results for f in r.findings)
    for rule_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = rules.get(rule_id)
        label = rule.severity.label if rule else ""
        stream.write(f"{n:>6}  {rule_id}  {_SEVERITY_ZH.get(label, label)}  "
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
    from .limits import FileTimeout, memory_ceiling, time_limit

    config = linter.config
    results = []
    with memory_ceiling(config.file_memory_mb):
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


_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def cmd_explain(linter, rule_id: str) -> int:
    rule = linter.all_rules.get(rule_id.upper())
    if rule is None:
        print(f"gklint: 没有规则 {rule_id!r}，gklint rules 列出全部规则 / no rule {rule_id!r}; "
              "`gklint rules` lists them", file=sys.stderr)
        return 2
    from .ruledocs import doc_text

    label = rule.severity.label
    print(f"{rule.id} {rule.name}（{_SEVERITY_ZH[label]} / {label}）")
    print(rule.summary)
    print()
    print(doc_text(rule) or "（没有说明 / no documentation）")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
