"""``gklint audit FOLDER``: check a batch of submissions in parallel.

For an inspector with hundreds of reports: every supported file below the
folders is checked in worker processes, each file with a time limit
(``file-timeout``), so one pathological file can neither stall nor crash the
batch: a file that runs out of time becomes a GK991 finding, a worker that
dies (a crash in a C library, the OOM killer) a GK990 finding, and the rest
goes on in a fresh worker.  A progress bar shows files done, findings so far
and the file being read; at the end come a summary table and, on request,
a CSV summary, an HTML dashboard and JSON/SARIF.  Ctrl-C stops the batch,
keeps what is done and writes the partial summary (exit code 130).

Executors are small and swappable (``--executor``): an executor takes file
paths with :meth:`submit` and yields :class:`FileResult` objects from
:meth:`results` as they complete, in any order.  ``EXECUTORS`` maps a name to
a factory ``factory(config, jobs=, timeout=, on_start=)``; a Dask executor
only has to implement the same three methods.
"""
from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import selectors
import signal
import sys
import time
from typing import Callable, Iterator, Optional, Protocol

from .config import Config
from .engine import FileResult
from .findings import Finding, Severity
from .model import Location
from .summary import CRASHED, NOT_CHECKED, TIMEOUT, UNREADABLE, UNSUPPORTED

# A worker that dies this many times before it is ready means the set-up
# itself is broken (a plugin that kills the interpreter): stop retrying.
_MAX_START_FAILURES = 3
# Files sent ahead to each worker (the first is checked, the rest wait).
_PREFETCH = 3


class Executor(Protocol):
    def submit(self, path: str) -> None:
        """Queue one file."""

    def results(self) -> Iterator[FileResult]:
        """Yield a FileResult per submitted file as each completes."""

    def close(self, cancel: bool = False) -> None:
        """Release workers; ``cancel`` abandons unfinished files at once."""


def failure(path: str, rule_id: str, message: str, state: str, config: Config,
            seconds: float = 0.0) -> FileResult:
    """A file the executor could not get a result for."""
    from .safetext import display_path

    path = display_path(path)
    names = {"GK990": "internal-error", "GK991": "file-timeout"}
    findings = []
    if config.selected(rule_id):
        findings.append(Finding(rule_id, Severity.ERROR, message, path, Location(),
                                rule_name=names.get(rule_id, ""), snippet=rule_id))
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    return FileResult(path, findings, format=ext, error=True, meta={"status": state},
                      seconds=seconds)


# -- in-process ---------------------------------------------------------------

class SerialExecutor:
    """Checks files one by one in this process: no isolation, no time limit.

    For debugging and for measuring the cost of the worker processes.
    """

    def __init__(self, config: Config, jobs: int = 1, timeout: float = 0,
                 on_start: Optional[Callable[[str], None]] = None) -> None:
        from .engine import Linter

        self.linter = Linter(config)
        self.pending: collections.deque[str] = collections.deque()
        self.on_start = on_start

    def submit(self, path: str) -> None:
        self.pending.append(path)

    def results(self) -> Iterator[FileResult]:
        while self.pending:
            path = self.pending.popleft()
            if self.on_start:
                self.on_start(path)
            from .cli import check_files

            yield from check_files(self.linter, [path])  # under the per-file limits

    def close(self, cancel: bool = False) -> None:
        self.pending.clear()


# -- worker processes ---------------------------------------------------------

def _worker_main(conn, config: Config) -> None:
    """A worker: build a Linter, then check the paths it is sent."""
    # Ctrl-C in a terminal reaches the whole process group; the parent decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .engine import Linter

    linter = Linter(config)
    _collect_less(freeze=True)
    # A memory ceiling of the worker's own: a file that would take gigabytes
    # fails its allocation (GK907/GK990) or kills only this worker (GK990),
    # never the machine the batch runs on.
    from .limits import set_memory_ceiling

    set_memory_ceiling(config.file_memory_mb)
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if path is None:
            return
        conn.send(("result", linter.check_file(path)))


def _collect_less(freeze: bool = False) -> None:
    """Tune the cyclic garbage collector for checking many files.

    A report's objects are freed by reference counting when the next report
    starts, so with the default threshold (700 allocations) the collector ran
    one or two passes a report over objects about to go anyway: 3 % of
    checking time.  Cycles, if any, are still collected, every 20,000
    surviving objects.  ``freeze`` (a worker, once its linter is built): the
    linter's rules, forms and caches live as long as the process, so they
    are kept out of the collector's full passes.
    """
    import gc

    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(20_000, 10, 10)


class _Worker:
    """A worker process and the files sent to it, in order: the first is the
    one being checked; the others wait in its pipe, so that the worker never
    sits idle while the parent handles a result (that round trip cost 6 ms a
    file, more than checking a text report)."""

    def __init__(self, ctx, config: Config) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, config), daemon=True,
                                   name="gklint-worker")
        self.process.start()
        child.close()
        self.ready = False
        self.queue: collections.deque[str] = collections.deque()
        self.started = 0.0  # when the first file of the queue began

    @property
    def path(self) -> Optional[str]:
        """The file being checked, if any."""
        return self.queue[0] if self.queue else None

    def assign(self, path: str) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(path)
        self.conn.send(path)

    def finished(self) -> None:
        """The current file is done; the next one (already sent) starts now."""
        self.queue.popleft()
        self.started = time.monotonic()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _context():
    """forkserver where available: workers start from a clean, thread-free
    process (the parent runs a progress-bar thread); spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["gklint.engine", "gklint.audit"])
    return ctx


def start_workers_early(executor: str) -> None:
    """Start the fork server now, so that it imports gklint (about 0.15 s)
    while this process builds its linter and lists the files, instead of
    after: on a batch of 2,000 reports that wait was 4 % of the run."""
    if executor != "process" or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    _context()
    _start_forkserver()


# The folder that holds the gklint package this process runs.
_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _start_forkserver() -> None:
    """Start the fork server so that it imports *this* gklint.

    The server runs ``python -c …``, which puts its working folder first on
    sys.path, and it preloads gklint before it applies our sys.path: run from
    a folder holding a folder named gklint (the parent of a clone), every
    worker imported that folder and failed each file with GK990.  The server
    starts with the safe-path flag (Python 3.11+) and, for older Pythons, in
    the folder of the real package; each worker still works in our folder
    (multiprocessing sends it our working folder and sys.path).
    """
    from multiprocessing import forkserver

    saved_env = os.environ.get("PYTHONSAFEPATH")
    cwd = os.getcwd()
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        os.chdir(_PACKAGE_PARENT)
        forkserver.ensure_running()
    finally:
        os.chdir(cwd)
        if saved_env is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = saved_env


class ProcessExecutor:
    """Up to ``jobs`` worker processes, each file under a time limit."""

    def __init__(self, config: Config, jobs: int = 0, timeout: float = 0,
                 on_start: Optional[Callable[[str], None]] = None) -> None:
        self.config = config
        self.jobs = capped_jobs(jobs, config)
        self.timeout = timeout if timeout and timeout > 0 else config.file_timeout
        self.on_start = on_start
        self.ctx = _context()
        if self.ctx.get_start_method() == "forkserver":
            _start_forkserver()
        self.pending: collections.deque[str] = collections.deque()
        self.workers: list[_Worker] = []
        self.done: collections.deque[FileResult] = collections.deque()
        self.start_failures = 0
        # One selector for the whole run, not one per wait: building it and
        # registering every pipe again cost the parent ~0.1 ms a file.
        self.selector = selectors.DefaultSelector()

    def submit(self, path: str) -> None:
        self.pending.append(path)

    def results(self) -> Iterator[FileResult]:
        while self.pending or self.done or any(w.path for w in self.workers):
            while self.done:
                yield self.done.popleft()
            if not self.pending and not any(w.path for w in self.workers):
                break
            self._staff()
            self._dispatch()
            self._poll()
            self._enforce_time_limit()

    def close(self, cancel: bool = False) -> None:
        for w in self.workers:
            if not cancel and w.path is None and w.process.is_alive():
                try:
                    w.conn.send(None)
                    w.process.join(timeout=2)
                except (OSError, BrokenPipeError):
                    pass
            self._forget(w)
        self.workers.clear()
        self.pending.clear()
        self.selector.close()

    # -- internals -------------------------------------------------------
    def _staff(self) -> None:
        """Start workers up to what the remaining work can use."""
        wanted = min(self.jobs, len(self.pending) + sum(1 for w in self.workers if w.path))
        while len(self.workers) < wanted:
            w = _Worker(self.ctx, self.config)
            self.workers.append(w)
            self.selector.register(w.conn, selectors.EVENT_READ, w)
            self.selector.register(w.process.sentinel, selectors.EVENT_READ, w)

    def _dispatch(self) -> None:
        for w in self.workers:
            while w.ready and len(w.queue) < _PREFETCH and self.pending:
                path = self.pending.popleft()
                if self.on_start:
                    self.on_start(path)
                try:
                    w.assign(path)
                except (OSError, BrokenPipeError):
                    break  # the worker died; _poll reports the file

    def _poll(self) -> None:
        busy = [w.started + self.timeout for w in self.workers if w.path]
        delay = max(0.0, min(busy) - time.monotonic()) if busy else 0.5
        ended = []
        for key, _ in self.selector.select(timeout=min(delay, 0.5)):
            w = key.data
            if w not in self.workers:
                continue
            # One message per wake-up: Connection.poll() builds a selector per
            # call, which cost more than the message.  More wake us again.
            if key.fileobj is not w.conn or not self._receive(w):
                ended.append(w)  # its process ended, or its pipe did
        for w in dict.fromkeys(ended):
            if w in self.workers:
                self._drain(w)
                # A worker whose pipe closed cannot be reached: it is lost
                # even while its process lingers.
                w.process.join(timeout=0.5)
                self._lost(w)

    def _receive(self, w: _Worker) -> bool:
        """Handle one message from ``w``; False when its pipe is closed."""
        try:
            kind, payload = w.conn.recv()
        except (EOFError, OSError):
            return False
        if kind == "ready":
            w.ready = True
        else:
            payload.seconds = time.monotonic() - w.started
            self.done.append(payload)
            w.finished()
        return True

    def _drain(self, w: _Worker) -> None:
        """The results a worker sent before it died are still its results."""
        try:
            while w.conn.poll() and self._receive(w):
                pass
        except (EOFError, OSError):
            pass

    def _lost(self, w: _Worker) -> None:
        """A worker died: report its file, replace it later."""
        self.workers.remove(w)
        self._forget(w)  # (kills it if its process outlived its pipe)
        code = w.process.exitcode
        self._requeue(w)
        if w.path is not None:
            self.done.append(failure(
                w.path, "GK990", f"检查该文件时检查进程意外退出（退出码 {code}），该文件未检查完",
                CRASHED, self.config, time.monotonic() - w.started))
        elif not w.ready:
            self.start_failures += 1
            if self.start_failures >= _MAX_START_FAILURES:
                while self.pending:
                    self.done.append(failure(self.pending.popleft(), "GK990",
                                             f"检查进程无法启动（退出码 {code}），文件未检查",
                                             CRASHED, self.config))

    def _forget(self, w: _Worker) -> None:
        """Stop watching a worker's pipe and process, then make sure it is gone."""
        for handle in (w.conn, w.process.sentinel):
            try:
                self.selector.unregister(handle)
            except (KeyError, ValueError):
                pass
        w.kill()

    def _requeue(self, w: _Worker) -> None:
        """Files sent to a worker that is gone, behind the one it was
        checking, go back to the front of the queue: they were never begun."""
        while len(w.queue) > 1:
            self.pending.appendleft(w.queue.pop())

    def _enforce_time_limit(self) -> None:
        now = time.monotonic()
        for w in list(self.workers):
            if w.path is not None and now - w.started > self.timeout:
                self.workers.remove(w)
                self._forget(w)
                self._requeue(w)
                self.done.append(failure(
                    w.path, "GK991", f"检查超过 {self.timeout:g} 秒仍未完成，已中止；"
                    "其他文件照常检查", TIMEOUT, self.config, now - w.started))


EXECUTORS: dict[str, Callable[..., Executor]] = {
    "process": ProcessExecutor,
    "serial": SerialExecutor,
}


def capped_jobs(jobs: int, config: Config) -> int:
    """Workers to start: ``--jobs`` (default: one per core), at most four per
    core and no more than the memory available gives each its per-file
    ceiling: --jobs 10000 must not fork the machine to a halt."""
    cores = default_jobs()
    wanted = jobs if jobs and jobs > 0 else cores
    limit = 4 * cores
    available = _available_memory()
    if available and config.file_memory_mb > 0:
        limit = min(limit, max(1, int(available // (config.file_memory_mb * 1024 * 1024))))
    return max(1, min(wanted, limit))


def _available_memory() -> Optional[int]:
    from .limits import proc_bytes

    return proc_bytes("/proc/meminfo", b"MemAvailable:")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- the batch ----------------------------------------------------------------

class Batch:
    """The results of an audit so far, by path, in the order files were found."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.results: dict[str, FileResult] = {}
        self.findings = 0
        self.interrupted = False

    def add(self, result: FileResult) -> None:
        self.results[result.path] = result
        self.findings += len(result.findings)

    def done(self) -> list[FileResult]:
        return [self.results[p] for p in self.paths if p in self.results]

    def everything(self) -> list[FileResult]:
        """Done files, plus a 'not checked' row for each file an interrupt left."""
        out = []
        for p in self.paths:
            result = self.results.get(p)
            if result is None:
                ext = os.path.splitext(p)[1].lstrip(".").lower()
                result = FileResult(p, format=ext, meta={"status": NOT_CHECKED})
            out.append(result)
        return out


class Journal:
    """``<output>.partial.jsonl``: one JSON line per finished file, flushed as
    it comes, so an audit killed outright (SIGKILL, power loss) leaves what
    it had finished readable.  Removed once the real outputs are written."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.kept = _keep_previous(path)
        self.fh = open(path, "x+b")
        self.where: dict[str, tuple[int, int]] = {}  # path -> (offset, length)

    def add(self, result: FileResult) -> None:
        import json

        from .formatters.jsonfmt import file_entry

        line = json.dumps(file_entry(result), ensure_ascii=False).encode("utf-8")
        self.where[result.path] = (self.fh.tell(), len(line))
        self.fh.write(line + b"\n")
        self.fh.flush()

    def encoded(self, stale: set) -> Callable[[str], Optional[str]]:
        """The JSON of a file as already written, for the JSON output to
        reuse instead of encoding every file twice (``stale``: files whose
        results changed since, such as those the cross-year rule added to)."""
        def read(path: str) -> Optional[str]:
            if path in stale or path not in self.where:
                return None
            offset, length = self.where[path]
            self.fh.seek(offset)
            return self.fh.read(length).decode("utf-8")
        return read

    def close(self, keep: bool) -> None:
        self.fh.close()
        if not keep:
            os.unlink(self.path)


def _keep_previous(path: str) -> Optional[str]:
    """A journal left by an audit that was killed holds the only results of
    that run: move it aside (``<name>.partial.<time>.jsonl``) instead of
    truncating it when the audit is run again.  Returns where it went."""
    if not os.path.lexists(path):
        return None
    stem = path[:-len(".jsonl")] if path.endswith(".jsonl") else path
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(os.lstat(path).st_mtime))
    target, n = f"{stem}.{stamp}.jsonl", 1
    while os.path.lexists(target):
        n += 1
        target = f"{stem}.{stamp}-{n}.jsonl"
    os.rename(path, target)
    return target


class _Terminated(Exception):
    """SIGTERM during a run: handled like Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def run(paths: list[str], executor: Executor, progress=None,
        journal: Optional[Journal] = None) -> Batch:
    """Check ``paths``; on Ctrl-C or SIGTERM stop and keep what is done."""
    from .safetext import display_path

    batch = Batch([display_path(p) for p in paths])  # results carry display paths
    try:
        with _sigterm_interrupts():
            for path in paths:
                executor.submit(path)
            for result in executor.results():
                batch.add(result)
                if journal is not None:
                    journal.add(result)
                if progress is not None:
                    progress.advance(batch)
    except (KeyboardInterrupt, _Terminated):
        batch.interrupted = True
    finally:
        executor.close(cancel=batch.interrupted)
    return batch


@contextlib.contextmanager
def _sigterm_interrupts():
    """SIGTERM raises _Terminated while the batch runs (main thread only: a
    signal handler cannot be set elsewhere); the previous handler is put back,
    or the default one when the previous was not set from Python."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


class Progress:
    """A rich progress bar on stderr: files done, findings so far, current file."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress,
                                   TextColumn, TimeElapsedColumn)

        self.bar = RichProgress(
            TextColumn("[bold]检查"), BarColumn(), MofNCompleteColumn(),
            TextColumn("发现 {task.fields[findings]} 个问题"), TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[current]}"),
            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("audit", total=total, findings=0, current="")

    def started(self, path: str) -> None:
        from rich.markup import escape

        from .safetext import display_path, without_controls

        self.bar.update(self.task, current=escape(without_controls(_shorten(display_path(path)))))

    def advance(self, batch: Batch) -> None:
        self.bar.update(self.task, advance=1, findings=batch.findings)

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()


def _display(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def _shorten(path: str, width: int = 50) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1):]


# -- reporting ----------------------------------------------------------------

def summary_table(batch: Batch, rules: dict, stream, root: str = ".", limit: int = 40) -> None:
    """Per submission: format, year, format version, errors, warnings, top problems.

    Paths are shown relative to ``root`` (the audited folder).  Past ``limit``
    submissions (0: no limit) the table lists the ``limit`` that need the most
    attention (unreadable and unfinished first, then by errors and warnings)
    and says how many more the CSV and HTML outputs hold: a 10 000-row table
    helps nobody in a terminal, and took rich longer than the audit itself."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .safetext import without_controls
    from .summary import STATUS_LABEL, overall_top, row

    results = batch.everything()
    rows = [row(result) for result in results]
    hidden = 0
    if limit and len(rows) > limit:
        urgency = {UNREADABLE: 0, UNSUPPORTED: 0, TIMEOUT: 0, CRASHED: 0, NOT_CHECKED: 1}
        ranked = sorted(range(len(rows)), key=lambda i: (
            urgency.get(rows[i]["status"], 2), -rows[i]["errors"], -rows[i]["warnings"], i))
        keep = sorted(ranked[:limit])  # shown in the batch's own order
        hidden = len(rows) - limit
        rows = [rows[i] for i in keep]
    console = Console(file=stream, soft_wrap=False, highlight=False,
                      width=None if stream.isatty() else 160)
    table = Table(title="年度报告检查汇总", show_lines=False)
    for name, justify in (("文件", "left"), ("状态", "left"), ("格式", "left"), ("年度", "right"),
                          ("格式版本", "left"), ("错误", "right"), ("警告", "right"),
                          ("主要问题", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for r in rows:
        # Cells are Text, not markup: a file named x[/]y.txt or carrying
        # ESC sequences must print as it is named, not crash or restyle.
        table.add_row(*(Text(without_controls(str(cell))) for cell in (
            _display(r["path"], root), STATUS_LABEL.get(r["status"], r["status"]), r["format"],
            r["year"] or "—", r["form_version"] or "—", r["errors"], r["warnings"],
            r["top_rules"])))
    console.print(table)
    if hidden:
        console.print(f"另有 {hidden} 份报告未在此列出（只列出最需处理的 {limit} 份）；"
                      "完整列表请用 --csv 或 --html 输出，或 --rows 0 全部列出")
    done = batch.done()
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in done:
        for k, v in r.counts().items():
            counts[k] += v
    failed = sum(1 for r in done if r.error)
    line = (f"共 {len(batch.paths)} 个文件：已检查 {len(done)} 个（其中无法读取或超时 {failed} 个），"
            f"{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示")
    if batch.interrupted:
        line = f"已中断：{len(batch.paths) - len(done)} 个文件未检查。" + line
    console.print(Text(line))
    for rule_id, n, files in overall_top(done):
        rule = rules.get(rule_id)
        console.print(Text(f"  {rule_id} {rule.summary if rule else ''}：{n} 处，{files} 份报告"))


def cmd_audit(linter, args) -> int:
    """The ``audit`` subcommand (called from gklint.cli)."""
    from . import __version__
    from .cli import iter_files
    from .formatters.excerpts import SourceLines as _SourceLines

    missing = [p for p in args.folders if not os.path.exists(p)]
    if missing:
        print(f"gklint: 路径不存在 / no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    formatter = _formatter(linter, args.format)
    if formatter is None:
        return 2
    paths = list(dict.fromkeys(iter_files(args.folders, linter.supported)))
    from .outputs import OutputError, preflight

    try:  # before any work: an audit must not run for an hour, then fail to write
        preflight([args.output, args.csv, args.html,
                   args.baseline if args.write_baseline else None], paths)
    except OutputError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return 2
    show_progress = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(len(paths)) if show_progress and paths else None
    try:
        executor = _executor(linter, args, on_start=progress.started if progress else None)
    except ExecutorError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return 2
    journal_for = args.output or args.csv or args.html
    journal = Journal(journal_for + ".partial.jsonl") if journal_for else None
    if journal is not None and journal.kept:
        print(f"gklint: 上次未完成的检查记录已保留为 {journal.kept}", file=sys.stderr)
    _import_in_background(["rich.console", "rich.table", "gklint.summary", "gklint.formatters"])
    _collect_less()  # the results this process keeps are not garbage either
    if progress:
        with progress:
            batch = run(paths, executor, progress, journal)
    else:
        batch = run(paths, executor, journal=journal)
    changed = _check_across_files(linter, batch)
    root = args.folders[0] if len(args.folders) == 1 and os.path.isdir(args.folders[0]) else "."
    if args.baseline or args.write_baseline:
        from . import baseline

        try:
            baseline.apply(batch.done(), args.baseline, write_mode=args.write_baseline,
                           root=root, err=sys.stderr)
        except (baseline.BaselineError, OutputError) as exc:
            print(f"gklint: {exc}", file=sys.stderr)
            return 2
    options = {"rules": linter.rules, "version": __version__, "root": os.getcwd(),
               "plugin_errors": linter.plugin_errors, "sources": _SourceLines(),
               "interrupted": batch.interrupted, "color": getattr(args, "color", None),
               "generated": time.strftime("%Y-%m-%d %H:%M")}
    if journal is not None and not (args.baseline or args.write_baseline):
        # (a baseline removes findings after the journal was written)
        options["encoded"] = journal.encoded(changed)
    try:
        _write_outputs(batch, args, formatter, options, root)
    except OutputError as exc:  # a full disk: the journal keeps the results
        print(f"gklint: {exc}", file=sys.stderr)
        return 2
    if journal is not None:
        journal.close(keep=False)  # the outputs now hold everything it had
    if batch.interrupted:
        return 130
    threshold = linter.config.fail_severity()
    from .cli import nothing_readable

    done = batch.done()
    failed = any(f.severity >= threshold for r in done for f in r.findings)
    return 1 if failed or nothing_readable(done) else 0


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


class ExecutorError(Exception):
    """An executor that cannot start (missing extra, unreachable scheduler)."""


def _executor(linter, args, on_start) -> Executor:
    options = {"jobs": args.jobs, "timeout": args.timeout, "on_start": on_start}
    if args.executor != "dask":
        if getattr(args, "scheduler", None):
            raise ExecutorError("--scheduler needs --executor dask")
        return EXECUTORS[args.executor](linter.config, **options)
    from . import dask_executor

    needed = dask_executor.missing()
    if needed:
        raise ExecutorError(f"--executor dask needs Dask distributed: {needed}")
    try:
        return dask_executor.DaskExecutor(linter.config, scheduler=args.scheduler, **options)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler {args.scheduler}: {exc}") from None


def _check_across_files(linter, batch: Batch) -> set:
    """Rules that compare files (a body's reports of successive years); their
    findings join the results of the files they name (returned)."""
    added = linter.check_batch(batch.done())
    batch.findings += len(added)
    return {f.path for f in added}


def _formatter(linter, name: str):
    from .formatters import FORMATTERS

    formatters = dict(FORMATTERS)
    for group in linter._call(linter.pm.hook.gklint_formatters, shape=dict):
        formatters.update({k: v for k, v in group.items() if callable(v)})
    if name not in formatters:
        print(f"gklint: unknown format {name!r} (known: {', '.join(sorted(formatters))})",
              file=sys.stderr)
        return None
    return formatters[name]


def _write_outputs(batch: Batch, args, formatter, options, root: str) -> None:
    from .formatters import FORMATTERS

    results = batch.everything()
    if args.csv:
        _atomic(args.csv, lambda fh: FORMATTERS["csv"](results, fh, options), newline="")
    if args.html:
        _atomic(args.html, lambda fh: FORMATTERS["html"](results, fh, options))
    rules = {r.id: r for r in options["rules"]}
    if args.format == "terminal" and not args.output:
        summary_table(batch, rules, sys.stdout, root, args.rows)
    elif args.output:
        _atomic(args.output, lambda fh: formatter(batch.done(), fh, options))
        summary_table(batch, rules, sys.stdout, root, args.rows)
    else:  # a machine format on stdout: keep stdout clean, the table goes to stderr
        formatter(batch.done(), sys.stdout, options)
        summary_table(batch, rules, sys.stderr, root, args.rows)
    if args.csv or args.html:
        written = ", ".join(p for p in (args.csv, args.html) if p)
        print(f"gklint: 已写入 {written}", file=sys.stderr)


def _atomic(path: str, write: Callable, newline: Optional[str] = None) -> None:
    from .outputs import write_atomic

    write_atomic(path, write, newline)  # OutputError: one line and exit 2 (cmd_audit)
