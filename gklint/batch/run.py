"""The run loop of a batch: results as they come, a journal of them, and
Ctrl-C or SIGTERM stopping the run with what is done kept."""
from __future__ import annotations

import contextlib
import os
import signal
import time
from typing import Callable, Optional

from ..engine import FileResult
from ..summary import NOT_CHECKED
from .executors import Executor


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

        from ..formatters.jsonfmt import file_entry

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
    from ..safetext import display_path

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


