"""The two rule kinds of table arithmetic, beyond the core pack's use of them:
``table_sum`` (an identity, checked on every row or column it covers, with
``in``, ``identities`` and ``*`` wildcards) and ``table_cells`` (blank, dash
and invalid cells, one finding per table for the blanks).

Inputs are the oracle's reports (tests/oracle.py: every number known, every
identity holding) with one cell changed, and packs written into tmp_path."""
from __future__ import annotations

import random
import textwrap

import pytest

import oracle
from helpers import assert_read, check_text

from gklint.config import Config
from gklint.engine import Linter
from gklint.linting.packs import PackError

FIG = oracle.make_figures(random.Random(11), "2021", busy=0.6)
TEXT = oracle.write_report(FIG, claims=False)
LABELS = oracle.T3_COLUMN_LABELS


def _linter(tmp_path, rules: str, select=("GK8",)) -> Linter:
    pack = tmp_path / "sums.yaml"
    pack.write_text("pack: sums\nrules:\n" + textwrap.indent(textwrap.dedent(rules), "  "),
                    encoding="utf-8")
    return Linter(Config(packs=[str(pack)], select=list(select)))


def _found(linter: Linter, text: str) -> list[tuple]:
    result = assert_read(linter.check_bytes("report.txt", text.encode("utf-8")), whole=False)
    return [(f.rule_id, f.location.row, f.location.column_label, f.message) for f in result.findings]


def _rule(rule_id: str, body: str, message: str = "{row}/{column}: {left} != {right}") -> str:
    return textwrap.dedent(f"""\
        - id: {rule_id}
          kind: table_sum
          name: sum-{rule_id.lower()}
          severity: error
          message: "{message}"
          summary: test sum
          doc: {{what: w, why: y, example: e, fix: f}}
        """) + textwrap.indent(textwrap.dedent(body), "  ")


def _plus(row: str, column: str, delta: int = 2) -> str:
    return oracle.set_t3_cell(TEXT, FIG, row, column, str(FIG.t3_cell(row, column) + delta))


# -- table_sum: which rows and columns an identity covers --------------------------

OUTCOME_SUM = """\
    table: table3
    along: columns
    left: [r7]
    right: [r1, r2, "r3.*", "r4.*", "r5.*", "r6.*"]
    """


def test_in_limits_a_column_identity_to_the_columns_it_names(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", OUTCOME_SUM + "in: [natural, no-such-column]\n"))
    assert _found(linter, TEXT) == []
    r7 = FIG.t3_cell("r7", "natural")
    assert _found(linter, _plus("r1", "natural")) == [
        ("GK801", "（七）总计", "自然人", f"（七）总计/自然人: {r7} != {r7 + 2}")]
    assert _found(linter, _plus("r1", "business")) == []


def test_without_in_a_column_identity_covers_every_column(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", OUTCOME_SUM))
    for column in (*oracle.T3_APPLICANTS, "total"):
        found = _found(linter, _plus("r3.4", column))
        assert [f[2] for f in found] == [LABELS[column]], column


ROW_SUM = """\
    table: table3
    along: rows
    left: [total]
    right: [natural, business, research, welfare, legal, other]
    """


def test_in_limits_a_row_identity_to_the_rows_it_names(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", ROW_SUM + "in: [r2, no-such-row]\n"))
    assert _found(linter, TEXT) == []
    total = FIG.t3_cell("r2", "total")
    assert _found(linter, _plus("r2", "legal")) == [
        ("GK801", "（二）部分公开", "总计", f"（二）部分公开/总计: {total} != {total + 2}")]
    assert _found(linter, _plus("r1", "legal")) == []


def test_an_identity_naming_what_the_table_lacks_is_skipped_and_the_next_still_checked(tmp_path):
    """A row or column the table does not have (a typo in a pack, another
    form's key, a wildcard that matches nothing) makes that identity
    uncheckable -- it gives no finding and no error -- and the identities
    after it are still checked."""
    columns = _rule("GK801", """\
        table: table3
        along: columns
        identities:
          - {left: [r7], right: [r1, no-such-row]}
          - {left: ["zz.*"], right: [r1]}
          - {left: [r7], right: [r1, r2, "r3.*", "r4.*", "r5.*", "r6.*"]}
        """)
    rows = _rule("GK802", """\
        table: table3
        along: rows
        identities:
          - {left: [total], right: [natural, no-such-column]}
          - {left: [no-such-column], right: [natural]}
          - {left: [total], right: [natural, business, research, welfare, legal, other]}
        """)
    linter = _linter(tmp_path, columns + rows)
    assert _found(linter, TEXT) == []
    found = _found(linter, _plus("r3.4", "welfare"))
    assert sorted(f[:3] for f in found) == [
        ("GK801", "（七）总计", "社会公益组织"), ("GK802", "（三）不予公开 4.保护第三方合法权益", "总计")]


def test_the_message_states_the_value_the_first_cell_should_hold(tmp_path):
    """``{expected}`` is what the first cell of ``left`` must hold for the
    identity to hold: the right side less the other cells of the left."""
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table3
        along: columns
        left: [r7, next]
        right: [new, carried]
        in: [research]
        """, message="{found} -> {expected} ({left} = {right})"))
    r7, nxt = FIG.t3_cell("r7", "research"), FIG.t3_cell("next", "research")
    found = _found(linter, _plus("r7", "research", 3))
    assert [f[3] for f in found] == [f"{r7 + 3} -> {r7} ({r7 + 3 + nxt} = {r7 + nxt})"]


# -- table_sum: a pack that cannot work is refused with its reason --------------------

@pytest.mark.parametrize("body, reason", [
    ("along: rows\nleft: [total]\nright: [natural]\n", "table_sum needs 'table'"),
    ("table: table3\nleft: [total]\nright: [natural]\n", "table_sum needs 'along'"),
    ("table: table3\nalong: diagonal\nleft: [total]\nright: [natural]\n",
     "'along' must be rows or columns"),
    ("table: table3\nalong: rows\nleft: [total]\n", "each identity needs 'left' and 'right' lists"),
    ("table: table3\nalong: rows\nidentities:\n  - {left: [total], right: [natural]}\n"
     "  - {left: [], right: [natural]}\n", "each identity needs 'left' and 'right' lists"),
])
def test_a_table_sum_rule_that_cannot_work_is_refused(tmp_path, body, reason):
    with pytest.raises(PackError, match=f"rule GK801: {reason}"):
        _linter(tmp_path, _rule("GK801", body))


# -- table_cells: blank cells, one finding per table ---------------------------------

def _blank(text: str, fig, cells: list[tuple[str, str]]) -> str:
    for row, column in cells:
        text = oracle.set_t3_cell(text, fig, row, column, "")
    return text


def _checked(text: str) -> list:
    return assert_read(check_text(text)).findings


def test_one_blank_cell_is_named_by_row_and_column():
    found = _checked(_blank(TEXT, FIG, [("r3.3", "welfare")]))
    assert [(f.rule_id, f.location.row, f.location.column_label, f.message, f.related)
            for f in found] == [
        ("GK210", "（三）不予公开 3.危及“三安全一稳定”", "社会公益组织",
         "表三“（三）不予公开 3.危及“三安全一稳定””行“社会公益组织”列为空，应填写数字（没有则填0）", ())]
    assert found[0].snippet == "r3.3/welfare"  # the cell: what baselines fingerprint


def test_a_whole_blank_row_is_one_item_and_every_cell_a_related_location():
    text = _blank(TEXT, FIG, [("r3.2", c) for c in (*oracle.T3_APPLICANTS, "total")])
    [finding] = _checked(text)
    assert finding.rule_id == "GK210"
    assert finding.message == ("表三有7个单元格为空：“（三）不予公开 2.其他法律行政法规禁止公开”行（全部7列）。"
                               "应填写数字（没有则填0）")
    line = text.split("\n").index(next(x for x in text.split("\n") if "2. 其他法律行政法规禁止公开" in x)) + 1
    assert [r.line for r in finding.related] == [line] * 7
    assert [r.column_label for r in finding.related] == [LABELS[c] for c in (*oracle.T3_APPLICANTS, "total")]


def test_blanks_in_more_than_six_rows_show_six_and_count_the_rows():
    rows = ["r1", "r2", "r3.1", "r3.2", "r3.3", "r3.4", "r3.5", "r3.6"]
    [finding] = _checked(_blank(TEXT, FIG, [(r, "natural") for r in rows]))
    shown = "；".join(f"“{oracle.t3_row_label(r)}”行“自然人”列" for r in rows[:6])
    assert finding.message == f"表三有8个单元格为空：{shown}等8行。应填写数字（没有则填0）"
    assert (finding.location.row, finding.location.column_label) == ("（一）予以公开", "自然人")
    assert len(finding.related) == 8


def test_six_rows_of_blanks_are_all_shown():
    rows = ["r1", "r2", "r3.1", "r3.2", "r3.3", "r3.4"]
    [finding] = _checked(_blank(TEXT, FIG, [(r, "natural") for r in rows]))
    shown = "；".join(f"“{oracle.t3_row_label(r)}”行“自然人”列" for r in rows)
    assert finding.message == f"表三有6个单元格为空：{shown}。应填写数字（没有则填0）"


def test_blank_rows_of_one_column_are_not_whole_rows():
    """Table 2's 第二十条第（六）项 has one number per row: two blank rows are
    two blank cells, not two rows of "all 1 columns"."""
    text = TEXT.replace(f"行政处罚\t{FIG.t2[7]}\t", "行政处罚\t\t", 1)
    text = text.replace(f"行政强制\t{FIG.t2[8]}\t", "行政强制\t\t", 1)
    [finding] = _checked(text)
    assert finding.message == ("表二 第二十条第（六）项有2个单元格为空：“行政处罚”行“本年处理决定数量”列；"
                               "“行政强制”行“本年处理决定数量”列。应填写数字（没有则填0）")
    assert finding.snippet == "blank/table2.6"  # the table's blanks, not one cell
    assert [r.row for r in finding.related] == ["行政处罚", "行政强制"]


# A report with few requests: (一)予以公开 counts 商业企业/法律服务机构/其他, and
# 5.属于三类内部事务信息 only 自然人.
FEW = oracle.make_figures(random.Random(5), "2021", busy=0.3)
FEW_TEXT = oracle.write_report(FEW, claims=False)


def test_blank_totals_of_rows_with_requests_lead_the_finding():
    """A blank 总计 in a row that counts requests is a total left out, not a
    0: the finding points at it and says what the filled cells add up to.
    A row whose other cells are all 0 (here 5.属于三类内部事务信息 once its
    自然人 is blank too) has nothing to add up and is not in that count."""
    assert [FEW.t3_cell("r3.5", c) for c in oracle.T3_APPLICANTS[1:]] == [0] * 5
    filled = sum(FEW.t3_cell("r1", c) for c in oracle.T3_APPLICANTS[1:])
    assert filled > 0
    cells = [("r1", "natural"), ("r1", "total"), ("r2", "natural"), ("r3.5", "natural"),
             ("r3.5", "total")]
    [finding] = _checked(_blank(FEW_TEXT, FEW, cells))
    r35 = oracle.t3_row_label("r3.5")
    assert finding.message == (
        "表三有5个单元格为空：“（一）予以公开”行“自然人”、“总计”列；“（二）部分公开”行“自然人”列；"
        f"“{r35}”行“自然人”、“总计”列。应填写数字（没有则填0）；"
        f"其中“总计”列有1个单元格所在行填有申请数，不能为空（如“（一）予以公开”行已填各列之和为{filled}），"
        "应填写该行各列之和")
    assert (finding.location.row, finding.location.column_label) == ("（一）予以公开", "总计")


def test_a_blank_total_of_a_row_without_requests_is_just_a_blank():
    cells = [("r3.5", "natural"), ("r3.5", "total"), ("r2", "natural")]
    [finding] = _checked(_blank(FEW_TEXT, FEW, cells))
    assert "其中" not in finding.message
    # the first blank in the table's order, not the blank total
    assert (finding.location.row, finding.location.column_label) == ("（二）部分公开", "自然人")


# -- table_sum: a blank total whose parts are all there ------------------------------

@pytest.mark.parametrize("column, rule", [("total", "GK201"), ("natural", "GK202")])
def test_a_blank_total_under_several_identities_is_named_once(column, rule):
    """（七）总计's cells are the total of their column (GK202), of the balance
    一 + 二 = （七） + 四 (GK203) and, in the 总计 column, of their row (GK201):
    the first identity names the value, the others stay quiet."""
    found = _checked(_blank(TEXT, FIG, [("r7", column)]))
    assert [(f.rule_id, f.location.row, f.location.column_label, f.message) for f in found] == [
        (rule, "（七）总计", LABELS[column],
         f"表三“（七）总计”行“{LABELS[column]}”列为空，按本表的合计关系应为{FIG.t3_cell('r7', column)}")]


def test_a_blank_total_is_what_the_right_side_less_the_rest_of_the_left_gives(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table3
        along: columns
        left: [r7, next]
        right: [new, carried]
        """))
    found = _found(linter, _blank(TEXT, FIG, [("r7", "research")]))
    assert found == [("GK801", "（七）总计", "科研机构",
                      f"表三“（七）总计”行“科研机构”列为空，按本表的合计关系应为{FIG.t3_cell('r7', 'research')}")]


# -- table_cells: dashes and what is not a number ------------------------------------

@pytest.mark.parametrize("raw, rule, message", [
    ("—", "GK211", "填写了“—”，应填写数字（没有则填0）"),
    ("/", "GK211", "填写了“/”，应填写数字（没有则填0）"),
    ("3件", "GK212", "“3件”不是有效数字"),
    ("x", "GK212", "“x”不是有效数字"),
    ("O２", "GK212", "“O２”不是有效数字"),
    ("1O", "GK212", "“1O”不是有效数字（疑为“10”：字母O、l或“〇”误作数字）"),
    ("l5", "GK212", "“l5”不是有效数字（疑为“15”：字母O、l或“〇”误作数字）"),
    ("I0", "GK212", "“I0”不是有效数字（疑为“10”：字母O、l或“〇”误作数字）"),
    ("〇", "GK212", "“〇”不是有效数字（疑为“0”：字母O、l或“〇”误作数字）"),
])
def test_a_cell_that_is_not_a_number_is_named_with_what_it_holds(raw, rule, message):
    found = _checked(oracle.set_t3_cell(TEXT, FIG, "r1", "natural", raw))
    assert [(f.rule_id, f.location.row, f.location.column_label, f.message) for f in found] == [
        (rule, "（一）予以公开", "自然人", "表三“（一）予以公开”行“自然人”列" + message)]


def test_table_cells_limited_to_some_tables(tmp_path):
    """``tables: [table2]`` covers table 2's blocks (table2.1 …) and nothing else."""
    linter = _linter(tmp_path, """\
        - id: GK801
          kind: table_cells
          name: dash-in-table2
          status: dash
          tables: [table2]
          severity: warning
          message: "{table}/{row}/{column}: {raw}"
          summary: test dashes
          doc: {what: w, why: y, example: e, fix: f}
        - id: GK802
          kind: table_cells
          name: dash-in-table3
          status: dash
          tables: [table3]
          severity: warning
          message: "{table}/{row}/{column}: {raw}"
          summary: test dashes
          doc: {what: w, why: y, example: e, fix: f}
        """)
    text = oracle.set_t3_cell(TEXT, FIG, "r2", "legal", "/")
    text = text.replace(f"行政许可\t{FIG.t2[6]}\t", "行政许可\t—\t", 1)
    assert [f[0] + " " + f[3] for f in _found(linter, text)] == [
        "GK801 表二 第二十条第（五）项/行政许可/本年处理决定数量: —",
        "GK802 表三/（二）部分公开/法律服务机构: /"]


def test_table_cells_refuses_a_key_it_does_not_read(tmp_path):
    """``messages`` was accepted and never read: a pack using it got the one
    ``message`` and no word that its ``messages`` did nothing."""
    with pytest.raises(PackError, match="unknown key 'messages'"):
        _linter(tmp_path, """\
            - id: GK801
              kind: table_cells
              name: dash-cell
              status: dash
              severity: warning
              message: "{raw}"
              messages: {dash: "{raw}"}
              summary: test
              doc: {what: w, why: y, example: e, fix: f}
            """)


def test_table_cells_needs_a_known_status(tmp_path):
    with pytest.raises(PackError, match="rule GK801: 'status' must be blank, dash or invalid"):
        _linter(tmp_path, """\
            - id: GK801
              kind: table_cells
              name: odd-cell
              status: odd
              severity: warning
              message: "{raw}"
              summary: test
              doc: {what: w, why: y, example: e, fix: f}
            """)


# -- values: signs, fractions and how numbers are written (checks/tables.py) ----------

FIG19 = oracle.make_figures(random.Random(11), "2019", busy=0.6)
TEXT19 = oracle.write_report(FIG19, claims=False)
PERMIT19 = f"行政许可\t{FIG19.t2[6]}\t{FIG19.t2[7]}\t"


def _values(text: str) -> list[tuple]:
    return [(f.rule_id, f.location.row, f.location.column_label, f.message) for f in _checked(text)]


def test_the_2019_change_column_may_be_negative_but_not_a_fraction():
    assert _values(TEXT19.replace(PERMIT19, f"行政许可\t{FIG19.t2[6]}\t-3\t", 1)) == []
    assert _values(TEXT19.replace(PERMIT19, f"行政许可\t{FIG19.t2[6]}\t1.5\t", 1)) == [
        ("GK214", "行政许可", "本年增/减", "表二 第二十条第（五）项“行政许可”行“本年增/减”列为1.5，件数应为整数")]
    assert _values(TEXT19.replace(PERMIT19, f"行政许可\t-1\t{FIG19.t2[7]}\t", 1)) == [
        ("GK213", "行政许可", "上一年项目数量",
         "表二 第二十条第（五）项“行政许可”行“上一年项目数量”列为-1，件数不能为负数")]


def test_a_count_written_with_a_zero_decimal_is_whole():
    assert _values(TEXT.replace(f"行政许可\t{FIG.t2[6]}\t", f"行政许可\t{FIG.t2[6]}.0\t", 1)) == []


FEE = f"行政事业性收费\t{FIG.fee}\t"
FEE_AT = "表二 第二十条第（八）项“行政事业性收费”行“本年收费金额（单位：万元）”列写作"


@pytest.mark.parametrize("raw, message", [
    ("251000元", "“251000元”，本列单位为万元，应写作“25.1”"),
    ("30000元", "“30000元”，本列单位为万元，应写作“3”"),
    ("25.1万元", "“25.1万元”（带单位），已按25.1万元读取；统计表中通常只写数字"),
    ("1,878.5", "“1,878.5”（千位分隔符），统计表中应写作“1878.5”"),
    ("２５.１", "“２５.１”（全角数字），统计表中应写作“25.1”"),
])
def test_a_fee_written_otherwise_is_read_and_its_plain_form_given(raw, message):
    assert _values(TEXT.replace(FEE, f"行政事业性收费\t{raw}\t", 1)) == [
        ("GK215", "行政事业性收费", "本年收费金额（单位：万元）", FEE_AT + message)]


def test_an_amount_with_its_unit_in_a_column_without_one_is_read_as_written():
    """The 2019 form's 采购总金额 names no unit: 251000元 is not converted."""
    old = f"政府集中采购\t{FIG19.t2[-1]}\t{FIG19.fee}\t"
    assert _values(TEXT19.replace(old, f"政府集中采购\t{FIG19.t2[-1]}\t251000元\t", 1)) == [
        ("GK215", "政府集中采购", "采购总金额",
         "表二 第二十条第（九）项“政府集中采购”行“采购总金额”列写作“251000元”（带单位），"
         "已按251000元读取；统计表中通常只写数字")]


def test_plain_digits_and_decimals_are_not_a_style_problem():
    assert _values(TEXT.replace(FEE, "行政事业性收费\t1878.50\t", 1)) == []


def test_blanks_in_seven_rows_show_six_and_count_the_rows():
    rows = ["r1", "r2", "r3.1", "r3.2", "r3.3", "r3.4", "r3.5"]
    [finding] = _checked(_blank(TEXT, FIG, [(r, "natural") for r in rows]))
    shown = "；".join(f"“{oracle.t3_row_label(r)}”行“自然人”列" for r in rows[:6])
    assert finding.message == f"表三有7个单元格为空：{shown}等7行。应填写数字（没有则填0）"


def test_a_whole_blank_row_of_two_columns_is_one_item():
    """The 2019 form's 第二十条第（八）项 row has two numbers: both blank is the
    whole row."""
    old = f"行政事业性收费\t{FIG19.t2[-3]}\t{FIG19.t2[-2]}\t"
    assert old in TEXT19
    [finding] = _checked(TEXT19.replace(old, "行政事业性收费\t\t\t", 1))
    assert finding.message == ("表二 第二十条第（八）项有2个单元格为空：“行政事业性收费”行（全部2列）。"
                               "应填写数字（没有则填0）")


def test_a_row_counting_one_request_has_its_blank_total_named():
    """（六）2. counts one request (自然人 1): its blank 总计 is a total left out."""
    assert [FEW.t3_cell("r6.2", c) for c in oracle.T3_APPLICANTS] == [1, 0, 0, 0, 0, 0]
    [finding] = _checked(_blank(FEW_TEXT, FEW, [("r6.2", "business"), ("r6.2", "total")]))
    label = oracle.t3_row_label("r6.2")
    assert finding.message.endswith(f"；其中“总计”列有1个单元格所在行填有申请数，不能为空（如“{label}”行已填各列之和为1），"
                                    "应填写该行各列之和")
    assert (finding.location.row, finding.location.column_label) == (label, "总计")


# -- table_sum: wildcards, blanks beside a wrong cell ---------------------------------

def test_a_wildcard_without_a_dot_covers_the_rows_its_stem_begins(tmp_path):
    """``r3*`` is every row whose key begins with r3 (r3.1 … r3.8), as ``r3.*``."""
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table3
        along: columns
        left: [r7]
        right: [r1, r2, "r3*", "r4*", "r5*", "r6*"]
        """))
    assert _found(linter, TEXT) == []
    assert [f[:3] for f in _found(linter, _plus("r5.2", "other"))] == [("GK801", "（七）总计", "其他")]


def test_wildcards_over_columns(tmp_path):
    """Along rows, ``review.*`` is every column of 行政复议 (its four results and
    总计): the four results and the total add up to twice the total."""
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table4
        along: rows
        identities:
          - {left: ["review.*"], right: [review.total, review.total]}
          - {left: [direct.total, direct.total], right: ["direct.*"]}
        """))
    assert _found(linter, TEXT) == []
    for group in ("review", "direct"):
        text = oracle.set_t4_cell(TEXT, group, "upheld", str(FIG.t4_cell(group, "upheld") + 1))
        assert len(_found(linter, text)) == 1, group


def test_a_blank_total_beside_another_blank_on_its_side_is_left_to_gk210(tmp_path):
    """一 + 二 = （七） + 四 with （七） and 四 both blank: the total's value cannot
    be known, so the identity says nothing (the blanks are GK210's)."""
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table3
        along: columns
        left: [r7, next]
        right: [new, carried]
        """))
    assert _found(linter, _blank(TEXT, FIG, [("r7", "research"), ("next", "research")])) == []


def test_a_blank_elsewhere_in_the_table_does_not_hide_the_culprit():
    """A wrong cell (（三）4. 法律服务机构) after a blank one (（三）3. 社会公益组织)
    in both row and column order: the identities through the blank cannot be
    checked, the others still find the wrong cell."""
    old = FIG.t3_cell("r3.4", "legal")
    text = _blank(_plus("r3.4", "legal"), FIG, [("r3.3", "welfare")])
    found = _checked(text)
    assert [(f.rule_id, f.location.row, f.location.column_label) for f in found] == [
        ("GK210", "（三）不予公开 3.危及“三安全一稳定”", "社会公益组织"),
        ("GK205", "（三）不予公开 4.保护第三方合法权益", "法律服务机构")]
    assert f"应为{old}（现为{old + 2}）" in found[1].message


def test_full_width_digits_inside_table3_are_read_and_each_cell_flagged_once():
    """Cells written in full-width digits among plain ones: read as their
    value (every identity still holds), each one named, wherever in the table."""
    fullwidth = str.maketrans("0123456789", "０１２３４５６７８９")
    cells = [("r3.4", "legal"), ("r6.3", "other")]
    text = TEXT
    for row, column in cells:
        text = oracle.set_t3_cell(text, FIG, row, column, str(FIG.t3_cell(row, column)).translate(fullwidth))
    found = _values(text)
    assert [(f[0], f[1], f[2]) for f in found] == [
        ("GK215", oracle.t3_row_label(row), LABELS[column]) for row, column in cells]
    assert found[1][3].endswith(f"统计表中应写作“{FIG.t3_cell('r6.3', 'other')}”")


def test_each_cell_of_a_row_is_checked_after_one_with_a_unit():
    """2019 第二十条第（九）项: 采购项目数量 written with 元, then 采购总金额 in
    full-width digits: two findings, one per cell."""
    old = f"政府集中采购\t{FIG19.t2[-1]}\t{FIG19.fee}\t"
    text = TEXT19.replace(old, "政府集中采购\t10元\t１０.５\t", 1)
    assert [(f[0], f[2]) for f in _values(text)] == [("GK215", "采购项目数量"), ("GK215", "采购总金额")]


def test_the_culprit_of_a_pack_table_after_tables_without_one(tmp_path):
    """GK205 works on every table a pack's identities cover: a table the
    report lacks (table9) and one with no culprit (table 3, clean) before it
    do not stop it from naming the culprit of 第二十条第（一）项."""
    rules = _rule("GK800", "table: table9\nalong: rows\nleft: [total]\nright: [natural]\n")
    rules += _rule("GK801", ROW_SUM)
    rules += _rule("GK802", "table: table2.1\nalong: rows\nleft: [in_force]\nright: [issued, repealed]\n")
    rules += _rule("GK803", "table: table2.1\nalong: columns\nleft: [normative]\nright: [rules]\n")
    linter = _linter(tmp_path, rules, select=("GK8", "GK205"))
    lines = TEXT.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("规章\t"))
    lines[i:i + 2] = ["规章\t2\t1\t3", "行政规范性文件\t2\t1\t3"]
    assert _found(linter, "\n".join(lines)) == []
    lines[i + 1] = "行政规范性文件\t5\t1\t3"
    assert _found(linter, "\n".join(lines)) == [
        ("GK205", "行政规范性文件", "本年制发件数",
         "表二 第二十条第（一）项“行政规范性文件/本年制发件数”应为2（现为5）：改为此数后本行与本列同时平衡")]


def test_wildcards_on_the_left_of_a_column_identity(tmp_path):
    """The outcomes on the left, （七）总计 on the right: ``r3.*`` … expand on
    either side.  (The finding sits on the left's first cell, 予以公开.)"""
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table3
        along: columns
        left: [r1, r2, "r3.*", "r4.*", "r5.*", "r6.*"]
        right: [r7]
        """))
    assert _found(linter, TEXT) == []
    assert [f[:3] for f in _found(linter, _plus("r4.3", "research"))] == [("GK801", "（一）予以公开", "科研机构")]
