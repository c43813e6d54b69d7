"""Table shape and values (GK213–GK224, and GK220's out-of-order and garbled
rows): one finding per defect, named and located, nothing on the seeds."""
from __future__ import annotations

from compliance_builders import ids_lines, line_with, seed000, seed004, set_table3_row
from helpers import assert_read, check_text

HEADER_21 = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"


def _found(text, rules):
    return [(f.rule_id, f.location.line, f.message) for f in assert_read(check_text(text)).findings
            if f.rule_id in rules]


def _without_column_3(text: str, label: str) -> str:
    """Seed 004 with table 3's column ``label`` (header cell and values) removed."""
    out, inside = [], False
    header = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    for line in text.split("\n"):
        inside = inside or "本列数据的勾稽关系" in line
        if line.startswith("四、政府信息公开行政复议"):
            inside = False
        if inside:
            cells = line.split("\t")
            if label in cells:
                cells.remove(label)
            else:
                numbers = [i for i, c in enumerate(cells) if c.strip().isdigit()]
                if len(numbers) == 7:
                    del cells[numbers[header.index(label)]]
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out)


def test_seeds_have_no_shape_or_value_findings():
    shape = {"GK213", "GK214", "GK215", "GK220", "GK221", "GK222", "GK223", "GK224"}
    for text in (seed000(), seed004()):
        assert _found(text, shape) == []
    # The garbled header 现行冇效件数 of seed 000 still names its column.
    assert not [f for f in assert_read(check_text(seed000())).findings if f.rule_id == "GK221"]


def test_missing_table3_column_is_one_finding_without_cascade():
    text = _without_column_3(seed004(), "科研机构")
    findings = check_text(text).findings
    shape = [(f.rule_id, f.message) for f in findings if f.rule_id.startswith("GK2")
             and f.location.table != "表四"]
    assert shape == [("GK221", "表三缺少“科研机构”列，该表各行的数可能错位")]
    gap = next(f for f in findings if f.rule_id == "GK221")
    assert gap.location.line == line_with(text, "本列数据的勾稽关系")


def test_missing_table2_column_in_seed_000_stream_layout():
    text = seed000().replace("\t本年废止件数\n", "")
    lines = text.split("\n")
    # Drop the middle value of both rows of 第二十条第（一）项 (规章 0 0 0, 行政规范性文件 6 0 74).
    for label in ("\t规章", "\t行政规范性文件"):
        i = lines.index(label)
        del lines[i + 2]
    text = "\n".join(lines)
    shape = _found(text, {"GK210", "GK212", "GK220", "GK221", "GK222", "GK223"})
    assert shape == [("GK221", line_with(text, "第二十条第（一）项"),
                      "表二 第二十条第（一）项缺少“本年废止件数”列，该表各行的数可能错位")]


def test_table4_missing_one_of_three_result_columns():
    text = seed004().replace("结果 维持\t结果 纠正", "结果 纠正", 1)
    found = _found(text, {"GK221"})
    assert [m for _, _, m in found] == [
        "表四的“结果维持”列只有2个，格式规定有3个，该表各行的数可能错位"]


def test_swapped_columns():
    text = seed004().replace(HEADER_21, "信息内容\t本年废止件数\t本年制发件数\t现行有效件数")
    found = [f for f in check_text(text).findings if f.rule_id == "GK224"]
    assert [(f.location.line, f.message) for f in found] == [
        (line_with(text, "本年废止件数"), "表二 第二十条第（一）项的“本年制发件数”列应在“本年废止件数”列"
                                         "之前（格式规定的列顺序），该表各列的数可能对应错了")]
    assert text[found[0].span.start:found[0].span.end] == "本年制发件数"


def test_multi_row_header_of_table3_is_not_an_order_problem():
    # Seed 004's table 3 header spans three rows (总计 in the first): in order.
    assert not _found(seed004(), {"GK224"})


def test_rows_out_of_order_are_one_misplaced_row():
    text = seed004().replace("规章\t0\t0\t0\n行政规范性文件\t0\t0\t0",
                             "行政规范性文件\t0\t0\t0\n规章\t0\t0\t0")
    assert _found(text, {"GK220", "GK222"}) == [
        ("GK220", line_with(text, "规章\t"),
         "表二 第二十条第（一）项“规章”行的位置不对（不在格式规定的顺序上），该行数据未能核对")]


def test_garbled_row_label_is_named_not_reported_missing():
    # Issue 15: the garbled label matches its row by similarity; the row's
    # numbers are read and checked, and the label is reported once (GK225).
    text = seed004().replace("1. 属于国家秘密", "1. 属于国家秘蜜")
    assert _found(text, {"GK220", "GK222", "GK225"}) == [
        ("GK225", line_with(text, "属于国家秘蜜"),
         "表三“（三）不予公开 1.属于国家秘密”行的名称写作“1. 属于国家秘蜜”，与格式规定的行名不一致"
         "（已按该行读取并核对其数字）")]


def test_really_missing_row_keeps_the_core_message():
    text = seed004().replace("\t\t8. 属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n", "")
    assert _found(text, {"GK220", "GK222"}) == [
        ("GK220", line_with(text, "本列数据的勾稽关系"), "表三缺少“（三）不予公开 8.属于行政查询事项”行")]


def test_table_block_out_of_order():
    s = seed004()
    block = s[s.index("第二十条第（五）项"):s.index("第二十条第（六）项")]
    text = s.replace(block, "").replace("第二十条第（八）项", block + "第二十条第（八）项")
    assert _found(text, {"GK220", "GK222"}) == [
        ("GK220", line_with(text, "第二十条第（六）项"),
         "表二 第二十条第（六）项的位置不对（不在格式规定的顺序上），未能核对")]


def test_extra_row():
    text = seed004().replace("\t(七) 总计\t", "\t(八) 转办其他机关\t0\t0\t0\t0\t0\t0\t0\n\t(七) 总计\t")
    assert _found(text, {"GK220", "GK222"}) == [
        ("GK222", line_with(text, "(八) 转办其他机关"),
         "表三中的“(八) 转办其他机关”行不是格式规定的行，其中的数不计入任何合计")]


def test_extra_value_in_a_row():
    text = seed004().replace("行政许可\t0\t\t", "行政许可\t5\t0\t")
    found = [f for f in check_text(text).findings if f.rule_id == "GK223"]
    assert [(f.location.line, f.location.column, f.message) for f in found] == [
        (line_with(text, "行政许可\t5"), 6,
         "表二 第二十条第（五）项“行政许可”行有2个数，比格式规定的1列多，前1个数未计入核对")]


def test_negative_count_and_fee():
    text = set_table3_row(seed004(), "(一) 予以公开", [-1, 0, 0, 0, 0, 0, -1])
    text = text.replace("行政事业性收费\t0\t", "行政事业性收费\t-2.5\t")
    found = [(f.rule_id, f.location.table, f.location.column_label, f.message)
             for f in check_text(text).findings if f.rule_id == "GK213"]
    assert found == [
        ("GK213", "表二 第二十条第（八）项", "本年收费金额（单位：万元）",
         "表二 第二十条第（八）项“行政事业性收费”行“本年收费金额（单位：万元）”列为-2.5，金额不能为负数"),
        ("GK213", "表三", "自然人", "表三“（一）予以公开”行“自然人”列为-1，件数不能为负数"),
        ("GK213", "表三", "总计", "表三“（一）予以公开”行“总计”列为-1，件数不能为负数")]


def test_fractional_count_but_decimal_fee_is_fine():
    text = seed004().replace("行政许可\t0\t", "行政许可\t18.78\t")
    text = text.replace("行政事业性收费\t0\t", "行政事业性收费\t15996.59\t")
    found = [(f.rule_id, f.location.row, f.location.line) for f in check_text(text).findings
             if f.rule_id in ("GK213", "GK214")]
    assert found == [("GK214", "行政许可", line_with(text, "行政许可\t18.78"))]


def test_thousands_separator_and_full_width_digits_are_read_and_flagged_as_style():
    text = seed004().replace("行政许可\t0\t", "行政许可\t1,878\t")
    text = text.replace("行政处罚\t0\t", "行政处罚\t２２８\t")
    findings = check_text(text).findings
    style = [f for f in findings if f.rule_id == "GK215"]
    assert [(f.severity.label, f.location.row, f.message) for f in style] == [
        ("info", "行政许可", "表二 第二十条第（五）项“行政许可”行“本年处理决定数量”列写作“1,878”（千位分隔符），"
                            "统计表中应写作“1878”"),
        ("info", "行政处罚", "表二 第二十条第（六）项“行政处罚”行“本年处理决定数量”列写作“２２８”（全角数字），"
                            "统计表中应写作“228”")]
    assert not [f for f in findings if f.rule_id == "GK212"]


def test_seed_issue5_sets():
    assert ids_lines(assert_read(check_text(seed000())).findings) == set()
