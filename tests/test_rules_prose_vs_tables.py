"""Text against tables (GK510–GK513): numbers the prose states, compared
with tables 2–4; a mismatch is located on the prose number and names the
table cell.  Sentences about another year, body or sub-unit never fire."""
from __future__ import annotations

import pytest

from compliance_builders import analysed, line_with, seed000, seed004, set_table3_row
from helpers import assert_read, check_text

from gklint.linting.checks.consistency import prose_claims

TEXT_RULES = ("GK510", "GK511", "GK512", "GK513")
S004 = "2021 年度，我镇受理依申请公开 0 件。"  # seed 004, section 一 (二)
S000 = "旅游动态发布信息44条。"  # seed 000, the last sentence of a long paragraph


def _say(sentence: str, base: str = "004") -> str:
    """The seed with one sentence put where it talks about requests."""
    if base == "004":
        text = seed004()
        assert S004 in text
        return text.replace(S004, sentence)
    text = seed000()
    assert S000 in text
    return text.replace(S000, S000 + sentence)


def _text_findings(text):
    return [f for f in assert_read(check_text(text)).findings if f.rule_id in TEXT_RULES]


def test_seeds_have_no_text_table_findings():
    assert _text_findings(seed000()) == []
    assert _text_findings(seed004()) == []


def test_seed_004_states_its_requests_and_they_agree():
    claims = prose_claims(analysed(seed004()))
    assert [(c.kind, c.value, c.phrase) for c in claims] == [("received", 0, "受理依申请公开 0 件")]


def test_seed_000_prose_numbers_are_not_claims():
    # 发布各类信息2199条, 政务要闻345条, 调查征集信息13条 …: not about the tables.
    assert prose_claims(analysed(seed000())) == []


def test_prose_received_number_disagreeing_with_table3():
    text = _say("2021 年度，我镇受理依申请公开 2 件。")
    found = _text_findings(text)
    assert len(found) == 1
    f = found[0]
    assert f.rule_id == "GK510"
    assert f.message == ("正文“受理依申请公开 2 件”与表三“一、本年新收政府信息公开申请数量”总计（0）不一致")
    line = line_with(text, "受理依申请公开 2 件")
    assert (f.location.line, text.split("\n")[line - 1][f.location.column - 1]) == (line, "2")
    assert (f.location.table, f.location.row, f.location.column_label) == (
        "表三", "一、本年新收政府信息公开申请数量", "总计")


def test_received_includes_the_carried_over_requests_only_when_it_says_so():
    text = set_table3_row(seed004(), "一、本年新收", [3, 0, 0, 0, 0, 0, 3])
    text = set_table3_row(text, "二、上年结转", [2, 0, 0, 0, 0, 0, 2])
    # Requests carried over were received last year: 收到5件 is not this year's 3
    # (2022_pingtan_city: 全区收到…75件 where 一 is 74 and 二 is 1).
    for n, fires in ((3, False), (5, True), (2, True)):
        found = _text_findings(text.replace(S004, f"本年度共收到政府信息公开申请{n}件。"))
        assert bool(found) is fires, n
    found = _text_findings(text.replace(S004, "本年度共收到政府信息公开申请5件。"))
    assert found[0].message.endswith("总计（3）不一致；加上年结转为5")
    said = "本年度共收到政府信息公开申请5件（含上年结转2件）。"
    assert _text_findings(text.replace(S004, said)) == []
    assert _text_findings(text.replace(S004, said.replace("5件", "6件")))


def test_number_before_the_noun_and_chinese_numerals():
    assert [f.message for f in _text_findings(_say("本年度收到两件政府信息公开申请。"))] == [
        "正文“收到两件政府信息公开申请”与表三“一、本年新收政府信息公开申请数量”总计（0）不一致"]


def test_carried_over_and_carried_forward():
    found = _text_findings(_say("上年结转政府信息公开申请1件，结转下年度继续办理2件。"))
    assert [(f.location.row, f.message) for f in found] == [
        ("二、上年结转政府信息公开申请数量",
         "正文“上年结转政府信息公开申请1件”与表三“二、上年结转政府信息公开申请数量”总计（0）不一致"),
        ("四、结转下年度继续办理", "正文“结转下年度继续办理2件”与表三“四、结转下年度继续办理”总计（0）不一致")]


def test_outcomes_and_group_sums():
    text = set_table3_row(seed004(), "1. 属于国家秘密", [1, 0, 0, 0, 0, 0, 1])
    text = set_table3_row(text, "4. 保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1])
    ok = "本年度收到的申请中，予以公开0件，不予公开2件。"
    assert _text_findings(text.replace(S004, ok)) == []
    bad = _text_findings(text.replace(S004, "本年度收到的申请中，予以公开1件，不予公开3件。"))
    assert [f.message for f in bad] == [
        "正文“予以公开1件”与表三“（一）予以公开”总计（0）不一致",
        "正文“不予公开3件”与表三“（三）不予公开”各项总计之和（2）不一致"]
    assert bad[1].location.row == "（三）不予公开 1.属于国家秘密"


def test_percentages_of_outcomes():
    text = set_table3_row(seed004(), "一、本年新收", [3, 0, 0, 0, 0, 0, 3])
    text = set_table3_row(text, "(一) 予以公开", [2, 0, 0, 0, 0, 0, 2])
    text = set_table3_row(text, "1. 本机关不掌握", [1, 0, 0, 0, 0, 0, 1])
    text = set_table3_row(text, "(七) 总计", [3, 0, 0, 0, 0, 0, 3])
    for sentence, fires in (("申请办理中，予以公开2件，占66.7%。", False),
                            ("申请办理中，予以公开2件，占比67%。", False),
                            ("申请办理中，予以公开2件，占80%。", True)):
        found = _text_findings(text.replace(S004, sentence))
        assert [f.rule_id for f in found] == (["GK511"] if fires else []), sentence
    found = _text_findings(text.replace(S004, "申请办理中，予以公开2件，占80%。"))
    assert found[0].message == ("正文“予以公开2件，占80%”与表三“（一）予以公开”总计占（七）总计的比例"
                                "（2件，约66.7%）不一致")
    # A wrong count is reported once, not again through its percentage.
    found = _text_findings(text.replace(S004, "申请办理中，予以公开3件，占100%。"))
    assert [f.message for f in found] == ["正文“予以公开3件”与表三“（一）予以公开”总计（2）不一致"]


def test_review_and_litigation_against_table4():
    # Seed 000's table 4: 行政复议 尚未审结 1, 总计 1; litigation all 0.
    ok = "本年度因政府信息公开被申请行政复议1件，尚未审结，未发生政府信息公开行政诉讼。"
    assert _text_findings(_say(ok, "000")) == []
    bad = _text_findings(_say("本年度因政府信息公开被申请行政复议2件，被提起行政诉讼1件。", "000"))
    assert [(f.location.column_label, f.message) for f in bad] == [
        ("行政复议 总计", "正文“行政复议2件”与表四“行政复议 总计”（1）不一致"),
        ("未经复议直接起诉 总计",
         "正文“行政诉讼1件”与表四“行政诉讼”（未经复议直接起诉与复议后起诉的总计之和）（0）不一致")]
    denied = _text_findings(_say("本年度未发生因政府信息公开引起的行政复议。", "000"))
    assert [f.message for f in denied] == [
        "正文“未发生因政府信息公开引起的行政复议”与表四“行政复议 总计”（1）不一致"]


def test_blank_table4_cells_are_not_compared():
    # Seed 004 leaves the 行政复议 cells blank: nothing to compare a claim with.
    assert _text_findings(_say("本年度因政府信息公开被申请行政复议1件。")) == []


def test_administrative_fee_against_table2():
    # Seed 000: 行政事业性收费 15996.59 万元.
    for sentence, fires in (("全年行政事业性收费15996.59万元。", False),
                            ("全年行政事业性收费159965900元。", False),
                            ("全年行政事业性收费1.6万元。", True)):
        found = _text_findings(_say(sentence, "000"))
        assert [f.rule_id for f in found] == (["GK513"] if fires else []), sentence
    found = _text_findings(_say("全年行政事业性收费1.6万元。", "000"))
    assert found[0].message == "正文“行政事业性收费1.6万元”与表二“行政事业性收费”本年收费金额（15996.59万元）不一致"


@pytest.mark.parametrize("sentence", [
    "2020年共收到政府信息公开申请5件。",  # another year
    "同比增长25%，本年度共收到政府信息公开申请5件。",  # a comparison before the count
    "全县各部门共收到政府信息公开申请5件。",  # the whole county, not this body
    "下属单位共收到政府信息公开申请5件。",  # a sub-unit
    "县政府办公室本级收到政府信息公开申请5件。",  # 本级
    "其中网上收到政府信息公开申请5件。",  # a channel
    "自条例实施以来累计收到政府信息公开申请50件。",  # since inception
    "受理政务服务事项申请12000件，政务公开水平持续提升。",  # not disclosure requests
    "本年度予以公开的政府信息120件，主动公开文件64份。",  # proactive disclosure, no 申请
    "未发生行政复议被纠错的情况，政府信息公开工作平稳有序。",  # not a count of reviews
    "全年办理行政复议案件35件。",  # reviews decided as a reconsideration body
    "县教育局收到政府信息公开申请5件。",  # another body
    "其中城关镇人民政府办公室收到的申请予以公开3件。",  # a sub-unit
])
def test_sentences_about_something_else_do_not_fire(sentence):
    assert _text_findings(_say(sentence)) == []
    assert _text_findings(_say(sentence, "000")) == []
