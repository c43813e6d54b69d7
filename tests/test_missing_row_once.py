"""A row of 表三 left out is one finding (GK220, naming the row), not also a
GK202 on every column whose （七）总计 no longer equals the rows that are
there: an identity over ``r5.*`` cannot be checked without （五）2."""
from __future__ import annotations

import random

import pytest

import oracle
from helpers import assert_read, check_text

FIG = oracle.make_figures(random.Random(11), "2021", busy=0.6)
TEXT = oracle.write_report(FIG, claims=False)


def _without_row(row: str) -> str:
    lines = TEXT.split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("(本列数据的勾稽关系"))
    del lines[head + 3 + oracle.t3_line_index(FIG, row)]
    return "\n".join(lines)


@pytest.mark.parametrize("row", ["r3.2", "r5.2", "r6.3", "r1"])
def test_a_missing_row_of_table3_is_one_finding(row):
    assert any(FIG.t3_cell(row, c) for c in oracle.T3_APPLICANTS), "the row must hold numbers"
    result = assert_read(check_text(_without_row(row)))
    assert [(f.rule_id, f.location.table, f.location.row) for f in result.findings] == [
        ("GK220", "表三", oracle.t3_row_label(row))]


def test_a_wrong_cell_beside_a_missing_row_is_still_found():
    # The identities that do not need the missing row are still checked.
    text = oracle.set_t3_cell(_without_row("r5.2"), FIG, "r1", "natural",
                              str(FIG.t3_cell("r1", "natural") + 1))
    ids = [f.rule_id for f in check_text(text).findings]
    assert "GK220" in ids and ("GK201" in ids or "GK205" in ids), ids
