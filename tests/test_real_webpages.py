"""Government web pages saved whole by a crawler (issue F1).

fixtures/real/2023_shuyang-fagaiju_department.html is a county department's
信息公开年报 page as a crawler kept it: the crawler's header, the site's menus
and a date its script wrote (2025年12月30日 星期二), then the report in the
CMS's <ucapcontent>, pasted from Word with every run in its own <span>.  Each
test runs the real page and a variant of it that must still be found, so a
rule that goes quiet everywhere fails.
"""
from __future__ import annotations

from helpers import FIXTURES, assert_read, check_text

PAGE = FIXTURES / "real" / "2023_shuyang-fagaiju_department.html"
# The prose figure of requests received, a Times New Roman run inside the sentence
# 2023年度我局共收到依申请信息公开26件，…
PROSE_26 = '<font style="font-family: 微软雅黑;" face="Times New Roman">26</font>'


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _check(text: str):
    return check_text(text, name="page.html")


def _findings(text: str, rule: str) -> list:
    return [f for f in _check(text).findings if f.rule_id == rule]


def test_the_saved_page_gives_its_three_true_findings():
    result = assert_read(_check(_page()))
    assert sorted(f.rule_id for f in result.findings) == ["GK104", "GK210", "GK225"]
    assert result.meta["year"] == 2023  # not the 2025 the page's script wrote
    blank = next(f for f in result.findings if f.rule_id == "GK210")
    # One finding for the 125 empty 法人或其他组织 cells, at the first of them.
    assert (blank.location.table, blank.location.row, blank.location.column_label) == \
        ("表三", "一、本年新收政府信息公开申请数量", "商业企业")
    assert "125个单元格为空" in blank.message


def test_a_count_stated_by_the_body_of_itself_is_compared():
    # "2023年度我局共收到…": 年度我局 is the body speaking of itself, not another
    # body's name; a figure that differs from 表三 is reported on the prose.
    text = _page()
    assert text.count(PROSE_26) == 1
    wrong = _findings(text.replace(PROSE_26, PROSE_26.replace("26", "27")), "GK510")
    assert [(f.message, f.location.row, f.location.column_label) for f in wrong] == [(
        "正文“收到依申请信息公开27件”与表三“一、本年新收政府信息公开申请数量”总计（26）不一致",
        "一、本年新收政府信息公开申请数量", "总计")]
    assert _check(text).findings and not _findings(text, "GK510")


def test_a_count_stated_of_another_named_body_is_still_left_alone():
    text = _page().replace("年度我局共收到依申请信息公开", "年度县教育局共收到依申请信息公开")
    assert "县教育局共收到" in text
    assert _findings(text.replace(PROSE_26, PROSE_26.replace("26", "27")), "GK510") == []


def test_the_pages_chrome_is_not_a_signature():
    # The 落款 is the report's; without it the page's dates (the script's
    # 2025年12月30日, 公开日期 2024-01-17) do not stand in for one.
    text = _page()
    unsigned = text.replace("沭阳县发展和改革局</o:p>", "</o:p>").replace("2024年1月17日<br>", "<br>")
    assert unsigned != text
    assert [f.message for f in _findings(unsigned, "GK530")] == ["报告末尾缺少落款（发布机关名称和成文日期）"]
    assert _findings(text, "GK530") == []
