"""Writing report files (-o, --csv, --html, baselines) safely.

Each output is checked before any work is done (a folder that does not exist
or cannot be written, a folder given as a file, an input file given as the
output) and written through a temporary file in the same folder that is
renamed into place, or removed when writing fails (a full disk): the user
gets one line and exit code 2, never a traceback, a half-written file or a
stray ``.tmp``.
"""
from __future__ import annotations

import contextlib
import os
from typing import Callable, Iterable, Optional


class OutputError(Exception):
    """An output file that cannot, or must not, be written."""


def preflight(outputs: Iterable[Optional[str]], inputs: Iterable[str] = ()) -> None:
    """Refuse outputs that cannot be written, or that are one of ``inputs``."""
    wanted = [p for p in outputs if p]
    if not wanted:
        return
    existing = [p for p in inputs if os.path.exists(p)]
    for path in wanted:
        folder = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise OutputError(f"{path}: 是文件夹，不能作为输出文件 / is a folder, not a file")
        if not os.path.isdir(folder):
            raise OutputError(f"{path}: 输出文件夹不存在 / the folder does not exist")
        if not os.access(folder, os.W_OK | os.X_OK) or (
                os.path.exists(path) and not os.access(path, os.W_OK)):
            raise OutputError(f"{path}: 没有写入权限 / cannot write here (permission denied)")
        if os.path.exists(path) and any(_same(path, p) for p in existing):
            raise OutputError(f"{path}: 输出文件是被检查的输入文件，拒绝覆盖 / "
                              "is one of the files being checked; refusing to overwrite it")


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path: str, write: Callable, newline: Optional[str] = None) -> None:
    """``write(stream)`` into ``path`` through a temporary file renamed into
    place; any OSError (a full disk, a folder removed meanwhile) becomes an
    OutputError and leaves neither the temporary nor a partial file."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
            write(fh)
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"{path}: 写入失败 / cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
