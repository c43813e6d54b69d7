"""``gklint audit --executor dask``: a national audit on a Dask cluster.

One task per file.  Workers build their Linter once (per worker process and
configuration) and check the paths they are given, so every worker must see
the files under the same paths (a shared or network file system) and have
gklint installed with the same plugins.  Results stream back as tasks finish
(``distributed.as_completed``), in any order, like the local executors.

Failures cost only their files:

* a worker that dies (killed, out of memory) loses its running tasks; the
  scheduler runs them again on another worker.  With ``--scheduler`` unset,
  gklint starts a ``LocalCluster`` that allows one such retry
  (``distributed.scheduler.allowed-failures = 1``); a file that kills a
  second worker is reported as GK990.  On a cluster of your own, set that
  option on the scheduler (Dask's default is 3 retries), and
  ``worker-saturation: 1.0`` so that a dying worker holds no queued files.
* a task that raises (it should not: the engine turns rule errors into
  findings) is retried once, then reported as GK990.
* a file still running after the per-file time limit is reported as GK991
  and its task cancelled; the rest of the batch goes on.
"""
from __future__ import annotations

import time
from typing import Callable, Iterator, Optional

from ..config import Config
from ..engine import FileResult
from ..summary import CRASHED, TIMEOUT
from .executors import ExecutorError, failure

# One Linter per worker process and configuration: building one costs far
# more than checking a report.
_LINTERS: dict[str, object] = {}


def check_path(path: str, config: Config) -> FileResult:
    """The task: check one file on whichever worker runs it."""
    from ..engine import Linter

    key = repr(config)
    linter = _LINTERS.get(key)
    if linter is None:
        linter = _LINTERS[key] = Linter(config)
    return linter.check_file(path)


def missing() -> Optional[str]:
    """What to install when Dask is not there (None when it is)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return "pip install 'gklint[dask]'"
    return None


def open_dask(config: Config, scheduler: Optional[str] = None, **options) -> "DaskExecutor":
    """The registry's ``dask`` entry: a DaskExecutor, or ExecutorError when
    Dask is not installed or the scheduler cannot be reached."""
    needed = missing()
    if needed:
        raise ExecutorError(f"--executor dask needs Dask distributed: {needed}")
    try:
        return DaskExecutor(config, scheduler=scheduler, **options)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


class DaskExecutor:
    """Files as tasks on a Dask cluster (``scheduler`` address), or on a
    LocalCluster of ``jobs`` single-threaded worker processes."""

    def __init__(self, config: Config, jobs: int = 0, timeout: float = 0,
                 on_start: Optional[Callable[[str], None]] = None,
                 scheduler: Optional[str] = None, cluster_options: Optional[dict] = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        from .executors import default_jobs

        self.config = config
        self.timeout = timeout if timeout and timeout > 0 else config.file_timeout
        self.on_start = on_start
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            # One task per worker at a time (saturation 1.0): a worker that
            # dies then takes down only the file it was checking, not others
            # queued behind it.
            with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                                  "distributed.scheduler.worker-saturation": 1.0}):
                self.cluster = LocalCluster(
                    n_workers=max(1, jobs or default_jobs()), threads_per_worker=1,
                    processes=True, dashboard_address=None, host="127.0.0.1",
                    **(cluster_options or {}))
            self.client = Client(self.cluster)
        self.paths: list[str] = []

    def submit(self, path: str) -> None:
        self.paths.append(path)

    def results(self) -> Iterator[FileResult]:
        import uuid

        from distributed import as_completed

        run = uuid.uuid4().hex[:12]  # keys unique even on a shared, long-lived scheduler
        keys = [f"gklint-{run}-{n}" for n in range(len(self.paths))]
        # pure=False: the same path checked twice (a re-audit) is new work.
        futures = self.client.map(check_path, self.paths, config=self.config, key=keys,
                                  retries=1, pure=False)
        self.by_key = {f.key: (f, path) for f, path in zip(futures, self.paths)}
        self.running_since: dict = {}
        self.paths = []
        pending = as_completed(futures, with_results=False)
        next_watch = time.monotonic() + 1.0
        while self.by_key:
            batch = pending.next_batch(block=False)
            for future in batch:
                entry = self.by_key.pop(future.key, None)
                if entry is not None:  # else: already reported as overdue
                    yield self._result(future, entry[1])
            if time.monotonic() >= next_watch:
                yield from self._overdue()
                next_watch = time.monotonic() + 1.0
            if not batch:
                time.sleep(0.01)

    def _result(self, future, path: str) -> FileResult:
        if self.on_start:
            self.on_start(path)
        if future.status == "finished":
            return future.result()
        started = self.running_since.pop(future.key, time.monotonic())
        try:
            future.result()
        except Exception as exc:  # KilledWorker, or an error that outlived its retry
            name = type(exc).__name__
            if name == "KilledWorker":
                message = "检查该文件的 Dask 工作进程两次意外退出，该文件未检查完"
            else:
                message = f"检查该文件时出错（{name}: {exc}），重试一次后仍失败"
            return failure(path, "GK990", message, CRASHED, self.config,
                           time.monotonic() - started)
        return failure(path, "GK990", f"Dask 任务状态异常：{future.status}", CRASHED, self.config)

    def _overdue(self) -> Iterator[FileResult]:
        """Files running past the time limit.  Queue time does not count: a
        file's clock starts when the scheduler is first seen running it (so
        the limit is kept to within the one-second polling interval)."""
        now = time.monotonic()
        running = {k for keys in self.client.processing().values() for k in keys}
        for key in running:
            if key not in self.by_key:
                continue
            started = self.running_since.setdefault(key, now)
            if now - started > self.timeout:
                future, path = self.by_key.pop(key)
                future.cancel()
                yield failure(path, "GK991", f"检查超过 {self.timeout:g} 秒仍未完成，已中止；"
                              "其他文件照常检查", TIMEOUT, self.config, now - started)

    def close(self, cancel: bool = False) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()
