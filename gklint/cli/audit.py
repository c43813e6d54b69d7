"""``gklint audit FOLDER…``: check a batch of submissions in parallel.

For an inspector with hundreds of reports: every file below the folders is
checked by an executor of the registry (gklint.batch.executors; worker
processes by default, each file under a time limit).  A progress bar shows
files done, findings so far and the file being read; at the end come a
summary table and, on request, a CSV summary, an HTML dashboard and
JSON/SARIF, written through the same output path as ``check``.  Ctrl-C stops
the batch, keeps what is done and writes the partial summary (exit code 130).
"""
from __future__ import annotations

import os
import sys
import time

from ..batch.executors import ExecutorError, open_executor
from ..batch.files import iter_files
from ..batch.process import collect_less
from ..batch.progress import Progress
from ..batch.run import Batch, Journal, run
from ..batch.summary import summary_table
from ..formatters.excerpts import SourceLines
from .output import (OutputError, apply_baseline, exit_code, format_options, formatter_registry,
                     pick_formatter, preflight, write_report)


def cmd_audit(linter, args) -> int:
    """The ``audit`` subcommand (called from gklint.cli)."""
    missing = [p for p in args.folders if not os.path.exists(p)]
    if missing:
        print(f"gklint: 路径不存在 / no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    known = formatter_registry(linter)
    formatter = pick_formatter(known, args.format)
    if formatter is None:
        return 2
    paths = list(dict.fromkeys(iter_files(args.folders, linter.supported)))
    try:  # before any work: an audit must not run for an hour, then fail to write
        preflight([args.output, args.csv, args.html,
                          args.baseline if args.write_baseline else None], paths)
    except OutputError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return 2
    show_progress = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(len(paths)) if show_progress and paths else None
    try:
        executor = open_executor(linter, args.executor, jobs=args.jobs, timeout=args.timeout,
                                 on_start=progress.started if progress else None,
                                 scheduler=getattr(args, "scheduler", None))
    except ExecutorError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return 2
    journal_for = args.output or args.csv or args.html
    journal = Journal(journal_for + ".partial.jsonl") if journal_for else None
    if journal is not None and journal.kept:
        print(f"gklint: 上次未完成的检查记录已保留为 {journal.kept}", file=sys.stderr)
    _import_in_background(["rich.console", "rich.table", "gklint.summary", "gklint.batch.summary",
                           "gklint.formatters"])
    collect_less()  # the results this process keeps are not garbage either
    if progress:
        with progress:
            batch = run(paths, executor, progress, journal)
    else:
        batch = run(paths, executor, journal=journal)
    changed = _check_across_files(linter, batch)
    root = args.folders[0] if len(args.folders) == 1 and os.path.isdir(args.folders[0]) else "."
    if not apply_baseline(batch.done(), args, root=root):
        return 2
    options = format_options(linter, SourceLines(), getattr(args, "color", None),
                             interrupted=batch.interrupted,
                             generated=time.strftime("%Y-%m-%d %H:%M"))
    if journal is not None and not (args.baseline or args.write_baseline):
        # (a baseline removes findings after the journal was written)
        options["encoded"] = journal.encoded(changed)
    try:
        _write_outputs(batch, args, known, formatter, options, root)
    except OutputError as exc:  # a full disk: the journal keeps the results
        print(f"gklint: {exc}", file=sys.stderr)
        return 2
    if journal is not None:
        journal.close(keep=False)  # the outputs now hold everything it had
    if batch.interrupted:
        return 130
    return exit_code(linter, batch.done())


def _import_in_background(modules: list[str]) -> None:
    """Import what the end of the run needs (the summary table: rich, ~0.1 s)
    while the workers check files, instead of after the last one."""
    import importlib
    import threading

    def load() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # the main thread will import it and report
                pass
    threading.Thread(target=load, name="gklint-preimport", daemon=True).start()


def _check_across_files(linter, batch: Batch) -> set:
    """Rules that compare files (a body's reports of successive years); their
    findings join the results of the files they name (returned)."""
    added = linter.check_batch(batch.done())
    batch.findings += len(added)
    return {f.path for f in added}


def _write_outputs(batch: Batch, args, known: dict, formatter, options, root: str) -> None:
    """--csv, --html, then the --format report and the summary table."""
    results = batch.everything()
    if args.csv:
        write_report(args.csv, known["csv"], results, options, newline="")
    if args.html:
        write_report(args.html, known["html"], results, options)
    rules = {r.id: r for r in options["rules"]}
    if args.format == "terminal" and not args.output:
        summary_table(batch, rules, sys.stdout, root, args.rows)
    elif args.output:
        write_report(args.output, formatter, batch.done(), options)
        summary_table(batch, rules, sys.stdout, root, args.rows)
    else:  # a machine format on stdout: keep stdout clean, the table goes to stderr
        formatter(batch.done(), sys.stdout, options)
        summary_table(batch, rules, sys.stderr, root, args.rows)
    if args.csv or args.html:
        written = ", ".join(p for p in (args.csv, args.html) if p)
        print(f"gklint: 已写入 {written}", file=sys.stderr)
