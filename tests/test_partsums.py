"""GK514: a total in the prose whose listed parts do not add up (issue 14).

The sentences are the real ones of fixtures/real; each test also changes a
number so that the rule must fire, or keeps what it must leave alone.
"""
from __future__ import annotations

import pytest

from helpers import FIXTURES, assert_read, check_text

REAL = FIXTURES / "real"
BASE = (FIXTURES.parent / "tests" / "data" / "realworld" / "00_clean_base.txt").read_text(encoding="utf-8")
ANCHOR = "2023年，全区接收政府信息公开申请共计81件，"


def _real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def _gk514(text: str) -> list[str]:
    """GK514's messages on a text read as a whole report: no GK514 from a file
    refused unread (GK9xx) would prove nothing.  The crawler copies run 表二's
    cells together (GK601, a note on that table only)."""
    result = assert_read(check_text(text), allow=("GK601",))
    return [f.message for f in result.findings if f.rule_id == "GK514"]


def _say(sentence: str) -> list[str]:
    """GK514 on the clean base report with ``sentence`` put in its section 一."""
    assert ANCHOR in BASE
    return _gk514(BASE.replace(ANCHOR, sentence + ANCHOR, 1))


@pytest.mark.parametrize("name, total, message", [
    ("2019_pingtan-caijinju_department.txt", "在主动公开的90条政府信息中",
     "正文所述总数为90条，但其后所列各项之和为93条（1+10+52+5+25），两者不一致"),
    ("2022_pingtan-ziranziyuan_department.txt", "全年政府信息主动公开64条",
     "正文所述总数为64条，但其后所列各项之和为54条（2+1+1+8+31+2+9），两者不一致"),
    ("2020_pingtan_city.txt", "共公布政府信息2602条",
     "正文所述总数为2602条，但其后所列各项之和为2603条（82+80+21+40+390+69+143+208+246+271+1053），两者不一致"),
])
def test_parts_that_do_not_add_up(name, total, message):
    text = _real(name)
    found = [f for f in check_text(text).findings if f.rule_id == "GK514"]
    assert [f.message for f in found] == [message]
    number = total[next(i for i, c in enumerate(total) if c.isdigit()):].rstrip("条政府信息中")
    assert found[0].snippet == number and text[found[0].span.start:found[0].span.end] == number


@pytest.mark.parametrize("name, right", [
    ("2019_pingtan-caijinju_department.txt", ("的90条政府信息中，全文电子化的主动公开信息数共90条",
                                              "的93条政府信息中，全文电子化的主动公开信息数共93条")),
    ("2022_pingtan-ziranziyuan_department.txt", ("主动公开64条", "主动公开54条")),
    # already right in the report: 2+3+9+9+5+26+38+49 = 141, 12+75+161+4+11 = 263
    ("2020_pingtan-jiaotongjianshe_department.txt", None),
    ("2021_pingtan-shehuishiye_department.txt", None),
])
def test_parts_that_add_up_are_left_alone(name, right):
    text = _real(name)
    if right is not None:
        text = text.replace(*right, 1)
    assert _gk514(text) == []


def test_a_list_ending_in_deng_is_not_summed():
    # 2023 财政金融局: 22+2+7+9+54 = 94 of 107, but the list ends with 等.
    text = _real("2023_pingtan-caijinju_department.txt")
    assert "其他文件共54条等。" in text and _gk514(text) == []
    assert _gk514(text.replace("其他文件共54条等。", "其他文件共54条。")) == [
        "正文所述总数为107条，但其后所列各项之和为94条（22+2+7+9+54），两者不一致"]


def test_a_selection_without_a_catch_all_part_is_not_summed():
    assert _say("全年主动公开政府信息120条，其中政策文件20条，财政信息30条。") == []
    assert _say("全年主动公开政府信息120条，其中政策文件20条，其他信息30条。") == [
        "正文所述总数为120条，但其后所列各项之和为50条（20+30），两者不一致"]


def test_percentages_comparisons_and_nested_breakdowns_are_left_alone():
    assert _say("全年主动公开政府信息120条，其中政策文件20条，占16.7%，其他信息30条。") == []
    assert _say("全年主动公开政府信息120条，其中政策文件20条，较上年增加5条，其他信息30条。") == []
    assert _say("全年主动公开政府信息120条，其中政策文件20条（含解读8条），其他信息30条。") == []


def test_another_figure_after_a_semicolon_ends_the_list():
    # 2025 沭阳: 741 + 8 = 749; then 共办理718件，结转下一年31件 is another figure.
    text = _real("2025_shuyang_county.md")
    assert "其中自然人申请 741 件，法人或其他组织申请 8 件；共办理 718 件" in text
    # 表三 of this page is laid out beyond reading (GK601, so no table3); the file
    # and its prose are read.
    assert [f for f in assert_read(check_text(text, "r.md"), whole=False, allow=("GK601",)).findings
            if f.rule_id == "GK514"] == []
    wrong = text.replace("法人或其他组织申请 8 件", "法人或其他组织申请 9 件")
    assert [f.message for f in check_text(wrong, "r.md").findings if f.rule_id == "GK514"] == [
        "正文所述总数为749件，但其后所列各项之和为750件（741+9），两者不一致"]


def test_outcomes_of_requests_are_not_summed_against_the_requests():
    # 82 received, 81 answered: one may be carried to next year (GK511's business).
    base = "2023年，全区接收政府信息公开申请共计81件，其中予以公开及部分公开42件，"
    assert base in BASE
    assert _gk514(BASE.replace(base, base.replace("81件", "82件"))) == []
