"""Baselines in-process, across several files: a fingerprint recorded for
one file never hides a finding of another; the file records exactly what it
says; broken baselines are refused with a reason."""
from __future__ import annotations

import io
import json
import os

import pytest

from helpers import SEED_000, SEED_004, linter, seed_text

from gklint import baseline


def results_for(folder, files: dict):
    out = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out.append(linter().check_file(str(path)))
    return out


def test_file_key_is_relative_with_forward_slashes(tmp_path):
    assert baseline.file_key(str(tmp_path / "r1" / "a.txt"), str(tmp_path)) == "r1/a.txt"
    assert baseline.file_key(str(tmp_path / "a.txt"), str(tmp_path / "r1")) == str(tmp_path / "a.txt")
    assert baseline.file_key(str(tmp_path), str(tmp_path / "r1")) == str(tmp_path)  # the parent itself
    # A sibling whose name starts with ".." is still inside the root.
    assert baseline.file_key(str(tmp_path / "..a.txt"), str(tmp_path)) == "..a.txt"


def test_written_baseline_records_each_file_sorted(tmp_path):
    results = results_for(tmp_path, {"b.txt": seed_text(SEED_004), "a.txt": seed_text(SEED_000)})
    base = tmp_path / "base.json"
    count = baseline.write(str(base), results, str(tmp_path))
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["gklint_baseline"] == 1 and list(data["files"]) == ["a.txt", "b.txt"]
    assert count == sum(len(r.findings) for r in results)
    for result, key in zip(results, ["b.txt", "a.txt"]):
        entries = data["files"][key]
        assert sorted(e["fingerprint"] for e in entries) == sorted(f.fingerprint() for f in result.findings)
        assert [(e["rule"], e["fingerprint"]) for e in entries] == sorted(
            (e["rule"], e["fingerprint"]) for e in entries)
        assert {e["message"] for e in entries} == {f.message for f in result.findings}
    written = base.read_text(encoding="utf-8")
    assert written.startswith('{\n "gklint_baseline": 1,\n "files": {\n  "a.txt": [\n   {\n')
    assert written.endswith("}\n") and "“冇”疑为误识别字符" in written  # readable, diffable
    assert baseline.load(str(base)) == {
        "a.txt": {f.fingerprint() for f in results[1].findings},
        "b.txt": {f.fingerprint() for f in results[0].findings}}


def test_a_file_without_findings_is_not_recorded(tmp_path):
    results = results_for(tmp_path, {"a.txt": seed_text(SEED_000)})
    results[0].findings = []
    base = tmp_path / "base.json"
    assert baseline.write(str(base), results, str(tmp_path)) == 0
    assert json.loads(base.read_text(encoding="utf-8"))["files"] == {}


def test_fingerprint_recorded_for_another_file_hides_nothing(tmp_path):
    # The same report under two names: its findings have the same fingerprints.
    results = results_for(tmp_path, {"old.txt": seed_text(), "new.txt": seed_text()})
    assert {f.fingerprint() for f in results[0].findings} == {f.fingerprint() for f in results[1].findings}
    known = {"old.txt": {f.fingerprint() for f in results[0].findings}}
    count = len(results[1].findings)
    removed = baseline.filter_results(results, known, str(tmp_path))
    assert removed == len(known["old.txt"])
    assert results[0].findings == [] and results[0].meta["baselined"] == removed
    assert len(results[1].findings) == count and "baselined" not in results[1].meta


def test_only_the_recorded_findings_are_dropped(tmp_path):
    results = results_for(tmp_path, {"a.txt": seed_text()})
    findings = list(results[0].findings)
    keep = [f for f in findings if f.rule_id == "GK301"]
    known = {"a.txt": {f.fingerprint() for f in findings if f.rule_id != "GK301"}}
    removed = baseline.filter_results(results, known, str(tmp_path))
    assert removed == len(findings) - len(keep)
    assert results[0].findings == keep and results[0].meta["baselined"] == removed


def test_apply_writes_then_hides_and_says_how_many(tmp_path):
    base = str(tmp_path / "base.json")
    results = results_for(tmp_path, {"a.txt": seed_text(), "b.txt": seed_text(SEED_004)})
    total = sum(len(r.findings) for r in results)
    err = io.StringIO()
    assert baseline.apply(results, base, write_mode=True, root=str(tmp_path), err=err) == total
    assert all(r.findings == [] for r in results)
    assert f"wrote {total} findings" in err.getvalue()
    again = results_for(tmp_path, {"a.txt": seed_text(), "b.txt": seed_text(SEED_004)})
    err = io.StringIO()
    assert baseline.apply(again, base, write_mode=False, root=str(tmp_path), err=err) == total
    assert f"{total} baselined findings hidden" in err.getvalue()
    assert all(r.findings == [] for r in again)
    err = io.StringIO()
    fresh = results_for(tmp_path, {"c.txt": seed_text()})
    assert baseline.apply(fresh, base, write_mode=False, root=str(tmp_path), err=err) == 0
    assert err.getvalue() == "" and fresh[0].findings


@pytest.mark.parametrize("content, reason", [
    ("not json", "无法读取基线文件"),
    ('{"gklint_baseline": 2, "files": {}}', "不是 gklint 基线文件"),
    ('{"gklint_baseline": 1, "files": []}', "不是 gklint 基线文件"),
    ('[1]', "不是 gklint 基线文件"),
])
def test_broken_baselines_are_refused(tmp_path, content, reason):
    base = tmp_path / "base.json"
    base.write_text(content, encoding="utf-8")
    with pytest.raises(baseline.BaselineError, match=reason):
        baseline.load(str(base))


def test_entries_without_a_fingerprint_are_ignored(tmp_path):
    base = tmp_path / "base.json"
    base.write_text('{"gklint_baseline": 1, "files": {"a.txt": [{"rule": "GK301"}, '
                    '{"fingerprint": "abc"}]}}', encoding="utf-8")
    assert baseline.load(str(base)) == {"a.txt": {"abc"}}


def test_apply_needs_a_path_and_an_existing_file(tmp_path):
    with pytest.raises(baseline.BaselineError) as exc:
        baseline.apply([], "", write_mode=True, root=str(tmp_path), err=io.StringIO())
    assert str(exc.value) == "--write-baseline 需要 --baseline FILE / --write-baseline needs --baseline FILE"
    missing = str(tmp_path / "none.json")
    with pytest.raises(baseline.BaselineError, match="no such baseline"):
        baseline.apply([], missing, write_mode=False, root=str(tmp_path), err=io.StringIO())
    assert not os.path.exists(missing)


def test_a_file_not_in_the_baseline_does_not_stop_the_others(tmp_path):
    results = results_for(tmp_path, {"new.txt": seed_text(SEED_004), "old.txt": seed_text()})
    known = {"old.txt": {f.fingerprint() for f in results[1].findings}}
    before = len(results[0].findings)
    assert baseline.filter_results(results, known, str(tmp_path)) == len(known["old.txt"])
    assert len(results[0].findings) == before and results[1].findings == []
