"""Every identity of the form on every row and column, table-driven from the
oracle (tests/oracle.py): a report written from known numbers, one cell
changed, gives exactly the one finding that names the cell or the identity,
with the values it must state.  And each of the six sections missing in
turn gives one GK101, the right one."""
from __future__ import annotations

import random

import pytest

import oracle
from helpers import assert_read, check_text, linter

# Reports with no prose claims: the tables alone are under test here.
FIGURES = {v: oracle.make_figures(random.Random(11), v, busy=0.6) for v in ("2021", "2019")}
TEXTS = {v: oracle.write_report(fig, claims=False) for v, fig in FIGURES.items()}
COLUMNS = (*oracle.T3_APPLICANTS, "total")


def _rows(version: str) -> tuple[str, ...]:
    return ("new", "carried", *FIGURES[version].outcomes, "r7", "next")


def _found(text: str) -> list[tuple]:
    result = assert_read(check_text(text))
    return [(f.rule_id, f.location.table, f.location.row, f.location.column_label, f.message)
            for f in result.findings]


def _changed(old: int) -> int:
    return old - 1 if old > 0 else old + 2


def test_the_generated_reports_are_clean():
    for version, text in TEXTS.items():
        assert _found(text) == [], version


# -- one cell of table 3: the culprit cell, with the value it should hold ------------

CELLS_2021 = [(r, c) for r in _rows("2021") for c in COLUMNS]


@pytest.mark.parametrize("row, column", CELLS_2021)
def test_one_changed_cell_of_table3_is_named_with_the_value_it_should_hold(row, column):
    fig = FIGURES["2021"]
    old = fig.t3_cell(row, column)
    new = _changed(old)
    text = oracle.set_t3_cell(TEXTS["2021"], fig, row, column, str(new))
    label = oracle.t3_row_label(row)
    assert _found(text) == [
        ("GK205", "表三", label, oracle.T3_COLUMN_LABELS[column],
         f"表三“{label}/{oracle.T3_COLUMN_LABELS[column]}”应为{old}（现为{new}）：改为此数后本行与本列同时平衡")]


@pytest.mark.parametrize("row", ["new", "carried", "r1", "r6", "r7", "next"])
@pytest.mark.parametrize("column", ["natural", "other", "total"])
def test_one_changed_cell_of_the_2019_table3(row, column):
    fig = FIGURES["2019"]
    old = fig.t3_cell(row, column)
    new = _changed(old)
    text = oracle.set_t3_cell(TEXTS["2019"], fig, row, column, str(new))
    found = _found(text)
    assert [f[:4] for f in found] == [
        ("GK205", "表三", oracle.t3_row_label(row), oracle.T3_COLUMN_LABELS[column])]
    assert f"应为{old}（现为{new}）" in found[0][4]


# -- a row kept balanced: the column identity names both sums ------------------------

def _row_balanced(row: str, column: str, delta: int = 2) -> tuple[str, int, int]:
    """Table 3 with one cell and its row's 总计 both raised by ``delta``."""
    fig = FIGURES["2021"]
    text = oracle.set_t3_cell(TEXTS["2021"], fig, row, column, str(fig.t3_cell(row, column) + delta))
    return oracle.set_t3_cell(text, fig, row, "total", str(fig.t3_cell(row, "total") + delta)), \
        fig.t3_cell("r7", column), fig.t3_cell("r7", "total")


ROW_CASES = sorted({(r, "other") for r in _rows("2021")} | {("r5.3", c) for c in oracle.T3_APPLICANTS})


@pytest.mark.parametrize("row, column", ROW_CASES)
def test_a_balanced_row_with_an_unbalanced_column_gives_the_column_identity(row, column):
    text, r7, r7_total = _row_balanced(row, column)
    fig = FIGURES["2021"]
    label = oracle.T3_COLUMN_LABELS[column]
    if row in fig.outcomes:  # （七）总计 = sum of the outcomes
        expected = [
            ("GK202", "表三", "（七）总计", label,
             f"表三“{label}”列：（一）至（六）各项之和为{r7 + 2}，（七）总计为{r7}，两者不等"),
            ("GK202", "表三", "（七）总计", "总计",
             f"表三“总计”列：（一）至（六）各项之和为{r7_total + 2}，（七）总计为{r7_total}，两者不等")]
    else:  # 一 + 二 = （七）总计 + 四
        def sides(c):
            left = fig.t3_cell("new", c) + fig.t3_cell("carried", c)
            right = fig.t3_cell("r7", c) + fig.t3_cell("next", c)
            if row in ("new", "carried"):
                left += 2
            else:
                right += 2
            return left, right
        expected = []
        for c, name in ((column, label), ("total", "总计")):
            left, right = sides(c)
            if row == "r7":  # the （七）总计 row is also the sum of the outcomes
                expected.append(("GK202", "表三", "（七）总计", name,
                                 f"表三“{name}”列：（一）至（六）各项之和为{fig.t3_cell('r7', c)}，"
                                 f"（七）总计为{fig.t3_cell('r7', c) + 2}，两者不等"))
            expected.append(("GK203", "表三", "（七）总计", name,
                             f"表三“{name}”列不满足勾稽关系：第一项加第二项之和为{left}，"
                             f"第三项（七）总计加第四项之和为{right}"))
    assert sorted(_found(text)) == sorted(expected)


# -- a column kept balanced: the row identity names both sums ------------------------

@pytest.mark.parametrize("row", _rows("2021"))
def test_a_wrong_row_total_alone_is_the_culprit_cell(row):
    """A row's 总计 alone wrong: its row and the 总计 column fail together, and
    the one finding is the 总计 cell, with the value that balances both."""
    fig = FIGURES["2021"]
    total = fig.t3_cell(row, "total")
    text = oracle.set_t3_cell(TEXTS["2021"], fig, row, "total", str(total + 3))
    found = _found(text)
    assert [f[0] for f in found] == ["GK205"]
    assert found[0][2:4] == (oracle.t3_row_label(row), "总计")
    assert f"应为{total}（现为{total + 3}）" in found[0][4]


# -- table 4: each group's 总计 -----------------------------------------------------

T4_CELLS = [(g, p) for g in oracle.T4_GROUPS for p in (*oracle.T4_PARTS, "total")]
T4_NAMES = {"review": "行政复议", "direct": "未经复议直接起诉", "after": "复议后起诉"}


@pytest.mark.parametrize("group, part", T4_CELLS)
def test_one_changed_cell_of_table4_gives_its_group_total(group, part):
    fig = FIGURES["2021"]
    parts = sum(fig.t4_cell(group, p) for p in oracle.T4_PARTS)
    total = fig.t4_cell(group, "total")
    old = fig.t4_cell(group, part)
    new = _changed(old)
    if part == "total":
        total = new
    else:
        parts += new - old
    text = oracle.set_t4_cell(TEXTS["2021"], group, part, str(new))
    name = T4_NAMES[group]
    assert _found(text) == [
        ("GK204", "表四", "行政复议、行政诉讼", f"{name} 总计",
         f"表四“{name} 总计”：结果维持、结果纠正、其他结果、尚未审结之和为{parts}，总计为{total}，两者不等")]


# -- table 2: each count must be a whole number, not negative ------------------------

def _table2_cells(text: str):
    from compliance_builders import analysed

    doc = analysed(text)
    return [(key, cell) for key, table in sorted(doc.tables.items()) if key.startswith("table2")
            for cell in table.cells()]


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_cell_of_table2_is_read_and_checked(version):
    text = TEXTS[version]
    cells = _table2_cells(text)
    fig = FIGURES[version]
    assert [c.value for _, c in cells if c.status == "number"] == [*fig.t2, fig.fee] or \
        sorted(c.value for _, c in cells) == sorted([*fig.t2, fig.fee])
    for key, cell in cells:
        if cell.column_key in ("change",) or "增" in cell.column_label:
            continue  # 本年增/减 (2019) may be negative
        changed = text[:cell.span.start] + "-3" + text[cell.span.end:]
        found = _found(changed)
        assert [f[:4] for f in found] == [
            ("GK213", cell.table, cell.row_label, cell.column_label)], (key, cell)


# -- the six sections, each missing in turn ------------------------------------------

@pytest.mark.parametrize("number", range(1, 7))
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_each_section_missing_in_turn_gives_one_gk101_naming_it(version, number):
    fig = FIGURES[version]
    text, expected = oracle.plant_missing_section(number)(fig, TEXTS[version])
    result = assert_read(check_text(text))
    assert [f.rule_id for f in result.findings] == ["GK101"]
    title = oracle.HEADINGS[number]
    assert f"“{title}”" in result.findings[0].message
    assert number not in result.meta["sections"]
    if number in (2, 3, 4):  # the section's table is still there: the heading is what is missing
        assert "没有标题" in result.findings[0].message


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_two_sections_missing_give_two_findings_in_order(version):
    fig = FIGURES[version]
    text, _ = oracle.plant_missing_section(1)(fig, TEXTS[version])
    text, _ = oracle.plant_missing_section(6)(fig, text)
    found = [f.message for f in check_text(text).findings]
    assert len(found) == 2 and "一、总体情况" in found[0] and "六、其他需要报告的事项" in found[1]


def test_a_changed_received_count_is_one_finding_not_two():
    """One defect, one finding: a wrong 一、本年新收 总计 cell is named by GK205
    with the value the prose also states, and GK510 does not repeat it."""
    fig = FIGURES["2021"]
    text = oracle.write_report(fig)
    old = fig.t3_cell("new", "total")
    changed = oracle.set_t3_cell(text, fig, "new", "total", str(old + 1))
    assert [f.rule_id for f in check_text(changed).findings] == ["GK205"]
    # The prose stating another number than the value that balances the cell is
    # a second defect, and is still reported beside GK205.
    both_wrong = changed.replace(f"收到政府信息公开申请{old}件", f"收到政府信息公开申请{old + 5}件", 1)
    assert both_wrong != changed
    assert [f.rule_id for f in check_text(both_wrong).findings] == ["GK510", "GK205"]
