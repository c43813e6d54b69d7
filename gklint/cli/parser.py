"""The command line's arguments (argparse keeps start-up fast: pre-commit
runs gklint on every commit) and the configuration they make."""
from __future__ import annotations

import argparse
import math
import os
from typing import Optional

from .. import __version__
from ..config import Config, find_config, load_file


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
    # No argparse choices: the names come from the executor registry, which
    # plugins extend (gklint_executors); an unknown name is refused there.
    audit.add_argument("--executor", default="process", metavar="NAME",
                       help="process（默认，隔离的工作进程）、serial（本进程，无时限）、dask（Dask集群）"
                       "或插件提供的执行器 / process (default: isolated workers), serial (in-process, "
                       "no time limit), dask (a Dask cluster; pip install 'gklint[dask]') or an "
                       "executor a plugin provides")
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


