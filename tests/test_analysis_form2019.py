"""The 2019 format (rules/form-2019.yaml): a 2019-format report built from
DOMAIN.md's table description is read cell by cell, and the core table
arithmetic (GK201–GK204, written over row keys such as r6.*) holds for it."""
from __future__ import annotations

from decimal import Decimal

from compliance_builders import (TABLE3_OTHER_2019, analysed, issue5, line_with, report_2019,
                                 set_table3_row)
from helpers import assert_read, check_text, linter


def test_the_2019_form_is_loaded_next_to_the_2021_form():
    forms = {f.version: f for f in linter().forms}
    assert set(forms) >= {"2019", "2021"}
    form = forms["2019"]
    assert form.years == (2019, 2020)
    assert [t.key for t in form.tables] == ["table2.1", "table2.5", "table2.6", "table2.8",
                                           "table2.9", "table3", "table4"]
    assert [c.label for c in form.table("table2.5").columns] == ["上一年项目数量", "本年增/减",
                                                                 "处理决定数量"]
    rows3 = [r.key for r in form.table("table3").rows]
    assert [k for k in rows3 if k.startswith("r6")] == ["r6.0"]
    assert len(rows3) == 23  # 25 rows of 2021 less the three items of （六） plus its one row
    assert [s.title for s in form.sections] == [s.title for s in forms["2021"].sections]


def test_every_cell_of_the_2019_report_is_read():
    doc = analysed(report_2019(2020))
    t = doc.tables
    assert {k: len(v.missing_rows) for k, v in t.items()} == {k: 0 for k in t}
    assert [c.value for c in t["table2.1"].rows["normative"].cells] == [2, 2, 15]
    assert [c.value for c in t["table2.5"].rows["licensing"].cells] == [12, -2, 340]
    assert [c.raw for c in t["table2.5"].rows["other_services"].cells] == ["3", "+1", "25"]
    assert t["table2.5"].cell("other_services", "change").value == 1
    assert [c.value for c in t["table2.8"].rows["fees"].cells] == [4, -1]
    assert t["table2.9"].cell("procurement", "amount").value == Decimal("52.3")
    assert [c.value for c in t["table3"].rows["r6.0"].cells] == [0] * 7


def test_the_2019_report_has_no_table_or_version_findings():
    text = report_2019(2020)
    findings = assert_read(check_text(text)).findings
    # Only the defects it inherits from seed 004: blank 行政复议 cells, no signature.
    assert {f.rule_id for f in findings} == {"GK210", "GK530"}
    assert {f.location.table for f in findings if f.rule_id == "GK210"} == {"表四"}
    # 本年增/减 may be negative; the other columns may not.
    assert not [f for f in issue5(findings) if f.rule_id in ("GK213", "GK214")]


def test_outcome_total_counts_the_single_other_handling_row():
    # （六）其他处理 1 in 自然人 without raising （七）总计: GK202 must see r6.0.
    text = report_2019(2020)
    text = text.replace(TABLE3_OTHER_2019, "\t(六) 其他处理\t1\t0\t0\t0\t0\t0\t1")
    found = [(f.rule_id, f.location.column_label) for f in assert_read(check_text(text)).findings
             if f.rule_id.startswith("GK20")]
    assert ("GK202", "自然人") in found and ("GK202", "总计") in found
    assert all(rule in ("GK202", "GK203") for rule, _ in found)


def test_balance_identity_holds_for_a_consistent_2019_table3():
    text = report_2019(2020)
    text = set_table3_row(text, "一、本年新收", [2, 1, 0, 0, 0, 0, 3])
    text = set_table3_row(text, "(一) 予以公开", [1, 1, 0, 0, 0, 0, 2])
    text = text.replace(TABLE3_OTHER_2019, "\t(六) 其他处理\t1\t0\t0\t0\t0\t0\t1")
    text = set_table3_row(text, "(七) 总计", [2, 1, 0, 0, 0, 0, 3])
    assert not [f for f in assert_read(check_text(text)).findings if f.rule_id.startswith("GK20")]


def test_negative_count_in_a_2019_count_column_is_still_an_error():
    text = report_2019(2020).replace("行政处罚\t30\t0\t41", "行政处罚\t30\t0\t-41")
    found = [f for f in assert_read(check_text(text)).findings if f.rule_id == "GK213"]
    assert [(f.location.line, f.location.column_label) for f in found] == [
        (line_with(text, "行政处罚\t30"), "处理决定数量")]
