"""Reports whose tables were run together into the text, as the Pingtan web
pages' text exports lay them out (issue 15): the whole report on one line,
each row label followed by a space and its cells' digits with no separator
(…申请数量 801000081 二、上年结转…), 表四's fifteen values apart or partly
run together after its header, 表二's blocks one after the other.  Every
layout is built in the test from the clean real report in tests/data, and
each test checks what must be read and found as well as what must be left
alone."""
from __future__ import annotations

from pathlib import Path

from gklint.readers import ReadOptions
from gklint.readers.text import read_text
from helpers import check_text, linter

BASE = (Path(__file__).resolve().parent / "data" / "realworld" / "00_clean_base.txt"
        ).read_text(encoding="utf-8")


def _number(cell: str) -> bool:
    return cell.strip().replace(".", "", 1).isdigit()


def pingtan(text: str) -> str:
    """``text`` as the Pingtan exports write it: one line; a row's labels run
    together, a space, then its digits run together; 表四's values apart."""
    out = []
    for line in text.split("\n"):
        cells = [c for c in line.split("\t") if c.strip()]
        labels = [c for c in cells if not _number(c)]
        numbers = [c for c in cells if _number(c)]
        if numbers and not labels:
            out.append(" ".join(numbers))
        elif numbers:
            out.append("".join(labels) + " " + "".join(numbers))
        elif labels:
            out.append("".join(labels))
    return " ".join(out)


PINGTAN = pingtan(BASE)


def _loud(text: str):
    return [(f.rule_id, f.message) for f in check_text(text).findings
            if f.severity.name in ("ERROR", "WARNING")]


def _tables(text: str):
    doc = read_text("report.txt", text.encode("utf-8"), ReadOptions())
    linter().check_document(doc)
    return doc


def test_the_layout_is_built_as_the_exports_print_it():
    assert "申请数量 801000081 二、上年结转" in PINGTAN
    assert "尚未审结总计 1 1 0 0 2 4 0 0 1 5 1 0 1 0 2 五、" in PINGTAN
    assert "\n" not in PINGTAN


def test_tables_with_a_space_before_their_digits_are_read_and_checked():
    # 表二 第二十条第（一）项 has three columns and no identity between them:
    # its digits (77132470) cannot be split, and that is the one finding.
    loud = _loud(PINGTAN)
    assert [rule for rule, _ in loud] == ["GK601"], loud
    assert "第二十条第（一）项" in loud[0][1]
    doc = _tables(PINGTAN)
    assert [c.raw for c in doc.tables["table3"].rows["new"].cells] == \
        ["80", "1", "0", "0", "0", "0", "81"]
    assert [c.raw for c in doc.tables["table4"].rows[next(iter(doc.tables["table4"].rows))]
            .cells] == "1 1 0 0 2 4 0 0 1 5 1 0 1 0 2".split()


def test_a_wrong_total_in_table4_written_apart_is_found_on_its_cell():
    bad = PINGTAN.replace("总计 1 1 0 0 2 4 0 0 1 5", "总计 1 1 0 0 2 4 0 0 1 6", 1)
    found = [f for f in check_text(bad).findings if f.rule_id.startswith("GK2")]
    assert found and all(f.location.table == "表四" for f in found)
    reading = [f.message for f in check_text(bad).findings if f.rule_id == "GK601"]
    assert len(reading) == 1 and "第二十条第（一）项" in reading[0]  # 表四 itself was read


def test_a_space_inside_a_rows_digits_is_not_a_label():
    text = PINGTAN.replace("不计其他情形） 191000020", "不计其他情形） 19100002 0", 1)
    assert text != PINGTAN
    assert [rule for rule, _ in _loud(text)] == ["GK601"]
    doc = _tables(text)
    cells = doc.tables["table3"].rows["r2"].cells
    assert [c.raw for c in cells] == ["19", "1", "0", "0", "0", "0", "20"]
    assert text[cells[-1].span.start:cells[-1].span.end] == "2 0"


def test_a_block_without_its_rules_row_is_that_missing_row_and_the_2019_label_once():
    text = PINGTAN.replace("规章 000 行政规范性文件 77132470", "规范性文件 000", 1)
    found = check_text(text).findings
    rows = [(f.rule_id, f.location.table, f.location.row) for f in found
            if f.rule_id.startswith(("GK2", "GK6"))]
    assert ("GK220", "表二 第二十条第（一）项", "规章") in rows
    assert [r for r, *_ in rows] == ["GK220", "GK225"], rows


def test_an_unsplittable_block_without_its_rules_row_is_one_reading_finding_and_the_row():
    text = PINGTAN.replace("规章 000 行政规范性文件 77132470", "规范性文件 6856", 1)
    rows = [(f.rule_id, f.location.row) for f in check_text(text).findings
            if f.rule_id.startswith(("GK2", "GK6"))]
    assert sorted(rows, key=str) == [("GK220", "规章"), ("GK601", None)], rows


def test_rows_printed_without_numbers_are_blank_rows_not_missing_ones():
    row = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0000000"
    assert row in PINGTAN
    text = PINGTAN.replace(row, row[:-8], 1)
    loud = _loud(text)
    assert [rule for rule, _ in loud] == ["GK601", "GK210"], loud
    assert "（全部7列）" in loud[1][1] and "2.申请人逾期未按收费通知要求缴纳费用" in loud[1][1]


_TABLE2_2019 = ("第二十条第（一）项 信息内容本年新制作数量本年新公开数量对外公开总数量 规章 000 "
                "规范性文件 121223 第二十条第（五）项 信息内容上一年项目数量本年增/减处理决定数量 "
                "行政许可 89741888 第二十条第（六）项 信息内容上一年项目数量本年增/减处理决定数量 "
                "行政处罚 2648-18538 行政强制 000 第二十条第（八）项 信息内容上一年项目数量本年增/减 "
                "行政事业性收费 00 三、")


def test_a_2021_report_with_a_2019_table2_run_together_is_gk110_once():
    start = PINGTAN.index("第二十条第（一）项")
    end = PINGTAN.index("三、收到和处理")
    text = PINGTAN[:start] + _TABLE2_2019 + PINGTAN[end + 2:]
    found = [f.rule_id for f in check_text(text).findings
             if f.severity.name in ("ERROR", "WARNING")]
    assert found.count("GK110") == 1, found
    # the blocks are read or one reading finding each: nothing missing
    assert not [r for r in found if r.startswith("GK2")], found


def test_a_2021_report_with_the_2019_single_row_6_run_together_is_gk110_once():
    start = PINGTAN.index("（六）其他处理1.")
    end = PINGTAN.index("（七）总计")
    text = PINGTAN[:start] + "（六）其他处理 2000002 " + PINGTAN[end:]
    found = [f.rule_id for f in check_text(text).findings
             if f.severity.name in ("ERROR", "WARNING")]
    assert sorted(found) == ["GK110", "GK601"], found
    # and 表三 is still read and checked
    assert "table3" in _tables(text).tables


def test_table4_header_glued_to_partly_run_together_values_is_read():
    glued = PINGTAN.replace("行政复议行政诉讼 结果维持", "行政复议行政诉讼结果维持", 1)
    glued = glued.replace("复议后起诉 结果维持", "复议后起诉结果维持", 1)
    glued = glued.replace("总计 1 1 0 0 2 4 0 0 1 5 1 0 1 0 2", "总计 11 0 02 40 0 15 10 1 02", 1)
    assert [rule for rule, _ in _loud(glued)] == ["GK601"], _loud(glued)
    table4 = _tables(glued).tables["table4"]
    assert [c.raw for c in next(iter(table4.rows.values())).cells] == \
        "1 1 0 0 2 4 0 0 1 5 1 0 1 0 2".split()


def test_a_glued_header_still_misses_a_column_it_lacks():
    """Precision of the cut: a header run together and lacking 其他结果 once
    is that one missing column, and nothing about the columns it has."""
    glued = PINGTAN.replace("行政复议行政诉讼 结果维持结果纠正其他结果尚未审结总计",
                            "行政复议行政诉讼结果维持结果纠正尚未审结总计", 1)
    columns = [m for rule, m in _loud(glued) if rule == "GK221"]
    assert columns == ["表四的“其他结果”列只有2个，格式规定有3个，该表各行的数可能错位"], columns


# -- 表四 as converters print it in Markdown ------------------------------------

def _table4_as(markdown: str) -> str:
    """BASE with 表四 replaced by ``markdown`` (as a .md report)."""
    lines = BASE.split("\n")
    at = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines[:at + 2]) + "\n" + markdown + "\n" + "\n".join(lines[at + 6:])


_HEAD = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"


def _groups(review: str = "1 | 1 | 0 | 0 | 2", last: str = "行政诉讼（复议后起诉）") -> str:
    """表四 as three tables, one a group, each under its heading."""
    return _table4_as(f"### 行政复议\n{_HEAD}| {review} |\n\n"
                      f"### 行政诉讼（未经复议直接起诉）\n{_HEAD}| 4 | 0 | 0 | 1 | 5 |\n\n"
                      f"### {last}\n{_HEAD}| 1 | 0 | 1 | 0 | 2 |\n")


def _loose(values: str = "1 | 1 | 0 | 0 | 2 | 4 | 0 | 0 | 1 | 5 | 1 | 0 | 1 | 0 | 2") -> str:
    """表四's header left by a PDF converter as loose lines of broken words,
    then a table of header scraps and the fifteen values."""
    return _table4_as("行政复议行政诉讼\n未经复议直接起诉复议后起诉\n结果结果其他尚未\n"
                      "总计结果结果其他尚未结果结果其他尚未\n维持纠正结果审结维持纠正结果审结\n"
                      "| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |\n|---|---|---|---|---|---|\n"
                      f"| {values} |\n")


def _md_loud(text: str):
    return [(f.rule_id, f.message) for f in check_text(text, name="report.md").findings
            if f.severity.name in ("ERROR", "WARNING")]


def test_table4_as_three_group_tables_is_one_row_of_fifteen():
    assert _md_loud(_groups()) == []
    doc = read_text("report.md", _groups().encode("utf-8"), ReadOptions())
    linter().check_document(doc)
    row = next(iter(doc.tables["table4"].rows.values()))
    assert [c.raw for c in row.cells] == "1 1 0 0 2 4 0 0 1 5 1 0 1 0 2".split()


def test_table4_group_tables_still_show_a_wrong_total_and_a_missing_group():
    wrong = _md_loud(_groups(review="1 | 1 | 0 | 0 | 3"))
    assert ("GK204", "表四“行政复议 总计”：结果维持、结果纠正、其他结果、尚未审结之和为2，总计为3，"
            "两者不等") in wrong, wrong
    assert not [r for r, _ in wrong if r in ("GK210", "GK220", "GK221")]
    lost = [m for r, m in _md_loud(_groups(last="行政诉讼")) if r == "GK221"]
    assert lost == ["表四缺少“复议后起诉”列，该表各行的数可能错位"], lost


def test_table4_under_a_loose_header_is_read_not_missing():
    assert _md_loud(_loose()) == []
    wrong = _md_loud(_loose(values="1 | 1 | 0 | 0 | 2 | 4 | 0 | 0 | 1 | 6 | 1 | 0 | 1 | 0 | 2"))
    assert "GK204" in [r for r, _ in wrong], wrong
    assert not [r for r, _ in wrong if r in ("GK210", "GK220", "GK221")]


def test_a_values_table_far_from_the_anchor_is_not_taken_for_table4():
    """Precision: a table of fifteen numbers many lines after the last line
    naming 行政复议 is not taken for 表四 (it stays 缺少表四)."""
    prose = "".join(f"第{n}段说明文字。\n" for n in range(10))
    text = _loose().replace("维持纠正结果审结维持纠正结果审结\n",
                            "维持纠正结果审结维持纠正结果审结\n" + prose, 1)
    assert "GK220" in [r for r, _ in _md_loud(text)]


# -- run-together rows whose figures are wrong are read, and the error found ---

def test_a_wrong_items_total_is_found_when_every_row_splits_one_way():
    """Each row's digits split one way by its own total; （七）总计 then
    disagrees with the items: the report's error (GK202), not a reading one.
    (BASE's （一） 22 and （二） 19+1 are made 21+1 and 20 so that every row
    splits one way; the columns still add up.)"""
    text = pingtan(BASE.replace("22\t0\t0\t0\t0\t0\t22", "21\t1\t0\t0\t0\t0\t22", 1)
                   .replace("19\t1\t0\t0\t0\t0\t20", "20\t0\t0\t0\t0\t0\t20", 1))
    assert _loud(text) == [(r, m) for r, m in _loud(text) if r == "GK601"]  # it holds
    wrong = text.replace("（七）总计 801000081", "（七）总计 791000080", 1)
    loud = _loud(wrong)
    assert [m for r, m in loud if r == "GK601" and "表三" in m] == []
    assert [r for r, m in loud if "（七）总计" in m and r in ("GK202", "GK205")], loud


def test_a_row_whose_own_total_is_wrong_is_split_by_the_items_identity():
    """（二）部分公开 191000021: no split makes 21 the sum of the others; the
    one split where （七）总计 is the sum of the items in every applicant
    column is 19 | 1 | 0 | 0 | 0 | 0 | 21, and its total is the error."""
    text = PINGTAN.replace("不计其他情形） 191000020", "不计其他情形） 191000021", 1)
    doc = _tables(text)
    assert [c.raw for c in doc.tables["table3"].rows["r2"].cells] == \
        ["19", "1", "0", "0", "0", "0", "21"]
    found = [(f.rule_id, f.location.row, f.location.column_label)
             for f in check_text(text).findings if f.rule_id.startswith("GK2")]
    assert found and all(row and "部分公开" in row or col == "总计" for _, row, col in found), found


def test_two_rows_with_wrong_totals_stay_unread():
    text = PINGTAN.replace("不计其他情形） 191000020", "不计其他情形） 191000021", 1)
    text = text.replace("（一）予以公开 220000022", "（一）予以公开 220000023", 1)
    loud = _loud(text)
    assert [r for r, m in loud if r == "GK601" and "表三" in m], loud
    assert not [r for r, _ in loud if r.startswith("GK2")], loud


# -- a blank 总计 where the row counts something -------------------------------

def test_blank_totals_of_rows_with_requests_are_named_in_the_one_blank_finding():
    lines = BASE.split("\n")
    blanked = []
    for line in lines:
        cells = line.split("\t")
        if len(cells) > 7 and cells[-1].isdigit() and "一、本年新收" not in line \
                and "（七）总计" not in line and "四、结转" not in line \
                and "二、上年结转" not in line:
            cells[-1] = cells[-5] = ""  # 总计 and 科研机构 left blank
        blanked.append("\t".join(cells))
    text = "\n".join(blanked)
    found = [f for f in check_text(text).findings
             if f.rule_id == "GK210" and f.location.table == "表三"]
    assert len(found) == 1, [f.message for f in found]
    # pointed at the first blank 总计 of a row with requests, and saying so
    assert (found[0].location.row, found[0].location.column_label) == ("（一）予以公开", "总计")
    assert "“总计”列有10个单元格所在行填有申请数" in found[0].message
    assert "已填各列之和为22" in found[0].message


def test_blank_totals_of_rows_of_zeros_are_only_blanks():
    text = BASE.replace("1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0", "1.属于国家秘密\t0\t0\t\t0\t0\t0\t", 1)
    assert text != BASE
    [found] = [f for f in check_text(text).findings if f.rule_id == "GK210"]
    assert "申请数" not in found.message and found.location.column_label == "科研机构"


# -- 表二's block titles first, the （一）项 table after them (Markdown converters) ----

_TITLES_FIRST = """第二十条第（一）项
第二十条第（五）项
信息内容本年处理决定数量
行政许可 2629
第二十条第（六）项
信息内容本年处理决定数量
行政处罚 1330
行政强制 54
第二十条第（八）项
信息内容本年收费金额（单位：万元）
行政事业性收费 5949.09
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 77 | 132 | 470 |
"""


def _titles_first(block: str = _TITLES_FIRST) -> str:
    lines = BASE.split("\n")
    start = lines.index("第二十条第（一）项\t\t\t")
    end = next(i for i, line in enumerate(lines) if line.startswith("三、收到和处理"))
    return "\n".join(lines[:start]) + "\n" + block + "\n" + "\n".join(lines[end:])


def test_a_table2_block_printed_after_the_other_titles_is_read_under_its_header():
    text = _titles_first()
    assert _md_loud(text) == [], _md_loud(text)
    doc = read_text("report.md", text.encode("utf-8"), ReadOptions())
    linter().check_document(doc)
    assert [c.raw for c in doc.tables["table2.1"].rows["normative"].cells] == ["77", "132", "470"]
    assert set(doc.tables["table2.8"].rows) == {"fees"}


def test_a_table2_block_under_its_header_with_a_column_lost_stays_unread():
    text = _titles_first(_TITLES_FIRST.replace("| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | 0 |")
                         .replace("| 77 | 132 | 470 |", "| 77 | 470 |"))
    loud = _md_loud(text)
    assert [r for r, _ in loud] == ["GK601"] and "第二十条第（一）项" in loud[0][1], loud
