"""SARIF 2.1.0 output: valid against the official schema, with rules, regions,
table-cell logical locations and fixes."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from helpers import ROOT, SARIF_SCHEMA, SEED_000, SEED_004


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def run_sarif(*paths, cwd=ROOT):
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", "-f", "sarif", *map(str, paths)],
                          capture_output=True, text=True, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_seeds_sarif_is_schema_valid(validator):
    log = run_sarif(SEED_000, SEED_004)
    errors = sorted(validator.iter_errors(log), key=lambda e: e.path)
    assert not errors, [e.message for e in errors[:5]]
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"GK101", "GK201", "GK301", "GK401", "GK901"} <= set(rules)
    assert "What it finds" in rules["GK301"]["help"]["text"]
    assert rules["GK301"]["helpUri"].startswith("https://")
    results = run["results"]
    by_rule = {}
    for r in results:
        by_rule.setdefault(r["ruleId"], []).append(r)
    garble = by_rule["GK301"][0]
    loc = garble["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "fixtures/seeds/000_7097c5c10f7e9ea9.txt"
    assert loc["region"]["startLine"] == 15 and loc["region"]["startColumn"] == 4
    replacement = garble["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "有"
    blank = by_rule["GK210"][0]
    logical = blank["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "表四 / 行政复议、行政诉讼 / 行政复议 结果维持"
    # the one blank-cell finding carries each blank cell as a related location
    related = blank["relatedLocations"]
    assert len(related) == 5 and related[-1]["logicalLocations"][0]["fullyQualifiedName"] \
        == "表四 / 行政复议、行政诉讼 / 行政复议 总计"
    assert [r["physicalLocation"]["region"]["startColumn"] for r in related] == [1, 2, 3, 4, 5]
    assert all(r["partialFingerprints"]["gklint/v1"] for r in results)
    assert len({r["partialFingerprints"]["gklint/v1"] for r in results}) == len(results)
    assert all(r["ruleIndex"] == list(rules).index(r["ruleId"]) for r in results)


def test_unreadable_file_sarif_is_valid(validator, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    log = run_sarif(tmp_path / "empty.txt", cwd=tmp_path)
    assert not list(validator.iter_errors(log))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["GK902"]
