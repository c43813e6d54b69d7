"""Report year (title, statistics period, body), the format version chosen
from it and from the table headers, and GK110 for reports that mix the two
versions (issue 5)."""
from __future__ import annotations

import pytest

from compliance_builders import (analysed, ids_lines, issue5, line_with, report_2019, seed000,
                                 seed004, with_2019_table2, with_2019_table3, with_year)
from helpers import assert_read, check_text

from gklint.analysis.formversion import MIXED_TABLES, choose_form, version_for_year
from gklint.analysis.years import detect_year, parse_year, year_evidence

PERIOD = "本报告中所列数据的统计期限自{0}年1月1日起至{1}年12月31日止。"


def test_seeds_are_2021_reports_read_with_the_2021_form():
    for text in (seed000(), seed004()):
        doc = analysed(text)
        assert doc.year == 2021
        assert doc.form_version == "2021"
        assert MIXED_TABLES not in doc.stash
        assert not [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK110"]


def test_title_year_of_each_seed_and_where_it_is():
    ev = year_evidence(analysed(seed004()))
    assert ev.title.year == 2021
    text = seed004()
    assert text[ev.title.span.start:ev.title.span.end] == "2021"
    # The notice quoted before the title's line (《关于做好 2021 年…的通知》) is not the title.
    assert line_with(text, "2021 年政府信息公开工作年度报告") == text[:ev.title.span.start].count("\n") + 1
    assert [c.year for c in ev.body] == [2021, 2021, 2021]
    assert year_evidence(analysed(seed000())).title.year == 2021


@pytest.mark.parametrize("year,version", [(2019, "2019"), (2020, "2019"), (2021, "2021"),
                                          (2023, "2021"), (2018, "2019")])
def test_form_follows_the_year(year, version):
    from helpers import linter

    assert version_for_year(linter().forms, year).version == version


def test_year_from_the_statistics_period_when_the_title_has_none():
    text = seed004().replace("2021 年政府信息公开工作年度报告", "政府信息公开工作年度报告")
    text = text.replace("现将工作情况汇报如下：", "现将工作情况汇报如下：" + PERIOD.format(2020, 2020))
    doc = analysed(text)
    assert detect_year(doc) == 2020
    ev = year_evidence(doc)
    assert ev.title is None and ev.period.year == 2020


def test_year_from_the_body_when_title_and_period_have_none():
    text = seed004().replace("2021 年政府信息公开工作年度报告", "政府信息公开工作年度报告")
    assert detect_year(analysed(text)) == 2021


def test_chinese_numeral_year():
    assert parse_year("二〇二一") == 2021
    text = seed004().replace("2021 年政府信息公开工作年度报告", "二〇二一年政府信息公开工作年度报告")
    assert detect_year(analysed(text)) == 2021


def test_2019_format_report_on_2020_is_read_with_the_2019_form_and_not_flagged():
    doc = analysed(report_2019(2020))
    assert doc.year == 2020 and doc.form_version == "2019"
    assert "table2.9" in doc.tables
    assert not [f for f in assert_read(check_text(report_2019(2020))).findings if f.rule_id == "GK110"]


def test_2021_year_with_2019_table2_is_one_finding_and_tables_still_read():
    text = with_2019_table2(seed004())
    findings = assert_read(check_text(text)).findings
    mixed = [f for f in findings if f.rule_id == "GK110"]
    assert len(mixed) == 1
    assert mixed[0].location.line == line_with(text, "本年新制作数量")
    assert "报告年度为2021年" in mixed[0].message and "表二是2019年版格式" in mixed[0].message
    assert "本年新制作数量" in mixed[0].message
    # Table 2 is read with the 2019 columns: no cascade of missing rows or columns.
    assert not [f for f in findings if f.rule_id in ("GK220", "GK221", "GK222", "GK223")]
    doc = analysed(text)
    assert doc.tables["table2.5"].cell("licensing", "decisions").value == 340
    assert doc.tables["table2.9"].cell("procurement", "amount").raw == "52.3"


def test_2021_year_with_2019_table3_other_handling():
    text = with_2019_table3(seed004())
    findings = assert_read(check_text(text)).findings
    mixed = [f for f in findings if f.rule_id == "GK110"]
    assert [(f.location.line, "表三是2019年版格式（“（六）其他处理”没有细分项）" in f.message)
            for f in mixed] == [
        (line_with(text, "(六) 其他处理"), True)]
    assert not [f for f in findings if f.rule_id in ("GK220", "GK222")]
    assert "r6.0" in analysed(text).tables["table3"].rows


def test_2020_year_with_2021_tables_names_both_tables():
    text = with_year(seed004(), 2020)
    mixed = [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK110"]
    assert [m.message for m in mixed] == [
        "报告年度为2020年，应使用2019年版年度报告格式，但表二是2021年版格式"
        "（栏目“本年制发件数”、“本年废止件数”、“现行有效件数”）",
        "报告年度为2020年，应使用2019年版年度报告格式，但表三是2021年版格式"
        "（栏目“无正当理由逾期不补正”、“逾期未按收费通知要求缴纳费用”）"]
    # Tables are read as they are (2021 columns): table 3 arithmetic still checked.
    assert analysed(text).tables["table3"].cell("r6.2", "total").value == 0


def test_no_year_anywhere_follows_the_tables():
    text = report_2019(2020).replace("2020 年", "本年")
    doc = analysed(text)
    assert doc.year is None and doc.form_version == "2019"
    assert not [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK110"]


# -- GK501 / GK502: the year stated three ways ---------------------------------

def test_seeds_have_no_year_findings():
    for text in (seed000(), seed004()):
        assert not [f for f in assert_read(check_text(text)).findings if f.rule_id in ("GK501", "GK502")]


def test_statistics_period_of_another_year():
    text = seed004().replace("现将工作情况汇报如下：",
                             "现将工作情况汇报如下：" + PERIOD.format(2020, 2020))
    found = [f for f in issue5(assert_read(check_text(text)).findings) if f.rule_id == "GK501"]
    assert [(f.location.line, f.message) for f in found] == [
        (line_with(text, "统计期限"), "统计期限为2020年，与标题中的报告年度（2021年）不一致")]
    assert text[found[0].span.start:found[0].span.end] == "2020"


def test_statistics_period_of_the_same_year_is_clean():
    text = seed004().replace("现将工作情况汇报如下：",
                             "现将工作情况汇报如下：" + PERIOD.format(2021, 2021))
    assert not [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK501"]


def test_statistics_period_spanning_two_years():
    text = seed004().replace("现将工作情况汇报如下：",
                             "现将工作情况汇报如下：" + PERIOD.format(2021, 2022))
    found = [f.message for f in assert_read(check_text(text)).findings if f.rule_id == "GK501"]
    assert found == ["统计期限起于2021年、止于2022年，应为同一年度"]


def test_body_copied_from_last_year():
    text = seed004().replace("2021 年，我镇", "2020 年，我镇").replace("2021 年度，", "2020 年度，")
    found = [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK501"]
    assert [(f.location.line, f.location.column) for f in found] == [
        (line_with(text, "2020 年，我镇"), 1)]
    assert "正文多处写“2020年”" in found[0].message and "（2021年）" in found[0].message


def test_body_mentioning_next_year_plans_is_not_a_mismatch():
    # Section 五 of a report on 2021 plans for 2022: the body still speaks of 2021.
    text = seed000().replace("下一步，我们将", "2022年，我们将")
    assert not [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK501"]


def test_title_without_year():
    text = seed004().replace("2021 年政府信息公开工作年度报告", "政府信息公开工作年度报告")
    found = [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK502"]
    assert [(f.location.line, f.message) for f in found] == [
        (line_with(text, "政府信息公开工作年度报告\n"), "标题没有写明报告年度（正文推断为2021年）")]


def test_seed_exact_issue5_findings_are_unchanged_by_form_choice():
    assert ids_lines(assert_read(check_text(seed000())).findings) == set()
    assert {f[0] for f in ids_lines(assert_read(check_text(seed004())).findings)} == {"GK530"}


def test_choose_form_keeps_the_year_form_for_clean_reports():
    from helpers import linter

    doc = analysed(seed004())
    assert choose_form(doc, linter().forms).version == "2021"
