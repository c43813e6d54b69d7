"""Compiled regular expressions, cached across runs.

gklint compiles about ninety patterns (rule packs and the checks' own) on
every start, and the ``regex`` module's compiler is pure Python: about 50 ms,
a third of a ``gklint check`` that a pre-commit hook runs on every commit.
The compiler's output is plain data (a list of opcodes and a few tables), so
it is kept in the user's cache folder (see gklint.packcache) and handed
straight to the C engine the next time.

This reaches into ``regex`` internals (``regex._main._regex.compile`` and the
arguments ``regex.compile`` passes it), so it is guarded at every step:

* entries are keyed by the ``regex`` version, the pattern and its flags; a
  new ``regex`` release starts a new cache file;
* what is cached is only what this process's own ``regex.compile`` produced
  for the same pattern, captured on its way to the C engine; a capture that
  does not match the pattern asked for is dropped;
* the file carries a CRC-32 of its entries and is ignored when it does not
  match: the engine trusts its opcodes, and damaged ones (a disk error, a
  hand edit) could crash it, where a missing entry only costs a compile;
* the cache folder and file must be the user's own and writable by no one
  else (gklint.packcache), or the cache is not used: a CRC stops accidents,
  not someone who can write the folder and recompute it;
* any failure reading, reviving or building falls back to ``regex.compile``;
  ``GKLINT_NO_CACHE=1`` turns the cache off;
* tests compare every cached pattern with a freshly compiled one on the seeds.

The cache file is JSON (opcodes and group names: no objects, no code) and is
written once per process, atomically, only when a pattern was new.
"""
from __future__ import annotations

import atexit
import json
import os
import threading
from typing import Any, Optional

import regex

_lock = threading.Lock()
_store: Optional[dict[str, list]] = None
_dirty = False
_FORMAT = "1"


def compile(pattern: str, flags: int = 0):
    """``regex.compile(pattern, flags)``, from the cache when possible."""
    store = _load()
    key = f"{int(flags)}\0{pattern}"
    entry = store.get(key)
    if entry is not None:
        built = _build(pattern, entry)
        if built is not None:
            return built
    return _compile_and_keep(pattern, flags, key, store)


def _engine():
    from regex import _main

    return _main


def _build(pattern: str, entry: list):
    try:
        (flags, code, group_index, index_group, req_offset, req_chars, req_flags,
         group_count) = entry
        index_group = {int(k): v for k, v in index_group.items()}
        req = tuple(req_chars) if req_chars is not None else None
        return _engine()._regex.compile(pattern, regex.RegexFlag(flags), code, group_index,
                                        index_group, {}, [], req_offset, req, req_flags,
                                        group_count)
    except Exception:  # a changed engine or a damaged entry: compile afresh
        return None


def _compile_and_keep(pattern: str, flags: int, key: str, store: dict):
    """Compile with ``regex``, capturing what its compiler hands the engine."""
    global _dirty
    main = _engine()
    real = getattr(main, "_regex", None)
    if real is None or store is _DISABLED:
        return regex.compile(pattern, flags)
    captured: list = []

    class _Capture:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def compile(self, *args):  # noqa: A003 - the engine's own name
            captured.append(args)
            return real.compile(*args)

    with _lock:
        main._regex = _Capture()
        try:
            compiled = regex.compile(pattern, flags)
        finally:
            main._regex = real
    entry = _entry_from(pattern, captured)
    if entry is not None:
        store[key] = entry
        if not _dirty:
            _dirty = True
            atexit.register(_save)
    return compiled


def _entry_from(pattern: str, captured: list) -> Optional[list]:
    """The JSON-able arguments of one capture of ``pattern`` (None if unsure)."""
    if len(captured) != 1:
        return None
    args = captured[0]
    if len(args) != 11 or args[0] != pattern:
        return None
    (_p, flags, code, group_index, index_group, named_lists, named_list_indexes,
     req_offset, req_chars, req_flags, group_count) = args
    if named_lists or named_list_indexes:
        return None
    entry = [int(flags), list(code), dict(group_index),
             {str(k): v for k, v in index_group.items()}, req_offset,
             list(req_chars) if req_chars is not None else None, req_flags, group_count]
    try:  # only plain data survives a round trip through JSON unchanged
        if json.loads(json.dumps(entry)) != entry:
            return None
    except (TypeError, ValueError):
        return None
    return entry


_DISABLED: dict = {}


def _path() -> Optional[str]:
    from .packcache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    return os.path.join(folder, f"regex-{_FORMAT}-{regex.__version__}.json")


def _load() -> dict:
    global _store
    if _store is not None:
        return _store
    path = _path()
    if path is None:
        _store = _DISABLED
        return _store
    _store = _read_verified(path)
    return _store


def _read_verified(path: str) -> dict:
    """The entries of a cache file whose CRC matches them, else nothing."""
    try:
        from .packcache import trusted

        with open(path, encoding="utf-8") as fh:
            if not trusted(fh):  # another user's file, or one others may write
                return {}
            data = json.load(fh)
        entries = data.get("entries") if isinstance(data, dict) else None
        if isinstance(entries, dict) and data.get("crc") == _crc(entries):
            return entries
    except (OSError, ValueError, TypeError):
        pass
    return {}


def _crc(entries: dict) -> int:
    import zlib

    return zlib.crc32(json.dumps(entries, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def _save() -> None:
    from .packcache import write_atomic

    path = _path()
    if path is None or not _store:
        return
    try:
        # Merge with what other processes wrote meanwhile (audit workers).
        merged = {**_read_verified(path), **_store}
        write_atomic(path, json.dumps({"crc": _crc(merged), "entries": merged},
                                      ensure_ascii=False, separators=(",", ":")))
    except (OSError, TypeError, ValueError):
        pass


def reset_for_tests() -> None:
    """Forget the in-memory store (tests switch cache folders)."""
    global _store, _dirty
    _store, _dirty = None, False
