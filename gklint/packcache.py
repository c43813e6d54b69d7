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
    return folder


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
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
