"""Tables as real reports lay them out (issue 15).

The cases in tests/data/realworld are small inputs from real published
reports (copied from the shared real-world set; README there gives the right
outcome of each).  The layout tests build each layout in the test from a
real report and check both what must be read and what must be left alone.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gklint.readers.text import split_blocks
from gklint.model import RawTable
from helpers import assert_read, check_text, linter

DATA = Path(__file__).resolve().parent / "data" / "realworld"
BASE = (DATA / "00_clean_base.txt").read_text(encoding="utf-8")


def _loud(result, **read):
    """Errors and warnings (info notes are free), of a file read as a report."""
    return [f for f in assert_read(result, **read).findings if f.severity.name in ("ERROR", "WARNING")]


def _check_file(name: str):
    path = DATA / name
    return linter().check_bytes(name, path.read_bytes())


@pytest.mark.parametrize("name", [
    "00_clean_base.txt",
    "01_text_table2_block_title_without_tabs.txt",
    "04a_text_space_separated_cells.txt",
    "04b_md_table2_label_space_value_lines.md",
    "05_text_page_number_line_inside_table.txt",
    "06_text_vertical_group_label_one_char_per_line.txt",
])
def test_real_table_layouts_are_read_like_the_base(name):
    result = _check_file(name)
    assert [(f.rule_id, f.message) for f in _loud(result)] == []


def _spaced(text: str) -> str:
    """The report as pdftotext writes it: each tab a run of spaces."""
    return "\n".join(re.sub(r"\t+", lambda m: " " * (2 * len(m.group())), line).rstrip()
                     for line in text.split("\n"))


def test_space_separated_cells_are_read_and_checked():
    text = _spaced(BASE)
    assert _loud(check_text(text)) == []
    # a real error in the spaced table is still found, on its cell
    bad = text.replace("22  0  0  0  0  0  22", "22  0  0  0  0  0  23", 1)
    assert bad != text
    found = [(f.rule_id, f.location.row) for f in _loud(check_text(bad))]
    assert ("GK205", "（一）予以公开") in found  # the changed cell, named


def test_page_furniture_inside_a_table_is_dropped_but_kept_in_prose():
    lines = BASE.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("规章\t"))
    for furniture in ("- 3 -", "第 3 页 共 9 页", "3/9"):
        text = "\n".join(lines[:at] + [furniture] + lines[at:])
        assert _loud(check_text(text)) == [], furniture
    # outside a table the same line stays a paragraph
    blocks = split_blocks("一、总体情况\n- 3 -\n正文。\n")
    assert [getattr(b, "text", None) for b in blocks] == ["一、总体情况", "- 3 -", "正文。"]


def test_vertical_label_is_joined_into_one_cell():
    label = "三、本年度办理结果"
    text = BASE.replace(label + "\t（一）予以公开",
                        "\n".join(label) + "\n\t（一）予以公开", 1)
    assert text != BASE
    assert _loud(check_text(text)) == []
    cells = [c.text for b in split_blocks(text) if isinstance(b, RawTable)
             for row in b.rows for c in row]
    assert label in cells


def test_block_titles_without_separators_open_their_blocks():
    text = re.sub(r"(第二十条第（[一五六八]）项)\t+", r"\1", BASE)
    assert text != BASE
    result = check_text(text)
    assert _loud(result) == []


def test_prose_with_spaces_and_numbers_stays_prose():
    """Precision: sentences, dates and headings are never table rows."""
    text = ("一、总体情况\n2023 年，全区共收到申请 81 件。\n联系人 张三\n"
            "落款单位\n2024 年 3 月 8 日\n（一）主动公开\n本年制发 12 件\n")
    blocks = split_blocks(text)
    assert not [b for b in blocks if isinstance(b, RawTable)]


# -- label variants and garbles: one finding, the row's numbers kept ----------

def test_2019_label_in_a_2021_table2_is_one_wording_warning():
    result = _check_file("23_table2_row_label_guifanxing_wenjian.txt")
    loud = _loud(result)
    assert [f.rule_id for f in loud] == ["GK225"]
    assert "规范性文件" in loud[0].message and "缺少" not in loud[0].message


@pytest.mark.parametrize("right,wrong,rule", [
    ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开", "GK225"),
    ("3.要求提供公开出版物", "3.要求提侏公开出版物", "GK225"),
    ("2.没有现成信息需要另行制作", "2.没冇现成信息", "GK301"),  # the GK3 rule names 冇
])
def test_garbled_row_label_matches_its_row_and_is_reported_once(right, wrong, rule):
    text = BASE.replace(right, wrong, 1)
    assert text != BASE
    assert [f.rule_id for f in _loud(check_text(text))] == [rule]


def test_numbers_of_a_reworded_row_are_still_checked():
    row = "2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0"
    text = BASE.replace(row, "2.其他法律行政止公开\t0\t0\t0\t0\t0\t0\t3", 1)
    assert text != BASE
    rules = [f.rule_id for f in _loud(check_text(text))]
    assert "GK225" in rules and "GK205" in rules and "GK220" not in rules


def test_unrelated_label_is_not_taken_for_a_missing_row():
    """Precision: a row that is really missing stays missing."""
    row = "\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0\n"
    assert row in BASE
    text = BASE.replace(row, "\t\t3.其他说明事项\t0\t0\t0\t0\t0\t0\t0\n", 1)
    rules = [f.rule_id for f in _loud(check_text(text))]
    assert "GK225" not in rules and "GK220" in rules


# -- 2019 amounts with units ----------------------------------------------------

def test_2019_amount_with_yuan_is_read_as_an_amount():
    result = _check_file("22_table2_2019_purchase_amount_with_yuan.txt")
    assert _loud(result) == []
    notes = [f for f in result.findings if f.rule_id == "GK215"]
    assert len(notes) == 1 and "251000元" in notes[0].message


def test_amount_in_yuan_in_a_wanyuan_column_names_the_value_it_should_hold():
    text = BASE.replace("行政事业性收费\t5949.09", "行政事业性收费\t59490900元", 1)
    assert text != BASE
    result = check_text(text)
    assert _loud(result) == []
    notes = [f.message for f in result.findings if f.rule_id == "GK215"]
    assert notes and "应写作“5949.09”" in notes[0]


def test_a_count_with_a_unit_is_still_not_a_number():
    text = BASE.replace("行政许可\t2629", "行政许可\t2629件", 1)
    assert "GK212" in [f.rule_id for f in check_text(text).findings]


# -- PDFs: tables continued over a page break, page ranges of a report -------

pdf = pytest.importorskip("pypdfium2")


@pytest.mark.parametrize("name", ["07_pdf_continued_table3_last_columns_merged.pdf",
                                  "08_pdf_table2_split_across_pages.pdf"])
def test_page_range_of_a_real_report_gives_one_reading_note(name):
    result = _check_file(name)
    assert [(f.rule_id, f.message) for f in _loud(result, allow=("GK600",), whole=False)] == []
    assert [f.rule_id for f in result.findings] == ["GK600"]


def test_continued_table3_keeps_its_columns():
    from gklint.readers import ReadOptions
    from gklint.readers.pdf import PDF_READER

    path = DATA / "07_pdf_continued_table3_last_columns_merged.pdf"
    doc = PDF_READER.read(path.name, path.read_bytes(), ReadOptions())
    rows = [[c.text for c in row] for b in doc.blocks if isinstance(b, RawTable) for row in b.rows]
    total = next(r for r in rows if "（七）总计" in r)
    assert [t for t in total if t][-7:] == ["2932", "53", "0", "0", "61", "4", "3050"]
    # the 表二 block at the head of the page keeps its label column
    assert any(r[:2] == ["行政处罚", "3985758"] for r in rows)


def test_collinear_rulings_keep_both_extents():
    from gklint.readers.layout import _merge_segments

    # a border lower on the page listed first, the one above it a hair to the right
    merged = _merge_segments([(71.4, 369, 783), (73.4, 79, 294), (72.0, 290, 300)])
    assert sorted((lo, hi) for _, lo, hi in merged) == [(79, 300), (369, 783)]


def test_text_opening_inside_a_table_is_a_part_of_a_report():
    start = BASE.index("一、本年新收")
    text = BASE[start:]
    result = check_text(text)
    rules = [f.rule_id for f in result.findings]
    assert rules.count("GK600") == 1
    assert not {"GK101", "GK220", "GK530"} & set(rules)
    # what is there is still checked
    bad = text.replace("（七）总计\t\t80", "（七）总计\t\t79", 1)
    assert bad != text
    assert "GK205" in {f.rule_id for f in check_text(bad).findings}


def test_whole_report_is_not_a_part():
    """Precision: a whole report, even one missing a section, gets no GK600."""
    assert "GK600" not in [f.rule_id for f in check_text(BASE).findings]
    text = BASE.replace("一、总体情况\n", "", 1)
    rules = [f.rule_id for f in check_text(text).findings]
    assert "GK600" not in rules and "GK101" in rules


# -- a table present but unreadable: one reading finding ---------------------

def _run_together(text: str) -> str:
    """表三 of ``text`` as one paragraph with no separator between cells."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if "本列数据的勾稽关系" in line)
    last = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度"))
    joined = "".join(lines[first:last + 1]).replace("\t", "")
    return "\n".join(lines[:first] + [joined] + lines[last + 1:])


def test_run_together_table3_that_splits_one_way_is_read():
    result = _check_file("03_text_table3_cells_run_together.txt")
    assert _loud(result) == []
    text = _run_together(BASE)
    assert "801000081二、上年结转" in text
    assert _loud(check_text(text)) == []


def test_run_together_table_is_read_cell_by_cell_at_its_digits():
    from gklint.readers import ReadOptions
    from gklint.readers.text import read_text

    text = _run_together(BASE)
    doc = read_text("report.txt", text.encode("utf-8"), ReadOptions())
    linter().check_document(doc)
    row = doc.tables["table3"].rows["new"]
    assert [c.raw for c in row.cells] == ["80", "1", "0", "0", "0", "0", "81"]
    first = row.cells[0].span
    assert text[first.start:first.end] == "80" and text[first.end:first.end + 9] == "1000081二、"
    assert [c.raw for c in doc.tables["table3"].rows["r1"].cells][-1] == "22"


def test_run_together_table_that_does_not_split_one_way_is_one_reading_finding():
    text = _run_together(BASE).replace("801000081二、", "801000082二、", 1)
    loud = _loud(check_text(text), allow=("GK601",), whole=False)
    assert [f.rule_id for f in loud] == ["GK601"]
    assert "缺少" not in loud[0].message


def test_prose_with_figures_is_not_an_unreadable_table():
    """Precision: a sentence naming a row and a figure is prose."""
    text = BASE.replace("2023年，全区接收政府信息公开申请共计81件",
                        "本年新收政府信息公开申请数量81件，上年结转政府信息公开申请数量0件", 1)
    # read as a whole report (no GK9xx), and so without GK601 or any reading note
    assert "GK601" not in [f.rule_id for f in assert_read(check_text(text)).findings]


# -- blank cells: one finding per table; a blank total names its value --------

def _blank_row(text: str, label: str) -> str:
    line = next(line for line in text.split("\n") if line.startswith(label))
    cells = line.split("\t")
    blank = "\t".join(cells[:3] + [""] * (len(cells) - 3))
    return text.replace(line, blank, 1)


def test_blank_cells_are_one_finding_per_table_listing_each():
    text = _blank_row(_blank_row(BASE, "二、上年结转"), "四、结转下年度")
    result = check_text(text)
    blanks = [f for f in result.findings if f.rule_id == "GK210"]
    assert len(blanks) == 1
    assert len(blanks[0].related) == 14 and "14个单元格为空" in blanks[0].message
    assert "“二、上年结转政府信息公开申请数量”行（全部7列）" in blanks[0].message
    # no arithmetic on the blank rows
    assert not [f for f in result.findings if f.rule_id in ("GK201", "GK202", "GK203")]


def test_one_blank_cell_keeps_the_cell_message():
    text = BASE.replace("行政处罚\t1330", "行政处罚\t", 1)
    blanks = [f for f in check_text(text).findings if f.rule_id == "GK210"]
    assert len(blanks) == 1 and blanks[0].related == ()
    assert blanks[0].location.row == "行政处罚"


def test_blank_total_with_filled_parts_names_the_value_it_should_hold():
    text = BASE.replace("（一）予以公开\t\t22\t0\t0\t0\t0\t0\t22", "（一）予以公开\t\t22\t0\t0\t0\t0\t0\t", 1)
    assert text != BASE
    loud = _loud(check_text(text))
    assert [(f.rule_id, f.location.row, f.location.column_label) for f in loud] == [
        ("GK201", "（一）予以公开", "总计")]
    assert "应为22" in loud[0].message


# -- the culprit cell ------------------------------------------------------------

@pytest.mark.parametrize("row,column,value", [
    ("一、本年新收政府信息公开申请数量", "自然人", "80"),
    ("（一）予以公开", "自然人", "22"),
    ("（四）无法提供 1.本机关不掌握相关政府信息", "自然人", "31"),
])
def test_one_changed_cell_is_named_with_the_value_that_balances_row_and_column(row, column, value):
    line = next(line for line in BASE.split("\n")
                if "\t" in line and row.split()[-1] in line and ("\t" + value + "\t") in line)
    text = BASE.replace(line, line.replace("\t" + value + "\t", "\t" + str(int(value) + 5) + "\t", 1), 1)
    loud = _loud(check_text(text))
    assert [(f.rule_id, f.location.row, f.location.column_label) for f in loud] == [
        ("GK205", row, column)]
    assert f"应为{value}" in loud[0].message and "本行与本列同时平衡" in loud[0].message


# -- 2019 （六） in a 2021 report; a file that is not a report ----------------

def test_2021_report_keeping_the_2019_single_row_6_is_gk110_once_and_still_checked():
    lines = BASE.split("\n")
    i = next(k for k, line in enumerate(lines) if "（六）其他处理" in line)
    text = "\n".join(lines[:i] + ["\t（六）其他处理\t\t2\t0\t0\t0\t0\t0\t2"] + lines[i + 3:])
    assert [f.rule_id for f in _loud(check_text(text))] == ["GK110"]
    bad = text.replace("（六）其他处理\t\t2", "（六）其他处理\t\t3", 1)
    assert sorted(f.rule_id for f in _loud(check_text(bad))) == ["GK110", "GK205"]


def test_a_file_that_is_not_a_report_is_one_finding():
    result = check_text("会议纪要\n\n今天开会讨论了食堂菜单。\n下周继续。\n")
    assert [f.rule_id for f in result.findings] == ["GK602"]


def test_a_report_missing_everything_but_its_words_is_still_checked_as_a_report():
    """Precision: a report (it says 政府信息公开) with no headings keeps GK101."""
    text = "某县2023年政府信息公开工作年度报告\n\n本年度政府信息公开工作平稳。\n"
    rules = [f.rule_id for f in check_text(text).findings]
    assert "GK602" not in rules and "GK101" in rules


def test_long_digit_runs_do_not_blow_up_the_split_search():
    import time

    from gklint.analysis.runtogether import _row_splits

    start = time.process_time()
    list(_row_splits("1" * 42, 7))
    assert list(_row_splits("9" * 43, 7)) == []
    assert time.process_time() - start < 5


def test_a_whole_report_on_one_line_keeps_its_prose_around_the_tables_read():
    """An archived web page: every section, table and sentence on one line.
    The tables whose digits split one way are read out of the line; the
    text before and after them stays prose; 表二 第二十条第（一）项 (three
    columns and no identity between them) is the one reading finding."""
    flat = "".join(line.replace("\t", "") for line in BASE.split("\n"))
    result = check_text(flat)
    tables = [f for f in result.findings if f.rule_id.startswith(("GK2", "GK6"))]
    assert [(f.rule_id, "（一）项" in f.message) for f in tables] == [("GK601", True)]
    assert "GK220" not in [f.rule_id for f in result.findings]


# -- PDF grids: loose rows at a page break, structural empty columns, vertical labels

def test_a_row_drawn_without_rulings_at_a_page_break_joins_the_table():
    from gklint.readers.layout import Line, Table, join_split_tables

    xs = [70.0, 100.0, 140.0, 250.0, 290.0, 330.0, 370.0, 410.0, 450.0, 490.0, 520.0]
    head = Table([["", "（四）无法提供", "1.本机关不掌握相关政府信息"] + ["10", "0", "0", "0", "0", "0", "10"]],
                 xs, 600.0, 780.0, 3, [3], page_height=842.0)
    chunks = [("2.没有现成信息需要另行制作", 150.0, 240.0)] + [
        (v, x + 5, x + 15) for v, x in zip("3000003", xs[3:10])]
    loose = Line("2.没有现成信息需要另行制作 3 0 0 0 0 0 3", 150.0, 790.0, 485.0, 800.0, 3, chunks)
    tail = Table([["", "", "3.补正后申请内容仍不明确"] + ["0"] * 7], xs, 80.0, 100.0, 4, [4],
                 page_height=842.0)
    items = join_split_tables([head, loose, tail])
    assert len(items) == 1
    rows = items[0].rows
    assert [r[2] for r in rows] == ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                                    "3.补正后申请内容仍不明确"]
    assert rows[1][3:] == list("3000003")


def test_prose_between_two_tables_is_not_taken_for_a_row():
    """Precision: a sentence between tables on consecutive pages stays prose."""
    from gklint.readers.layout import Line, Table, join_split_tables

    xs = [70.0, 300.0, 520.0]
    a = Table([["规章", "0"]], xs, 600.0, 780.0, 3, [3], page_height=842.0)
    prose = Line("三、收到和处理政府信息公开申请情况", 72.0, 790.0, 400.0, 800.0, 3,
                 [("三、收到和处理政府信息公开申请情况", 72.0, 400.0)])
    b = Table([["行政许可", "5"]], xs, 80.0, 100.0, 4, [4], page_height=842.0)
    items = join_split_tables([a, prose, b])
    assert prose in items


def test_an_empty_grid_column_does_not_push_a_value_out_of_the_row():
    from gklint.model import RawCell, Span
    from gklint.analysis.structure import _align

    texts = ["10", "1", "0", "0", "0", "0", "0", "0", "", "0", "0", "5", "0", "0", "0", "0"]
    cells = [RawCell(t, Span(i, i + len(t))) for i, t in enumerate(texts)]
    assert [c.text for c in _align(cells, 15, pad_front=True)] == [t for t in texts if t]


def test_characters_of_a_vertical_label_before_row_labels_are_not_part_of_them():
    from gklint.analysis.structure import _core

    assert _core("三(一)予以公开") == "予以公开"
    assert _core("度办1.属于国家秘密") == "属于国家秘密"
    assert _core("、本(二)部分公开") == "部分公开"
    # precision: a label that merely starts with a character is kept whole
    assert _core("重复申请") == "重复申请" and _core("其他") == "其他"


def test_table4_run_together_splits_by_its_group_totals():
    from gklint.analysis.runtogether import _group_splits

    # 行政复议 12 0 0 0 12 | 直接起诉 0 0 0 0 0 | 复议后 5 0 0 0 5: one reading
    assert list(_group_splits("1200012" + "00000" + "50005", 3)) == [
        ("12", "0", "0", "0", "12", "0", "0", "0", "0", "0", "5", "0", "0", "0", "5")]
    # 10 1 0 0 11 could also be 1 0 10 0 11: two readings, none taken
    assert len(list(_group_splits("1010011" + "00000" + "50005", 3))) == 2
    import time

    start = time.process_time()
    for hostile in ("1" * 30, "9" * 30, "0" * 30):
        list(_group_splits(hostile, 3))
    assert time.process_time() - start < 5


# -- a table whose rows and labels a converter scrambled apart --------------------

def _scrambled(text: str, keep: int) -> str:
    """表三 with the labels of all but ``keep`` of its item rows replaced by
    converter debris (the numbers stay), as PDF-to-Markdown output leaves it."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "（一）予以公开" in line)
    end = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度继续办理"))
    kept = 0
    for i in range(start, end):
        cells = lines[i].split("\t")
        if sum(c.strip().isdigit() for c in cells) < 7:
            continue
        if kept < keep:
            kept += 1
            continue
        lines[i] = "\t".join(["度办理结" if c.strip() and not c.strip().isdigit() else c for c in cells])
    return "\n".join(lines)


def test_a_table_with_most_rows_scrambled_is_one_reading_finding():
    result = check_text(_scrambled(BASE, keep=3))
    found = [(f.rule_id, f.message) for f in result.findings]
    assert [rule for rule, _ in found] == ["GK601"], found
    assert "表三在此处，但只认出" in found[0][1] and "该表未读取，也未核对" in found[0][1]


def test_a_table_missing_a_few_rows_still_names_each_missing_row():
    # Two item rows gone is the report's own defect, not a reading problem.
    lines = [line for line in BASE.split("\n")
             if "1.属于国家秘密" not in line and "8.属于行政查询事项" not in line]
    ids = sorted(f.rule_id for f in check_text("\n".join(lines)).findings)
    assert "GK601" not in ids and ids.count("GK220") == 2, ids
