"""The parsed-pack cache: YAML is parsed once per pack text, never trusted
beyond what fresh YAML would be, and never in the way when it is broken."""
from __future__ import annotations

import json
import os

import pytest

from gklint import packcache
from gklint.builtin import packs_dir
from gklint.engine import Linter
from gklint.linting.packs import PackError, read_pack

CORE = os.path.join(packs_dir(), "core.yaml")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    return folder


def _count_yaml_parses(monkeypatch) -> list:
    from gklint.linting import packs

    calls = []
    real = packs._parse

    def counting(text, path):
        calls.append(path)
        return real(text, path)

    monkeypatch.setattr(packs, "_parse", counting)
    return calls


def test_a_pack_is_parsed_once_then_read_from_the_cache(cache, monkeypatch):
    calls = _count_yaml_parses(monkeypatch)
    first = read_pack(CORE)
    second = read_pack(CORE)
    assert calls == [CORE]
    assert second.data == first.data
    assert len(list(cache.glob("pack-*.json"))) == 1


def test_the_same_rules_with_and_without_the_cache(cache, monkeypatch):
    cold = Linter()
    warm = Linter()
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    uncached = Linter()
    for other in (warm, uncached):
        assert [(r.id, r.severity, r.summary) for r in other.rules] == \
            [(r.id, r.severity, r.summary) for r in cold.rules]


def test_an_edited_pack_is_parsed_again(cache, tmp_path, monkeypatch):
    calls = _count_yaml_parses(monkeypatch)
    pack = tmp_path / "mine.yaml"
    pack.write_text("rules: []\n", encoding="utf-8")
    read_pack(str(pack))
    pack.write_text("rules: []\ndescription: 改过\n", encoding="utf-8")
    assert read_pack(str(pack)).data["description"] == "改过"
    assert len(calls) == 2


def test_a_corrupt_cache_entry_is_ignored(cache, monkeypatch):
    read_pack(CORE)
    (entry,) = cache.glob("pack-*.json")
    entry.write_text("{not json", encoding="utf-8")
    calls = _count_yaml_parses(monkeypatch)
    assert read_pack(CORE).data["rules"]
    assert calls == [CORE]
    assert json.loads(entry.read_text(encoding="utf-8"))["data"]["rules"]  # rewritten


def test_an_entry_for_other_text_is_not_used(cache, tmp_path, monkeypatch):
    """Same name (length and CRC-32 collide), different text: parsed afresh."""
    pack = tmp_path / "mine.yaml"
    pack.write_text("description: 甲\nrules: []\n", encoding="utf-8")
    read_pack(str(pack))
    (entry,) = cache.glob("pack-*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["text"] = stored["text"].replace("甲", "乙")
    entry.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    calls = _count_yaml_parses(monkeypatch)
    assert read_pack(str(pack)).data["description"] == "甲"
    assert len(calls) == 1


def test_a_broken_pack_is_never_cached(cache, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PackError, match="bad.yaml:"):
            read_pack(str(bad))
    assert not cache.exists() or not list(cache.glob("pack-*.json"))


def test_yaml_that_json_cannot_hold_is_not_cached(cache, tmp_path):
    pack = tmp_path / "dated.yaml"
    pack.write_text("description: 2021-03-31\nrules: []\n", encoding="utf-8")
    data = read_pack(str(pack)).data
    assert str(data["description"]) == "2021-03-31"
    assert not cache.exists() or not list(cache.glob("pack-*.json"))


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(blocker / "cache"))  # under a file
    assert read_pack(CORE).data["rules"]


def test_no_cache_turns_it_off(cache, monkeypatch):
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    read_pack(CORE)
    assert not cache.exists()
    assert packcache.cache_dir() is None
