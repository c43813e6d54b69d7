"""The public plugin API (gklint.__all__), the README's plugin example run as
written, and the four-part doc every rule must carry (what, why, example, fix)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import gklint
from helpers import ROOT, SEED_000, line_of, linter

# The four parts, each headed in English or in Chinese (as rule docs written
# in Chinese first are, e.g. GK940).
DOC_PARTS = (("What it finds:", "它查什么："), ("Why it matters:", "为什么重要："),
             ("Example:", "示例："), ("Fix:", "修改方法："))


def test_every_public_name_resolves_to_its_defining_object():
    from gklint.findings import Finding, Severity
    from gklint.model import Document, Span
    from gklint.linting.rule import Rule

    assert gklint.Rule is Rule and gklint.Severity is Severity and gklint.Span is Span
    assert gklint.Document is Document and gklint.Finding is Finding
    for name in gklint.__all__:
        assert getattr(gklint, name) is not None, name
    assert set(gklint.__all__) <= set(dir(gklint))
    with pytest.raises(AttributeError):
        gklint.NoSuchThing  # noqa: B018


def test_importing_gklint_alone_loads_no_rule_machinery():
    # Workers and the pre-commit hook import gklint first: the lazy names must
    # not pull the engine in at import time.
    code = "import sys, gklint; print(sorted(m for m in ('gklint.linting.rule', 'gklint.engine', 'gklint.model') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _readme_plugin() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(# my_gklint_plugin\.py\n.*?)```", readme, re.S)
    assert len(blocks) == 1, "the README's plugin example is gone or duplicated"
    return blocks[0]


def test_readme_plugin_example_runs_as_written(tmp_path):
    (tmp_path / "my_gklint_plugin.py").write_text(_readme_plugin(), encoding="utf-8")
    text = SEED_000.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况會", 1)
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    run = lambda *extra: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "gklint", "check", "report.txt", "-f", "json", *extra],
        cwd=tmp_path, capture_output=True, text=True)
    with_plugin, without = run("--plugin", "my_gklint_plugin"), run()
    assert with_plugin.returncode == 1, with_plugin.stderr
    found = [f for f in json.loads(with_plugin.stdout)["files"][0]["findings"] if f["rule"] == "GK801"]
    line, column = line_of(text, "會")
    assert [(f["message"], f["location"]["line"], f["location"]["column"]) for f in found] == [
        ("“會”应为“会”", line, column)]
    assert "GK801" not in without.stdout


def test_every_rule_has_a_four_part_doc():
    heading = re.compile("|".join(re.escape(h) for part in DOC_PARTS for h in part))
    missing = {}
    for rule in linter().rules:
        doc = rule.doc or ""
        gaps = [part[0] for part in DOC_PARTS if not any(h in doc for h in part)]
        # each part must say something, not just stand as a heading
        bodies = heading.split(doc)[1:]
        if gaps or len(bodies) < 4 or not all(b.strip() for b in bodies[:4]):
            missing[rule.id] = gaps or "an empty part"
    assert not missing, missing
