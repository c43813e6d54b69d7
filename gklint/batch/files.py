"""Which files a run checks: the files named, and every file below the folders named."""
from __future__ import annotations

import os
from typing import Iterator

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def iter_files(paths: list[str], supported) -> Iterator[str]:
    """Files named on the command line, and the files found below folders,
    each once (``a.txt ./a.txt``, or a folder and a file in it, name one
    file): every file, supported or not, so that each is accounted for (an
    unsupported one is listed with GK913 by the engine).  ``supported`` is
    kept for callers that pass it.

    Symlinked folders are not followed (no loops); order is sorted and stable.
    """
    seen: set[str] = set()
    for path in _walk(paths, supported):
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            yield path


def _walk(paths: list[str], supported) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    if not name.startswith((".", "~$")):  # hidden files, Office lock files
                        yield full
        else:
            yield path
