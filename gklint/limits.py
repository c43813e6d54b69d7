"""Per-file limits: one submission may cost at most its own time and memory.

* Memory: a ceiling on the process's data segment (``RLIMIT_DATA``: heap and
  private mappings, what Python and the readers allocate), set once the
  linter is built, at what the process already uses plus ``file-memory-mb``.
  Past it an allocation fails with MemoryError, which the engine turns into
  a GK907 (reading) or GK990 (a rule) finding for that file alone; an audit
  worker that dies outright costs its file (GK990) and is replaced.  Memory
  a file used is freed before the next, so the ceiling holds per file.
* Time: an audit's parent kills a worker past ``file-timeout``; ``check``
  (one process, no workers, fast start for pre-commit) is interrupted by a
  SIGALRM timer instead, which stops any Python code; a C library call runs
  to its end first (the readers cap what they hand to C libraries).
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Optional

_MB = 1024 * 1024


class FileTimeout(BaseException):
    """A file ran past its time limit.  A BaseException, so that a rule's or
    a reader's ``except Exception`` cannot swallow it."""


def proc_bytes(path: str, key: bytes) -> Optional[int]:
    """The ``key: N kB`` line of a /proc file (Linux) in bytes, or None."""
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def data_in_use() -> Optional[int]:
    """Bytes of the data segment in use now (Linux), or None."""
    return proc_bytes("/proc/self/status", b"VmData:")


def set_memory_ceiling(megabytes: float) -> Optional[int]:
    """Let this process allocate ``megabytes`` more than it uses now.

    Returns the ceiling in bytes, or None where it cannot be set (no
    ``resource`` module, no /proc, a hard limit already lower)."""
    if not megabytes or megabytes <= 0:
        return None
    try:
        import resource
    except ImportError:  # Windows
        return None
    used = data_in_use()
    if used is None:
        return None
    ceiling = used + int(megabytes * _MB)
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY and hard < ceiling:
            ceiling = hard
        resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))
    except (ValueError, OSError):
        return None
    return ceiling


@contextlib.contextmanager
def memory_ceiling(megabytes: float):
    """:func:`set_memory_ceiling` for the time of a ``with`` block, then the
    previous limit back: ``gklint check`` called in-process (the tests, an
    editor's Python) must not leave its caller, and every program the caller
    starts later (a browser, LibreOffice), under the ceiling."""
    try:
        import resource

        previous = resource.getrlimit(resource.RLIMIT_DATA)
    except (ImportError, ValueError, OSError):
        resource = previous = None
    set_memory_ceiling(megabytes)
    try:
        yield
    finally:
        if previous is not None:
            try:
                resource.setrlimit(resource.RLIMIT_DATA, previous)
            except (ValueError, OSError):
                pass


def _raise_timeout(signum, frame):
    raise FileTimeout()


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise FileTimeout in this (main) thread after ``seconds``.  Without
    SIGALRM or off the main thread it does nothing."""
    if (not seconds or seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
