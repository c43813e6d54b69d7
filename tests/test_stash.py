"""Per-document facts live in Document.stash under typed keys; Document.meta
keeps only what the reader learned; cross-file facts come through the
gklint_batch_facts hook."""
from __future__ import annotations


import pytest

from gklint.analysis.signature import SIGNATURE
from gklint.analysis.tablegeometry import RAW_ENTRIES
from gklint.analysis.years import YEAR_EVIDENCE
from gklint.config import Config
from gklint.engine import Linter
from gklint.stash import Stash, StashKey

from helpers import SEED_000, SEED_004, importable_plugin, linter


def test_stash_keys_are_distinct_objects_even_with_one_name():
    stash = Stash()
    a, b = StashKey[int]("n"), StashKey[int]("n")
    stash[a] = 1
    assert a in stash and b not in stash
    assert stash.get(b, None) is None and stash[a] == 1
    assert stash.setdefault(b, 2) == 2 and stash.setdefault(b, 3) == 2
    del stash[a]
    assert a not in stash and len(stash) == 1
    with pytest.raises(KeyError):
        stash[a]


@pytest.mark.parametrize("seed", [SEED_000, SEED_004])
def test_after_a_check_meta_holds_only_what_the_reader_learned(seed):
    lint = linter()
    data = seed.read_bytes()
    doc = lint.readers[".txt"].read(str(seed), data, lint.read_options)
    read_keys = set(doc.meta)
    lint.check_document(doc)
    assert set(doc.meta) == read_keys  # analysis and rules wrote nothing there
    assert doc.year == 2021 and doc.form is not None and doc.form.version == "2021"
    # The caches the rules share were filled once, in the stash.
    assert RAW_ENTRIES in doc.stash and YEAR_EVIDENCE in doc.stash
    assert doc.stash[SIGNATURE] is not None


PLUGIN = '''
from gklint import hookimpl


@hookimpl
def gklint_batch_facts(doc):
    return {"paragraphs": sum(1 for _ in doc.paragraphs()), "year": "plugin"}
'''


@pytest.fixture
def facts_plugin(tmp_path, monkeypatch):
    yield from importable_plugin(tmp_path, monkeypatch, "gk_facts_plugin", PLUGIN)


def test_batch_facts_come_from_the_hook_and_a_plugin_adds_its_own(facts_plugin):
    plain = linter().check_file(str(SEED_000))
    assert plain.meta["body"] == "安泽县人民政府"  # gklint's own cross-year facts
    assert plain.meta["table3_carried"]["value"] == "0" and "paragraphs" not in plain.meta
    lint = Linter(Config(plugins=[facts_plugin]))
    doc = lint.readers[".txt"].read(str(SEED_000), SEED_000.read_bytes(), lint.read_options)
    result = lint.check_file(str(SEED_000))
    assert result.meta["paragraphs"] == len(list(doc.paragraphs())) > 10
    assert result.meta["body"] == "安泽县人民政府"
    assert result.meta["year"] == "plugin"  # a later plugin's key replaces an earlier one's
