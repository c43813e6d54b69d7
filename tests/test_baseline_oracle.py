"""Baselines across several files, with oracle reports whose defects are
known: a fingerprint recorded for one file never hides a finding of another,
findings recorded stay hidden when lines move, and each new defect is
reported in the file it is in, once."""
from __future__ import annotations

import random

import oracle
from helpers import assert_read, linter

from gklint import baseline

FIG = oracle.make_figures(random.Random(21), "2021")
TEXT = oracle.write_report(FIG)
GARBLE, GARBLE_AT = oracle.plant_garble(FIG, TEXT)
PROMPT, _ = oracle.plant_placeholder(FIG, TEXT)
CELL, _ = oracle.plant_cell("r3.2", "business", 3)(FIG, TEXT)


def _check(folder, texts: dict) -> list:
    results = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        results.append(assert_read(linter().check_file(str(path))))
    return results


def _left(results) -> dict:
    return {r.path.rsplit("/", 1)[-1]: sorted(f.rule_id for f in r.findings) for r in results}


def test_a_fingerprint_recorded_for_one_file_does_not_hide_the_same_finding_in_another(tmp_path):
    base = tmp_path / "base.json"
    before = _check(tmp_path, {"a.txt": GARBLE, "b.txt": TEXT, "c.txt": PROMPT})
    assert baseline.write(str(base), before, str(tmp_path)) == 2
    # b now has the very garble a has (same rule, same text, same context).
    after = _check(tmp_path, {"a.txt": GARBLE, "b.txt": GARBLE, "c.txt": PROMPT})
    hidden = baseline.filter_results(after, baseline.load(str(base)), str(tmp_path))
    assert hidden == 2
    assert _left(after) == {"a.txt": [], "b.txt": ["GK301"], "c.txt": []}


def test_each_new_defect_is_reported_in_its_own_file_once(tmp_path):
    base = tmp_path / "base.json"
    before = _check(tmp_path, {"a.txt": GARBLE, "b.txt": PROMPT, "c.txt": TEXT})
    baseline.write(str(base), before, str(tmp_path))
    # a gains a wrong cell, b keeps its prompt, c gains a garble and a prompt.
    both = oracle.plant_placeholder(FIG, GARBLE)[0]
    after = _check(tmp_path, {"a.txt": oracle.plant_cell("r3.2", "business", 3)(FIG, GARBLE)[0],
                              "b.txt": PROMPT, "c.txt": both})
    baseline.filter_results(after, baseline.load(str(base)), str(tmp_path))
    assert _left(after) == {"a.txt": ["GK205"], "b.txt": [], "c.txt": ["GK301", "GK404"]}


def test_recorded_findings_stay_hidden_when_lines_move_in_every_file(tmp_path):
    base = tmp_path / "base.json"
    before = _check(tmp_path, {"a.txt": GARBLE, "b.txt": CELL})
    baseline.write(str(base), before, str(tmp_path))
    moved = {name: text.replace("一、总体情况\n\n", "一、总体情况\n\n新增的一段说明。\n\n", 1)
             for name, text in (("a.txt", GARBLE), ("b.txt", CELL))}
    after = _check(tmp_path, moved)
    assert [f.location.line for r in after for f in r.findings] != \
        [f.location.line for r in before for f in r.findings]
    baseline.filter_results(after, baseline.load(str(base)), str(tmp_path))
    assert _left(after) == {"a.txt": [], "b.txt": []}
