"""Sections, 落款 and debris in crawler copies of web pages (issue 14).

The Pingtan reports of fixtures/real are a crawler's copies of the published
pages: a header naming the page (原文链接: https://…), then the whole report
on one line.  Each test runs the real file and a variant that must still be
found, so a rule that goes quiet everywhere fails.
"""
from __future__ import annotations

import re

import pytest

from helpers import FIXTURES, assert_read, check_text
from gklint.headings import heading_pieces

REAL = FIXTURES / "real"
# Most crawler copies run 表二's cells together (GK601, a reading note on that
# table); the rest of the report must still be read.
RUN_TOGETHER = ("GK601",)


def _real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def _ids(text: str, prefix: str = "GK", read: bool = False, allow: tuple = ()) -> list[str]:
    result = check_text(text)
    if read:
        assert_read(result, allow=allow)
    return sorted(f.rule_id for f in result.findings
                  if f.rule_id.startswith(prefix) and f.severity.label != "info")


def _read_ids(text: str, prefix: str = "GK", allow: tuple = ()) -> list[str]:
    """``_ids`` of a text that must have been read as a whole report: an
    empty list from a file refused unread (GK9xx) proves nothing.  ``allow``:
    the reading notes (GK6xx) the real page has, such as a table run together."""
    return _ids(text, prefix, read=True, allow=allow)


# -- a heading after a bracketed note ---------------------------------------------

@pytest.mark.parametrize("name", ["2022_pingtan-ziranziyuan_department.txt",
                                  "2023_pingtan-ziranziyuan_department.txt"])
def test_heading_after_a_closing_bracket_is_found(name):
    text = _real(name)
    assert "0591-00000000)" in text and "一、总体情况" in text
    assert _read_ids(text, "GK1", allow=RUN_TOGETHER) == []
    # The heading is still missing when it is really not there.
    assert _ids(text.replace("一、总体情况", "", 1), "GK1") == ["GK101"]


def test_heading_cut_after_a_bracket_but_not_inside_one():
    line = "传真:0591-00000000)一、总体情况 2023年，我局坚持"
    assert [line[a:b] for a, b, h in heading_pieces(line) if h] == ["一、总体情况"]
    spaced = "传真:0591-00000000） 一、总体情况 2022年，我局"
    assert [spaced[a:b] for a, b, h in heading_pieces(spaced) if h] == ["一、总体情况"]
    # A title mentioned after an opening bracket or a quote is not a heading.
    assert heading_pieces("（详见“五、存在的主要问题及改进情况”）") == []
    assert heading_pieces("（按五、存在的主要问题及改进情况的要求）") == []


# -- 落款 followed by the page's links ---------------------------------------------

@pytest.mark.parametrize("name, tail", [
    ("2020_pingtan-jiaotongjianshe_department.txt",
     "平潭综合实验区交通与建设局 2021年1月26日 （联系人：某某，联系方式：0591-00000000） 附件下载"),
    ("2021_pingtan-shehuishiye_department.txt", "平潭综合实验区社会事业局 2022年1月10日 附件下载"),
    ("2022_pingtan-ziranziyuan_department.txt", "平潭综合实验区自然资源与生态环境局 2023年1月6日 附件下载"),
])
def test_signature_before_the_pages_links_is_found(name, tail):
    text = _real(name)
    assert text.rstrip().endswith(tail)
    assert _read_ids(text, "GK53", allow=RUN_TOGETHER) == []
    # Without its body, or without its date, the 落款 is still incomplete.
    body, date = tail.split(" ")[:2]
    no_body = [f.message for f in check_text(text.replace(body + " " + date, date)).findings
               if f.rule_id == "GK530"]
    assert no_body == ["落款缺少发布机关名称"]
    # (the page's 发布时间 in the copy's header counts as a date: taken out too)
    undated = re.sub(r"发布时间: [\d: -]+\n", "", text.replace(" " + date, ""), count=1)
    no_date = [f.message for f in check_text(undated).findings if f.rule_id == "GK530"]
    assert no_date == ["落款缺少成文日期"]


def test_the_pages_links_alone_are_not_a_signature():
    # 2021_pingtan_city ends "…无收取信息处理费情况。 附件下载": no 落款 (TRUTH.yaml).
    text = _real("2021_pingtan_city.txt")
    assert text.rstrip().endswith("情况。 附件下载")
    assert _ids(text, "GK53") == ["GK530"]
    # A date inside the last sentence stays a sentence's date, links or not.
    dated = text.replace("情况。 附件下载", "情况，本报告于2022年1月20日印发。 附件下载")
    assert _ids(dated, "GK53") == ["GK530"]


# -- Word's conditional comments in a web page's copy -----------------------------

def test_html_comments_in_a_web_page_copy_are_not_the_reports():
    text = _real("2019_pingtan-caijinju_department.txt")
    assert "原文链接: https://" in text and "<!--[if !supportMisalignedColumns]-->" in text
    assert _read_ids(text, "GK3", allow=RUN_TOGETHER) == []


def test_html_comments_in_a_text_report_are_debris():
    # The same report without the copy's header is a text file as published:
    # the comment is in its text, and GK310 names it.
    text = _real("2019_pingtan-caijinju_department.txt")
    body = text.split("==================== 正文 ====================\n", 1)[1]
    found = [f for f in check_text(body).findings if f.rule_id == "GK310"]
    assert [f.snippet for f in found] == ["<!--[if !supportMisalignedColumns]--><!--[endif]-->"]
    # A web page's copy still has its other debris reported (a bookmark is shown text).
    marked = text.replace("一、总体情况", "[bookmark: _GoBack]一、总体情况", 1)
    assert [f.snippet for f in check_text(marked).findings if f.rule_id == "GK310"] == [
        "[bookmark: _GoBack]"]


# -- the body the title names (no 落款) -------------------------------------------

def _body(text: str, name: str = "report.txt"):
    from compliance_builders import analysed
    from gklint.analysis.signature import signature

    return signature(analysed(text, name)).body


@pytest.mark.parametrize("name, body", [
    ("2022_pingtan-gonganju_department.txt", "平潭综合实验区公安局"),  # 标题: … before the body
    ("2022_pingtan_city.txt", "平潭综合实验区"),  # a region alone: the zone's own report
    ("2019_pingtan_city.txt", "平潭综合实验区"),
])
def test_the_title_names_the_body_when_there_is_no_signature(name, body):
    text = _real(name)
    assert _body(text) == body
    # …but it is no 落款: the truth's GK530 stays.
    assert [f.message for f in check_text(text).findings if f.rule_id == "GK530"] == [
        "报告末尾缺少落款（发布机关名称和成文日期）"]


def test_body_after_the_year_in_the_title():
    title = "2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n"
    md = (REAL / "2025_shanghai-bangongting_department.md").read_text(encoding="utf-8")
    assert title in md
    assert _body(md, "r.md") == "上海市人民政府办公厅"
    # Not a body: the year followed by the title's own words, or a sub-area.
    assert _body("2023年度政府信息公开工作年度报告\n\n一、总体情况\n") is None
    assert _body("金井片区2023年度政府信息公开工作年度报告\n\n一、总体情况\n") is None


def test_a_regions_report_compares_its_whole_region_figures():
    from compliance_builders import analysed
    from gklint.linting.checks.consistency import prose_claims

    text = _real("2022_pingtan_city.txt")
    claims = prose_claims(analysed(text))
    assert ("received", 75, True) in [(c.kind, c.value, c.whole_region) for c in claims]
    # A department of the region quoting 全区 figures speaks of others.
    dept = text.replace("标题: 平潭综合实验区2022年度", "标题: 平潭综合实验区公安局2022年度", 1)
    assert [c for c in prose_claims(analysed(dept)) if c.whole_region] == []


def test_the_same_region_across_years_without_a_signature():
    from gklint.linting.checks.crossyear import same_body_groups

    results = [check_text(_real(n), n) for n in ("2019_pingtan_city.txt", "2022_pingtan_city.txt",
                                                  "2022_pingtan-gonganju_department.txt")]
    assert [r.meta["body"] for r in results] == ["平潭综合实验区", "平潭综合实验区", "平潭综合实验区公安局"]
    groups = sorted(sorted(r.path for r in g) for g in same_body_groups(results))
    assert ["2019_pingtan_city.txt", "2022_pingtan_city.txt"] in groups
    assert not any("2022_pingtan-gonganju_department.txt" in g for g in groups)


# -- 表三 run together with the 2019 form's bare （六） (GK110) -------------------

def test_bare_other_handling_run_together_is_one_format_finding():
    text = _real("2023_pingtan-haitan_township.txt")
    assert "（六）其他处理0000000（七）总计" in text
    found = [f for f in check_text(text).findings if f.rule_id in ("GK110", "GK601")]
    assert [f.rule_id for f in found] == ["GK110"]
    assert text[found[0].span.start:found[0].span.end] == "（六）其他处理"
    assert "“（六）其他处理”没有细分项" in found[0].message
    # Reports on 2019 and 2020 print it so rightly: no finding.
    for name in ("2019_pingtan-caijinju_department.txt", "2020_pingtan-jiaotongjianshe_department.txt"):
        assert [f for f in assert_read(check_text(_real(name)), allow=RUN_TOGETHER).findings if f.rule_id == "GK110"] == []
    # A 2021-form 表三 run together (its （六） has the three items) is left alone.
    clean = _real("2023_pingtan-ziranziyuan_department.txt")
    assert "无正当理由逾期不补正" in clean
    assert [f for f in assert_read(check_text(clean), allow=RUN_TOGETHER).findings if f.rule_id == "GK110"] == []


# -- invisible characters inside prose numbers -------------------------------------

BASE = (FIXTURES.parent / "tests" / "data" / "realworld" / "00_clean_base.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("zero_width", ["\u200b", "\u200d", "\ufeff", "\u2060"])
def test_zero_width_characters_inside_a_prose_number_are_read_through(zero_width):
    from helpers import line_of

    assert "共计81件" in BASE
    assert _read_ids(BASE.replace("共计81件", f"共计8{zero_width}1件")) == []
    wrong = BASE.replace("共计81件", f"共计8{zero_width}2件")
    [found] = check_text(wrong).findings
    assert found.rule_id == "GK510" and "共计82件”" in found.message  # quoted without it
    # The finding points at the number as written, invisible character and all.
    assert (found.location.line, found.location.column) == line_of(wrong, f"8{zero_width}2件")
    assert wrong[found.span.start:found.span.end] == f"8{zero_width}2"


def test_a_private_use_character_inside_a_number_is_not_read_as_nothing():
    # A lost glyph may have been a digit: the number is not guessed (GK631 says so).
    text = BASE.replace("共计81件", "共计8\ue0012件")
    assert _ids(text) == ["GK631"]


# -- a sentence over several lines, or broken by page furniture ---------------------

SENTENCE = "2023年，全区接收政府信息公开申请共计81件，"


@pytest.mark.parametrize("between", ["\n", "\n- 2 -\n", "\n\n第 2 页 共 5 页\n\n", "\n2\n", "\n\f\n",
                                     "\n平潭综合实验区2023年度政府信息公开工作年度报告\n"])
def test_a_sentence_broken_by_a_line_or_page_furniture_is_read_whole(between):
    from helpers import line_of

    assert SENTENCE in BASE
    broken = SENTENCE.replace("申请共计", "申请" + between + "共计")
    assert _read_ids(BASE.replace(SENTENCE, broken)) == []
    wrong = BASE.replace(SENTENCE, broken.replace("81件", "82件"))
    [found] = check_text(wrong).findings
    assert found.rule_id == "GK510"
    assert "“接收政府信息公开申请共计82件”" in found.message  # quoted without the break
    assert (found.location.line, found.location.column) == line_of(wrong, "82件")


def test_lines_that_close_their_sentence_or_start_an_item_are_not_joined():
    from compliance_builders import analysed
    from gklint.linting.checks.consistency import _prose_blocks
    from gklint.analysis.years import halfwidth_text

    text = BASE.replace(SENTENCE, "2023年，全区接收政府信息公开申请\n共计81件，")
    doc = analysed(text)
    runs = [[text[a:b] for a, b in run] for run in _prose_blocks(doc, halfwidth_text(doc))]
    joined = [r for r in runs if len(r) > 1]
    assert joined[0][0] == "2023年，全区接收政府信息公开申请" and joined[0][1].startswith("共计81件，")
    # (the only other run of lines is the 落款, body over date: no claim in it)
    assert joined[1:] == [["平潭综合实验区管委会办公室", "2024年3月8日"]]
    assert ["一、总体情况"] in runs and ["二、主动公开政府信息情况"] in runs  # headings stay alone
    # A heading after an unfinished line is not read into its sentence.
    cut = BASE.replace("其他处理2件。", "其他处理2件")
    assert _read_ids(cut) == []
