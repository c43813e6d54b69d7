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
_DOC_HEADING = re.compile("|".join(re.escape(h) for part in DOC_PARTS for h in part))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# The small words of an English sentence: a Chinese paragraph that names a
# program or an option (apt-get install libreoffice-writer) has none of them.
_ENGLISH_WORDS = re.compile(r"\b(?:the|an|and|or|of|in|on|to|is|are|was|be|its|that|which|"
                            r"with|for|by|not|from|this|each|every|when|where)\b", re.I)


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


def _english_parts(doc: str) -> list[str]:
    """The parts (what, why, fix) whose first paragraph is not Chinese prose.
    The example may be a literal (a directive, a path); English may follow
    the Chinese as a second paragraph."""
    bodies = _DOC_HEADING.split(doc)[1:]
    english = []
    for name, body in zip(("what", "why", "example", "fix"), bodies):
        first = body.strip().split("\n\n")[0]
        if name != "example" and (not _HAN.search(first) or _ENGLISH_WORDS.search(first)):
            english.append(name)
    return english


def test_every_rule_doc_is_written_in_chinese():
    # The readers are report authors and inspectors: explain, SARIF help and
    # docs/rules.md show these docs, so an English-only doc must not come back.
    from gklint.engine import Linter

    english = {rule.id: parts for rule in Linter().all_rules.values()
               if (parts := _english_parts(rule.doc or ""))}
    assert not english, english


def test_chinese_doc_check_tells_english_from_chinese():
    english = ("What it finds:\nA mandatory section (一、总体情况) is missing.\n\n"
               "Why it matters:\nThe format fixes six sections.\n\nExample:\nseed 000\n\n"
               "Fix:\nAdd the heading line, e.g. 三、收到和处理政府信息公开申请情况.")
    chinese = ("它查什么：\n缺少规定的六个部分之一。\n\n为什么重要：\n格式规定了六个部分。\n\n"
               "示例：\nsubmissions/a.txt -> /etc/passwd\n\n修改方法：\n安装 LibreOffice（apt-get "
               "install libreoffice-writer）。\n\n(English) Install LibreOffice, then run it again.")
    assert _english_parts(english) == ["what", "why", "fix"]
    assert _english_parts(chinese) == []
