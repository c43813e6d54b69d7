"""Garble, debris and placeholder rules: what each must find, and the close
but correct text each must leave alone."""
from __future__ import annotations

import pytest

from helpers import SEED_000, SEED_004, assert_read, check_text, seed_text

TEXT_RULES = ("GK3", "GK4")


def text_findings(text: str):
    # A lone sentence is not a report (GK602), and the text rules still read it.
    result = assert_read(check_text(text), whole=False, allow=("GK602",))
    return [f for f in result.findings if f.rule_id.startswith(TEXT_RULES)]


MUST_FIND = [
    # (sentence, rule, flagged text, fix or None)
    ("现行冇效件数为74件。", "GK301", "冇", "有"),
    ("本报告于2022年2月15曰发布。", "GK302", "曰", "日"),
    ("本报告于二〇二二年二月十五曰发布。", "GK302", "曰", "日"),
    ("该申请己经办结。", "GK303", "己", "已"),
    ("我局己于3月答复申请人。", "GK303", "己", "已"),
    ("申请人末按时缴纳费用。", "GK304", "末", "未"),
    ("有关信息末能及时公开。", "GK304", "末", "未"),
    ("共收到申请1O件。", "GK305", "O", "0"),
    ("2O21年，我县继续推进公开。", "GK305", "O", "0"),
    ("发布信息l2条。", "GK306", "l", "1"),
    ("20l9年度报告", "GK306", "l", "1"),
    ("\t3,要求提供公开出版物", "GK307", "3,", "3."),
    ("[bookmark: _GoBack]一是落实领导责任制。", "GK310", "[bookmark: _GoBack]", ""),
    ("见附件 \tMERGEFORMAT 。", "GK310", " \tMERGEFORMAT ", ""),
    ('详见 HYPERLINK "http://www.gov.cn/" 网站。', "GK310", ' HYPERLINK "http://www.gov.cn/" ', ""),
    ("MERGEFORMAT开头", "GK310", "MERGEFORMAT", ""),
    ("共收到申请锟斤拷件。", "GK311", "锟斤拷", None),
    ("XX县人民政府", "GK401", "XX", None),
    ("××局2021年政府信息公开工作年度报告", "GK401", "××", None),
    ("X年X月X日", "GK402", "X年X月X日", None),
    ("2022年X月X日", "GK402", "X月X日", None),
    ("共收到申请〇〇件。", "GK403", "〇〇", None),
    ("□是 □否", "GK403", "□", None),
    ("共收到申请____件。", "GK403", "____", None),
    ("【请填写单位名称】", "GK404", "【请填写单位名称】", None),
    ("（此处填写存在的主要问题）", "GK404", "（此处填写存在的主要问题）", None),
    ("{{单位名称}}政府信息公开工作年度报告", "GK404", "{{单位名称}}", None),
]


@pytest.mark.parametrize("sentence,rule,flagged,fix", MUST_FIND,
                         ids=[f"{m[1]}-{i}" for i, m in enumerate(MUST_FIND)])
def test_rule_finds(sentence, rule, flagged, fix):
    text = "临渭区某镇人民政府\n\n" + sentence + "\n"
    found = [f for f in text_findings(text) if f.rule_id == rule]
    assert len(found) >= 1, f"{rule} did not fire on {sentence!r}"
    f = found[0]
    start = text.index(sentence)
    assert f.location.line == 3
    assert text[f.span.start:f.span.end] == flagged
    assert f.location.column == f.span.start - start + 1
    if fix is not None:
        assert [e.replacement for e in f.fix] == [fix]
    assert all("\u4e00" <= ch <= "\u9fff" for ch in f.message if ch.isalpha() and not ch.isascii()) \
        or f.message  # a Chinese message exists
    assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)


CLEAN = [
    "我们要严格要求自己经常学习业务知识。",
    "他是我的知己，于是一起工作。",
    "坚持利己利人，于法有据。",
    "2021年末能源消耗下降，期末经审计无误。",
    "周末按时值班，年末及时总结。",
    "报告日期为2022年2月15日，日期以落款为准。",
    "共收到申请0件，办结10件，2021年公开2199条。",
    "1.规章\n2、行政规范性文件\n3.要求提供公开出版物\n（一）予以公开",
    "第3,4项所列情形按规定处理。",
    "二〇二一年政府信息公开工作年度报告，二〇〇八年施行。",
    "通过ISO9001认证，使用A4纸张，H2O2消毒，COVID-19防控。",
    "Windows XP系统已停用，尺码XXL。",
    "X光机1台。",
    "本年收费金额15996.59万元，占比10%。",
    "日期：2022年2月15日",
    "〇",
    "公开出版物（如年鉴）不予处理。",
    "【政策解读】栏目发布信息49条。",
    "（一）完善制度，进一步健全政务公开体系",
    "XMERGEFORMATX 与 HYPERLINKS 均为普通英文词。",
]


@pytest.mark.parametrize("sentence", CLEAN, ids=[f"clean-{i}" for i in range(len(CLEAN))])
def test_rule_leaves_correct_text_alone(sentence):
    findings = text_findings("某镇人民政府\n\n" + sentence + "\n")
    assert findings == [], [(f.rule_id, f.message) for f in findings]


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=["000", "004"])
def test_seed_correct_parts_are_left_alone(seed):
    """Only the known defects of each seed fire among the text rules."""
    text = seed_text(seed)
    found = sorted({(f.rule_id, text[f.span.start:f.span.end]) for f in text_findings(text)})
    expected = {SEED_000.name: [("GK301", "冇"), ("GK307", "3,"), ("GK310", "[bookmark: _GoBack]"),
                                ("GK310", "[bookmark: bookmark16]")],
                SEED_004.name: []}[seed.name]
    assert found == expected


def test_field_code_after_a_long_blank_run_is_linear():
    """The blanks before a field code are taken from the code backwards: a
    run of 200 000 blanks costs one pass, not one retry per blank (a
    quadratic pattern would not finish this test in any reasonable time)."""
    text = "某镇人民政府\n\n正文" + " " * 200_000 + "MERGEFORMAT 结束\n"
    found = [f for f in text_findings(text) if f.rule_id == "GK310"]
    assert len(found) == 1 and text[found[0].span.start:found[0].span.end] == " " * 200_000 + "MERGEFORMAT "
