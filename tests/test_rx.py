"""The compiled-pattern cache (gklint.rx): a pattern rebuilt from the cache
matches exactly as a freshly compiled one, and any trouble with the cache
falls back to compiling."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import regex

from helpers import ROOT, SEED_000, SEED_004, seed_text

from gklint import rx


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    rx.reset_for_tests()
    yield tmp_path / "cache"
    rx.reset_for_tests()


def _matches(pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def _fill_cache(cache) -> dict:
    """Run gklint once in a fresh process: it writes the cache at exit."""
    env_cmd = [sys.executable, "-m", "gklint", "check", str(SEED_000)]
    import os

    env = {**os.environ, "GKLINT_CACHE_DIR": str(cache)}
    subprocess.run(env_cmd, cwd=ROOT, env=env, capture_output=True, check=False)
    (path,) = cache.glob("regex-*.json")
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def test_every_cached_pattern_matches_like_a_fresh_one(cache):
    stored = _fill_cache(cache)
    assert len(stored) >= 60  # the packs' and the checks' patterns
    texts = [seed_text(SEED_000), seed_text(SEED_004),
             "2021年3月15日 XX县 冇效 己经 1O件 l2条 3,要求 [bookmark: a] MERGEFORMAT 予以公开5件"]
    rx.reset_for_tests()
    for key in stored:
        flags, pattern = key.split("\0", 1)
        cached = rx.compile(pattern, int(flags))
        fresh = regex.compile(pattern, int(flags))
        assert cached.pattern == fresh.pattern and cached.flags == fresh.flags
        assert cached.groupindex == fresh.groupindex
        for text in texts:
            assert _matches(cached, text) == _matches(fresh, text), pattern


def test_a_damaged_cache_file_is_not_trusted(cache):
    """Opcodes changed on disk (the CRC no longer matches): the file is
    ignored and the pattern compiled afresh, never handed to the engine."""
    stored = _fill_cache(cache)
    (path,) = cache.glob("regex-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    key = next(iter(stored))
    data["entries"][key][1] = [99999, 1, 2]  # opcodes that would crash the engine
    path.write_text(json.dumps(data), encoding="utf-8")
    rx.reset_for_tests()
    flags, pattern = key.split("\0", 1)
    compiled = rx.compile(pattern, int(flags))
    assert _matches(compiled, seed_text(SEED_000)) == \
        _matches(regex.compile(pattern, int(flags)), seed_text(SEED_000))


def test_an_entry_of_the_wrong_shape_falls_back_to_compiling(cache):
    rx.reset_for_tests()
    store = rx._load()
    store["0\0" + r"(?P<n>\d+)件"] = [0, [1, 2]]  # too few fields: cannot be built
    assert rx.compile(r"(?P<n>\d+)件", 0).search("收到5件").group("n") == "5"


def test_a_corrupt_cache_file_is_ignored(cache):
    cache.mkdir(parents=True)
    (cache / f"regex-1-{regex.__version__}.json").write_text("{nonsense", encoding="utf-8")
    rx.reset_for_tests()
    assert rx.compile(r"\d+年").search("2021年").group() == "2021年"


def test_a_bad_pattern_still_raises_regex_error(cache):
    with pytest.raises(regex.error):
        rx.compile(r"(unclosed")


def test_no_cache_compiles_every_time(cache, monkeypatch):
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    rx.reset_for_tests()
    assert rx.compile(r"冇(?=效)").search("现行冇效").span() == (2, 3)
    assert not cache.exists()
