"""Table 3 with its 法人或其他组织 columns left blank, as many real reports of
bodies that only natural persons wrote to leave them: the row identities
(总计 = the six applicant columns) cannot be checked, so a wrong cell is seen
only by the column identities.  When two identities of one column fail and
share one cell ((七)总计 is in （七）总计 = （一）…（六） and in
一 + 二 = （七）总计 + 四), that cell is the one defect: one GK205, not a GK202
and a GK203 for the same cell (found on a real county department's page)."""
from __future__ import annotations

import random

import pytest

import oracle
from helpers import assert_read, check_text

LEGAL = ("business", "research", "welfare", "legal", "other")


def _blank_legal_columns(seed: int = 7) -> tuple[oracle.Figures, str]:
    fig = oracle.make_figures(random.Random(seed), "2021", busy=0.6)
    for row in fig.t3.values():
        for column in LEGAL:
            row[column] = 0
    text = oracle.write_report(fig, claims=False)
    for row in ("new", "carried", *fig.outcomes, "r7", "next"):
        for column in LEGAL:
            text = oracle.set_t3_cell(text, fig, row, column, "")
    return fig, text


FIG, TEXT = _blank_legal_columns()


def _found(text: str) -> list[tuple]:
    result = assert_read(check_text(text))
    return [(f.rule_id, f.location.row, f.location.column_label, f.message)
            for f in result.findings if f.rule_id != "GK210"]


def test_blank_legal_columns_alone_are_one_blank_cells_finding():
    result = assert_read(check_text(TEXT))
    assert [f.rule_id for f in result.findings] == ["GK210"]


@pytest.mark.parametrize("column", ["natural", "total"])
def test_a_wrong_total_row_cell_is_one_culprit_named_with_its_value(column):
    old = FIG.t3_cell("r7", column)
    text = oracle.set_t3_cell(TEXT, FIG, "r7", column, str(old + 2))
    label = oracle.T3_COLUMN_LABELS[column]
    assert _found(text) == [
        ("GK205", "（七）总计", label,
         f"表三“（七）总计/{label}”应为{old}（现为{old + 2}）：改为此数后本列的各项合计关系同时平衡")]


def test_a_wrong_item_is_the_one_column_identity_it_breaks():
    # （三）1 is only in （七）总计 = （一）…（六）: one identity fails, no cell is
    # certain, and the identity is reported once.
    old = FIG.t3_cell("r3.1", "natural")
    text = oracle.set_t3_cell(TEXT, FIG, "r3.1", "natural", str(old + 3))
    assert [f[:3] for f in _found(text)] == [("GK202", "（七）总计", "自然人")]


def test_a_wrong_received_cell_is_the_one_column_identity_it_breaks():
    old = FIG.t3_cell("new", "natural")
    text = oracle.set_t3_cell(TEXT, FIG, "new", "natural", str(old + 1))
    assert [f[0] for f in _found(text)] == ["GK203"]
