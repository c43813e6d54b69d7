"""Signature and dates (GK530–GK533) and the content of sections 五 and 六
(GK540–GK543)."""
from __future__ import annotations

import pytest

from compliance_builders import analysed, line_with, seed000, seed004, set_table3_row, sign
from helpers import assert_read, check_text

from gklint.analysis.signature import signature

DATE_RULES = ("GK530", "GK531", "GK532", "GK533")
SECTION_RULES = ("GK540", "GK541", "GK542", "GK543")
FIVE_000 = "2021年，我县政府信息公开工作取得"


def _found(text, rules):
    return [(f.rule_id, f.location.line, f.message) for f in assert_read(check_text(text)).findings
            if f.rule_id in rules]


def test_seed_000_signature_is_found():
    sig = signature(analysed(seed000()))
    assert sig.body == "安泽县人民政府" and sig.closing_body
    assert (sig.date.text, sig.date.date.isoformat()) == ("2022年2月15日", "2022-02-15")
    assert _found(seed000(), DATE_RULES) == []


def test_seed_004_has_no_signature():
    text = seed004()
    sig = signature(analysed(text))
    assert sig.date is None and not sig.closing_body
    assert sig.body == "临渭区阎村镇人民政府"  # named above the title, used to group years
    found = [f for f in check_text(text).findings if f.rule_id in DATE_RULES]
    assert [(f.rule_id, f.severity.label, f.message) for f in found] == [
        ("GK530", "warning", "报告末尾缺少落款（发布机关名称和成文日期）")]
    assert found[0].location.line == text.rstrip().count("\n") + 1


def test_signing_seed_004_clears_it():
    text = sign(seed004(), "临渭区阎村镇人民政府", "2022年1月20日")
    assert _found(text, DATE_RULES + SECTION_RULES) == []


def test_report_on_2021_dated_2022_april_10_is_late():
    text = seed000().replace("2022年2月15日", "2022年4月10日")
    found = [f for f in check_text(text).findings if f.rule_id in DATE_RULES]
    assert [(f.rule_id, f.severity.label, f.location.line, f.location.column, f.message)
            for f in found] == [
        ("GK532", "warning", line_with(text, "2022年4月10日"), 17,
         "落款日期“2022年4月10日”晚于2021年度报告的法定公布期限（2022年3月31日，《政府信息公开条例》第四十九条）")]


def test_march_31_is_on_time():
    assert _found(seed000().replace("2022年2月15日", "2022年3月31日"), DATE_RULES) == []


def test_date_inside_the_reported_year():
    text = seed000().replace("2022年2月15日", "2021年12月20日")
    assert _found(text, DATE_RULES) == [
        ("GK531", line_with(text, "2021年12月20日"),
         "落款日期“2021年12月20日”早于报告年度（2021年）结束，日期或报告年度有误")]


def test_date_that_does_not_exist():
    text = seed000().replace("2022年2月15日", "2022年2月30日")
    assert _found(text, DATE_RULES) == [
        ("GK533", line_with(text, "2022年2月30日"), "落款日期“2022年2月30日”不存在")]


@pytest.mark.parametrize("date", ["二〇二二年二月十五日", "2022 年 2 月 15 日", "2022年2月15曰",
                                  "（2022年2月15日）", "2022-02-15"])
def test_date_styles_are_read(date):
    text = seed000().replace("2022年2月15日", date)
    assert _found(text, DATE_RULES) == []
    assert signature(analysed(text)).date.date.isoformat() == "2022-02-15"


def test_body_and_date_on_one_line():
    text = seed000().replace("安泽县人民政府\n                2022年2月15日",
                             "安泽县人民政府  2022年2月15日")
    sig = signature(analysed(text))
    assert (sig.body, sig.date.text) == ("安泽县人民政府", "2022年2月15日")
    assert _found(text, DATE_RULES) == []


def test_labelled_date_in_the_signature():
    text = seed000().replace("2022年2月15日", "日期：2022年2月15日")
    assert signature(analysed(text)).date.text == "2022年2月15日"
    assert _found(text, DATE_RULES) == []


def test_date_without_body():
    text = seed000().replace("               安泽县人民政府\n", "")
    assert _found(text, DATE_RULES) == [
        ("GK530", text.rstrip().count("\n") + 1, "落款缺少发布机关名称")]


def test_body_without_date():
    text = seed000().replace("                2022年2月15日", "")
    assert [m for _, _, m in _found(text, DATE_RULES)] == ["落款缺少成文日期"]


def test_a_date_in_the_last_sentence_is_not_a_signature():
    text = sign(seed004(), "", "").rstrip() + "\n本报告于2022年1月20日经镇政府常务会议审议通过。\n"
    assert [m for _, _, m in _found(text, DATE_RULES)] == ["报告末尾缺少落款（发布机关名称和成文日期）"]


def test_publication_date_under_the_title_is_read_but_is_no_signature():
    # The page's date is the report's date for the deadline rules, but the
    # report still ends without a 落款 (fixtures/real/TRUTH.yaml's choice).
    text = seed004().replace("2021 年政府信息公开工作年度报告\n",
                             "2021 年政府信息公开工作年度报告\n\n发布日期：2022-01-25\n")
    sig = signature(analysed(text))
    assert sig.date.date.isoformat() == "2022-01-25" and not sig.closing_date
    assert [m for _, _, m in _found(text, DATE_RULES)] == ["报告末尾缺少落款（发布机关名称和成文日期）"]
    late = text.replace("发布日期：2022-01-25", "发布日期：2022-05-25")
    assert sorted(r for r, _, _ in _found(late, DATE_RULES)) == ["GK530", "GK532"]


# -- sections 五 and 六 ---------------------------------------------------------

def _five(text: str, new: str) -> str:
    start, end = text.index(FIVE_000), text.index("六、其他需要报告的事项")
    return text[:start] + new + text[end:]


def test_seeds_have_no_section_findings():
    assert _found(seed000(), SECTION_RULES) == []
    assert _found(seed004(), SECTION_RULES) == []


@pytest.mark.parametrize("content,message", [
    ("", "“五、存在的主要问题及改进情况”没有实际内容，应说明存在的主要问题和改进情况"),
    ("无\n", "“五、存在的主要问题及改进情况”只写了“无”，应说明存在的主要问题和改进情况"),
])
def test_section_five_without_content(content, message):
    assert [(r, m) for r, _, m in _found(_five(seed000(), content), SECTION_RULES)] == [
        ("GK540", message)]


def test_section_five_with_only_template_text_is_the_placeholder_finding():
    # One defect, one finding: GK404 on the prompt, not also GK540.
    text = _five(seed000(), "（此处填写存在的主要问题及改进情况）\n")
    found = [r for r, _, _ in _found(text, SECTION_RULES + ("GK401", "GK402", "GK403", "GK404"))]
    assert found == ["GK404"]


def test_section_five_with_problems_only():
    text = _five(seed000(), "一是公开渠道的多样性有待提升；二是政府信息公开创新力度不强。\n")
    assert [(r, m) for r, _, m in _found(text, SECTION_RULES)] == [
        ("GK541", "“五、存在的主要问题及改进情况”没有写改进情况")]


def test_section_five_with_improvements_only():
    text = _five(seed000(), "下一步，我们将进一步健全政府信息公开长效机制，加大督查力度。\n")
    assert [(r, m) for r, _, m in _found(text, SECTION_RULES)] == [
        ("GK541", "“五、存在的主要问题及改进情况”没有写存在的主要问题")]


def test_section_six_empty_but_none_is_fine():
    text = seed000().replace("六、其他需要报告的事项\n无\n", "六、其他需要报告的事项\n")
    assert _found(text, SECTION_RULES) == [
        ("GK542", line_with(text, "六、其他需要报告的事项"),
         "“六、其他需要报告的事项”没有内容；没有需要报告的事项应写“无”")]
    assert _found(seed000(), ("GK542",)) == []  # 无, with the signature after it


def test_fee_notices_need_a_word_on_the_processing_fee():
    text = set_table3_row(seed004(), "2. 申请人逾期未按收费通知", [1, 0, 0, 0, 0, 0, 1])
    found = [f for f in check_text(text).findings if f.rule_id == "GK543"]
    assert [(f.location.line, f.location.table, f.message) for f in found] == [
        (line_with(text, "\n无") + 1, "表三",
         "表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”为1件，说明发出了收费通知，"
         "“六、其他需要报告的事项”应说明信息处理费的收取情况")]
    said = text.rstrip()[:-1] + "本年度发出信息处理费收费通知1件，申请人逾期未缴纳，未收取信息处理费。"
    assert _found(said, ("GK543",)) == []


def test_administrative_fees_of_table2_are_not_processing_fees():
    # Seed 000 charged 15996.59 万元 of 行政事业性收费 (表二 第二十条第（八）项) and its 六 says 无.
    assert _found(seed000(), ("GK543",)) == []
