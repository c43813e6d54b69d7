"""Isolated worker processes (``--executor process``, the default).

Up to ``jobs`` workers check the files, each under a time limit
(``file-timeout``), so one pathological file can neither stall nor crash the
batch: a file that runs out of time becomes a GK991 finding, a worker that
dies (a crash in a C library, the OOM killer) a GK990 finding, and the rest
goes on in a fresh worker.
"""
from __future__ import annotations

import collections
import multiprocessing
import os
import selectors
import signal
import time
from typing import Callable, Iterator, Optional

from ..config import Config
from ..engine import FileResult
from ..summary import CRASHED, TIMEOUT
from .executors import capped_jobs, failure

# A worker that dies this many times before it is ready means the set-up
# itself is broken (a plugin that kills the interpreter): stop retrying.
_MAX_START_FAILURES = 3
# Files sent ahead to each worker (the first is checked, the rest wait).
_PREFETCH = 3


def _worker_main(conn, config: Config) -> None:
    """A worker: build a Linter, then check the paths it is sent."""
    # Ctrl-C in a terminal reaches the whole process group; the parent decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..engine import Linter

    linter = Linter(config)
    collect_less(freeze=True)
    # A memory ceiling of the worker's own: a file that would take gigabytes
    # fails its allocation (GK907/GK990) or kills only this worker (GK990),
    # never the machine the batch runs on.
    from ..limits import set_memory_ceiling

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


def collect_less(freeze: bool = False) -> None:
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
        ctx.set_forkserver_preload(["gklint.engine", "gklint.batch.process"])
    return ctx


def start_workers_early(executor: str) -> None:
    """Start the fork server now, so that it imports gklint (about 0.15 s)
    while this process builds its linter and lists the files, instead of
    after: on a batch of 2,000 reports that wait was 4 % of the run."""
    if executor != "process" or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    _context()
    _start_forkserver()


# The folder that holds the gklint package this process runs (gklint/batch/…).
_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


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
