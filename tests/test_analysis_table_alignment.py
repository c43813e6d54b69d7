"""A blank last value (总计 left empty) stays in its own column.

Rows of the form carry structural cells: a row label merged over two or
three grid columns, trailing tabs.  Counting cells cannot tell those from a
blank value; column positions (and the readers' merged-cell marks) can.  Each
case leaves exactly one cell blank and asserts the blank is reported on that
cell, not on its neighbour with every value shifted one column left.
"""
from __future__ import annotations

import pytest

from helpers import SEED_000, SEED_004, linter, seed_text

ROW = "一、本年新收政府信息公开申请数量"


def _check(path: str, data: bytes):
    """(blank cells of 表三 reported, the texts of the 本年新收 row's values)."""
    import os

    from gklint.readers import ReadOptions

    lint = linter()
    doc = lint.readers[os.path.splitext(path)[1]].read(path, data, ReadOptions())
    findings = lint.check_document(doc)
    # A blank total whose parts are filled is the row identity's finding
    # (GK201 names the value it should hold), other blanks GK210's (issue 15).
    blanks = {(f.location.row, f.location.column_label) for f in findings
              if f.location.table == "表三" and (
                  f.rule_id == "GK210" or f.rule_id == "GK201" and "为空" in f.message)}
    return blanks, [c.raw for c in doc.tables["table3"].rows["new"].cells]


def _check_text(text: str):
    return _check("report.txt", text.encode("utf-8"))


def _total_blank_in_tab_rows() -> str:
    text = seed_text(SEED_004)
    old = ROW + "\t\t0\t0\t0\t0\t0\t0\t0\t"
    assert old in text
    return text.replace(old, ROW + "\t\t0\t0\t0\t0\t0\t0\t")


def _total_blank_in_stream() -> str:
    text = seed_text(SEED_000)
    old = "\t0\n\t1\n\n\t二、上年结转"
    assert old in text
    return text.replace(old, "\t0\n\t\n\n\t二、上年结转")


def test_blank_total_in_a_tab_row_without_its_trailing_tab():
    blanks, values = _check_text(_total_blank_in_tab_rows())
    assert blanks == {(ROW, "总计")}
    assert values == ["0"] * 6 + [""]


def test_blank_total_in_a_tab_row_keeping_its_trailing_tab():
    text = _total_blank_in_tab_rows().replace(ROW + "\t\t0\t0\t0\t0\t0\t0\t",
                                              ROW + "\t\t0\t0\t0\t0\t0\t0\t\t")
    assert _check_text(text) == ({(ROW, "总计")}, ["0"] * 6 + [""])


def test_the_seeds_rows_are_unchanged():
    for seed in (SEED_000, SEED_004):
        blanks, values = _check_text(seed_text(seed))
        assert not blanks
        assert all(v.isdigit() for v in values) and len(values) == 7


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_blank_total_under_a_merged_label_in_real_files(tmp_path, fmt):
    """The label of 一、本年新收… spans three grid columns in Word and HTML."""
    makefiles = pytest.importorskip("makefiles")
    pytest.importorskip({"docx": "docx", "html": "selectolax"}[fmt])
    text = _total_blank_in_stream()
    assert _check_text(text) == ({(ROW, "总计")}, ["1"] + ["0"] * 5 + [""])
    path = tmp_path / f"report.{fmt}"
    report = getattr(makefiles, f"seed_to_{fmt}")(str(path), text)
    # The file really has the label spanning columns and an empty last cell.
    grid = report.grid("table3")
    row = next(r for r in grid.rows if r and r[0].text.strip().endswith("申请数量")
               and "本年新收" in r[0].text)
    assert row[0].colspan == 3 and row[-1].text == ""
    assert _check(str(path), path.read_bytes()) == ({(ROW, "总计")}, ["1"] + ["0"] * 5 + [""])
