"""How far a directive reaches, table-driven on an oracle report with the
same garble planted on several lines in a row: each directive hides exactly
the findings of the lines it names, of the rules it names, and nothing else."""
from __future__ import annotations

import pytest

import oracle
from helpers import assert_read, check_text

_, TEXT = oracle.valid_report(3, "2021")
# Three paragraphs of 五 in a row, each with a garble (冇) and the third also
# with a template prompt; blank lines between, as the report has them.
LINES = ["一是内容更新还冇差距。", "二是工作机制还冇差距。", "三是信息目录还冇差距【请填写】。"]
ANCHOR = "（二）改进措施。"


def _report(before: dict = (), trailing: dict = (), sep: str = "\n\n") -> str:
    """The report with LINES before ``ANCHOR``; ``before[i]`` a directive line
    put above LINES[i], ``trailing[i]`` a comment put at its end."""
    before, trailing = dict(before), dict(trailing)
    block = []
    for i, line in enumerate(LINES):
        if i in before:
            block.append(before[i])
        block.append(line + trailing.get(i, ""))
    return TEXT.replace(ANCHOR, sep.join(block) + "\n\n" + ANCHOR, 1)


def _where(text: str, name: str = "report.md") -> list[tuple]:
    """(rule, which of LINES) of every finding on LINES."""
    result = assert_read(check_text(text, name))
    lines = text.split("\n")
    out = []
    for f in result.findings:
        line = lines[f.location.line - 1]
        index = next((i for i, x in enumerate(LINES) if line.startswith(x[:4])), None)
        out.append((f.rule_id, index))
    return sorted(out)


ALL = [("GK301", 0), ("GK301", 1), ("GK301", 2), ("GK404", 2)]


def test_without_directives_every_planted_defect_is_found():
    assert _where(_report()) == ALL


@pytest.mark.parametrize("target", [0, 1, 2])
@pytest.mark.parametrize("sep", ["\n", "\n\n"], ids=["adjacent", "blank-between"])
def test_disable_next_line_hides_only_the_next_line(target, sep):
    directive = "<!-- gklint: disable-next-line=GK301 -->"
    found = _where(_report({target: directive}, sep=sep))
    assert found == [x for x in ALL if x != ("GK301", target)]


@pytest.mark.parametrize("target", [0, 1, 2])
def test_disable_line_hides_only_its_own_line(target):
    found = _where(_report(trailing={target: "<!-- gklint: disable-line=GK301 -->"}))
    assert found == [x for x in ALL if x != ("GK301", target)]


def test_a_directive_names_its_rules_only():
    found = _where(_report({2: "<!-- gklint: disable-next-line=GK404 -->"}))
    assert found == [("GK301", 0), ("GK301", 1), ("GK301", 2)]
    found = _where(_report({2: "<!-- gklint: disable-next-line=GK301,GK404 -->"}))
    assert found == [("GK301", 0), ("GK301", 1)]


def test_a_file_wide_directive_hides_its_rule_everywhere_and_nothing_else():
    text = "<!-- gklint: disable=GK301 -->\n" + _report()
    assert _where(text) == [("GK404", 2)]


def test_a_text_marker_line_reaches_the_next_line_only():
    found = _where(_report({1: "# gklint: disable-next-line=GK301"}, sep="\n"), "report.txt")
    assert found == [("GK301", 0), ("GK301", 2), ("GK404", 2)]
