"""SARIF as GitHub code scanning takes it: ruleId, level, a location with a
repository-relative artifact and a startLine, rule help, and fingerprints
that track a finding between commits (stable across runs, unchanged when
unrelated lines move).  Every log is validated against the SARIF schema."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest

from helpers import ROOT, SARIF_SCHEMA, SEED_000, SEED_004, linter


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def sarif(validator, *paths, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", "-f", "sarif", *map(str, paths)],
                          capture_output=True, text=True, cwd=cwd, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    log = json.loads(proc.stdout)
    errors = list(validator.iter_errors(log))
    assert not errors, [e.message for e in errors[:3]]
    return log


def repo(tmp_path, texts: dict[str, str]):
    for name, text in texts.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def seeds() -> dict[str, str]:
    return {"reports/2021/a.txt": SEED_000.read_text(encoding="utf-8"),
            "reports/2021/b.txt": SEED_004.read_text(encoding="utf-8")}


def prints(log) -> dict[tuple[str, str], int]:
    """(uri, fingerprint) → startLine."""
    out = {}
    for r in log["runs"][0]["results"]:
        loc = r["locations"][0]["physicalLocation"]
        out[(loc["artifactLocation"]["uri"], r["partialFingerprints"]["gklint/v1"])] = \
            loc["region"]["startLine"]
    return out


def test_results_have_what_code_scanning_requires(validator, tmp_path):
    log = sarif(validator, "reports", cwd=repo(tmp_path, seeds()))
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    results = run["results"]
    assert len(results) >= 7  # seed 004's five blank cells are one result (issue 15)
    for r in results:
        assert r["ruleId"] in rules
        assert r["level"] in ("error", "warning", "note")
        assert r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert uri in ("reports/2021/a.txt", "reports/2021/b.txt")  # relative to the repo root
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert loc["region"]["startLine"] >= 1
        assert len(r["partialFingerprints"]["gklint/v1"]) == 32
    for rule_id in {r["ruleId"] for r in results}:
        rule = rules[rule_id]
        assert rule["shortDescription"]["text"] and rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["GK301"] == "error" and levels["GK210"] == "warning"


def test_fingerprints_are_stable_across_runs(validator, tmp_path):
    root = repo(tmp_path, seeds())
    assert prints(sarif(validator, "reports", cwd=root)) == prints(sarif(validator, "reports", cwd=root))


@pytest.mark.parametrize("where", ["top", "middle"])
def test_fingerprints_survive_unrelated_lines_moving(validator, tmp_path, where):
    before = prints(sarif(validator, "reports", cwd=repo(tmp_path / "before", seeds())))
    moved = seeds()
    inserted = "\n这是新增的一段说明文字，与任何问题无关。\n" * 3
    for name, text in moved.items():
        if where == "top":  # right after the title line
            cut = text.index("\n") + 1
        else:  # inside section 一, above everything the rules flag in a.txt except its debris
            cut = text.index("（二）")
        moved[name] = text[:cut] + inserted + text[cut:]
    after = prints(sarif(validator, "reports", cwd=repo(tmp_path / "after", moved)))
    assert set(after) == set(before)
    shifted = [key for key in before if after[key] != before[key]]
    assert shifted, "the inserted lines must move some findings"
    assert all(after[key] == before[key] + inserted.count("\n") for key in shifted)


def test_identical_garbles_get_distinct_fingerprints(validator, tmp_path):
    text = SEED_000.read_text(encoding="utf-8") + "\n本机关冇收费项目。\n本机关冇其他事项。\n"
    log = sarif(validator, "a.txt", cwd=repo(tmp_path, {"a.txt": text}))
    garbles = [r["partialFingerprints"]["gklint/v1"] for r in log["runs"][0]["results"]
               if r["ruleId"] == "GK301"]
    assert len(garbles) == 3 and len(set(garbles)) == 3


def test_file_outside_the_repository_gets_a_file_uri(validator, tmp_path):
    inside = tmp_path / "repo"
    inside.mkdir()
    outside = repo(tmp_path / "elsewhere", {"a.txt": SEED_000.read_text(encoding="utf-8")})
    log = sarif(validator, outside / "a.txt", cwd=inside)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}
    assert uris == {(outside / "a.txt").as_uri()}
    assert all("uriBaseId" not in r["locations"][0]["physicalLocation"]["artifactLocation"]
               for r in log["runs"][0]["results"])


def test_unreadable_file_is_a_file_level_result(validator, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    log = sarif(validator, "empty.txt", cwd=tmp_path)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "GK902"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1 and "startColumn" not in region and "endLine" not in region


def test_docx_cell_findings_are_file_level_with_the_cell_named(validator, tmp_path):
    if ".docx" not in linter().readers:
        pytest.skip("no .docx reader installed (gklint.readers.docx)")
    from makefiles import seed_to_docx

    seed_to_docx(str(tmp_path / "b.docx"), SEED_004.read_text(encoding="utf-8"))
    log = sarif(validator, "b.docx", cwd=tmp_path)
    blanks = [r for r in log["runs"][0]["results"] if r["ruleId"] == "GK210"]
    assert len(blanks) == 1 and len(blanks[0]["relatedLocations"]) == 5  # one finding, five cells
    for r in blanks:
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert r["message"]["text"].startswith("[") and "表四" in r["message"]["text"]
        assert r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("表四")
