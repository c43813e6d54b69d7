"""A cache of parsed rule packs, so YAML is not re-parsed on every call.

Parsing the built-in packs with ruamel.yaml took 0.2 s of a 0.5 s
``gklint check`` (a pre-commit hook pays that on every commit); reading the
same data back from JSON takes about a millisecond.

An entry is named by gklint's version and the text's length and CRC-32, and
holds the text itself, which must equal the pack's: an edited pack or a new
gklint never meets a stale entry, and no hash library is loaded to check.  Only what YAML
parsed is cached (plain dicts, lists, strings, numbers), as JSON: loading a
cache file cannot build objects or run code, and whatever it holds still goes
through the same validation as freshly parsed YAML.  A pack that fails to
parse is never cached.  The cache lives in ``$GKLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/gklint``, else ``~/.cache/gklint``; ``GKLINT_NO_CACHE=1``
turns it off.  Any problem with it (read-only home, a corrupt entry) just
means parsing the YAML again.
"""
from __future__ import annotations

import json
import os
import stat
import zlib
from typing import Any, Optional

from . import __version__

_FORMAT = "1"  # bump when the cached data's meaning changes


def cache_dir() -> Optional[str]:
    if os.environ.get("GKLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    folder = os.environ.get("GKLINT_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "gklint")
    return folder if _private(folder) else None


_checked: dict[str, bool] = {}


def _private(folder: str) -> bool:
    """Is ``folder`` this user's own, writable by no one else?  Created so
    when missing.  The regex cache holds opcodes the C engine runs without
    checking: whoever could write them could crash gklint or make it pass
    anything, so a folder another user owns or may write to (a shared
    GKLINT_CACHE_DIR, a group-writable ~/.cache) turns the cache off."""
    known = _checked.get(folder)
    if known is not None:
        return known
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        ok = stat.S_ISDIR(st.st_mode) and not st.st_mode & 0o022 and \
            (not hasattr(os, "getuid") or st.st_uid == os.getuid())
    except OSError:
        ok = False
    _checked[folder] = ok
    return ok


def trusted(fh) -> bool:
    """Is the open cache file ``fh`` this user's, writable by no one else?"""
    if not hasattr(os, "getuid"):
        return True
    try:
        st = os.fstat(fh.fileno())
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def _entry(text: str) -> Optional[str]:
    folder = cache_dir()
    if folder is None:
        return None
    crc = zlib.crc32(text.encode("utf-8"))
    return os.path.join(folder, f"pack-{_FORMAT}-{__version__}-{len(text)}-{crc:08x}.json")


def get(text: str) -> Optional[dict]:
    """The parsed data of a pack with this text, if cached."""
    entry = _entry(text)
    if entry is None:
        return None
    try:
        with open(entry, encoding="utf-8") as fh:
            if not trusted(fh):
                return None
            cached = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("text") != text:
        return None
    data = cached.get("data")
    return data if isinstance(data, dict) else None


def put(text: str, data: Any) -> None:
    """Store parsed data, when JSON gives it back unchanged (YAML may also
    hold dates, sets or non-string keys: such a pack is simply not cached)."""
    entry = _entry(text)
    if entry is None:
        return
    try:
        encoded = json.dumps({"text": text, "data": data}, ensure_ascii=False)
        if json.loads(encoded)["data"] != data:
            return
        write_atomic(entry, encoded)
    except (OSError, TypeError, ValueError, RecursionError):
        return


def write_atomic(path: str, text: str) -> None:
    """Write a cache file so that a concurrent reader sees all of it or none."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
