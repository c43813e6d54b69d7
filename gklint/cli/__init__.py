"""Command line: ``gklint check``, ``audit``, ``rules``, ``explain``, ``completion``.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or
configuration error, 130 an interrupted audit.  argparse keeps start-up fast
(pre-commit runs us on every commit); formatters and readers import their
libraries only when used.  ``gklint.cli:main`` is the console script.

* :mod:`.parser` — the arguments and the configuration they make;
* :mod:`.check`, :mod:`.audit`, :mod:`.rules` — the subcommands;
* :mod:`.output` — the output path check and audit share;
* :mod:`.completion` — shell completion scripts.
"""
from __future__ import annotations

import errno
import os
import sys
from typing import Optional

from ..config import ConfigError
from ..linting.packs import PackError
from .parser import build_parser, load_config

__all__ = ["main", "build_parser", "load_config"]


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
        from ..batch.process import start_workers_early

        start_workers_early(args.executor)
    try:
        config = load_config(args)
        from ..engine import Linter

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
        from .rules import cmd_rules

        return cmd_rules(linter, args.format)
    if args.command == "explain":
        from .rules import cmd_explain

        return cmd_explain(linter, args.rule_id)
    from ..outputs import OutputError

    try:
        if args.command == "audit":
            from .audit import cmd_audit

            return _outcome(cmd_audit(linter, args), args)
        from .check import cmd_check

        return _outcome(cmd_check(linter, args), args)
    except OutputError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return 2


def _outcome(code: int, args) -> int:
    """--exit-zero: findings do not fail the run; errors (2, 130) still do."""
    return 0 if code == 1 and args.exit_zero else code
