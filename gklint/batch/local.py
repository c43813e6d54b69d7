"""Checking files in this process, each under the per-file limits.

``gklint check`` checks this way, and ``gklint audit --executor serial``
(no isolation: for debugging and for measuring the cost of worker processes).
"""
from __future__ import annotations

import collections
from typing import Callable, Iterator, Optional

from ..config import Config
from ..engine import FileResult


class SerialExecutor:
    """Checks files one by one in this process: no isolation, no time limit.

    For debugging and for measuring the cost of the worker processes.
    """

    def __init__(self, config: Config, jobs: int = 1, timeout: float = 0,
                 on_start: Optional[Callable[[str], None]] = None) -> None:
        from ..engine import Linter

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
            yield from check_files(self.linter, [path])  # under the per-file limits

    def close(self, cancel: bool = False) -> None:
        self.pending.clear()


def check_files(linter, files: list[str]) -> list:
    """Check files one by one in this process, each under the per-file time
    and memory limits (``file-timeout``, ``file-memory-mb``; gklint.limits):
    a file past them becomes its own finding and the next file is checked."""
    from ..limits import FileTimeout, memory_ceiling, time_limit

    config = linter.config
    results = []
    with memory_ceiling(config.file_memory_mb):
        for path in files:
            try:
                with time_limit(config.file_timeout):
                    results.append(linter.check_file(path))
            except FileTimeout:
                from ..summary import TIMEOUT
                from .executors import failure

                results.append(failure(path, "GK991", f"检查超过 {config.file_timeout:g} 秒仍未完成，"
                                       "已中止；其他文件照常检查", TIMEOUT, config))
    return results
