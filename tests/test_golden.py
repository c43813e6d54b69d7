"""The seeds and single-defect variants of them, against golden findings.

Each variant changes one thing in a seed (a number, a heading, a placeholder,
a garble); the test asserts the new finding is at the changed line and that
nothing else changed.  The full findings are also compared with golden
files under fixtures/golden/.  After an intended change in rules, review the
diff and regenerate with:  GKLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import json
import os

import pytest

from helpers import FIXTURES, SEED_000, SEED_004, assert_read, check_text, compact, line_of, seed_text

GOLDEN = FIXTURES / "golden"


def _replace_line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


def _variants():
    s000, s004 = seed_text(SEED_000), seed_text(SEED_004)
    lines000 = s000.split("\n")
    # (七)总计 / 总计 of table 3 in seed 000 is the 7th value after its label.
    r7 = lines000.index("\t（七）总计")
    total_line = r7 + 1 + 7  # 1-based line of the 总计 cell
    assert lines000[total_line - 1] == "\t1"
    # One changed cell breaks its row and its column: one finding (GK205)
    # names the cell and its value, not three (issue 15).
    yield ("000-total-changed", _replace_line(s000, total_line, "\t3"),
           {("GK205", total_line)}, SEED_000)
    l77 = s004.split("\n")[76]
    assert l77.endswith("\t0")
    yield ("004-table4-total-changed", _replace_line(s004, 77, l77[:-1] + "2"),
           {("GK204", 77)}, SEED_004)
    heading = line_of(s000, "五、存在的主要问题及改进情况")[0]
    six = line_of(s000, "六、其他需要报告的事项")[0]
    yield ("000-heading-removed", _replace_line(s000, heading, "2021年的问题如下。"),
           {("GK101", six)}, SEED_000)
    yield ("004-placeholder", s004.replace("临渭区阎村镇人民政府", "XX镇人民政府", 1),
           {("GK401", 3)}, SEED_004)
    yield ("004-garble", s004.replace("我镇高度重视", "我镇己经高度重视", 1),
           {("GK303", 15)}, SEED_004)
    yield ("000-date-garble", s000.replace("2022年2月15日", "2022年2月15曰"),
           {("GK302", line_of(s000, "2022年2月15日")[0])}, SEED_000)


VARIANTS = list(_variants())


def _golden_check(name: str, findings) -> None:
    data = [f.to_dict() for f in findings]
    for d in data:
        d["path"] = "report.txt"
    path = GOLDEN / f"{name}.json"
    if os.environ.get("GKLINT_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert data == expected, (f"findings differ from {path}; if the change is intended, "
                              "regenerate with GKLINT_UPDATE_GOLDEN=1")


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=["000", "004"])
def test_seed_golden(seed):
    result = check_text(seed_text(seed))
    _golden_check(seed.name[:3], result.findings)


def test_seed_000_expected_findings():
    text = seed_text(SEED_000)
    findings = check_text(text).findings
    found = compact(findings)
    # Sections 三 and 四: their tables are there, their headings are not.
    missing = [f for f in findings if f.rule_id == "GK101"]
    assert [m.message for m in missing] == [
        "缺少标题“三、收到和处理政府信息公开申请情况”（该部分的表格在此处，但没有标题）",
        "缺少标题“四、政府信息公开行政复议、行政诉讼情况”（该部分的表格在此处，但没有标题）"]
    assert missing[0].location.line == line_of(text, "（本列数据的勾稽关系")[0]
    assert missing[1].location.line == line_of(text, "\t行政复议")[0]
    # 冇 at its exact line and column, with the fix 有.
    garble = [f for f in findings if f.rule_id == "GK301"]
    assert len(garble) == 1
    line, col = line_of(text, "冇")
    assert (garble[0].location.line, garble[0].location.column) == (line, col)
    assert garble[0].fix[0].replacement == "有"
    assert text[garble[0].fix[0].span.start] == "冇"
    # Bookmark debris, both of them.
    debris = [f for f in findings if f.rule_id == "GK310"]
    assert [f.location.line for f in debris] == [line_of(text, "[bookmark: bookmark16]")[0],
                                                line_of(text, "[bookmark: _GoBack]")[0]]
    # Its tables add up: no arithmetic finding.
    assert not [f for f in found if f[0] in ("GK201", "GK202", "GK203", "GK204")]


def test_seed_004_expected_findings():
    text = seed_text(SEED_004)
    findings = assert_read(check_text(text)).findings
    assert not [f for f in findings if f.rule_id in ("GK101", "GK102")]
    # The five blank 行政复议 cells are one finding (issue 15) that lists
    # them, each cell a related location.
    blanks = [f for f in findings if f.rule_id == "GK210"]
    assert len(blanks) == 1
    cells = blanks[0].related
    assert [(loc.table, loc.column_label) for loc in cells] == [
        ("表四", "行政复议 结果维持"), ("表四", "行政复议 结果纠正"), ("表四", "行政复议 其他结果"),
        ("表四", "行政复议 尚未审结"), ("表四", "行政复议 总计")]
    assert {loc.line for loc in cells} == {77}
    assert [loc.column for loc in cells] == [1, 2, 3, 4, 5]
    assert blanks[0].location == cells[0]
    assert not [f for f in findings if f.rule_id.startswith("GK20")]


@pytest.mark.parametrize("name,text,new,seed", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_variant_adds_exactly_its_finding(name, text, new, seed):
    base = compact(check_text(seed_text(seed)).findings)
    findings = check_text(text).findings
    _golden_check(name, findings)
    added = [f for f in compact(findings) if f not in base]
    removed = [f for f in base if f not in compact(findings)]
    assert {(a[0], a[1]) for a in added} == new
    # A removed heading may only move the location of another GK101; nothing else changes.
    assert all(r[0] == "GK101" for r in removed) and len(removed) <= len(
        [a for a in added if a[0] == "GK101"])


def test_changed_total_message_has_expected_and_found():
    text, _, seed = VARIANTS[0][1], VARIANTS[0][2], VARIANTS[0][3]
    findings = {f.rule_id: f for f in check_text(text).findings}
    culprit = findings["GK205"]
    assert culprit.location.table == "表三"
    assert culprit.location.row == "（七）总计"
    assert culprit.location.column_label == "总计"
    assert "应为1" in culprit.message and "现为3" in culprit.message
    assert not {"GK201", "GK202", "GK203"} & set(findings)


def test_unknown_culprit_gives_neutral_messages():
    """Two cells of one row changed: no single cell balances everything, so
    the row and column findings stay, saying what disagrees, not which is wrong."""
    text = seed_text(SEED_004)
    row = next(line for line in text.split("\n") if line.startswith("一、本年新收"))
    cells = row.split("\t")
    numbers = [i for i, c in enumerate(cells) if c.strip().isdigit()]
    for i in numbers[:2]:  # 自然人 and 商业企业, one more each
        cells[i] = str(int(cells[i]) + 1)
    findings = check_text(text.replace(row, "\t".join(cells), 1)).findings
    rules = {f.rule_id: f for f in findings}
    assert "GK205" not in rules and "GK201" in rules
    assert "之和为" in rules["GK201"].message and "两者不等" in rules["GK201"].message
    assert "应为" not in rules["GK201"].message
