"""The executor registry, and what every executor shares.

An executor takes file paths with :meth:`~Executor.submit` and yields a
:class:`~gklint.engine.FileResult` per file from :meth:`~Executor.results` as
each completes, in any order.  Executors are entries of one registry,
``{name: factory}``: gklint's own (``process``, ``serial``, ``dask``) and those
plugins return from the ``gklint_executors`` hook; a plugin's executor named
like a built-in one wins (the same precedence as readers and formatters).
``factory(config, jobs=, timeout=, on_start=)`` builds one; a factory with
``accepts_scheduler = True`` also takes ``scheduler=`` (``--scheduler``).
"""
from __future__ import annotations

import importlib
import os
from typing import Callable, Iterator, Optional, Protocol

from ..config import Config
from ..engine import FileResult
from ..findings import Finding, Severity
from ..hookspec import first_wins
from ..model import Location


class Executor(Protocol):
    def submit(self, path: str) -> None:
        """Queue one file."""

    def results(self) -> Iterator[FileResult]:
        """Yield a FileResult per submitted file as each completes."""

    def close(self, cancel: bool = False) -> None:
        """Release workers; ``cancel`` abandons unfinished files at once."""



class ExecutorError(Exception):
    """An executor that cannot start (unknown name, missing extra, unreachable scheduler)."""


def failure(path: str, rule_id: str, message: str, state: str, config: Config,
            seconds: float = 0.0) -> FileResult:
    """A file the executor could not get a result for."""
    from ..safetext import display_path

    path = display_path(path)
    names = {"GK990": "internal-error", "GK991": "file-timeout"}
    findings = []
    if config.selected(rule_id):
        findings.append(Finding(rule_id, Severity.ERROR, message, path, Location(),
                                rule_name=names.get(rule_id, ""), snippet=rule_id))
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    return FileResult(path, findings, format=ext, error=True, meta={"status": state},
                      seconds=seconds)



def _lazy(module: str, attr: str, accepts_scheduler: bool = False) -> Callable[..., Executor]:
    """A factory that imports its executor's module only when it is used."""
    def factory(config: Config, **options) -> Executor:
        return getattr(importlib.import_module(module), attr)(config, **options)

    factory.__name__ = f"{module}.{attr}"
    factory.accepts_scheduler = accepts_scheduler  # type: ignore[attr-defined]
    return factory


# gklint's own executors: the last entries of the registry (plugins come first).
EXECUTORS: dict[str, Callable[..., Executor]] = {
    "process": _lazy("gklint.batch.process", "ProcessExecutor"),
    "serial": _lazy("gklint.batch.local", "SerialExecutor"),
    "dask": _lazy("gklint.batch.dask_executor", "open_dask", accepts_scheduler=True),
}


def registry(linter) -> dict[str, Callable[..., Executor]]:
    """Every executor by name: the plugins' (``gklint_executors``), then the
    built-in ones; the first of a name wins."""
    groups = linter._call(linter.pm.hook.gklint_executors, shape=dict)
    return first_wins([*({k: v for k, v in g.items() if callable(v)} for g in groups), EXECUTORS])


def open_executor(linter, name: str, *, jobs: int = 0, timeout: float = 0,
                  on_start: Optional[Callable[[str], None]] = None,
                  scheduler: Optional[str] = None) -> Executor:
    """The executor ``name`` of the registry, started (ExecutorError if it cannot be)."""
    executors = registry(linter)
    factory = executors.get(name)
    if factory is None:
        raise ExecutorError(f"unknown executor {name!r} (known: {', '.join(sorted(executors))})")
    options: dict = {"jobs": jobs, "timeout": timeout, "on_start": on_start}
    if scheduler:
        if not getattr(factory, "accepts_scheduler", False):
            raise ExecutorError("--scheduler needs --executor dask")
        options["scheduler"] = scheduler
    return factory(linter.config, **options)


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
    from ..limits import proc_bytes

    return proc_bytes("/proc/meminfo", b"MemAvailable:")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


